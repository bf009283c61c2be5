"""The ASN's side of a daily report: which days may be filed, activities, evidence, routines."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import access
from apps.core.uploads import check_evidence
from apps.core.workdays import WorkCalendar, previous_working_days
from apps.indicators.models import Iki

from ..models import Activity, DailyReport, Evidence, Place, ReportSettings, ReportStatus, RoutineActivity

MAX_QUANTITY = Decimal("999999999.99")


def filing_days(today: datetime.date | None = None, config: ReportSettings | None = None) -> list[datetime.date]:
    """The dates a new report may be filed for: today (if a working day) and the configured number
    of working days before it; weekends and holidays are skipped unless an admin opened them."""
    config = config or ReportSettings.current()
    return previous_working_days(today or timezone.localdate(), config.days_back)


def check_filing_date(day: datetime.date, *, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    config = ReportSettings.current()
    shown = date_format(day, "j F Y")
    if day > today:
        raise ValidationError(
            _("Tanggal %(day)s belum tiba; laporan hanya untuk hari ini atau sebelumnya.") % {"day": shown}
        )
    if not WorkCalendar().is_working_day(day):
        raise ValidationError(_("%(day)s bukan hari kerja (akhir pekan atau hari libur).") % {"day": shown})
    if day not in filing_days(today, config):
        raise ValidationError(
            _("Laporan %(day)s sudah lewat batas pengisian (%(n)s hari kerja ke belakang).")
            % {"day": shown, "n": config.days_back}
        )


def _own(actor, report: DailyReport) -> None:
    employee = access.employee_of(actor)
    if employee is None or employee.pk != report.employee_id:
        raise ValidationError(_("Hanya pemilik laporan yang dapat mengubahnya."))
    if not report.is_editable:
        raise ValidationError(
            _("Laporan ini sudah %(status)s dan terkunci.") % {"status": report.get_status_display().lower()}
        )
    if report.status == ReportStatus.DRAFT:
        # a draft follows the filing window; a returned report stays open until it is fixed
        check_filing_date(report.date)


def report_open(*, actor, day: datetime.date) -> DailyReport:
    """The actor's report for the day, created (as a draft) when it is a day that may be filed."""
    employee = access.employee_of(actor)
    if employee is None:
        raise ValidationError(_("Akun ini tidak terhubung dengan data pegawai."))
    existing = DailyReport.objects.filter(employee=employee, date=day).first()
    if existing is not None:
        return existing
    check_filing_date(day)
    try:
        with transaction.atomic():
            return DailyReport.objects.create(employee=employee, date=day)
    except IntegrityError:  # two tabs at once: the unique constraint decides, both get the same row
        return DailyReport.objects.get(employee=employee, date=day)


def _clean_activity(report, *, activity, description, iki, quantity, starts_at, ends_at, place) -> dict:
    errors = {}
    description = (description or "").strip()
    if not description:
        errors["description"] = [_("Tulis uraian kegiatannya.")]
    if starts_at and ends_at and ends_at <= starts_at:
        errors["ends_at"] = [_("Jam selesai harus setelah jam mulai.")]
    if place not in Place.values:
        errors["place"] = [_("Pilih tempat kegiatan.")]
    if quantity is not None and not (Decimal(0) <= quantity <= MAX_QUANTITY):
        errors["quantity"] = [_("Kuantitas harus antara 0 dan 999.999.999.")]
    if iki is not None:
        if iki.rhk.skp.employee_id != report.employee_id or iki.rhk.skp.year != report.date.year:
            errors["iki"] = [_("Indikator itu bukan bagian dari SKP Anda tahun %(year)s.") % {"year": report.date.year}]
        elif not iki.rhk.skp.was_ever_approved:
            errors["iki"] = [_("SKP Anda belum disetujui; kegiatan belum dapat dikaitkan dengan indikatornya.")]
        elif (quantity is None or quantity <= 0) and "quantity" not in errors:
            errors["quantity"] = [_("Isi kuantitas yang dicapai untuk indikator ini (lebih dari 0).")]
    if not errors and starts_at and ends_at:
        others = report.activities.exclude(pk=getattr(activity, "pk", None))
        clash = others.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).first()
        if clash is not None:
            errors["starts_at"] = [
                _("Waktunya bertabrakan dengan “%(other)s” (%(start)s–%(end)s).")
                % {
                    "other": clash.description[:60],
                    "start": f"{clash.starts_at:%H:%M}",
                    "end": f"{clash.ends_at:%H:%M}",
                }
            ]
    if activity is None and report.activities.count() >= ReportSettings.current().max_activities:
        errors["description"] = [
            _("Satu laporan paling banyak %(n)s kegiatan.") % {"n": ReportSettings.current().max_activities}
        ]
    return errors


def activity_save(
    *,
    actor,
    report: DailyReport,
    activity: Activity | None = None,
    description: str,
    iki: Iki | None,
    quantity: Decimal | None,
    starts_at: datetime.time,
    ends_at: datetime.time,
    place: str = Place.KANTOR,
) -> Activity:
    """Add an activity to one's own draft (or returned) report, or change one. The unit comes from
    the IKI; an activity without IKI is "tugas lain"."""
    _own(actor, report)
    fields = {
        "description": description,
        "iki": iki,
        "quantity": quantity,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
    }
    errors = _clean_activity(report, activity=activity, **fields)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = activity or Activity(report=report)
        for name, value in fields.items():
            setattr(activity, name, value)
        activity.description = description.strip()
        activity.unit = iki.target_unit if iki is not None else ""
        activity.save()
        DailyReport.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    return activity


def activity_delete(*, actor, activity: Activity) -> None:
    _own(actor, activity.report)
    activity.delete()


def evidence_add(*, actor, activity: Activity, upload) -> Evidence:
    _own(actor, activity.report)
    config = ReportSettings.current()
    if activity.evidence.count() >= config.max_files:
        raise ValidationError({"file": [_("Satu kegiatan paling banyak %(n)s bukti.") % {"n": config.max_files}]})
    try:
        checked = check_evidence(upload, max_bytes=config.max_file_mb * 1024 * 1024)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    evidence = Evidence(
        activity=activity,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.content.size,
    )
    evidence.file.save("bukti", checked.content, save=False)
    evidence.save()
    return evidence


def evidence_delete(*, actor, evidence: Evidence) -> None:
    _own(actor, evidence.activity.report)
    evidence.file.delete(save=False)
    evidence.delete()


def _copy(actor, report, sources) -> int:
    """Add copies of the given activity-like rows, skipping those whose time is already taken."""
    added = 0
    for source in sources:
        try:
            activity_save(
                actor=actor,
                report=report,
                description=source.description,
                iki=source.iki,
                quantity=source.quantity,
                starts_at=source.starts_at,
                ends_at=source.ends_at,
                place=source.place,
            )
        except ValidationError:
            continue  # overlapping or no longer valid (an IKI of last year): the rest still helps
        added += 1
    return added


def copy_previous_day(*, actor, report: DailyReport) -> int:
    """Start from the activities of the last earlier report (yesterday's, usually)."""
    _own(actor, report)
    previous = (
        DailyReport.objects.filter(employee_id=report.employee_id, date__lt=report.date).order_by("-date").first()
    )
    if previous is None:
        raise ValidationError(_("Belum ada laporan sebelumnya untuk disalin."))
    return _copy(actor, report, previous.activities.select_related("iki__rhk__skp"))


def routine_add_to(*, actor, report: DailyReport, routine: RoutineActivity) -> int:
    _own(actor, report)
    if routine.employee_id != report.employee_id:
        raise ValidationError(_("Kegiatan rutin itu bukan milik Anda."))
    return _copy(actor, report, [routine])


def routine_from_activity(*, actor, activity: Activity) -> RoutineActivity:
    employee = access.employee_of(actor)
    if employee is None or activity.report.employee_id != employee.pk:
        raise ValidationError(_("Hanya kegiatan Anda sendiri yang dapat disimpan sebagai rutin."))
    return RoutineActivity.objects.create(
        employee=employee,
        description=activity.description,
        iki=activity.iki,
        quantity=activity.quantity,
        starts_at=activity.starts_at,
        ends_at=activity.ends_at,
        place=activity.place,
    )


def routine_delete(*, actor, routine: RoutineActivity) -> None:
    employee = access.employee_of(actor)
    if employee is None or routine.employee_id != employee.pk:
        raise ValidationError(_("Kegiatan rutin itu bukan milik Anda."))
    routine.delete()
