"""Submitting a daily report and its review by the pejabat penilai.

Every transition claims the report with a conditional UPDATE (status it must have -> new status)
and checks the row count, so a double click, a retried request or two reviewers at once change
it once: the roll-up into IKI realisation is applied exactly once per approval. Follow-up work
(notifications) goes through the outbox, so a Redis outage loses nothing.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import access, audit, outbox
from apps.core.models import AuditAction
from apps.employees import hierarchy

from .. import rollup
from ..models import DailyReport, ReportAction, ReportEvent, ReportStatus
from .filing import check_filing_date

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _claim(report: DailyReport, *, from_statuses, **changes) -> bool:
    """Move the report on only if it still has one of ``from_statuses``; True when this call did."""
    changes["updated_at"] = timezone.now()
    claimed = DailyReport.objects.filter(pk=report.pk, status__in=from_statuses).update(**changes)
    if claimed:
        for name, value in changes.items():
            setattr(report, name, value)
    return bool(claimed)


def daily_report_submit(*, actor, report: DailyReport) -> DailyReport:
    """Submit one's own report. Submitting what is already submitted changes nothing (a double
    click or a retried request), and is not an error."""
    employee = access.employee_of(actor)
    if employee is None or employee.pk != report.employee_id:
        raise ValidationError(_("Hanya pemilik laporan yang dapat mengajukannya."))
    if report.status == ReportStatus.SUBMITTED:
        return report
    if report.status == ReportStatus.APPROVED:
        raise ValidationError(_("Laporan ini sudah disetujui dan terkunci."))
    if report.status == ReportStatus.DRAFT:
        check_filing_date(report.date)  # a draft left past its window cannot be sent late
    if not report.activities.exists():
        raise ValidationError(_("Tambahkan sedikitnya satu kegiatan sebelum mengajukan laporan."))
    if not hierarchy.evaluators_of(report.employee):
        raise ValidationError(_("Anda belum punya atasan langsung untuk memeriksa laporan. Hubungi admin BKPSDM."))
    with transaction.atomic():
        resubmitted = report.status == ReportStatus.RETURNED
        claimed = _claim(report, from_statuses=EDITABLE, status=ReportStatus.SUBMITTED, submitted_at=timezone.now())
        if claimed:
            ReportEvent.objects.create(
                report=report,
                actor=actor,
                action=ReportAction.SUBMITTED,
                note=_("diajukan ulang") if resubmitted else "",
            )
            outbox.enqueue("apps.daily_reports.tasks.report_submitted", report_id=report.pk)
    if not claimed:  # another request moved it on meanwhile (a double click): answer what it is now
        report.refresh_from_db()
    return report  # when claimed, _claim has set on it everything the UPDATE wrote


def _reviewer(actor, report: DailyReport):
    """The actor must be the pejabat penilai of the report's employee today (a Plt/Plh included)."""
    reviewer = access.employee_of(actor)
    if reviewer is not None and reviewer.pk == report.employee_id:
        raise PermissionDenied(_("Anda tidak dapat memeriksa laporan Anda sendiri."))
    if reviewer is None or not hierarchy.is_evaluator_of(reviewer.pk, report.employee):
        raise PermissionDenied(_("Anda bukan atasan yang memeriksa laporan pegawai ini."))
    return reviewer


def daily_report_approve(*, actor, report: DailyReport) -> bool:
    """Approve a submitted report and add its linked quantities to the IKI realisation, in one
    transaction. False when it was no longer waiting (approved or returned meanwhile)."""
    reviewer = _reviewer(actor, report)
    with transaction.atomic():
        if not _claim(
            report,
            from_statuses=[ReportStatus.SUBMITTED],
            status=ReportStatus.APPROVED,
            reviewed_by=reviewer,
            reviewed_at=timezone.now(),
            return_note="",
        ):
            return False
        rollup.apply(report, +1)
        ReportEvent.objects.create(report=report, actor=actor, action=ReportAction.APPROVED)
        audit.record(AuditAction.REPORT_APPROVED, obj=report, actor=actor, employee=report.employee_id)
        outbox.enqueue("apps.daily_reports.tasks.report_reviewed", report_id=report.pk)
    return True


def daily_report_approve_many(*, actor, reports) -> int:
    """Approve several at once (the queue's checkboxes); reports the actor may not review are
    refused as a whole, before anything is written."""
    reports = list(reports)
    for report in reports:
        _reviewer(actor, report)
    return sum(daily_report_approve(actor=actor, report=report) for report in reports)


def daily_report_return(*, actor, report: DailyReport, note: str) -> bool:
    reviewer = _reviewer(actor, report)  # who may act comes before what they typed
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Tulis catatan untuk pegawai: apa yang perlu diperbaiki.")]})
    with transaction.atomic():
        if not _claim(
            report,
            from_statuses=[ReportStatus.SUBMITTED],
            status=ReportStatus.RETURNED,
            reviewed_by=reviewer,
            reviewed_at=timezone.now(),
            return_note=note,
        ):
            return False
        ReportEvent.objects.create(report=report, actor=actor, action=ReportAction.RETURNED, note=note)
        audit.record(AuditAction.REPORT_RETURNED, obj=report, actor=actor, employee=report.employee_id)
        outbox.enqueue("apps.daily_reports.tasks.report_reviewed", report_id=report.pk)
    return True


def daily_report_reopen(*, actor, report: DailyReport, note: str) -> bool:
    """Take back an approval (a mistake found later): the report goes back to the employee as
    returned, and its quantities leave the IKI realisation in the same transaction."""
    reviewer = _reviewer(actor, report)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Tulis alasan membatalkan persetujuan.")]})
    with transaction.atomic():
        if not _claim(
            report,
            from_statuses=[ReportStatus.APPROVED],
            status=ReportStatus.RETURNED,
            reviewed_by=reviewer,
            reviewed_at=timezone.now(),
            return_note=note,
        ):
            return False
        rollup.apply(report, -1)
        ReportEvent.objects.create(report=report, actor=actor, action=ReportAction.REOPENED, note=note)
        outbox.enqueue("apps.daily_reports.tasks.report_reviewed", report_id=report.pk)
    return True
