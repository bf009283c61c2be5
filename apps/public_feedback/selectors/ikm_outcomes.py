"""The IKM as an outcome elsewhere: on an employee's evaluation (EVIDENCE_SOURCES["ikm"], registered
in evidence.py) and, for a training program's impact page, ``participants_ikm`` (not registered in
apps/trainings IMPACT_SOURCES yet: that hook is called once per program, so a source that queries
would break the impact list's fixed query count; it needs a hook that takes every program's windows).

Citizens rate the unit that served them, usually a perangkat daerah, while an employee sits in a
bidang or seksi below it; so an employee's "unit IKM" is that of their unit or, when it has no
responses in the window, of the nearest unit above it that has, and the answer names that unit.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

from django.db.models import Count, Q, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.employees.models import OrgUnit

from ..ikm import Ikm, compute, shown
from ..models import ELEMENTS, SkmResponse
from .ikm import ikm_by_unit


def _chain(unit_id: int, parents: dict[int, int | None]) -> list[int]:
    chain, seen = [], set()
    while unit_id is not None and unit_id not in seen and len(chain) < 50:
        chain.append(unit_id)
        seen.add(unit_id)
        unit_id = parents.get(unit_id)
    return chain


def _parents(unit_ids) -> dict[int, int | None]:
    """{unit: parent} for the units and everything above them: the whole (small) unit table, one query."""
    return dict(OrgUnit.objects.values_list("pk", "parent_id")) if unit_ids else {}


def unit_ikm_or_ancestor(unit, start: datetime.date, end: datetime.date) -> tuple[OrgUnit, Ikm] | None:
    """The IKM of ``unit`` in the period or of its nearest ancestor with responses; None when none
    of them has any. Three queries."""
    chain = _chain(unit.pk, _parents([unit.pk]))
    results = ikm_by_unit(start, end, unit_ids=chain)
    for unit_id in chain:
        if unit_id in results:
            found = unit if unit_id == unit.pk else OrgUnit.objects.get(pk=unit_id)
            return found, results[unit_id]
    return None


def employee_evidence(employee, period) -> dict | None:
    """EVIDENCE_SOURCES["ikm"]: the IKM and grade of the employee's unit over the evaluation period."""
    found = unit_ikm_or_ancestor(employee.unit, period.starts_on, period.ends_on)
    if found is None:
        return None
    unit, ikm = found
    value = _("%(ikm)s, mutu %(grade)s (%(label)s)") % {
        "ikm": number_format(ikm.value, 2),
        "grade": ikm.grade,
        "label": ikm.grade_label,
    }
    if unit.pk == employee.unit_id:
        detail = _("%(unit)s; %(n)d responden") % {"unit": unit.name, "n": ikm.respondents}
    else:
        detail = _("unit induk %(unit)s (unit kerja sendiri belum disurvei); %(n)d responden") % {
            "unit": unit.name,
            "n": ikm.respondents,
        }
    return {"value": value, "detail": detail}


def participants_ikm(program, windows) -> dict | None:
    """The IMPACT_SOURCES["ikm"] row: the mean IKM of the participants' units (or nearest rated ancestors)
    in the windows before and after their training, over participants measured on both sides.
    Two queries whatever the number of participants: the unit tree, and one aggregate with a
    column set per distinct window."""
    spans = sorted(
        {(w.before_start, w.before_end) for w in windows if w.before_start}
        | {(w.after_start, w.after_end) for w in windows if w.after_start}
    )
    if not spans:
        return None
    parents = _parents([w.unit_id for w in windows])
    chains = {w.unit_id: _chain(w.unit_id, parents) for w in windows}
    columns = {}
    for index, (start, end) in enumerate(spans):
        within = Q(answered_on__gte=start, answered_on__lte=end)
        columns[f"n{index}"] = Count("id", filter=within)
        columns.update({f"{e}_{index}": Sum(e, filter=within) for e in ELEMENTS})
    unit_ids = {unit_id for chain in chains.values() for unit_id in chain}
    rows = SkmResponse.objects.filter(unit_id__in=unit_ids, is_hidden=False).values("unit_id").annotate(**columns)
    found = {
        (row["unit_id"], spans[index]): compute(row[f"n{index}"], [row[f"{e}_{index}"] or 0 for e in ELEMENTS])
        for row in rows.order_by()
        for index in range(len(spans))
        if row[f"n{index}"]
    }

    def ikm_of(unit_id, span):
        return next((found[(u, span)].exact for u in chains[unit_id] if (u, span) in found), None)

    pairs = []
    for w in windows:
        before = ikm_of(w.unit_id, (w.before_start, w.before_end)) if w.before_start else None
        after = ikm_of(w.unit_id, (w.after_start, w.after_end)) if w.after_start else None
        if before is not None and after is not None:
            pairs.append((before, after))
    if not pairs:
        return None
    mean_before = sum((b for b, _a in pairs), Fraction(0)) / len(pairs)
    mean_after = sum((a for _b, a in pairs), Fraction(0)) / len(pairs)
    return {
        "before": number_format(shown(mean_before), 2),
        "after": number_format(shown(mean_after), 2),
        "detail": _("rata-rata IKM unit kerja (atau unit induk yang disurvei) dari %(n)d peserta") % {"n": len(pairs)},
    }
