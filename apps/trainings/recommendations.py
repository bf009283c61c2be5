"""Training recommendations from the evaluation result (DOMAIN.md: "the evaluation result drives the
recommendation"): for an ASN, the programs and upcoming sessions that address the weak spots of
their latest finalised evaluation and their JP gap, each with its reason ("karena ...").

1. The latest evaluation that is no longer a draft (latest period end; on the same day the annual
   evaluation before the periodic one).
2. Its gaps: the predicate when Butuh Perbaikan or worse; every IKI aspect whose mean achievement
   is below the "Di Bawah Ekspektasi" threshold (PerformanceSettings, 80 % by default); every
   BerAKHLAK value rated Di Bawah Ekspektasi. Each gap names competencies through the tables below.
   For a PNS below the yearly JP floor, the JP gap.
3. The active programs the employee is eligible for that teach a named competency, plus, for the
   JP gap, programs with JP and a session still open for registration (at most ``JP_ONLY_LIMIT``
   that no other gap brought, soonest first).
4. Each program with its reasons and its sessions open for registration, ordered by the strongest
   reason (predicate, aspect, value, JP), then by how many reasons, then by name.

The same fixed number of queries for one employee or a whole team, whatever the catalogue size.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Min, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.employees.models import EmploymentType, OrgUnit
from apps.employees.pangkat import GOLONGAN_ORDER
from apps.evaluations.models import BehaviourRating, Evaluation, EvaluationStatus
from apps.evaluations.predicate import Predicate
from apps.indicators.berakhlak import CoreValue
from apps.indicators.models import Aspect, Iki, PerformanceSettings, Rating

from .models import Competency, Enrollment, EnrollmentStatus, JpEntry, TrainingProgram, TrainingSettings
from .selectors import upcoming_sessions
from .services.ledger import JpSummary, summarise

# --- The two mapping tables: a weak spot -> the competencies that address it -------------------
# Competency names are matched case-insensitively against the catalogue (Competency.name); a name
# the catalogue lacks is reported as a need without a program (see ``unmet`` and apps/trainings/
# needs.py), never an error. Change the tables here, nowhere else.

# An IKI aspect whose mean achievement is low.
ASPECT_COMPETENCIES: dict[str, tuple[str, ...]] = {
    Aspect.KUANTITAS: ("Manajemen Waktu", "Literasi Digital"),  # output volume: planning, tools
    Aspect.KUALITAS: ("Pemecahan Masalah", "Pelayanan Prima"),  # quality of the result
    Aspect.WAKTU: ("Manajemen Waktu", "Manajemen Proyek"),  # deadlines
    Aspect.BIAYA: ("Manajemen Proyek", "Pengelolaan Keuangan"),  # budget
}

# A BerAKHLAK core value rated Di Bawah Ekspektasi.
VALUE_COMPETENCIES: dict[str, tuple[str, ...]] = {
    CoreValue.BERORIENTASI_PELAYANAN: ("Pelayanan Prima", "Penanganan Keluhan"),
    CoreValue.AKUNTABEL: ("Integritas dan Antikorupsi",),
    CoreValue.KOMPETEN: ("Pemecahan Masalah", "Literasi Digital"),
    CoreValue.HARMONIS: ("Komunikasi Efektif",),
    CoreValue.LOYAL: ("Wawasan Kebangsaan",),
    CoreValue.ADAPTIF: ("Literasi Digital", "Inovasi Pelayanan"),
    CoreValue.KOLABORATIF: ("Kerja Sama Tim", "Komunikasi Efektif"),
}

# A poor predicate whose evaluation shows no weak spot of the kinds above (a rating hasil kerja set
# below the proposal, or IKI that no longer match the SKP): the performance-management basics.
PREDICATE_COMPETENCIES: tuple[str, ...] = ("Manajemen Kinerja",)

POOR_PREDICATES = (Predicate.BUTUH_PERBAIKAN, Predicate.KURANG, Predicate.SANGAT_KURANG)
KIND_ORDER = {"predicate": 0, "aspect": 1, "value": 2, "jp": 3}
JP_ONLY_LIMIT = 5


@dataclass(frozen=True)
class Gap:
    """One reason for training: what the evaluation (or the JP ledger) shows, as a "karena ..." text,
    and the competencies that address it (empty for the JP gap: any program with JP does)."""

    kind: str  # "predicate", "aspect", "value" or "jp"
    key: str  # the predicate, aspect or value code; the year for "jp"
    text: str
    competencies: tuple[str, ...] = ()


@dataclass
class SessionOption:
    session: object  # TrainingSession
    status: str | None = None  # the employee's enrollment in it, if any

    @property
    def nominable(self) -> bool:
        return self.status is None


@dataclass
class Recommendation:
    program: TrainingProgram
    reasons: list[Gap] = field(default_factory=list)
    competencies: list[Competency] = field(default_factory=list)  # what the program teaches for the gaps
    sessions: list[SessionOption] = field(default_factory=list)
    done_before: bool = False  # the employee completed this program before

    @property
    def rank(self) -> int:
        return min(KIND_ORDER[gap.kind] for gap in self.reasons)

    @property
    def reason_text(self) -> str:
        """The reasons in one line (kept with a nomination, Enrollment.reason)."""
        return "; ".join(gap.text for gap in self.reasons)[:300]


@dataclass
class EmployeeRecommendations:
    employee: object
    evaluation: Evaluation | None
    jp: JpSummary
    gaps: list[Gap]
    items: list[Recommendation]
    unmet: list[str]  # competency names a gap needs that no eligible program teaches

    def for_program(self, program_id: int) -> Recommendation | None:
        return next((item for item in self.items if item.program.pk == program_id), None)


def _number(value: Decimal) -> str:
    """62,5 / 80 (one decimal at most, in the active language)."""
    rounded = Decimal(value).quantize(Decimal("0.1"))
    return number_format(rounded, decimal_pos=0 if rounded == rounded.to_integral() else 1)


# --- Loading ---------------------------------------------------------------------------------


def latest_evaluations(employee_ids=None, *, weak_behaviours_only: bool = False) -> dict[int, Evaluation]:
    """The latest evaluation that is no longer a draft, per employee (``None``: every active
    employee), in one query (DISTINCT ON), with its behaviour ratings (only the Di Bawah ones when
    ``weak_behaviours_only``)."""
    behaviours = BehaviourRating.objects.order_by("pk")
    if weak_behaviours_only:
        behaviours = behaviours.filter(rating=Rating.DI_BAWAH)
    evaluations = (
        Evaluation.objects.exclude(status=EvaluationStatus.DRAFT)
        .select_related("period")
        .prefetch_related(Prefetch("behaviours", queryset=behaviours))
        .order_by("employee_id", "-period__ends_on", "period__kind", "-pk")
        .distinct("employee_id")
    )
    if employee_ids is None:
        evaluations = evaluations.filter(employee__is_active=True)
    else:
        evaluations = evaluations.filter(employee_id__in=list(employee_ids))
    return {evaluation.employee_id: evaluation for evaluation in evaluations}


def iki_aspects(skp_ids) -> dict[int, dict[tuple[str, str], str]]:
    """skp id -> {(RHK text, IKI text): aspect}. The finalised breakdown keeps the texts of the IKI,
    not their aspect; the SKP's rows give it back (an IKI renamed since is left out)."""
    aspects: dict[int, dict[tuple[str, str], str]] = defaultdict(dict)
    rows = Iki.objects.filter(rhk__skp_id__in=list(skp_ids)).values_list("rhk__skp_id", "rhk__text", "text", "aspect")
    for skp_id, rhk_text, iki_text, aspect in rows:
        aspects[skp_id][(rhk_text, iki_text)] = aspect
    return aspects


def aspect_means(evaluation: Evaluation, aspects: dict[tuple[str, str], str]) -> dict[str, Decimal]:
    """Mean achievement per IKI aspect in the evaluation's breakdown (measured IKI only)."""
    values: dict[str, list[Decimal]] = defaultdict(list)
    for rhk in (evaluation.breakdown or {}).get("rhk", []):
        for iki in rhk.get("iki", []):
            aspect = aspects.get((rhk.get("text"), iki.get("text")))
            if aspect and iki.get("percent") is not None:
                values[aspect].append(Decimal(iki["percent"]))
    return {aspect: sum(v) / len(v) for aspect, v in values.items()}


def evaluation_gaps(evaluation: Evaluation, aspects: dict[tuple[str, str], str], threshold: Decimal) -> list[Gap]:
    """The competency gaps an evaluation shows (see the module docstring, step 2)."""
    gaps = []
    for aspect, mean in sorted(aspect_means(evaluation, aspects).items(), key=lambda item: (item[1], item[0])):
        if mean < threshold:
            gaps.append(
                Gap(
                    "aspect",
                    aspect,
                    _("karena capaian aspek %(aspect)s %(percent)s %% (di bawah %(threshold)s %%)")
                    % {
                        "aspect": Aspect(aspect).label.lower(),
                        "percent": _number(mean),
                        "threshold": _number(threshold),
                    },
                    ASPECT_COMPETENCIES.get(aspect, ()),
                )
            )
    for row in evaluation.behaviours.all():
        if row.rating == Rating.DI_BAWAH:
            gaps.append(
                Gap(
                    "value",
                    row.value,
                    _("karena perilaku %(value)s dinilai Di Bawah Ekspektasi") % {"value": CoreValue(row.value).label},
                    VALUE_COMPETENCIES.get(row.value, ()),
                )
            )
    if evaluation.predicate in POOR_PREDICATES:
        weak = tuple(dict.fromkeys(name for gap in gaps for name in gap.competencies)) or PREDICATE_COMPETENCIES
        gaps.insert(
            0,
            Gap(
                "predicate",
                evaluation.predicate,
                _("karena predikat kinerja %(period)s %(predicate)s")
                % {"period": evaluation.period.label, "predicate": Predicate(evaluation.predicate).label},
                weak,
            ),
        )
    return gaps


def _jp_gap(summary: JpSummary, year: int) -> Gap | None:
    if not summary.below_floor:
        return None
    return Gap(
        "jp",
        str(year),
        _("karena JP %(year)s baru %(total)s dari kewajiban %(min)s JP")
        % {"year": year, "total": _number(summary.total), "min": summary.target},
    )


def _unit_chains(unit_ids) -> dict[int, set[int]]:
    """unit id -> the unit and all its ancestors (one query for the whole tree)."""
    parent = dict(OrgUnit.objects.values_list("pk", "parent_id"))
    chains = {}
    for unit_id in set(unit_ids):
        chain, node = set(), unit_id
        while node is not None and node not in chain and len(chain) < 50:
            chain.add(node)
            node = parent.get(node)
        chains[unit_id] = chain
    return chains


def is_eligible(employee, program: TrainingProgram, unit_chain: set[int]) -> bool:
    """The rule of services.enrollment.eligibility_problems, on prefetched rows (``program.units``
    prefetched, the employee's unit chain given): no query per program."""
    if program.jabatan_kinds and employee.jabatan_kind not in program.jabatan_kinds:
        return False
    unit_ids = {unit.pk for unit in program.units.all()}
    if unit_ids and not unit_ids & unit_chain:
        return False
    rank = GOLONGAN_ORDER.get(employee.golongan)
    low, high = GOLONGAN_ORDER.get(program.min_golongan), GOLONGAN_ORDER.get(program.max_golongan)
    if low is None and high is None:
        return True
    if rank is None:
        return False
    return not ((low is not None and rank < low) or (high is not None and rank > high))


# --- The recommendations ----------------------------------------------------------------------


def recommendations_for(employee, *, today: datetime.date | None = None) -> EmployeeRecommendations:
    return recommendations_for_many([employee], today=today)[employee.pk]


def recommendations_for_many(employees, *, today: datetime.date | None = None) -> dict[int, EmployeeRecommendations]:
    """employee id -> their recommendations; a fixed number of queries for any number of people."""
    employees = list(employees)
    today = today or timezone.localdate()
    ids = [e.pk for e in employees]
    evaluations = latest_evaluations(ids)
    aspects = iki_aspects({e.skp_id for e in evaluations.values()})
    threshold = PerformanceSettings.current().below_threshold
    config = TrainingSettings.current()
    jp_rows = {
        row["employee_id"]: row
        for row in JpEntry.objects.filter(employee_id__in=ids, year=today.year)
        .values("employee_id")
        .annotate(total=Sum("jp"), counted=Sum("jp", filter=Q(counts_toward_pppk_cap=True)))
    }
    programs = list(
        TrainingProgram.objects.filter(is_active=True).prefetch_related("competencies", "units").order_by("name", "pk")
    )
    # Which programs have a session open for registration, and its first date: enough to choose.
    # The sessions themselves are loaded afterwards for the chosen programs only (a city's year of
    # sessions, loaded whole, was a fifth of an ASN's home page).
    open_sessions = upcoming_sessions().filter(registration_deadline__gte=today)
    firsts = open_sessions.order_by().values("program_id").annotate(first=Min("starts_on"))
    first_open = dict(firsts.values_list("program_id", "first"))
    enrolled, completed = {}, set()
    for employee_id, session_id, program_id, status in Enrollment.objects.filter(employee_id__in=ids).values_list(
        "employee_id", "session_id", "session__program_id", "status"
    ):
        if status in (EnrollmentStatus.REGISTERED, EnrollmentStatus.WAITLISTED):
            enrolled[(employee_id, session_id)] = status
        elif status == EnrollmentStatus.COMPLETED:
            completed.add((employee_id, program_id))
    chains = _unit_chains(e.unit_id for e in employees)

    result = {}
    for employee in employees:
        evaluation = evaluations.get(employee.pk)
        gaps = evaluation_gaps(evaluation, aspects.get(evaluation.skp_id, {}), threshold) if evaluation else []
        row = jp_rows.get(employee.pk) or {}
        jp = summarise(employee, row.get("total") or Decimal(0), row.get("counted") or Decimal(0), config)
        jp_gap = _jp_gap(jp, today.year) if employee.employment_type == EmploymentType.PNS else None
        eligible = [p for p in programs if is_eligible(employee, p, chains.get(employee.unit_id, set()))]
        items = _match(employee, gaps, jp_gap, eligible, first_open, completed)
        taught = {c.name.lower() for item in items for c in item.competencies}
        wanted = dict.fromkeys(n for gap in gaps for n in gap.competencies)
        unmet = [name for name in wanted if name.lower() not in taught]
        result[employee.pk] = EmployeeRecommendations(
            employee, evaluation, jp, gaps + ([jp_gap] if jp_gap else []), items, unmet
        )
    chosen = {item.program.pk for found in result.values() for item in found.items}
    sessions = defaultdict(list)
    for session in open_sessions.filter(program_id__in=chosen or [0]):  # [0]: the same one query when none
        sessions[session.program_id].append(session)
    for found in result.values():
        for item in found.items:
            options = sessions.get(item.program.pk, [])
            item.sessions = [SessionOption(s, enrolled.get((found.employee.pk, s.pk))) for s in options]
    return result


def _match(employee, gaps, jp_gap, programs, first_open, completed) -> list[Recommendation]:
    """The employee's recommendations, best first, without their sessions (added by the caller).
    ``first_open``: program id -> the first date of a session open for registration."""
    items: dict[int, Recommendation] = {}
    for gap in gaps:
        wanted = {name.lower() for name in gap.competencies}
        for program in programs:
            matching = [c for c in program.competencies.all() if c.name.lower() in wanted]
            if not matching:
                continue
            item = items.setdefault(program.pk, Recommendation(program))
            item.reasons.append(gap)
            item.competencies.extend(c for c in matching if c not in item.competencies)
    if jp_gap is not None:
        for item in items.values():
            if item.program.jp > 0 and item.program.pk in first_open:
                item.reasons.append(jp_gap)
        jp_only = [p for p in programs if p.pk not in items and p.jp > 0 and p.pk in first_open]
        jp_only.sort(key=lambda p: (first_open[p.pk], p.name, p.pk))
        for program in jp_only[:JP_ONLY_LIMIT]:
            items[program.pk] = Recommendation(program, reasons=[jp_gap])
    for item in items.values():
        item.done_before = (employee.pk, item.program.pk) in completed
    return sorted(items.values(), key=lambda item: (item.rank, -len(item.reasons), item.program.name, item.program.pk))


def team_recommendations(supervisor, *, today: datetime.date | None = None) -> list[EmployeeRecommendations]:
    """The pejabat penilai's direct subordinates (Plt/Plh included), by name, with their
    recommendations."""
    from apps.employees import hierarchy

    people = list(hierarchy.direct_subordinates(supervisor.pk).select_related("unit").order_by("name", "pk"))
    found = recommendations_for_many(people, today=today)
    return [found[p.pk] for p in people]


def gap_counts() -> dict[str, int]:
    """Competency name (lower case) -> how many active employees' latest evaluations show a gap that
    names it: the evaluations' side of the training needs analysis (each person once per name)."""
    evaluations = latest_evaluations(None, weak_behaviours_only=True)
    aspects = iki_aspects({e.skp_id for e in evaluations.values()})
    threshold = PerformanceSettings.current().below_threshold
    counts: dict[str, int] = defaultdict(int)
    for evaluation in evaluations.values():
        names = {n.lower() for gap in evaluation_gaps(evaluation, aspects.get(evaluation.skp_id, {}), threshold)
                 for n in gap.competencies}  # fmt: skip
        for name in names:
            counts[name] += 1
    return dict(counts)
