"""IKM per unit over a date range: one aggregate query whatever the number of responses or units."""

from __future__ import annotations

import datetime

from django.db.models import Count, Sum

from ..ikm import Ikm, compute
from ..models import ELEMENTS, SkmResponse


def _responses(start: datetime.date, end: datetime.date):
    return SkmResponse.objects.filter(answered_on__gte=start, answered_on__lte=end, is_hidden=False)


def ikm_by_unit(start: datetime.date, end: datetime.date, *, unit_ids=None) -> dict[int, Ikm]:
    """{unit id: Ikm} for the units with at least one visible response between start and end."""
    rows = _responses(start, end)
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=list(unit_ids))
    totals = rows.values("unit_id").annotate(n=Count("id"), **{e: Sum(e) for e in ELEMENTS}).order_by()
    return {row["unit_id"]: compute(row["n"], [row[e] for e in ELEMENTS]) for row in totals}


def unit_ikm(unit, start: datetime.date, end: datetime.date) -> Ikm:
    return ikm_by_unit(start, end, unit_ids=[unit.pk]).get(unit.pk) or compute(0, [0] * len(ELEMENTS))
