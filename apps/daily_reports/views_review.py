"""The reviewer's pages: the queue of submitted reports, one report, approve / return / reopen."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.forms import ReturnNoteForm

from . import selectors
from .forms import QueueFilterForm, ReportSettingsForm
from .models import DailyReport, ReportSettings
from .services import review


@access.action_required("report.review")
def review_queue(request):
    filters = QueueFilterForm(request.GET or None)
    params = filters.cleaned_data if filters.is_valid() else {}
    queue = selectors.review_queue(request.user, **{k: v for k, v in params.items() if v})
    return render(request, "daily_reports/review_queue.html", {**queue, "filters": filters})


@require_POST
@access.action_required("report.review")
def review_approve_many(request):
    # ASCII digits that fit a bigint: "²" passes isdigit() and 100,000 digits do not fit int()
    ids = [value for value in request.POST.getlist("report") if value.isascii() and value.isdigit()]
    ids = [value for value in ids if len(value) <= 18][:500]
    reports = list(access.scope(request.user, DailyReport.objects.filter(pk__in=ids).select_related("employee")))
    if not reports:
        messages.error(request, _("Pilih laporan yang akan disetujui."))
        return redirect("daily_reports:review-queue")
    try:
        done = review.daily_report_approve_many(actor=request.user, reports=reports)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(n)s laporan disetujui.") % {"n": done})
    return redirect("daily_reports:review-queue")


def report_review(request, pk, note_form=None, status=200):
    report = selectors.report_get_for(request.user, pk)
    context = {
        "report": report,
        "activities": selectors.activities_of(report),
        "events": selectors.events_of(report),
        "note_form": note_form or ReturnNoteForm(),
    }
    return render(request, "daily_reports/report_review.html", context, status=status)


@require_POST
def report_approve(request, pk):
    report = selectors.report_get_for(request.user, pk)
    access.require(request.user, "report.decide", report)
    if review.daily_report_approve(actor=request.user, report=report):
        messages.success(request, _("Laporan %(name)s disetujui.") % {"name": report.employee.full_name})
    if request.POST.get("next") == "queue":
        return redirect("daily_reports:review-queue")
    return redirect("daily_reports:report-review", pk=report.pk)


def _with_note(request, pk, rule, service, success):
    report = selectors.report_get_for(request.user, pk)
    access.require(request.user, rule, report)
    form = ReturnNoteForm(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, report=report, note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_error("note", exc.messages[0])
        else:
            messages.success(request, success)
            return redirect("daily_reports:review-queue")
    return report_review(request, pk, note_form=form, status=400)


@require_POST
def report_return(request, pk):
    return _with_note(
        request, pk, "report.decide", review.daily_report_return, _("Laporan dikembalikan dengan catatan.")
    )


@require_POST
def report_reopen(request, pk):
    return _with_note(
        request,
        pk,
        "report.reopen",
        review.daily_report_reopen,
        _("Persetujuan dibatalkan; laporan dikembalikan kepada pegawai."),
    )


@access.action_required("admin.manage")
def report_settings(request):
    form = ReportSettingsForm(request.POST or None, instance=ReportSettings.current())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Pengaturan laporan harian disimpan."))
        return redirect("daily_reports:settings")
    return render(request, "daily_reports/settings_form.html", {"form": form}, status=400 if form.is_bound else 200)
