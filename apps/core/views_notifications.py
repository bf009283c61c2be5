"""The notification centre: one's own notices, newest first; mark one or all as read."""

from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .models import Notification
from .notify import mark_read


def notification_list(request):
    notices = Notification.objects.filter(user=request.user)
    page = Paginator(notices, 30).get_page(request.GET.get("page"))
    return render(request, "core/notification_list.html", {"page": page})


@require_POST
def notification_read(request):
    """Mark as read: the ids posted, or everything; then follow the notice's link if one was given."""
    ids = [value for value in request.POST.getlist("id") if value.isdigit()]
    mark_read(user=request.user, notice_ids=ids or None)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect("core:notification-list")
