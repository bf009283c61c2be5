"""What the unit report and the city summary show. Each costs a fixed number of queries whatever
the number of employees: the unit's members, their evaluations and reports; for the city, the
unit tree, and counts grouped by unit that are then added up per perangkat daerah in Python."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable
from decimal import Decimal

from django.db.models import Count, Sum
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from apps.core import charts
from apps.employees.models import Employee, OrgUnit
from apps.indicators.achievement import pct

from ..models import Evaluation, EvaluationPeriod
from ..predicate import Predicate, UnitResult
from ..selectors import unit_distribution
from . import selectors
from .builders import PREDICATE_COLORS, Stamp, document_html, government, period_dates

# Column heads of the city table (the full names are in the note under it).
PREDICATE_SHORT = {"sangat_baik": "SB", "baik": "B", "butuh_perbaikan": "BP", "kurang": "K/M", "sangat_kurang": "SK"}
# The city chart's perangkat daerah with the lowest daily-report compliance.
LOWEST = 10
# A unit with more direct members than this is rendered in pieces of at most this many member rows,
# each laid out as a WeasyPrint document of its own (pdf.render_pieces): WeasyPrint holds a whole
# document's layout until it is written, and one 42-page document of 1,276 members took a worker
# from 140 to 260 MiB, where a piece of 300 (ten pages) stays near an employee chunk's 175.
PIECE_ROWS = 300
# Achievement bins of the distribution chart (percent, lower bound included).
BINS = [
    (None, 60, "< 60 %"),
    (60, 80, "60–80 %"),
    (80, 100, "80–100 %"),
    (100, 110, "100–110 %"),
    (110, None, "≥ 110 %"),
]


def achievement_bins(values) -> list[tuple[str, int]]:
    counts = Counter()
    for value in values:
        for low, high, label in BINS:
            if (low is None or value >= low) and (high is None or value < high):
                counts[label] += 1
                break
    return [(label, counts[label]) for _low, _high, label in BINS]


def predicate_chart(counts: Counter, *, title: str) -> str:
    return charts.donut_chart(
        [(choice.label, counts.get(choice.value, 0)) for choice in Predicate],
        title=title,
        colors=list(PREDICATE_COLORS.values()),
        empty=_("belum ada"),
    )


def _mean(values) -> Decimal | None:
    values = [v for v in values if v is not None]
    return sum(values, Decimal(0)) / len(values) if values else None


# --- The unit --------------------------------------------------------------------------------------
def unit_context(unit: OrgUnit, period: EvaluationPeriod, *, stamp: Stamp) -> dict:
    """The unit's direct members with their evaluation and daily-report compliance, and the
    predicates of the unit with its sub-units against the curve of the leader's rating."""
    members = list(Employee.objects.filter(unit=unit, is_active=True).order_by("name"))
    evaluations = {
        e.employee_id: e
        for e in Evaluation.objects.filter(period=period, employee__unit=unit).select_related("employee")
    }
    listed = {member.pk for member in members}
    for evaluation in evaluations.values():  # evaluated here, no longer active: still on the list
        if evaluation.employee_id not in listed and evaluation.status in selectors.FINALISED:
            members.append(evaluation.employee)
    days = selectors.working_days(period)
    compliance = selectors.compliance_by_employee([m.pk for m in members], days)
    rows, achievements = [], []
    for member in members:
        evaluation = evaluations.get(member.pk)
        final = evaluation is not None and evaluation.status in selectors.FINALISED
        if final and evaluation.achievement is not None:
            achievements.append(evaluation.achievement)
        rows.append(
            {
                "employee": member,
                "status": evaluation.get_status_display() if evaluation else _("Belum dievaluasi"),
                "achievement": pct(evaluation.achievement) if final else "–",
                "predicate": evaluation.get_predicate_display() if final and evaluation.predicate else "–",
                "compliance": pct(_as_decimal(compliance[member.pk].percent)),
            }
        )
    distribution = unit_distribution(unit, period)
    spread = Counter(e.predicate for e in distribution["evaluations"])
    check, rating = distribution["check"], distribution["rating"]
    filed = sum(c.filed for c in compliance.values())
    possible = len(days) * len(members)
    return {
        "key": f"u{unit.pk}",
        "gov": government(),
        "stamp": stamp,
        "period": period,
        "period_dates": period_dates(period),
        "unit": unit,
        "parent": unit.parent,
        "head": unit.head,
        "rows": rows,
        "members": len(members),
        "evaluated": sum(1 for e in evaluations.values() if e.status in selectors.FINALISED),
        "mean_achievement": pct(_mean(achievements)),
        "compliance_pct": pct(_as_decimal(round(100 * filed / possible, 1) if possible else None)),
        "days": len(days),
        "histogram": charts.histogram(
            achievement_bins(achievements), title=_("Sebaran capaian anggota unit"), width=330, height=130
        ),
        "curve_rows": [
            {"label": choice.label, "count": spread.get(choice.value, 0), "share": check.shares.get(choice.value, 0)}
            for choice in Predicate
        ],
        "curve_total": len(distribution["evaluations"]),
        "curve_drafts": distribution["drafts"],
        "curve_rating": UnitResult(rating.result).label if rating else None,
        "curve_fits": check.fits,
        "curve_problems": check.problems,
        "predicate_chart": predicate_chart(spread, title=_("Predikat kinerja unit dan unit di bawahnya")),
        "footer": f"{unit.name} · {period.label} · " + _("Kode verifikasi %(code)s") % {"code": stamp.code},
        "header": f"{_('Laporan Kinerja Unit Kerja')} · {unit.name} · {period.label}",
    }


def _as_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def unit_pieces(unit: OrgUnit, period: EvaluationPeriod, *, stamp: Stamp) -> list[Callable[[int, int], str]]:
    """The unit report as pieces for ``pdf.render_pieces``: the first with the summary and the
    first member rows, each next one continuing the member table on a new page, the last with the
    verification stamp. The members are shared out evenly (no piece of a handful of rows)."""
    context = unit_context(unit, period, stamp=stamp)
    members, title = context["rows"], unit_title(unit, period)
    count = max(1, math.ceil(len(members) / PIECE_ROWS))
    size = math.ceil(len(members) / count)

    def piece(index: int) -> Callable[[int, int], str]:
        start = index * size
        part = context | {"rows": members[start : start + size], "start": start, "continued": index > 0}
        part |= {"more": index < count - 1, "row_from": start + 1, "row_to": start + len(part["rows"])}

        def html(first_page: int, total: int) -> str:
            body = render_to_string("reports/pdf/unit.html", part | {"pages": total or 1})
            return document_html([body], title=title, first_page=first_page, total=total)

        return html

    return [piece(index) for index in range(count)]


def unit_title(unit: OrgUnit, period: EvaluationPeriod) -> str:
    return _("Laporan Kinerja Unit %(unit)s %(period)s") % {"unit": unit.name, "period": period.label}


# --- The city ----------------------------------------------------------------------------------------
def _perangkat_daerah(units: list[tuple[int, int | None, str]]) -> tuple[dict[int, int], list[int], int | None]:
    """({unit id: its perangkat daerah id}, perangkat daerah ids by name, the root id): the
    perangkat daerah are the children of the single root (the government itself)."""
    parent = {pk: parent_id for pk, parent_id, _name in units}
    roots = [pk for pk, parent_id, _name in units if parent_id is None]
    root = roots[0] if len(roots) == 1 else None
    names = {pk: name for pk, _parent, name in units}
    top = {}
    for pk in parent:
        node, seen = pk, set()
        while parent.get(node) is not None and parent[node] != root and node not in seen:
            seen.add(node)
            node = parent[node]
        top[pk] = node
    pds = sorted({node for node in top.values() if node != root}, key=lambda pk: names[pk])
    return top, pds, root


def city_context(period: EvaluationPeriod, *, stamp: Stamp) -> dict:
    units = list(OrgUnit.objects.filter(is_active=True).values_list("pk", "parent_id", "name"))
    names = {pk: name for pk, _parent, name in units}
    top, pds, root = _perangkat_daerah(units)
    staff = Counter()
    for unit_id, n in Employee.objects.filter(is_active=True).values_list("unit_id").annotate(n=Count("id")):
        staff[top.get(unit_id, unit_id)] += n
    predicates: dict[int, Counter] = defaultdict(Counter)
    sums: dict[int, list] = defaultdict(lambda: [Decimal(0), 0])
    rows = (
        Evaluation.objects.filter(period=period, status__in=selectors.FINALISED)
        .values_list("employee__unit_id", "predicate")
        .annotate(n=Count("id"), total=Sum("achievement"), measured=Count("achievement"))
    )
    for unit_id, predicate, n, total, measured in rows:
        pd = top.get(unit_id, unit_id)
        predicates[pd][predicate] += n
        sums[pd][0] += total or 0
        sums[pd][1] += measured
    days = selectors.working_days(period)
    filed = Counter()
    for unit_id, n in selectors.filed_by_unit(days).items():
        filed[top.get(unit_id, unit_id)] += n
    order = ([root] if root is not None and staff[root] else []) + pds
    table = []
    for pk in order:
        evaluated = sum(predicates[pk].values())
        possible = staff[pk] * len(days)
        table.append(
            {
                "name": names.get(pk, "–") if pk != root else _("%(name)s (langsung)") % {"name": names.get(pk, "")},
                "staff": staff[pk],
                "evaluated": evaluated,
                "counts": [predicates[pk].get(choice.value, 0) for choice in Predicate],
                "achievement": pct(sums[pk][0] / sums[pk][1]) if sums[pk][1] else "–",
                "compliance": round(100 * filed[pk] / possible, 1) if possible else None,
            }
        )
    city = sum((predicates[pk] for pk in order), Counter())
    total_staff, total_filed = sum(staff[pk] for pk in order), sum(filed[pk] for pk in order)
    measured = sum(sums[pk][1] for pk in order)
    return {
        "key": "city",
        "gov": government(),
        "stamp": stamp,
        "period": period,
        "period_dates": period_dates(period),
        "rows": table,
        "predicates": [(PREDICATE_SHORT[choice.value], choice.label) for choice in Predicate],
        "staff": total_staff,
        "evaluated": sum(city.values()),
        "totals": [city.get(choice.value, 0) for choice in Predicate],
        "mean_achievement": pct(sum(sums[pk][0] for pk in order) / measured) if measured else "–",
        "compliance_pct": pct(_as_decimal(round(100 * total_filed / (total_staff * len(days)), 1)))
        if total_staff and days
        else "–",
        "days": len(days),
        "predicate_chart": predicate_chart(city, title=_("Predikat kinerja seluruh pegawai")),
        # The table has every perangkat daerah; the chart shows where to act (the lowest ten).
        "lowest": min(LOWEST, sum(1 for row in table if row["compliance"] is not None)),
        "compliance_chart": charts.bar_chart(
            sorted(
                ((row["name"], row["compliance"]) for row in table if row["compliance"] is not None),
                key=lambda bar: bar[1],
            )[:LOWEST],
            title=_("Perangkat daerah dengan kepatuhan laporan harian terendah"),
            max_value=100,
            width=520,
            label_width=250,
            bar_height=8,
            label_chars=44,
            empty=_("belum ada"),
        ),
        "footer": f"{government()['name']} · {period.label} · " + _("Kode verifikasi %(code)s") % {"code": stamp.code},
        "header": f"{_('Ringkasan Kinerja Pegawai')} · {government()['name']} · {period.label}",
    }


def city_part(period: EvaluationPeriod, *, stamp: Stamp) -> str:
    return render_to_string("reports/pdf/city.html", city_context(period, stamp=stamp))


def city_title(period: EvaluationPeriod) -> str:
    return _("Ringkasan Kinerja %(gov)s %(period)s") % {"gov": government()["short_name"], "period": period.label}
