"""The ASN's side of a daily report: which days may be filed, activities, evidence, routines."""

import datetime
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import access, compiled
from apps.core.uploads import check_evidence
from apps.core.workdays import WorkCalendar, previous_working_days
from apps.indicators.models import Iki

from ..models import Activity, DailyReport, Evidence, Place, ReportSettings, ReportStatus, RoutineActivity

MAX_QUANTITY = Decimal("999999999.99")


class FilingWindow:
    """The filing rules as of one day, each read at most once: the settings row, the holiday table
    around the window and the window itself. ``WorkCalendar`` caches nothing between calls, so a
    request that opens a report and adds activities shares one window instead of asking again
    for every check; nothing outlives the request."""

    def __init__(self, today: datetime.date | None = None, *, config: ReportSettings | None = None):
        self.today = today or timezone.localdate()
        if config is not None:
            self.__dict__["config"] = config

    @cached_property
    def config(self) -> ReportSettings:
        return ReportSettings.current()

    @cached_property
    def calendar(self) -> WorkCalendar:
        return WorkCalendar()

    @cached_property
    def days(self) -> list[datetime.date]:
        """Today (if a working day) and the configured number of working days before it."""
        return previous_working_days(self.today, self.config.days_back, calendar=self.calendar)

    def allows(self, day: datetime.date) -> bool:
        """Whether a new report may be filed for the day (``check`` says why not)."""
        return day <= self.today and day in self.days

    def check(self, day: datetime.date) -> None:
        if day > self.today:
            raise ValidationError(
                _("Tanggal %(day)s belum tiba; laporan hanya untuk hari ini atau sebelumnya.") % {"day": _shown(day)}
            )
        days = self.days  # loads the holiday table around the window: the day below is usually inside it
        if not self.calendar.is_working_day(day):
            raise ValidationError(_("%(day)s bukan hari kerja (akhir pekan atau hari libur).") % {"day": _shown(day)})
        if day not in days:
            raise ValidationError(
                _("Laporan %(day)s sudah lewat batas pengisian (%(n)s hari kerja ke belakang).")
                % {"day": _shown(day), "n": self.config.days_back}
            )


def _shown(day: datetime.date) -> str:
    """The date as a refusal names it; formatted only when there is a refusal to write."""
    return date_format(day, "j F Y")


def filing_days(today: datetime.date | None = None, config: ReportSettings | None = None) -> list[datetime.date]:
    """The dates a new report may be filed for: today (if a working day) and the configured number
    of working days before it; weekends and holidays are skipped unless an admin opened them."""
    return FilingWindow(today, config=config).days


def check_filing_date(
    day: datetime.date, *, today: datetime.date | None = None, window: FilingWindow | None = None
) -> None:
    (window or FilingWindow(today)).check(day)


def _own(actor, report: DailyReport, *, window: FilingWindow | None = None) -> None:
    employee = access.employee_of(actor)
    if employee is None or employee.pk != report.employee_id:
        raise ValidationError(_("Hanya pemilik laporan yang dapat mengubahnya."))
    if not report.is_editable:
        raise ValidationError(
            _("Laporan ini sudah %(status)s dan terkunci.") % {"status": report.get_status_display().lower()}
        )
    if report.status == ReportStatus.DRAFT:
        # a draft follows the filing window; a returned report stays open until it is fixed
        check_filing_date(report.date, window=window)


def report_open_day(*, actor, day: datetime.date, window: FilingWindow | None = None) -> tuple[DailyReport, bool]:
    """``report_open`` that also says whether this call created the report.

    A day of the filing window is created unless it exists, in one statement (``INSERT ... ON
    CONFLICT DO NOTHING``: two tabs at once both get the same row, the unique constraint decides).
    Any other day is only opened when its report exists (a returned report stays open after its
    window), and otherwise refused with the window's reason."""
    employee = access.employee_of(actor)
    if employee is None:
        raise ValidationError(_("Akun ini tidak terhubung dengan data pegawai."))
    window = window or FilingWindow()
    if window.allows(day):
        report = DailyReport(employee=employee, date=day)
        if compiled.insert_unless_present(report):
            return report, True
    try:  # unique together; get() orders nothing (first() would add an ordering to build and sort)
        return DailyReport.objects.get(employee=employee, date=day), False
    except DailyReport.DoesNotExist:
        pass
    window.check(day)  # a day outside the window and no report: refused with the reason
    raise ValidationError(_("Laporan tanggal itu tidak dapat dibuka."))  # check() refuses first


def report_open(*, actor, day: datetime.date) -> DailyReport:
    """The actor's report for the day, created (as a draft) when it is a day that may be filed."""
    return report_open_day(actor=actor, day=day)[0]


# --- The rules of an activity, shared by activity_save (one) and activities_add (several) -------


def _fields_errors(report, *, description, iki, quantity, starts_at, ends_at, place) -> dict:
    """What is wrong with the activity on its own: everything but overlaps and the count."""
    errors = {}
    if not (description or "").strip():
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
    return errors


def _clash_errors(description: str, starts_at: datetime.time, ends_at: datetime.time) -> list[str]:
    """The earliest-starting activity whose time overlaps the one being saved, named."""
    return [
        _("Waktunya bertabrakan dengan “%(other)s” (%(start)s–%(end)s).")
        % {"other": description[:60], "start": f"{starts_at:%H:%M}", "end": f"{ends_at:%H:%M}"}
    ]


def _too_many_errors(config: ReportSettings) -> list[str]:
    return [_("Satu laporan paling banyak %(n)s kegiatan.") % {"n": config.max_activities}]


def _clean_activity(report, *, activity, config: ReportSettings, **fields) -> dict:
    errors = _fields_errors(report, **fields)
    starts_at, ends_at = fields["starts_at"], fields["ends_at"]
    if not errors and starts_at and ends_at:
        others = report.activities.exclude(pk=getattr(activity, "pk", None))
        clash = others.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).first()
        if clash is not None:
            errors["starts_at"] = _clash_errors(clash.description, clash.starts_at, clash.ends_at)
    if activity is None and report.activities.count() >= config.max_activities:
        errors["description"] = _too_many_errors(config)
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
    window = FilingWindow()
    _own(actor, report, window=window)
    fields = {
        "description": description,
        "iki": iki,
        "quantity": quantity,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": place,
    }
    errors = _clean_activity(report, activity=activity, config=window.config, **fields)
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


class ActivitiesRefused(ValidationError):
    """Some activities of a batch break the rules. ``by_item`` maps the position of each refused
    item to its errors, ``{field: [messages]}``, as ``activity_save`` would have raised them."""

    def __init__(self, by_item: dict[int, dict[str, list[str]]]):
        self.by_item = by_item
        super().__init__([message for errors in by_item.values() for lines in errors.values() for message in lines])


def activities_add(
    *, actor, report: DailyReport, items, window: FilingWindow | None = None, new_report: bool = False
) -> list[Activity]:
    """Add several activities to one's own draft (or returned) report: all of them, or none.

    ``items`` are dicts of ``activity_save``'s fields (description, iki, quantity, starts_at,
    ends_at, place). Each item meets the rules of ``activity_save``, with the same messages,
    judged in order as if the items were saved one by one: against the report's activities and
    the batch's earlier accepted items, so one that overlaps an earlier item, or that would go
    past ``max_activities``, is refused. When any item is refused nothing is written and
    ``ActivitiesRefused`` says what is wrong with each; a refusal of the report itself (someone
    else's, locked, past its window) is a plain ``ValidationError``, as with ``activity_save``.

    Cost, whatever the number of items: the settings and the holiday table once (or not at all
    with the caller's ``window``), the report's activities once, one INSERT and one UPDATE. With
    ``new_report`` (the caller created the report in this transaction: it holds no activities
    and its ``updated_at`` is now) neither the read of its activities nor the UPDATE.
    """
    window = window or FilingWindow()
    _own(actor, report, window=window)
    items = list(items)
    if not items:
        return []
    config = window.config
    # (starts_at, ends_at, description) of what the report holds, then of each accepted item
    taken = [] if new_report else list(report.activities.order_by().values_list("starts_at", "ends_at", "description"))
    by_item, added = {}, []
    for index, item in enumerate(items):
        fields = {
            "description": item["description"],
            "iki": item.get("iki"),
            "quantity": item.get("quantity"),
            "starts_at": item["starts_at"],
            "ends_at": item["ends_at"],
            "place": item.get("place", Place.KANTOR),
        }
        errors = _fields_errors(report, **fields)
        starts_at, ends_at = fields["starts_at"], fields["ends_at"]
        if not errors and starts_at and ends_at:
            clashes = [row for row in taken if row[0] < ends_at and row[1] > starts_at]
            if clashes:
                start, end, other = min(clashes, key=lambda row: row[0])  # the earliest, as activity_save
                errors["starts_at"] = _clash_errors(other, start, end)
        if len(taken) >= config.max_activities:
            errors["description"] = _too_many_errors(config)
        if errors:
            by_item[index] = errors
            continue
        description = fields["description"].strip()
        taken.append((starts_at, ends_at, description))
        iki = fields["iki"]
        added.append(Activity(report=report, **{**fields, "description": description},
                              unit=iki.target_unit if iki is not None else ""))  # fmt: skip
    if by_item:
        raise ActivitiesRefused(by_item)
    with transaction.atomic(savepoint=False):  # inside the caller's transaction: nothing to undo on its own
        Activity.objects.bulk_create(added)
        if not new_report:
            DailyReport.objects.filter(pk=report.pk).update(updated_at=timezone.now())
    return added


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
