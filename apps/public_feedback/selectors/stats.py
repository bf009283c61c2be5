"""The public statistics page: complaints per unit, how long handling took, how many met their
deadlines, and the IKM per unit, for one year.

Only public complaints count (``open_data.public_complaints``: no rahasia, none about a person,
none blocked or spam), so the page can be read next to the open data without revealing that a
hidden complaint exists. A complaint belongs to the unit that handles it (the one BKPSDM routed it
to), else the unit the reporter chose, else the service's unit.

* **Handling time**: working days from the day it was received to the day it was closed
  (``workdays.working_days_between``: the day of receipt never counts), median over the closed ones.
* **On time**: a closed complaint met every deadline it had: it was routed (or, out of scope,
  closed) by ``verify_due``, and the unit's first reply (or the closing) came by ``follow_up_due``.

The query count does not depend on the number of complaints: one aggregate, one list of closed
dates, one holiday range, one IKM aggregate, one list of unit names.
"""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from apps.core.workdays import WorkCalendar
from apps.employees.models import OrgUnit

from ..ikm import ELEMENT_COUNT, Ikm, compute
from ..models import Complaint
from .ikm import ikm_by_unit
from .open_data import CLOSED_FOR_PUBLIC, public_complaints

FIRST_YEAR = 2000


@dataclass
class UnitStats:
    unit_id: int
    name: str
    complaints: int = 0
    closed: int = 0
    on_time: int = 0
    median_days: float | None = None
    ikm: Ikm | None = None

    @property
    def on_time_share(self) -> Decimal | None:
        return _share(self.on_time, self.closed)


@dataclass
class PublicStats:
    year: int
    start: datetime.date
    end: datetime.date
    complaints: int = 0
    closed: int = 0
    on_time: int = 0
    median_days: float | None = None
    ikm: Ikm | None = None
    units: list[UnitStats] = field(default_factory=list)

    @property
    def open(self) -> int:
        return self.complaints - self.closed

    @property
    def on_time_share(self) -> Decimal | None:
        return _share(self.on_time, self.closed)


def _share(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal, rounded half up; None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def stats_year(value) -> int:
    """The year asked for (``?tahun=``), or this year; never a future one."""
    this_year = timezone.localdate().year
    try:
        year = int(value)
    except (TypeError, ValueError):
        return this_year
    return year if FIRST_YEAR <= year <= this_year else this_year


def _period(year: int) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), today)


def _complaints(start: datetime.date, end: datetime.date):
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    after = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    return (
        public_complaints()
        .filter(submitted_at__gte=first, submitted_at__lt=after)
        .annotate(stat_unit=Coalesce("handling_unit_id", "unit_id", "service__unit_id"))
        .filter(stat_unit__isnull=False)
    )


# A closed complaint that met every deadline it had (see the module's docstring).
_ON_TIME = (
    Q(status__in=CLOSED_FOR_PUBLIC)
    & (
        Q(routed_day__isnull=False, routed_day__lte=F("verify_due"))
        | Q(routed_day__isnull=True, closed_day__lte=F("verify_due"))
    )
    & (Q(follow_up_due__isnull=True) | Q(answered_day__lte=F("follow_up_due")))
)


def _counts(rows) -> dict[int, tuple[int, int, int]]:
    """{unit id: (complaints, closed, on time)}: one aggregate query."""
    totals = (
        rows.annotate(
            routed_day=TruncDate("routed_at"),
            closed_day=TruncDate("closed_at"),
            answered_day=TruncDate(Coalesce("responded_at", "closed_at")),
        )
        .values("stat_unit")
        .annotate(
            n=Count("id"),
            closed=Count("id", filter=Q(status__in=CLOSED_FOR_PUBLIC)),
            on_time=Count("id", filter=_ON_TIME),
        )
        .order_by()
    )
    return {row["stat_unit"]: (row["n"], row["closed"], row["on_time"]) for row in totals}


def _handling_days(rows) -> dict[int, list[int]]:
    """{unit id: working days from receipt to closing, per closed complaint}: one query for the
    dates and one for the holidays, however many complaints (a running count of working days)."""
    spans = list(
        rows.filter(status__in=CLOSED_FOR_PUBLIC, closed_at__isnull=False)
        .annotate(received=TruncDate("submitted_at"), closed_day=TruncDate("closed_at"))
        .values_list("stat_unit", "received", "closed_day")
        .order_by()
    )
    if not spans:
        return {}
    first = min(received for _unit, received, _closed in spans)
    last = max(max(received, closed) for _unit, received, closed in spans)
    calendar = WorkCalendar()
    calendar.load(first, last)
    # worked[i]: working days in (first, first + i]
    worked, total, day = [], 0, first
    for offset in range((last - first).days + 1):
        if offset:
            total += calendar.is_working_day(day)
        worked.append(total)
        day += datetime.timedelta(days=1)
    days: dict[int, list[int]] = {}
    for unit, received, closed in spans:
        closed = max(closed, received)  # a clock set wrong never makes a negative duration
        days.setdefault(unit, []).append(worked[(closed - first).days] - worked[(received - first).days])
    return days


def _median(values: list[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def _pooled(ikms) -> Ikm | None:
    """The IKM over every respondent of every unit (the per-unit NRR times respondents are the
    exact score totals, so no second query)."""
    ikms = [ikm for ikm in ikms if ikm.respondents]
    if not ikms:
        return None
    respondents = sum(ikm.respondents for ikm in ikms)
    totals = [sum((ikm.nrr[i] * ikm.respondents for ikm in ikms), Fraction(0)) for i in range(ELEMENT_COUNT)]
    return compute(respondents, [int(total) for total in totals])


def handling_by_unit(start: datetime.date, end: datetime.date) -> dict[int, dict]:
    """{unit id: complaints received in the range, closed, closed on time, working days to close
    per closed complaint} for the staff dashboards. Three queries."""
    rows = _complaints(start, end)
    counts, days = _counts(rows), _handling_days(rows)
    return {
        unit: {"complaints": n, "closed": closed, "on_time": on_time, "days": days.get(unit, [])}
        for unit, (n, closed, on_time) in counts.items()
    }


def open_by_unit(today: datetime.date | None = None) -> dict[int, tuple[int, int]]:
    """{unit id: (open now, of which past a deadline)} over every complaint staff handle (blocked
    contacts and spam left out). One query."""
    from ..services.deadlines import overdue_q
    from .complaints import OPEN_STATUSES, _hidden

    rows = (
        Complaint.objects.exclude(_hidden())
        .filter(status__in=OPEN_STATUSES)
        .annotate(stat_unit=Coalesce("handling_unit_id", "unit_id", "service__unit_id"))
        .filter(stat_unit__isnull=False)
        .values("stat_unit")
        .annotate(n=Count("id"), overdue=Count("id", filter=overdue_q(today or timezone.localdate())))
        .order_by()
    )
    return {row["stat_unit"]: (row["n"], row["overdue"]) for row in rows}


def public_stats(*, year: int) -> PublicStats:
    start, end = _period(year)
    rows = _complaints(start, end)
    counts = _counts(rows)
    days = _handling_days(rows)
    ikms = ikm_by_unit(start, end)
    names = dict(OrgUnit.objects.filter(pk__in=set(counts) | set(ikms)).values_list("pk", "name"))
    units = []
    for pk, name in names.items():
        complaints, closed, on_time = counts.get(pk, (0, 0, 0))
        units.append(UnitStats(pk, name, complaints, closed, on_time, _median(days.get(pk, [])), ikms.get(pk)))
    units.sort(key=lambda u: (-u.complaints, u.name))
    every_day = [d for values in days.values() for d in values]
    return PublicStats(
        year=year,
        start=start,
        end=end,
        complaints=sum(u.complaints for u in units),
        closed=sum(u.closed for u in units),
        on_time=sum(u.on_time for u in units),
        median_days=_median(every_day),
        ikm=_pooled(ikms.values()),
        units=units,
    )
