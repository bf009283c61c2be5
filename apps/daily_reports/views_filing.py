"""The ASN's daily report pages: the day, its activities and evidence, routines, submitting."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.drafts import draft_clear, draft_load, draft_save, draft_stamp
from apps.core.uploads import display_name
from apps.core.validation import add_service_errors

from . import selectors
from .forms import ActivityForm, EvidenceForm
from .models import DailyReport
from .services import filing, review


def _draft_key(day: datetime.date) -> str:
    return f"activity:{day.isoformat()}"


def _day_url(day, anchor="") -> str:
    return reverse("daily_reports:report-day", args=[day.isoformat()]) + anchor


@access.action_required("report.file")
def report_today(request):
    days = filing.filing_days()
    today = timezone.localdate()
    return redirect(_day_url(today if today in days or not days else days[-1]))


@access.action_required("report.file")
def report_day(request, day, form=None, status=200):
    employee = access.employee_of(request.user)
    report = selectors.own_report(request.user, day)
    shell = report or DailyReport(employee=employee, date=day)
    window = filing.FilingWindow()  # the settings and the holiday table, read once for both uses
    try:
        if report is None:
            window.check(day)
        refusal = None
    except ValidationError as exc:
        refusal = exc.messages[0]
    if form is None:
        form = ActivityForm(report=shell, initial=draft_load(user=request.user, key=_draft_key(day)) or None)
    days = window.days
    context = {
        "day": day,
        "report": report,
        "activities": selectors.activities_of(report),
        "form": form,
        "evidence_form": EvidenceForm(),
        "routines": selectors.routines_of(request.user),
        "refusal": refusal,
        "may_edit": (report is None and refusal is None) or (report is not None and report.is_editable),
        "filing_days": days,
        "events": selectors.events_of(report) if report else [],
        "recent": selectors.recent_reports(request.user, 5),
        "draft_saved": request.GET.get("tersimpan") == "1",
        "draft_since": draft_stamp(),
    }
    return render(request, "daily_reports/report_day.html", context, status=status)


@require_POST
@access.action_required("report.file")
def activity_create(request, day):
    employee = access.employee_of(request.user)
    existing = selectors.own_report(request.user, day)
    form = ActivityForm(request.POST, report=existing or DailyReport(employee=employee, date=day))
    if form.is_valid():
        try:
            report = filing.report_open(actor=request.user, day=day)
            filing.activity_save(actor=request.user, report=report, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            draft_clear(user=request.user, key=_draft_key(day))
            messages.success(request, _("Kegiatan disimpan."))
            return redirect(_day_url(day, "?tersimpan=1#kegiatan"))
    return report_day(request, day, form=form, status=400)


@require_POST
@access.action_required("report.file")
def activity_autosave(request, day):
    """htmx, as the person types: keep the unfinished activity form (204, nothing to show)."""
    draft_save(user=request.user, key=_draft_key(day), data=request.POST)
    return HttpResponse(status=204)


def activity_update(request, pk):
    activity = selectors.activity_get_for(request.user, pk)
    access.require(request.user, "report.edit", activity.report)
    form = ActivityForm(request.POST or None, instance=activity, report=activity.report)
    if request.method == "POST" and form.is_valid():
        try:
            filing.activity_save(actor=request.user, report=activity.report, activity=activity, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kegiatan diperbarui."))
            return redirect(_day_url(activity.report.date, "#kegiatan"))
    context = {"form": form, "activity": activity, "day": activity.report.date}
    return render(request, "daily_reports/activity_form.html", context, status=400 if form.is_bound else 200)


def _act(request, service, success, back, **kwargs):
    try:
        result = service(actor=request.user, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(back)


@require_POST
def activity_delete(request, pk):
    activity = selectors.activity_get_for(request.user, pk)
    access.require(request.user, "report.edit", activity.report)
    return _act(
        request,
        filing.activity_delete,
        _("Kegiatan dihapus."),
        _day_url(activity.report.date, "#kegiatan"),
        activity=activity,
    )


@require_POST
def evidence_upload(request, pk):
    activity = selectors.activity_get_for(request.user, pk)
    access.require(request.user, "report.edit", activity.report)
    form = EvidenceForm(request.POST, request.FILES)
    back = _day_url(activity.report.date, f"#kegiatan-{activity.pk}")
    if not form.is_valid():
        for message in form.errors["file"]:  # no file, an empty one, several at once
            messages.error(request, message)
        return redirect(back)
    return _act(
        request, filing.evidence_add, _("Bukti diunggah."), back, activity=activity, upload=form.cleaned_data["file"]
    )


def evidence_download(request, pk):
    """Only to those who may read the report, always as an attachment under its original name."""
    evidence = selectors.evidence_get_for(request.user, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=display_name(evidence.original_name),
        content_type=evidence.content_type,
    )


@require_POST
def evidence_delete(request, pk):
    evidence = selectors.evidence_get_for(request.user, pk)
    access.require(request.user, "report.edit", evidence.activity.report)
    return _act(
        request,
        filing.evidence_delete,
        _("Bukti dihapus."),
        _day_url(evidence.activity.report.date, "#kegiatan"),
        evidence=evidence,
    )


def _open_for_copy(request, day):
    try:
        return filing.report_open(actor=request.user, day=day)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return None


@require_POST
@access.action_required("report.file")
def copy_previous(request, day):
    report = _open_for_copy(request, day)
    if report is None:
        return redirect(_day_url(day))
    return _act(
        request,
        filing.copy_previous_day,
        lambda n: _("%(n)s kegiatan disalin; sesuaikan bila perlu.") % {"n": n},
        _day_url(day, "#kegiatan"),
        report=report,
    )


@require_POST
@access.action_required("report.file")
def routine_add(request, day, pk):
    routine = selectors.routine_get_for(request.user, pk)
    report = _open_for_copy(request, day)
    if report is None:
        return redirect(_day_url(day))
    return _act(
        request,
        filing.routine_add_to,
        lambda n: (
            _("Kegiatan rutin ditambahkan.") if n else _("Kegiatan rutin tidak ditambahkan: waktunya bertabrakan.")
        ),
        _day_url(day, "#kegiatan"),
        report=report,
        routine=routine,
    )


@require_POST
def routine_save(request, pk):
    activity = selectors.activity_get_for(request.user, pk)
    return _act(
        request,
        filing.routine_from_activity,
        _("Disimpan sebagai kegiatan rutin."),
        _day_url(activity.report.date, "#rutin"),
        activity=activity,
    )


@require_POST
def routine_delete(request, pk):
    routine = selectors.routine_get_for(request.user, pk)
    return _act(
        request,
        filing.routine_delete,
        _("Kegiatan rutin dihapus."),
        reverse("daily_reports:report-today"),
        routine=routine,
    )


@require_POST
@access.action_required("report.file")
def report_submit(request, day):
    report = selectors.own_report(request.user, day)
    if report is None:
        messages.error(request, _("Tambahkan sedikitnya satu kegiatan sebelum mengajukan laporan."))
        return redirect(_day_url(day))
    return _act(request, review.daily_report_submit, _("Laporan diajukan ke atasan."), _day_url(day), report=report)
