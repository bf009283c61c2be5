"""The failed background tasks page: what BKPSDM admins must look at (apps/core/failed_tasks.py)."""

from django.core.paginator import Paginator
from django.shortcuts import render

from . import failed_tasks
from .access import action_required


@action_required("admin.manage")
def failed_task_list(request):
    page = Paginator(failed_tasks.failed_task_list(), 50).get_page(request.GET.get("page"))
    context = {"page": page, "open_count": failed_tasks.failed_task_open_count()}
    return render(request, "core/failed_task_list.html", context)
