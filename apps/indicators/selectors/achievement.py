"""Load what achievement needs for many SKPs at once, in a fixed number of queries, and compute
it with ``apps.indicators.achievement``. Realisation has two sources: approved daily-report
activities linked to an IKI (rolled up by the daily reports app) and manual entries."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from .. import achievement as calc
from ..models import Iki, IkiPeriodTarget, IkiRealisation, PerformanceSettings, Rhk, Skp
from ..periods import split_target

# Extra realisation sources register here: callables (iki_ids) -> {(iki_id, period): Decimal}.
# The daily reports app adds its roll-up of approved activities.
REALISATION_SOURCES: list = []


def _manual_realisation(ikis: list[Iki]) -> dict[tuple[int, int], Decimal]:
    """Manual entries per (IKI, period): summed for a cumulative IKI; the latest entry for a level
    IKI (a new measurement of a percentage replaces the old one)."""
    cumulative = {iki.pk: iki.cumulative for iki in ikis}
    totals: dict[tuple[int, int], Decimal] = {}
    rows = IkiRealisation.objects.filter(iki_id__in=cumulative).order_by("created_at", "pk")
    for iki_id, period, value in rows.values_list("iki_id", "period", "value"):
        key = (iki_id, period)
        totals[key] = totals.get(key, Decimal(0)) + value if cumulative[iki_id] else value
    return totals


def realisation_by_period(ikis: list[Iki]) -> dict[tuple[int, int], Decimal]:
    totals = _manual_realisation(ikis)
    ids = [iki.pk for iki in ikis]
    for source in REALISATION_SOURCES:
        for key, value in source(ids).items():
            totals[key] = totals.get(key, Decimal(0)) + value
    return totals


def period_targets(iki: Iki, stored: dict[int, Decimal], count: int) -> dict[int, Decimal]:
    """Stored per-period targets where they match the configured period count, else the even split."""
    if len(stored) == count and set(stored) == set(range(1, count + 1)):
        return stored
    return dict(enumerate(split_target(iki.target_value, cumulative=iki.cumulative, count=count), start=1))


def elapsed_periods(year: int, count: int, today: datetime.date | None = None) -> int:
    """How many periods of ``year`` a "year so far" figure covers: all of a past year; the completed
    periods of the current year (at least the first, so January shows January); none of a future year."""
    today = today or timezone.localdate()
    if year < today.year:
        return count
    if year > today.year:
        return 0
    current = today.month if count == 12 else (today.month - 1) // 3 + 1
    return max(1, current - 1)


def _iki_numbers(iki, targets, realised, period, count, through):
    """(target, realisation) of an IKI for one period, or for the year so far when period is None:
    a cumulative IKI then compares everything realised with the targets of the periods due so far
    (so an on-track plan reads about 100 % in any month, not 17 % in February)."""
    by_period = {p: realised[(iki.pk, p)] for p in range(1, count + 1) if (iki.pk, p) in realised}
    if period is not None:
        value = by_period.get(period)
        if value is None and iki.cumulative:
            value = Decimal(0)  # nothing counted is zero done; an unmeasured level stays unknown
        return targets.get(period), value
    if iki.cumulative:
        due = sum((targets.get(p, Decimal(0)) for p in range(1, through + 1)), Decimal(0)) if through else None
        return due, sum(by_period.values(), Decimal(0))
    if not by_period:
        return iki.target_value, None
    return iki.target_value, sum(by_period.values()) / len(by_period)


def skp_results(skps: list[Skp], *, period: int | None = None, config: PerformanceSettings | None = None):
    """{skp.pk: SkpResult} for the given SKPs, for one period or (period=None) the year so far.
    Five queries whatever the number of SKPs, RHK and IKI."""
    config = config or PerformanceSettings.current()
    count = config.periods_per_year
    rhk_rows = list(
        Rhk.objects.filter(skp__in=[s.pk for s in skps])
        .prefetch_related(Prefetch("iki", queryset=Iki.objects.order_by("position", "pk")))
        .order_by("kind", "position", "pk")
    )
    ikis = [iki for rhk in rhk_rows for iki in rhk.iki.all()]
    stored = defaultdict(dict)
    for iki_id, p, value in IkiPeriodTarget.objects.filter(iki__in=ikis).values_list(
        "iki_id", "period", "target_value"
    ):
        stored[iki_id][p] = value
    realised = realisation_by_period(ikis)
    by_skp = defaultdict(list)
    years = {skp.pk: skp.year for skp in skps}
    for rhk in rhk_rows:
        through = elapsed_periods(years[rhk.skp_id], count)
        by_skp[rhk.skp_id].append(_rhk_result(rhk, stored, realised, period, count, config, through))
    results = {}
    for skp in skps:
        rhk = by_skp.get(skp.pk, [])
        value, weighted, reason = calc.skp_achievement(rhk)
        proposal = calc.propose_rating(value, above=config.above_threshold, below=config.below_threshold)
        through = None if period else elapsed_periods(skp.year, count)
        results[skp.pk] = calc.SkpResult(value, proposal, weighted, reason, rhk, through=through)
    return results


def _rhk_result(rhk, stored, realised, period, count, config, through):
    items = []
    for iki in rhk.iki.all():
        targets = period_targets(iki, stored.get(iki.pk, {}), count)
        target, value = _iki_numbers(iki, targets, realised, period, count, through)
        percent, capped, reason = calc.iki_achievement(
            target=target, realisation=value, direction=iki.direction, cap=config.achievement_cap
        )
        items.append(
            calc.IkiResult(iki.pk, iki.text, iki.target_unit, iki.direction, target, value, percent, capped, reason)
        )
    value, reason = calc.rhk_achievement(items)
    return calc.RhkResult(rhk.pk, rhk.text, rhk.kind, rhk.weight, value, reason, items)


def skp_result(skp: Skp, *, period: int | None = None) -> calc.SkpResult:
    return skp_results([skp], period=period)[skp.pk]
