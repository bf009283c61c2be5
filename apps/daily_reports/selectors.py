"""Reads of daily reports, scoped by apps/core/access.py; every page a fixed number of queries."""

import datetime
import functools

from django.db import connection
from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from apps.core import access, compiled
from apps.core.lookups import any_of
from apps.core.workdays import WorkCalendar, working_days_between
from apps.employees import hierarchy
from apps.employees.models import Employee
from apps.indicators.models import Iki, Rhk, Skp

from .models import Activity, DailyReport, Evidence, ReportEvent, ReportSettings, ReportStatus, RoutineActivity


def _reports() -> QuerySet[DailyReport]:
    return DailyReport.objects.select_related("employee", "employee__unit", "reviewed_by")


def report_get_for(user, pk) -> DailyReport:
    return access.get_object_for(user, _reports(), pk=pk)


def own_report(user, day: datetime.date) -> DailyReport | None:
    employee = access.employee_of(user)
    if employee is None:
        return None
    return _reports().filter(employee=employee, date=day).first()


def own_report_status(user, day: datetime.date) -> tuple[str, str] | None:
    """(status, return note) of the user's report of the day, or None: what a home page shows."""
    employee = access.employee_of(user)
    if employee is None:
        return None
    rows = _OWN_STATUS.rows(employee.pk, day)  # one report per employee and day
    return rows[0] if rows else None


# every home page asks: compiled once (apps/core/compiled.py)
_OWN_STATUS = compiled.CompiledQuery(
    lambda employee_id, day: (
        DailyReport.objects.filter(employee_id=employee_id, date=day).order_by().values_list("status", "return_note")
    ),
    compiled.ID,
    compiled.DAY,
)


def own_reports(user) -> QuerySet[DailyReport]:
    """The user's own reports (the API's list), each with ``activity_count``."""
    employee = access.employee_of(user)
    if employee is None:
        return DailyReport.objects.none()
    return _reports().filter(employee=employee).annotate(activity_count=Count("activities"))


def activities_of(report: DailyReport | None) -> list[Activity]:
    if report is None:
        return []
    evidence = Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
    return list(report.activities.select_related("iki").prefetch_related(evidence).order_by("starts_at", "pk"))


def known_without_evidence(activity: Activity) -> None:
    """Mark an activity this request has just created as having no evidence, so reading
    ``activity.evidence.all()`` asks nothing: filled in as ``prefetch_related`` fills it (an
    evaluated queryset; ``none()`` alone would still be compiled on every read)."""
    evidence = Evidence.objects.none()
    evidence._result_cache, evidence._prefetch_done = [], True
    activity._prefetched_objects_cache = {"evidence": evidence}


def events_of(report: DailyReport) -> list[ReportEvent]:
    """The report's history, oldest first, with who did each step."""
    return list(report.events.select_related("actor__employee").order_by("at", "pk"))


def ikis_of_employee(employee_id: int, ids) -> dict[int, Iki]:
    """The employee's own indicators among ``ids`` (with their RHK and SKP), by id; someone else's
    reads like one that does not exist. One query, none when ``ids`` is empty."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    if len(ids) > _IKI_LOOKUP_SIZES:  # more than a report holds activities: built as usual
        ikis = Iki.objects.select_related("rhk__skp").filter(pk__in=ids, rhk__skp__employee_id=employee_id)
        return {iki.pk: iki for iki in ikis.order_by()}
    found = {}
    for row in _iki_lookup(len(ids)).rows(employee_id, *ids):
        iki, rhk, skp = compiled.split_row(row, (Iki, Rhk, Skp))
        Rhk.skp.field.set_cached_value(rhk, skp)
        Iki.rhk.field.set_cached_value(iki, rhk)
        found[iki.pk] = iki
    return found


_IKI_LOOKUP_SIZES = 50  # a report's most activities (ReportSettings.max_activities)


@functools.lru_cache(maxsize=_IKI_LOOKUP_SIZES)
def _iki_lookup(n: int) -> compiled.CompiledQuery:
    """Filing asks it on every request: compiled once per number of ids (apps/core/compiled.py).
    No ordering: Iki's default runs through the RHK and the SKP to the employee."""

    def build(employee_id, *ids):
        ikis = Iki.objects.filter(pk__in=ids, rhk__skp__employee_id=employee_id).order_by()
        return ikis.values_list(
            *compiled.columns(Iki), *compiled.columns(Rhk, "rhk__"), *compiled.columns(Skp, "rhk__skp__")
        )

    return compiled.CompiledQuery(build, compiled.ID, *(compiled.ID + 1 + i for i in range(n)))


def activity_get_for(user, pk) -> Activity:
    return access.get_object_for(
        user,
        Activity.objects.select_related("report", "report__employee", "iki"),
        employee_field="report__employee",
        pk=pk,
    )


def evidence_get_for(user, pk) -> Evidence:
    return access.get_object_for(
        user, Evidence.objects.select_related("activity__report"), employee_field="activity__report__employee", pk=pk
    )


def routines_of(user) -> QuerySet[RoutineActivity]:
    employee = access.employee_of(user)
    if employee is None:
        return RoutineActivity.objects.none()
    return RoutineActivity.objects.filter(employee=employee).select_related("iki")


def routine_get_for(user, pk) -> RoutineActivity:
    """One of the user's own routines: a template only its owner files from, so anyone else's
    (a subordinate's included) is a 404, as if it did not exist."""
    routines = RoutineActivity.objects.filter(employee__is_active=True)
    return access.get_owned_by(user, routines, owner_field="employee__user", pk=pk)


def iki_choices(employee, year: int) -> QuerySet[Iki]:
    """The indicators an activity may serve: those of the employee's approved SKP of the year."""
    return (
        Iki.objects.filter(rhk__skp__employee=employee, rhk__skp__year=year, rhk__skp__approved_at__isnull=False)
        .select_related("rhk")
        .order_by("rhk__kind", "rhk__position", "position", "pk")
    )


def recent_reports(user, limit: int = 10) -> list[DailyReport]:
    employee = access.employee_of(user)
    if employee is None:
        return []
    return list(DailyReport.objects.filter(employee=employee).annotate(n=Count("activities")).order_by("-date")[:limit])


# What a row of the queue reads (the page's query count is tested: a field read beyond these
# would cost a query per row and fail that test). The employee row is wide; the queue needs a name.
QUEUE_REPORT_FIELDS = ("id", "employee_id", "date", "status", "submitted_at")
QUEUE_EMPLOYEE_FIELDS = ("id", "nip", "name", "gelar_depan", "gelar_belakang")
QUEUE_LIMIT = 500

_URL_MARK = 918273645546372819  # stands for a report's id in a link reversed once (review_queue)


def _team_waiting(employee_id, on):
    """The reports of the team waiting for review (the team's ids first: apps/core/lookups.py)."""
    team = hierarchy.direct_subordinates(employee_id, on=on).order_by().values("pk")
    return DailyReport.objects.filter(any_of("employee_id", team), status=ReportStatus.SUBMITTED)


@functools.lru_cache(maxsize=12)
def _queue_query(by_nip: bool, from_day: bool, to_day: bool, limit: int = QUEUE_LIMIT) -> compiled.CompiledQuery:
    """The queue's one query for each combination of filters (and length), compiled once
    (apps/core/compiled.py): built through the ORM, its team subquery and grouping cost about 2 ms
    a page."""

    def build(employee_id, on, *filters):
        filters = list(filters)
        reports = _team_waiting(employee_id, on)
        if by_nip:
            reports = reports.filter(employee__nip=filters.pop(0))
        if from_day:
            reports = reports.filter(date__gte=filters.pop(0))
        if to_day:
            reports = reports.filter(date__lte=filters.pop(0))
        columns = (*QUEUE_REPORT_FIELDS, *(f"employee__{name}" for name in QUEUE_EMPLOYEE_FIELDS))
        # A count per row from the activities' index rather than a join grouped by every column:
        # the grouping sorted the whole page's rows twice.
        per_report = Activity.objects.filter(report=OuterRef("pk")).order_by().values("report")
        count = Coalesce(Subquery(per_report.annotate(c=Count("*")).values("c")), 0)
        return reports.order_by("submitted_at", "pk").values_list(*columns).annotate(n=count)[:limit]

    stand_ins = [stand_in for stand_in, used in ((compiled.TEXT, by_nip), (compiled.DAY_2, from_day),
                                                 (compiled.DAY_3, to_day)) if used]  # fmt: skip
    return compiled.CompiledQuery(build, compiled.ID, compiled.DAY, *stand_ins)


# When each report waiting for a reviewer was submitted: a home page's counts without the rows.
_WAITING_SINCE = compiled.CompiledQuery(
    lambda employee_id, on: _team_waiting(employee_id, on).order_by().values_list("submitted_at"),
    compiled.ID,
    compiled.DAY,
)


def _queue_reports(me, *, nip: str = "", date_from=None, date_to=None, limit=QUEUE_LIMIT) -> list[DailyReport]:
    """The rows as reports holding only the queue's fields, each with its employee and ``n``."""
    query = _queue_query(bool(nip), bool(date_from), bool(date_to), limit)
    filters = [value for value in (nip, date_from, date_to) if value]
    reports = []
    split = len(QUEUE_REPORT_FIELDS)
    for row in query.rows(me.pk, timezone.localdate(), *filters):
        report = DailyReport.from_db(connection.alias, QUEUE_REPORT_FIELDS, row[:split])
        employee = Employee.from_db(connection.alias, QUEUE_EMPLOYEE_FIELDS, row[split:-1])
        DailyReport.employee.field.set_cached_value(report, employee)
        report.n = row[-1]
        reports.append(report)
    return reports


class _Waits:
    """How long reports have waited, in working days up to today, each submission day counted
    and worded once (a queue of 50 spans a few days)."""

    def __init__(self, sent_days: list[datetime.date], today: datetime.date):
        self.today, self.calendar, self.found = today, WorkCalendar(), {}
        self.limit = ReportSettings.current().review_days
        if sent_days:
            self.calendar.load(min(sent_days), today)

    def __call__(self, sent_on: datetime.date) -> tuple[int, str]:
        if sent_on not in self.found:
            n = working_days_between(sent_on, self.today, calendar=self.calendar)
            self.found[sent_on] = (n, ngettext("%(n)s hari kerja", "%(n)s hari kerja", n) % {"n": n})
        return self.found[sent_on]


def _sent_day(moment: datetime.datetime) -> datetime.date:
    return moment.astimezone(timezone.get_current_timezone()).date()


def _labelled(reports: list[DailyReport], waits: _Waits) -> list[DailyReport]:
    """Give each report the labels its row shows, in the active language (``day_label``,
    ``pick_label``, ``waited_label``), ``overdue`` and its link (``review_url``, reversed once for
    all rows: 50 ``{% url %}`` tags were half the time of rendering the rows)."""
    days = {}  # by report day: each formatted once
    pick = gettext("Pilih laporan %(name)s %(day)s")
    url_head, url_tail = reverse("daily_reports:report-review", args=[_URL_MARK]).split(str(_URL_MARK))
    for report in reports:
        report.review_url = f"{url_head}{report.pk}{url_tail}"
        report.waited, report.waited_label = waits(_sent_day(report.submitted_at))
        report.overdue = report.waited > waits.limit
        if report.date not in days:
            days[report.date] = (date_format(report.date, "D, j M Y"), date_format(report.date, "j F"))
        report.day_label, short = days[report.date]
        report.pick_label = pick % {"name": report.employee.full_name, "day": short}
    return reports


def review_queue(user, *, nip: str = "", date_from=None, date_to=None) -> dict:
    """The reviewer's direct subordinates' submitted reports, oldest first, each marked overdue
    when it has waited longer than the configured working days. Fixed query count: the reports
    (the team is a subquery), the settings and the holiday table. Each report carries the labels
    of its row (``_labelled``)."""
    me = access.employee_of(user)
    if me is None:
        return {"reports": [], "overdue": 0}
    reports = _queue_reports(me, nip=nip, date_from=date_from, date_to=date_to)
    waits = _Waits([_sent_day(report.submitted_at) for report in reports], timezone.localdate())
    _labelled(reports, waits)
    return {"reports": reports, "overdue": sum(r.overdue for r in reports), "limit": waits.limit}


def review_summary(user, *, shown: int = 5) -> dict:
    """What a home page shows of the queue: how many reports wait, how many of them are overdue
    (as ``review_queue`` counts them) and the oldest ``shown``, without loading every row."""
    me = access.employee_of(user)
    if me is None:
        return {"waiting": 0, "overdue": 0, "oldest": []}
    today = timezone.localdate()
    sent = [_sent_day(moment) for (moment,) in _WAITING_SINCE.rows(me.pk, today)]
    waits = _Waits(sent, today)
    oldest = _labelled(_queue_reports(me, limit=shown), waits) if sent else []
    overdue = sum(waits(day)[0] > waits.limit for day in sent)
    return {"waiting": len(sent), "overdue": overdue, "limit": waits.limit, "oldest": oldest}
