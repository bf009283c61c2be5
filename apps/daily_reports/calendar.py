"""Month calendars of daily reports: the ASN's own month and the supervisor's team grid.

Each calendar costs a fixed number of queries whatever the team size or the number of reports: one
for the team (team grid only), one for the month's reports, one for the holiday table and one for
the report settings. The holiday rows are read once with their names, and the working-day rules
then run on a fixed ``WorkCalendar`` built from them, which never queries again.

A day without a report reads, in this order: a holiday or a weekend when it is not a working day;
"belum tiba" when it is after today; "belum diisi" while it is still in the filing window (today and
the configured working days back); "terlewat" once that window has passed it.
"""

import calendar
import datetime
import re
from collections import Counter
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.core import access, compiled
from apps.core.models import Holiday, HolidayKind
from apps.core.workdays import WorkCalendar, previous_working_days
from apps.employees import hierarchy

from .models import DailyReport, ReportSettings, ReportStatus

# Months outside this range are treated as a bad parameter (and month arithmetic never overflows).
MIN_YEAR, MAX_YEAR = 2000, 2100
_MONTH_PARAM = re.compile(r"(\d{4})-(\d{2})", re.ASCII)

APPROVED, SUBMITTED, RETURNED, DRAFT = (
    ReportStatus.APPROVED.value,
    ReportStatus.SUBMITTED.value,
    ReportStatus.RETURNED.value,
    ReportStatus.DRAFT.value,
)
MISSING, MISSED, FUTURE, HOLIDAY, WEEKEND = "missing", "missed", "future", "holiday", "weekend"


@dataclass(frozen=True)
class DayKind:
    """How one kind of day is shown: a word, and a symbol so that colour is never the only cue."""

    key: str
    label: Promise
    symbol: str


KINDS = {
    kind.key: kind
    for kind in (
        DayKind(APPROVED, _("Disetujui"), "✓"),
        DayKind(SUBMITTED, _("Diajukan"), "↑"),
        DayKind(RETURNED, _("Dikembalikan"), "↩"),
        DayKind(DRAFT, _("Draf"), "✎"),
        DayKind(MISSING, _("Belum diisi"), "○"),
        DayKind(MISSED, _("Terlewat"), "✗"),
        DayKind(HOLIDAY, _("Hari libur"), "–"),
        DayKind(WEEKEND, _("Akhir pekan"), "–"),
        DayKind(FUTURE, _("Belum tiba"), ""),
    )
}
# The legend's order: what the person has done, what is still open, then days off.
LEGEND = [KINDS[key] for key in (APPROVED, SUBMITTED, RETURNED, DRAFT, MISSING, MISSED, HOLIDAY, WEEKEND)]


@dataclass
class CalendarDay:
    date: datetime.date
    kind: DayKind
    working: bool
    is_today: bool = False
    holiday: str = ""  # the holiday's name, or that of a hari kerja tambahan
    url: str = ""  # where the day leads, when anywhere

    @property
    def label(self):
        return self.kind.label

    @property
    def symbol(self):
        return self.kind.symbol

    @property
    def css(self) -> str:
        return f"cal-{self.kind.key}"


@dataclass
class MonthFrame:
    """The days of one month and the working-day facts about them, shared by both calendars."""

    first: datetime.date
    last: datetime.date
    today: datetime.date
    calendar: WorkCalendar
    closed: dict[datetime.date, str]  # holidays (days off) with their names
    opened: dict[datetime.date, str]  # hari kerja tambahan with their names
    window: frozenset[datetime.date]  # days that may still be filed
    days_back: int
    kinds: dict[datetime.date, str]  # HolidayKind of each row of the holiday table

    @property
    def days(self) -> list[datetime.date]:
        return [self.first + datetime.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def kind_of(self, day: datetime.date, status: str | None) -> DayKind:
        if status:
            return KINDS[status]
        if not self.calendar.is_working_day(day):
            return KINDS[HOLIDAY if day in self.closed else WEEKEND]
        if day > self.today:
            return KINDS[FUTURE]
        return KINDS[MISSING if day in self.window else MISSED]

    @property
    def holidays(self) -> list[tuple[datetime.date, str, str, bool]]:
        """(date, name, kind label, opened) for the month's rows of the holiday table, in date order."""
        rows = [(d, name, False) for d, name in self.closed.items() if self.first <= d <= self.last]
        rows += [(d, name, True) for d, name in self.opened.items() if self.first <= d <= self.last]
        return [(d, name, HolidayKind(self.kinds[d]).label, opened) for d, name, opened in sorted(rows)]


def month_from_param(value: str | None, *, today: datetime.date) -> datetime.date:
    """The first day of the month named by ``?bulan=2026-11``; anything else is the current month."""
    match = _MONTH_PARAM.fullmatch((value or "").strip())
    if match:
        year, month = int(match[1]), int(match[2])
        if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
            return datetime.date(year, month, 1)
    return today.replace(day=1)


def _shift_month(first: datetime.date, months: int) -> datetime.date | None:
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, 1) if MIN_YEAR <= year <= MAX_YEAR else None


# Every home page and calendar asks these two: their SQL is compiled once (apps/core/compiled.py).
_HOLIDAY_NAMES = compiled.CompiledQuery(
    lambda first, last: Holiday.objects.filter(date__range=(first, last)).values_list("date", "name", "kind"),
    compiled.DAY,
    compiled.DAY_2,
)
_MONTH_STATUSES = compiled.CompiledQuery(
    lambda employee_id, first, last: DailyReport.objects.filter(
        employee_id=employee_id, date__range=(first, last)
    ).values_list("date", "status"),
    compiled.ID,
    compiled.DAY,
    compiled.DAY_2,
)


def _month_frame(first: datetime.date, *, today: datetime.date, days_back: int) -> MonthFrame:
    """Load the month's holidays, plus the span the filing window needs when it touches the month,
    in one query."""
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    # Calendar days that ``days_back`` working days can take, holidays included (30 -> 90 days).
    margin = datetime.timedelta(days=days_back * 2 + 30)
    needs_window = first <= today and last >= today - margin
    span = (min(first, today - margin), max(last, today)) if needs_window else (first, last)
    closed, opened, kinds = {}, {}, {}
    for day, name, kind in _HOLIDAY_NAMES.rows(*span):
        (opened if kind == HolidayKind.HARI_KERJA_TAMBAHAN else closed)[day] = name
        kinds[day] = kind
    work = WorkCalendar.fixed(closed=closed, opened=opened)
    # The same rule as services.filing.filing_days, on the calendar already loaded.
    window = frozenset(previous_working_days(today, days_back, calendar=work)) if needs_window else frozenset()
    return MonthFrame(first, last, today, work, closed, opened, window, days_back, kinds)


def _navigation(frame: MonthFrame) -> dict:
    return {
        "month": frame.first,
        "today": frame.today,
        "prev_month": _shift_month(frame.first, -1),
        "next_month": _shift_month(frame.first, +1),
        "this_month": frame.today.replace(day=1),
        "legend": LEGEND,
        "days_back": frame.days_back,
        "holidays": frame.holidays,
    }


def _day(frame: MonthFrame, day: datetime.date, status: str | None) -> CalendarDay:
    return CalendarDay(
        date=day,
        kind=frame.kind_of(day, status),
        working=frame.calendar.is_working_day(day),
        is_today=day == frame.today,
        holiday=frame.closed.get(day) or frame.opened.get(day, ""),
    )


def _counts(days: list[CalendarDay]) -> dict[str, int]:
    seen = Counter(day.kind.key for day in days)
    return {
        APPROVED: seen[APPROVED],
        SUBMITTED: seen[SUBMITTED],
        RETURNED: seen[RETURNED],
        DRAFT: seen[DRAFT],
        MISSING: seen[MISSING],
        MISSED: seen[MISSED],
        "absent": seen[MISSING] + seen[MISSED],  # working days up to today with no report at all
    }


def month_calendar_for(user, *, month: datetime.date) -> dict:
    """The user's own reports for the month as weeks of seven days (Monday first; ``None`` for the
    days of the neighbouring months), with the month's counts. Four queries at most."""
    today = timezone.localdate()
    frame = _month_frame(month, today=today, days_back=ReportSettings.current().days_back)
    employee = access.employee_of(user)
    statuses = {}
    if employee is not None:
        statuses = dict(_MONTH_STATUSES.rows(employee.pk, frame.first, frame.last))
    days = {}
    for day in frame.days:
        cell = _day(frame, day, statuses.get(day))
        if day in statuses or cell.kind.key == MISSING:  # a report to open, or a day still to file
            cell.url = reverse("daily_reports:report-day", args=[day.isoformat()])
        days[day] = cell
    grid = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(month.year, month.month)
    return {
        **_navigation(frame),
        "employee": employee,
        "weeks": [[days.get(day) for day in week] for week in grid],
        "weekday_names": grid[0],  # seven dates, Monday to Sunday, to name the columns
        "counts": _counts(list(days.values())),
    }


@dataclass
class TeamRow:
    employee: object
    days: list[CalendarDay]
    counts: dict[str, int]


def team_calendar_for(user, *, month: datetime.date) -> dict:
    """The user's direct subordinates (rows) x the month's days (columns), each cell the day's
    status, filed reports linking to their review page. Five queries at most, whatever the team."""
    today = timezone.localdate()
    frame = _month_frame(month, today=today, days_back=ReportSettings.current().days_back)
    me = access.employee_of(user)
    team = [] if me is None else list(hierarchy.direct_subordinates(me.pk).order_by("name", "pk"))
    reports: dict[tuple[int, datetime.date], tuple[str, int]] = {}
    if team:
        rows = DailyReport.objects.filter(
            employee_id__in=[e.pk for e in team], date__range=(frame.first, frame.last)
        ).values_list("employee_id", "date", "status", "pk")
        reports = {(employee_id, day): (status, pk) for employee_id, day, status, pk in rows}
    # The review URL differs only by the report's id: reverse once, not once per cell.
    review_url = reverse("daily_reports:report-review", args=[0]).replace("/0/", "/{pk}/")
    columns = [_day(frame, day, None) for day in frame.days]
    team_rows = []
    for employee in team:
        cells = []
        for column in columns:
            status, pk = reports.get((employee.pk, column.date), (None, None))
            cell = _day(frame, column.date, status)
            if pk is not None:
                cell.url = review_url.format(pk=pk)
            cells.append(cell)
        team_rows.append(TeamRow(employee, cells, _counts(cells)))
    return {
        **_navigation(frame),
        "columns": columns,
        "rows": team_rows,
        "waiting": sum(row.counts[SUBMITTED] for row in team_rows),
    }
