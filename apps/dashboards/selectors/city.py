"""The city dashboard's figures for a period and a unit subtree (BKPSDM admins and leaders).

Every figure is read with a fixed number of aggregate queries whatever the size of the city: daily
reports through the ``UnitDayStat`` summary, everything else grouped in the database by unit and
then folded into the dashboard's rows (a unit's row adds up its whole subtree).
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from apps.evaluations.models import Evaluation, EvaluationPeriod, PeriodKind, UnitRating
from apps.evaluations.predicate import check_curve
from apps.public_feedback.ikm import Ikm
from apps.public_feedback.selectors.ikm import ikm_by_unit
from apps.public_feedback.selectors.stats import handling_by_unit, open_by_unit
from apps.public_feedback.selectors.surveys import pooled
from apps.trainings.coverage import jp_figures
from apps.trainings.models import Enrollment, EnrollmentStatus

from ..models import SummaryRefresh, UnitDayStat
from ..summaries import TRAINING_IMPACT, UNIT_DAYS
from .city_scope import Filter, Group, Tree, groups_for

HEATMAP_DAYS = 31


@dataclass
class Row:
    group: Group
    headcount: int = 0  # person-days expected
    filed: int = 0
    approved: int = 0
    returned: int = 0
    waiting: int = 0
    reviewed: int = 0
    review_hours: float = 0.0
    reviewed_late: int = 0
    ratings: Counter = field(default_factory=Counter)
    predicates: Counter = field(default_factory=Counter)
    achievement_sum: Decimal = Decimal(0)
    achievement_n: int = 0
    pns: int = 0
    pns_reached: int = 0
    participants: int = 0
    completions: int = 0
    complaints: int = 0
    closed: int = 0
    on_time: int = 0
    handling_days: list[int] = field(default_factory=list)
    open_now: int = 0
    overdue_now: int = 0
    ikms: list[Ikm] = field(default_factory=list)
    curve: object = None  # CurveCheck against the leader's rating of the unit, when rated

    @property
    def compliance(self) -> float | None:
        return round(self.filed * 100 / self.headcount, 1) if self.headcount else None

    @property
    def review_days(self) -> float | None:
        """Mean time from submission to review, in days (24 h)."""
        return round(self.review_hours / self.reviewed / 24, 1) if self.reviewed else None

    @property
    def late_share(self) -> float | None:
        return round(self.reviewed_late * 100 / self.reviewed, 1) if self.reviewed else None

    @property
    def achievement(self) -> float | None:
        return round(float(self.achievement_sum / self.achievement_n), 1) if self.achievement_n else None

    @property
    def jp_share(self) -> float | None:
        return round(self.pns_reached * 100 / self.pns, 1) if self.pns else None

    @property
    def median_days(self) -> float | None:
        return float(statistics.median(self.handling_days)) if self.handling_days else None

    @property
    def ikm(self) -> Ikm | None:
        ikms = [ikm for ikm in self.ikms if ikm.respondents]
        return pooled(ikms) if ikms else None


@dataclass
class CityDashboard:
    filter: Filter
    tree: Tree
    rows: list[Row]
    total: Row
    evaluation_period: EvaluationPeriod | None
    heatmap_days: list[datetime.date]
    heatmap: dict[int, list[float | None]]  # row key -> compliance per day
    refreshed: object  # SummaryRefresh of the daily-report summary, or None
    impact: object  # SummaryRefresh of the training impact highlights, or None
    filed_until: datetime.date | None = None
    computed_at: datetime.datetime | None = None
    jp_floor: int = 20

    @property
    def ranked(self) -> list[Row]:
        """Rows by compliance, lowest first: the units that need attention lead."""
        measured = [row for row in self.rows if row.compliance is not None]
        return sorted(measured, key=lambda row: (row.compliance, row.group.name))


def _fold(rows: dict[int, Row], key_of: dict[int, int], unit_id, apply) -> None:
    key = key_of.get(unit_id)
    if key is not None:
        apply(rows[key])


def _daily(dashboard_rows, key_of, start, end, unit_ids) -> None:
    stats = UnitDayStat.objects.filter(date__gte=start, date__lte=end)
    if unit_ids is not None:
        stats = stats.filter(unit_id__in=unit_ids)
    names = ("headcount", "filed", "approved", "returned", "waiting", "reviewed", "review_hours", "reviewed_late")
    for row in stats.values("unit_id").annotate(**{n: Sum(n) for n in names}).order_by():

        def add(target, row=row):
            for name in names:
                setattr(target, name, getattr(target, name) + (row[name] or 0))

        _fold(dashboard_rows, key_of, row["unit_id"], add)


def _heatmap(key_of, start, end, unit_ids) -> tuple[list[datetime.date], dict[int, list[float | None]]]:
    """Compliance per row and working day over the last month of the range."""
    first = max(start, end - datetime.timedelta(days=HEATMAP_DAYS - 1))
    stats = UnitDayStat.objects.filter(date__gte=first, date__lte=end, headcount__gt=0)
    if unit_ids is not None:
        stats = stats.filter(unit_id__in=unit_ids)
    sums: dict[tuple[int, datetime.date], list[int]] = {}
    days: set[datetime.date] = set()
    for unit_id, day, headcount, filed in stats.values_list("unit_id", "date", "headcount", "filed"):
        key = key_of.get(unit_id)
        if key is None:
            continue
        days.add(day)
        cell = sums.setdefault((key, day), [0, 0])
        cell[0] += headcount
        cell[1] += filed
    ordered = sorted(days)
    grid: dict[int, list[float | None]] = {}
    for (key, day), (headcount, filed) in sums.items():
        grid.setdefault(key, [None] * len(ordered))[ordered.index(day)] = round(filed * 100 / headcount, 1)
    return ordered, grid


def evaluation_period_for(start: datetime.date, end: datetime.date) -> EvaluationPeriod | None:
    """The evaluation period the dashboard's range is best judged by: the annual one when the range
    is a whole year, else the latest periodic period that has begun inside the range."""
    periods = list(EvaluationPeriod.objects.filter(starts_on__lte=end, ends_on__gte=start).order_by("-ends_on"))
    whole_year = start.month == 1 and start.day == 1 and (end.month, end.day) == (12, 31)
    annual = [p for p in periods if p.kind != PeriodKind.PERIODIC]
    if whole_year and annual:
        return annual[0]
    periodic = [p for p in periods if p.kind == PeriodKind.PERIODIC and p.starts_on >= start] or [
        p for p in periods if p.kind == PeriodKind.PERIODIC
    ]
    return periodic[0] if periodic else (annual[0] if annual else None)


def _evaluations(dashboard_rows, key_of, period, unit_ids) -> None:
    if period is None:
        return
    evaluations = Evaluation.objects.filter(period=period).exclude(rating_hasil="")
    if unit_ids is not None:
        evaluations = evaluations.filter(employee__unit_id__in=unit_ids)
    grouped = (
        evaluations.values("employee__unit_id", "rating_hasil", "predicate")
        .annotate(n=Count("id"), achievement_sum=Sum("achievement"), achievement_n=Count("achievement"))
        .order_by()
    )
    for row in grouped:

        def add(target, row=row):
            target.ratings[row["rating_hasil"]] += row["n"]
            if row["predicate"]:
                target.predicates[row["predicate"]] += row["n"]
            target.achievement_sum += row["achievement_sum"] or 0
            target.achievement_n += row["achievement_n"]

        _fold(dashboard_rows, key_of, row["employee__unit_id"], add)
    rated = UnitRating.objects.filter(period=period, unit_id__in=list(dashboard_rows))
    ratings = dict(rated.values_list("unit_id", "result"))
    for key, row in dashboard_rows.items():
        if key in ratings and row.predicates:
            row.curve = check_curve(ratings[key], list(row.predicates.elements()))


def _jp(dashboard_rows, key_of, year: int) -> int:
    config, figures = jp_figures(year=year)
    for unit_id, employment_type, people, reached, _jp_sum, _over in figures:
        if employment_type != "pns":
            continue

        def add(target, people=people, reached=reached):
            target.pns += people
            target.pns_reached += reached

        _fold(dashboard_rows, key_of, unit_id, add)
    return config.pns_min_jp


def _trainings(dashboard_rows, key_of, start, end, unit_ids) -> None:
    done = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED, session__ends_on__range=(start, end))
    if unit_ids is not None:
        done = done.filter(employee__unit_id__in=unit_ids)
    grouped = done.values("employee__unit_id").annotate(people=Count("employee", distinct=True), n=Count("id"))
    for row in grouped.order_by():

        def add(target, row=row):
            target.participants += row["people"]
            target.completions += row["n"]

        _fold(dashboard_rows, key_of, row["employee__unit_id"], add)


def _complaints(dashboard_rows, key_of, start, end) -> None:
    for unit_id, figures in handling_by_unit(start, end).items():

        def add(target, figures=figures):
            target.complaints += figures["complaints"]
            target.closed += figures["closed"]
            target.on_time += figures["on_time"]
            target.handling_days.extend(figures["days"])

        _fold(dashboard_rows, key_of, unit_id, add)
    for unit_id, (n, overdue) in open_by_unit(end).items():

        def add_open(target, n=n, overdue=overdue):
            target.open_now += n
            target.overdue_now += overdue

        _fold(dashboard_rows, key_of, unit_id, add_open)


def _ikm(dashboard_rows, key_of, start, end, unit_ids) -> None:
    for unit_id, ikm in ikm_by_unit(start, end, unit_ids=unit_ids).items():
        _fold(dashboard_rows, key_of, unit_id, lambda target, ikm=ikm: target.ikms.append(ikm))


def _total(rows: list[Row]) -> Row:
    total = Row(Group(0, "", 0))
    for row in rows:
        for name in (
            "headcount",
            "filed",
            "approved",
            "returned",
            "waiting",
            "reviewed",
            "reviewed_late",
            "pns",
            "pns_reached",
            "participants",
            "completions",
            "complaints",
            "closed",
            "on_time",
            "open_now",
            "overdue_now",
            "achievement_n",
        ):
            setattr(total, name, getattr(total, name) + getattr(row, name))
        total.review_hours += row.review_hours
        total.achievement_sum += row.achievement_sum
        total.ratings.update(row.ratings)
        total.predicates.update(row.predicates)
        total.handling_days.extend(row.handling_days)
        total.ikms.extend(row.ikms)
    return total


def city_dashboard(filter: Filter) -> CityDashboard:
    tree = groups_for(filter.unit)
    rows = {group.key: Row(group) for group in tree.groups}
    # the city as a whole needs no unit filter; a subtree filters by its own units
    unit_ids = None if filter.unit is None else list(tree.key_of)
    start, end = filter.start, filter.end
    filed_until = filter.filed_until
    _daily(rows, tree.key_of, start, filed_until, unit_ids)
    days, grid = _heatmap(tree.key_of, start, filed_until, unit_ids)
    period = evaluation_period_for(start, end)
    _evaluations(rows, tree.key_of, period, unit_ids)
    floor = _jp(rows, tree.key_of, end.year)
    _trainings(rows, tree.key_of, start, end, unit_ids)
    _complaints(rows, tree.key_of, start, end)
    _ikm(rows, tree.key_of, start, end, unit_ids)
    refreshes = {r.name: r for r in SummaryRefresh.objects.filter(name__in=[UNIT_DAYS, TRAINING_IMPACT])}
    ordered = list(rows.values())
    # a row with no one in it and nothing to report is noise on a phone screen
    shown = [r for r in ordered if r.headcount or r.pns or r.complaints or r.open_now or r.ratings or r.ikms]
    return CityDashboard(
        filter=filter,
        tree=tree,
        rows=shown,
        total=_total(ordered),
        evaluation_period=period,
        heatmap_days=days,
        heatmap=grid,
        refreshed=refreshes.get(UNIT_DAYS),
        impact=refreshes.get(TRAINING_IMPACT),
        filed_until=filed_until,
        computed_at=timezone.now(),
        jp_floor=floor,
    )
