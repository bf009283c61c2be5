"""Reads of the SKM survey: the units citizens can rate, survey periods, who reads which unit's IKM,
and the aggregates behind the IKM pages, the SKM report and the dashboards.

Every aggregate is one query whatever the number of responses or units (the IKM itself comes from
``selectors.ikm.ikm_by_unit``); the formula lives in ``apps/public_feedback/ikm.py``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import access
from apps.employees.hierarchy import acting_unit_ids, unit_subtree_ids
from apps.employees.models import OrgUnit, OrgUnitKind

from ..ikm import Ikm, compute
from ..models import ELEMENTS, AgeBand, Education, Gender, Occupation, PublicService, SkmResponse, UnitHandler
from .ikm import ikm_by_unit

# --- Periods -----------------------------------------------------------------------------------

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Period:
    """A survey period: a month ("2026-03"), quarter ("2026-T1"), semester ("2026-S1") or year ("2026")."""

    code: str
    start: datetime.date
    end: datetime.date
    label: str

    @property
    def dates(self) -> str:
        return f"{date_format(self.start, 'j F Y')} – {date_format(self.end, 'j F Y')}"


def _month_end(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def period_month(year: int, month: int) -> Period:
    start = datetime.date(year, month, 1)
    return Period(f"{year}-{month:02d}", start, _month_end(year, month), date_format(start, "F Y"))


def _months(year: int, number: int, length: int, letter: str, label: str) -> Period:
    """The ``number``-th run of ``length`` months of the year (quarter: 3, semester: 6)."""
    first = length * (number - 1) + 1
    start, end = datetime.date(year, first, 1), _month_end(year, first + length - 1)
    return Period(f"{year}-{letter}{number}", start, end, label % {"n": ROMAN[number], "year": year})


def period_quarter(year: int, quarter: int) -> Period:
    return _months(year, quarter, 3, "T", _("Triwulan %(n)s %(year)s"))


def period_semester(year: int, semester: int) -> Period:
    return _months(year, semester, 6, "S", _("Semester %(n)s %(year)s"))


def period_year(year: int) -> Period:
    return Period(
        str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31), _("Tahun %(year)s") % {"year": year}
    )


def period_parse(code: str | None) -> Period | None:
    """The period a code names, or None for anything else (a typed URL must not become a 500)."""
    code = (code or "").strip().upper()
    try:
        year_text, sep, rest = code.partition("-")
        year = int(year_text)
        if not 2000 <= year <= 2100 or len(year_text) != 4:
            return None
        if not sep:
            return period_year(year)
        if rest[:1] == "T" and rest[1:] in {"1", "2", "3", "4"}:
            return period_quarter(year, int(rest[1:]))
        if rest[:1] == "S" and rest[1:] in {"1", "2"}:
            return period_semester(year, int(rest[1:]))
        if rest.isdigit() and len(rest) == 2 and 1 <= int(rest) <= 12:
            return period_month(year, int(rest))
    except ValueError:
        return None
    return None


def months_in(period: Period) -> int:
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


def period_default(today: datetime.date | None = None) -> Period:
    """This year so far: the period the regulation asks every unit to survey at least once."""
    return period_year((today or timezone.localdate()).year)


def period_options(today: datetime.date | None = None, *, years: int = 2) -> list[tuple[str, list[Period]]]:
    """The choices of the period selector, newest year first: (year label, periods of that year)."""
    today = today or timezone.localdate()
    groups = []
    for year in range(today.year, today.year - years, -1):
        periods = [period_year(year)]
        periods += [period_semester(year, s) for s in (1, 2)]
        periods += [period_quarter(year, q) for q in (1, 2, 3, 4)]
        periods += [period_month(year, m) for m in range(1, 13)]
        groups.append((str(year), [p for p in periods if p.start <= today]))
    return groups


# --- The units citizens can rate -----------------------------------------------------------------


def _perangkat_daerah() -> QuerySet[OrgUnit]:
    """Active units right under the government (or at the top when there is no government row)."""
    top = Q(parent__kind=OrgUnitKind.PEMERINTAH) | (Q(parent__isnull=True) & ~Q(kind=OrgUnitKind.PEMERINTAH))
    return OrgUnit.objects.filter(top, is_active=True)


def survey_units(query: str = "") -> QuerySet[OrgUnit]:
    """Units that serve the public (those with an active PublicService), or every perangkat daerah
    while no service is recorded yet; ``query`` matches the unit's names and its services."""
    services = PublicService.objects.filter(is_active=True)
    if services.exists():
        units = OrgUnit.objects.filter(is_active=True, pk__in=services.values("unit_id"))
    else:
        units = _perangkat_daerah()
    query = " ".join(query.split())[:100]
    if query:
        units = units.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(public_services__is_active=True, public_services__name__icontains=query)
            | Q(public_services__is_active=True, public_services__keywords__icontains=query)
        ).distinct()
    return units.order_by("name")


def survey_unit_list(query: str = "") -> list[OrgUnit]:
    """The start page's list: each unit with its active services (``unit.active_services``); two queries."""
    active = Prefetch(
        "public_services", PublicService.objects.filter(is_active=True).order_by("name"), "active_services"
    )
    return list(survey_units(query).prefetch_related(active))


def survey_unit_get(pk) -> OrgUnit:
    """A unit citizens can rate, or 404."""
    try:
        return survey_units().get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def unit_services(unit) -> list[PublicService]:
    return list(PublicService.objects.filter(unit=unit, is_active=True).order_by("name"))


# --- Who reads which unit's IKM ------------------------------------------------------------------


@dataclass(frozen=True)
class IkmScope:
    """Units whose IKM a user reads: ``everything`` for admins and leaders; else ``ids`` (the units
    they head, with the units below, and those whose complaints they handle) of which ``own`` are
    the ones they head or handle directly."""

    everything: bool
    ids: frozenset[int] = frozenset()
    own: frozenset[int] = frozenset()

    def __contains__(self, unit_id) -> bool:
        return self.everything or unit_id in self.ids

    def __bool__(self) -> bool:
        return self.everything or bool(self.ids)


def ikm_scope_for(user) -> IkmScope:
    """Computed once per request (kept on the user object, as apps/core/access does)."""
    if not getattr(user, "is_authenticated", False):
        return IkmScope(False)
    if "_sikap_ikm_scope" not in user.__dict__:
        if access.is_admin(user) or access.is_leader(user):
            found = IkmScope(True)
        else:
            me = access.employee_of(user)
            found = IkmScope(False) if me is None else _scope_of_employee(me)
        user.__dict__["_sikap_ikm_scope"] = found
    return user.__dict__["_sikap_ikm_scope"]


def _scope_of_employee(me) -> IkmScope:
    headed = set(OrgUnit.objects.filter(head=me).values_list("pk", flat=True)) | set(acting_unit_ids(me.pk))
    handled = set(UnitHandler.objects.filter(employee=me).values_list("unit_id", flat=True))
    ids = set(handled)
    for unit_id in headed:  # a head usually heads one unit: one recursive query each
        ids.update(unit_subtree_ids(unit_id))
    return IkmScope(False, frozenset(ids), frozenset(headed | handled))


def ikm_unit_get_for(user, pk) -> OrgUnit:
    """A unit whose IKM the user reads; any other unit, existing or not, is a 404."""
    scope = ikm_scope_for(user)
    try:
        unit = OrgUnit.objects.select_related("parent", "head").get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if unit.pk not in scope:
        raise Http404
    return unit


# --- Aggregates --------------------------------------------------------------------------------


@dataclass
class IkmRow:
    unit: OrgUnit
    ikm: Ikm


EMPTY = compute(0, [0] * len(ELEMENTS))


def ikm_table(user, period: Period) -> list[IkmRow]:
    """The IKM of every unit the user reads that is surveyed or has responses in the period (and,
    for a head or handler, their own units even without responses); best IKM first, units without
    responses last. Three queries whatever the number of units or responses."""
    scope = ikm_scope_for(user)
    results = ikm_by_unit(period.start, period.end, unit_ids=None if scope.everything else scope.ids)
    shown = Q(pk__in=list(results)) | Q(pk__in=survey_units().values("pk"))
    if scope.everything:
        units = OrgUnit.objects.filter(shown)
    else:
        units = OrgUnit.objects.filter(pk__in=scope.ids).filter(shown | Q(pk__in=scope.own))
    rows = [IkmRow(unit, results.get(unit.pk, EMPTY)) for unit in units.order_by("name")]
    rows.sort(key=lambda row: (row.ikm.exact is None, -(row.ikm.exact or 0)))
    return rows


def pooled(ikms) -> Ikm:
    """One IKM over all the responses behind several units' IKM (exact: NRR x n gives the totals back)."""
    ikms = [ikm for ikm in ikms if ikm.respondents]
    respondents = sum(ikm.respondents for ikm in ikms)
    totals = [sum((ikm.nrr[i] * ikm.respondents for ikm in ikms), Fraction(0)) for i in range(len(ELEMENTS))]
    return compute(respondents, [int(total) for total in totals])


@dataclass
class IkmSummary:
    """For the dashboards: the city's IKM over all responses, the units surveyed, units per grade,
    and the weakest units (lowest IKM first)."""

    overall: Ikm
    units: int
    by_grade: dict[str, int]
    lowest: list[IkmRow] = field(default_factory=list)


def ikm_summary(start: datetime.date, end: datetime.date, *, lowest: int = 5) -> IkmSummary:
    """Two queries whatever the number of units or responses."""
    results = ikm_by_unit(start, end)
    by_grade = dict.fromkeys(("A", "B", "C", "D"), 0)
    for ikm in results.values():
        by_grade[ikm.grade] += 1
    weakest = sorted(results.items(), key=lambda item: item[1].exact)[:lowest]
    units = OrgUnit.objects.in_bulk([unit_id for unit_id, _ikm in weakest]) if weakest else {}
    return IkmSummary(
        overall=pooled(results.values()),
        units=len(results),
        by_grade=by_grade,
        lowest=[IkmRow(units[unit_id], ikm) for unit_id, ikm in weakest if unit_id in units],
    )


def _unit_responses(unit, start: datetime.date, end: datetime.date) -> QuerySet[SkmResponse]:
    return SkmResponse.objects.filter(unit=unit, answered_on__gte=start, answered_on__lte=end, is_hidden=False)


def _months_back(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def ikm_trend(unit, end: datetime.date, *, months: int = 12) -> list[tuple[datetime.date, Ikm]]:
    """The unit's IKM per month for the ``months`` months ending with ``end``'s month (months
    without responses read empty); one query."""
    first = _months_back(end, months - 1)
    rows = (
        _unit_responses(unit, first, end)
        .annotate(month=TruncMonth("answered_on"))
        .values("month")
        .annotate(n=Count("id"), **{e: Sum(e) for e in ELEMENTS})
        .order_by("month")
    )
    found = {row["month"]: compute(row["n"], [row[e] for e in ELEMENTS]) for row in rows}
    months_list = [_months_back(end, back) for back in range(months - 1, -1, -1)]
    return [(month, found.get(month, EMPTY)) for month in months_list]


PROFILE_FIELDS = (("gender", Gender), ("age_band", AgeBand), ("education", Education), ("occupation", Occupation))


def respondent_profile(unit, start: datetime.date, end: datetime.date) -> list[dict]:
    """Respondents per answer of each profile question (and "tidak diisi"), one query:
    [{"field": "gender", "title": ..., "rows": [(label, count), ...], "total": n}]."""
    slots = {}
    for index, (name, choices) in enumerate(PROFILE_FIELDS):
        for position, value in enumerate([*choices.values, ""]):
            slots[f"p{index}_{position}"] = (name, value)
    counts = _unit_responses(unit, start, end).aggregate(
        **{alias: Count("id", filter=Q(**{name: value})) for alias, (name, value) in slots.items()}
    )
    titles = {
        "gender": _("Jenis kelamin"),
        "age_band": _("Usia"),
        "education": _("Pendidikan"),
        "occupation": _("Pekerjaan"),
    }
    profile = []
    for index, (name, choices) in enumerate(PROFILE_FIELDS):
        labels = [*(str(label) for label in choices.labels), _("Tidak diisi")]
        rows = [(labels[position], counts[f"p{index}_{position}"]) for position in range(len(labels))]
        profile.append({"field": name, "title": titles[name], "rows": rows, "total": sum(c for _l, c in rows)})
    return profile


def suggestions(unit, start: datetime.date, end: datetime.date) -> QuerySet[SkmResponse]:
    """The unit's non-empty suggestions in the period, newest first."""
    return (
        _unit_responses(unit, start, end)
        .exclude(suggestion="")
        .select_related("service")
        .only("answered_on", "suggestion", "service__name")
        .order_by("-answered_on", "-pk")
    )
