"""Background work of the daily reports. Each task takes ids, loads, calls one service, and is
safe to run twice (notifications are keyed). Who is reminded, and when, is in ``reminders.py``."""

from celery import shared_task
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.core.notify import notify
from apps.employees import hierarchy

from . import reminders
from .models import DailyReport, ReportStatus


@shared_task(time_limit=60, soft_time_limit=50, autoretry_for=(ConnectionError,), max_retries=5)
def report_submitted(report_id: int) -> int:
    """Tell the pejabat penilai that a report waits for them."""
    report = DailyReport.objects.select_related("employee").filter(pk=report_id).first()
    if report is None or report.status != ReportStatus.SUBMITTED:
        return 0
    sent = 0
    with override("id"):
        for reviewer in hierarchy.evaluators_of(report.employee):
            sent += notify(
                reviewer.user,
                key=f"report-submitted-{report.pk}-{report.submitted_at:%Y%m%d%H%M%S}",
                title=_("Laporan harian %(name)s menunggu pemeriksaan") % {"name": report.employee.full_name},
                body=_("Laporan tanggal %(day)s diajukan.") % {"day": date_format(report.date, "j F Y")},
                url=reverse("daily_reports:report-review", args=[report.pk]),
                email=False,  # the queue and the daily reminder are enough; one mail per report would be noise
            )
    return sent


@shared_task(time_limit=60, soft_time_limit=50, autoretry_for=(ConnectionError,), max_retries=5)
def report_reviewed(report_id: int) -> int:
    """Tell the employee what happened to their report (approved, or returned with a note)."""
    report = DailyReport.objects.select_related("employee__user").filter(pk=report_id).first()
    if report is None or report.reviewed_at is None:
        return 0
    with override("id"):
        day = date_format(report.date, "j F Y")
        if report.status == ReportStatus.APPROVED:
            title = _("Laporan %(day)s disetujui") % {"day": day}
        else:
            title = _("Laporan %(day)s dikembalikan: perlu diperbaiki") % {"day": day}
        return int(
            notify(
                report.employee.user,
                key=f"report-reviewed-{report.pk}-{report.status}-{report.reviewed_at:%Y%m%d%H%M%S}",
                title=title,
                body=report.return_note,
                url=reverse("daily_reports:report-day", args=[report.date.isoformat()]),
                email=report.status != ReportStatus.APPROVED,
            )
        )


# The periodic tasks below have no retries of their own: beat runs them again soon, and each run
# picks up whatever an interrupted one left (every notice is keyed, so nothing is sent twice).
# Their time limits exceed the beat interval: a slow mail server makes a run long, and a run that
# overlaps the next one is harmless.


@shared_task(time_limit=30 * 60, soft_time_limit=28 * 60)
def remind_missing_reports() -> int:
    """Beat, every 15 minutes: once the reminder hour has come on a working day, remind everyone
    whose report for today is not submitted yet (once a day per person)."""
    return reminders.remind_missing_reports()


@shared_task(time_limit=15 * 60, soft_time_limit=14 * 60)
def escalate_waiting_reviews() -> int:
    """Beat, hourly in office hours: remind the pejabat penilai of overdue reports and tell the
    Atasan Pejabat Penilai about long-overdue ones (once per report and submission)."""
    notices = reminders.escalate_waiting_reviews()
    return notices.reminded + notices.escalated
