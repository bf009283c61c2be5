"""The complaints back office (/kelola/pengaduan/): the queue, its XLSX, one complaint with its
timeline and the forms of what the user may do now, the reporter's identity on request, and the
attachments. The actions themselves are in views_staff_actions.py."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from apps.core import access
from apps.core.uploads import display_name

from . import exporting
from .forms_staff import ACTION_FORMS, ACTION_PANELS, QueueFilterForm, RouteForm
from .selectors import complaints as selectors
from .services import deadlines, handling, privacy

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request, units) -> QueueFilterForm:
    return QueueFilterForm(request.GET, units=units, show_hidden=access.is_admin(request.user))


@access.action_required("complaint.queue")
def complaint_list(request):
    units = selectors.unit_choices()
    filters = _filters(request, units)
    rows = selectors.complaint_list_for(request.user, **filters.params())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "complaints": deadlines.with_deadlines(page.object_list),
        "query": query.urlencode(),
        "overdue_total": selectors.overdue_count_for(request.user),
        "units": units,
    }
    return render(request, "public_feedback/staff/complaint_list.html", context)


@access.action_required("complaint.queue")
def complaint_export(request):
    """The filtered list (every page) as XLSX, without contact data or rahasia details."""
    filters = _filters(request, selectors.unit_choices())
    rows = selectors.complaint_list_for(request.user, **filters.params())
    today = timezone.localdate()
    response = HttpResponse(exporting.complaints_xlsx(exporting.complaint_rows(rows, today=today)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{exporting.download_name(today)}"'
    return response


def action_form(action, units, data=None):
    form_class = ACTION_FORMS[action]
    return RouteForm(data, units=units) if form_class is RouteForm else form_class(data)


def detail_page(request, complaint, *, failed=None, reporter=None, status=200):
    """The detail page; ``failed`` is {action: bound form} to show again with its input and errors."""
    actions = handling.available_actions(request.user, complaint)
    units = selectors.unit_choices() if "route" in actions else []
    failed = failed or {}
    panels = [
        {
            "panel": panel,
            "form": failed.get(action) or action_form(action, units),
            "url": reverse(f"kelola_pengaduan:{panel.url_name}", args=[complaint.pk]),
        }
        for action, panel in ACTION_PANELS.items()
        if action in actions
    ]
    context = {
        "complaint": complaint,
        "deadline": deadlines.deadline_of(complaint),
        "timeline": selectors.complaint_timeline(complaint),
        "actions": actions,
        "panels": panels,
        "units": units,
        "reporter": reporter,
        "may_see_reporter": access.can(request.user, "complaint.reporter", complaint),
    }
    return render(request, "public_feedback/staff/complaint_detail.html", context, status=status)


def complaint_detail(request, pk):
    return detail_page(request, selectors.complaint_get_for(request.user, pk))


def complaint_reporter(request, pk):
    """Who reported it and how to reach them: shown on request only, and written to the audit
    trail each time (services/privacy.py). Leaders, and handlers of an anonim complaint: 403."""
    complaint = selectors.complaint_get_for(request.user, pk)
    reporter = privacy.reporter_view(actor=request.user, complaint=complaint)
    if request.htmx:
        return render(
            request,
            "public_feedback/staff/complaint_detail.html#reporter",
            {"complaint": complaint, "reporter": reporter, "may_see_reporter": True},
        )
    return detail_page(request, complaint, reporter=reporter)


def complaint_attachment(request, pk, attachment_pk):
    """A file the reporter sent, to those who may see the complaint, always as a download."""
    attachment = selectors.attachment_get_for(request.user, pk, attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=display_name(attachment.original_name),
        content_type=attachment.content_type,
    )
