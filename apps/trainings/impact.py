"""Did training improve performance? Per program, participants before and after their session
against comparable colleagues who did not take it (a difference-in-differences).

1. Participants: employees with a completed enrollment in the program (their first completed
   session counts).
2. Windows: the N evaluation periods (``TrainingSettings.impact_periods``, periodic periods of the
   configured kind, monthly or quarterly) that end before the session starts, and the N that start
   after it ends. The period the session runs in belongs to neither.
3. A participant's "before" and "after" are the means of their achievement (%) in finalised
   evaluations (any status but draft) in those windows; one measured period on each side suffices.
   Participants measured on both sides are the ones the figures use.
4. Comparables of a participant: employees with the same jabatan kind and the same unit kind
   (dinas, kecamatan, kelurahan ...; both as recorded now) who never enrolled in the program,
   measured on both sides of the *same calendar windows*; the comparison group's before and after
   are the means of their means.
5. The program's figures are means over measured participants: participants' before and after,
   comparables' before and after (over the participants that have comparables), and
   difference-in-differences = (after - before of participants) - (after - before of comparables).
6. Incentive candidates: measured participants whose after exceeds their before by more than
   ``TrainingSettings.incentive_margin`` points.

Complaint counts and the units' IKM come from other apps through ``IMPACT_SOURCES``; until those
apps register, the page says "belum ada data". A fixed number of queries whatever the number of
programs, sessions or employees.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core import charts
from apps.evaluations.models import Evaluation, EvaluationPeriod, EvaluationStatus, PeriodKind
from apps.evaluations.predicate import Predicate
from apps.indicators.models import PerformanceSettings

from .models import Enrollment, EnrollmentStatus, TrainingProgram, TrainingSettings


@dataclass(frozen=True)
class ParticipantWindow:
    """What an outcome source needs to count around one participant's training."""

    employee_id: int
    unit_id: int
    before_start: datetime.date | None
    before_end: datetime.date | None
    after_start: datetime.date | None
    after_end: datetime.date | None


# Citizens' voice around the participants, registered by the apps that own it: "complaints"
# (complaints about the participants) and "ikm" (their units' IKM). Each is a callable
# (program, windows: list[ParticipantWindow]) -> {"before": ..., "after": ..., "detail": ...} or None;
# until one is registered its row reads "belum ada data".
IMPACT_SOURCES: dict[str, Callable] = {}
IMPACT_LABELS = {
    "complaints": gettext_lazy("Pengaduan masyarakat tentang peserta"),
    "ikm": gettext_lazy("IKM unit kerja peserta"),
}

HUNDREDTH = Decimal("0.01")


def _mean(values) -> Decimal | None:
    values = [Decimal(v) for v in values if v is not None]
    return sum(values) / len(values) if values else None


def _round(value: Decimal | None) -> Decimal | None:
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP) if value is not None else None


def _diff(after: Decimal | None, before: Decimal | None) -> Decimal | None:
    return after - before if after is not None and before is not None else None


@dataclass
class ParticipantImpact:
    employee: object
    session: object
    before: Decimal | None
    after: Decimal | None
    comparables: int = 0
    comparable_before: Decimal | None = None
    comparable_after: Decimal | None = None

    @property
    def measured(self) -> bool:
        return self.before is not None and self.after is not None

    @property
    def change(self) -> Decimal | None:
        return _round(_diff(self.after, self.before))


@dataclass
class ProgramImpact:
    program: TrainingProgram
    periods: int
    margin: Decimal
    participants: list[ParticipantImpact] = field(default_factory=list)
    before: Decimal | None = None
    after: Decimal | None = None
    comparable_before: Decimal | None = None
    comparable_after: Decimal | None = None
    without_comparables: int = 0
    predicates: list[dict] = field(default_factory=list)
    outcomes: list[dict] = field(default_factory=list)

    @property
    def measured(self) -> list[ParticipantImpact]:
        return [p for p in self.participants if p.measured]

    @property
    def change(self) -> Decimal | None:
        return _round(_diff(self.after, self.before))

    @property
    def comparable_change(self) -> Decimal | None:
        return _round(_diff(self.comparable_after, self.comparable_before))

    @property
    def did(self) -> Decimal | None:
        """Difference-in-differences, in percentage points of achievement."""
        own, other = _diff(self.after, self.before), _diff(self.comparable_after, self.comparable_before)
        return _round(_diff(own, other))

    @property
    def incentives(self) -> list[ParticipantImpact]:
        chosen = [p for p in self.measured if p.after - p.before > self.margin]
        return sorted(chosen, key=lambda p: (-(p.after - p.before), p.employee.name, p.employee.pk))

    def chart(self):
        bars = [
            (_("Peserta, sebelum"), self.before),
            (_("Peserta, sesudah"), self.after),
            (_("Pembanding, sebelum"), self.comparable_before),
            (_("Pembanding, sesudah"), self.comparable_after),
        ]
        return charts.bar_chart(
            [(label, float(value) if value is not None else None) for label, value in bars],
            title=_("Rata-rata capaian sebelum dan sesudah pelatihan: %(program)s") % {"program": self.program.name},
            max_value=120,
            reference=100,
            width=280,
            label_width=112,
            bar_height=16,
            colors=["#8fb3d9", charts.PRIMARY, "#c9ced6", charts.MUTED],
        )


def _windows(periods: list[EvaluationPeriod], session, n: int) -> tuple[tuple, tuple]:
    before = [p for p in periods if p.ends_on < session.starts_on][-n:]
    after = [p for p in periods if p.starts_on > session.ends_on][:n]
    return tuple(before), tuple(after)


def _window_mean(scores: dict[int, tuple], window: tuple) -> Decimal | None:
    return _mean(scores[p.pk][0] for p in window if p.pk in scores)


def program_impacts(programs=None) -> list[ProgramImpact]:
    """The impact of every program with completed participants (or of the ``programs`` given),
    by program name. Queries: settings (2), participants, enrollments, periods, evaluations."""
    config = TrainingSettings.current()
    n, margin = config.impact_periods, Decimal(config.incentive_margin)
    count = PerformanceSettings.current().periods_per_year
    completed = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED).select_related(
        "session__program", "employee__unit"
    )
    if programs is not None:
        completed = completed.filter(session__program__in=list(programs))
    first: dict[tuple[int, int], Enrollment] = {}
    for enrollment in completed.order_by("session__starts_on", "pk"):
        first.setdefault((enrollment.session.program_id, enrollment.employee_id), enrollment)
    if not first:
        return []
    program_ids = {program_id for program_id, _employee in first}
    enrolled = defaultdict(set)  # program -> everyone who ever enrolled (no comparable for it)
    for program_id, employee_id in (
        Enrollment.objects.filter(session__program_id__in=program_ids)
        .exclude(status=EnrollmentStatus.CANCELLED)
        .values_list("session__program_id", "employee_id")
    ):
        enrolled[program_id].add(employee_id)
    periods = list(EvaluationPeriod.objects.filter(kind=PeriodKind.PERIODIC, count=count).order_by("starts_on", "pk"))
    windows = {key: _windows(periods, e.session, n) for key, e in first.items()}
    period_ids = {p.pk for before, after in windows.values() for p in before + after}
    cells = {(e.employee.jabatan_kind, e.employee.unit.kind) for e in first.values()}

    scores: dict[int, dict[int, tuple]] = defaultdict(dict)  # employee -> period -> (achievement, predicate)
    members: dict[tuple[str, str], set[int]] = defaultdict(set)
    rows = (
        Evaluation.objects.exclude(status=EvaluationStatus.DRAFT)
        .filter(
            period_id__in=period_ids,
            employee__jabatan_kind__in={cell[0] for cell in cells},
            employee__unit__kind__in={cell[1] for cell in cells},
        )
        .values_list(
            "employee_id", "employee__jabatan_kind", "employee__unit__kind", "period_id", "achievement", "predicate"
        )
    )
    for employee_id, jabatan_kind, unit_kind, period_id, achievement, predicate in rows:
        if (jabatan_kind, unit_kind) in cells:
            scores[employee_id][period_id] = (achievement, predicate)
            members[(jabatan_kind, unit_kind)].add(employee_id)

    by_program: dict[int, list] = defaultdict(list)
    for (program_id, _employee_id), enrollment in first.items():
        by_program[program_id].append(enrollment)
    results = []
    for program_id, enrollments in by_program.items():
        program = enrollments[0].session.program
        results.append(_program(program, enrollments, windows, scores, members, enrolled[program_id], n, margin))
    return sorted(results, key=lambda impact: (impact.program.name, impact.program.pk))


def _program(program, enrollments, windows, scores, members, excluded, n, margin) -> ProgramImpact:
    impact = ProgramImpact(program, n, margin)
    groups: dict[tuple, tuple] = {}  # (cell, before, after) -> (comparable means, predicate rows)
    predicate_counts = {key: Counter() for key in ("before", "after", "comparable_before", "comparable_after")}
    seen_comparables: set[tuple] = set()
    for enrollment in sorted(enrollments, key=lambda e: (e.employee.name, e.employee.pk)):
        employee = enrollment.employee
        before, after = windows[(program.pk, employee.pk)]
        own = scores.get(employee.pk, {})
        participant = ParticipantImpact(
            employee, enrollment.session, _window_mean(own, before), _window_mean(own, after)
        )
        impact.participants.append(participant)
        if not participant.measured:
            continue
        for side, window in (("before", before), ("after", after)):
            predicate_counts[side].update(own[p.pk][1] for p in window if p.pk in own and own[p.pk][1])
        cell = (employee.jabatan_kind, employee.unit.kind)
        key = (cell, before, after)
        if key not in groups:
            means = []
            for other in sorted(members.get(cell, ())):
                if other in excluded:
                    continue
                theirs = scores[other]
                b, a = _window_mean(theirs, before), _window_mean(theirs, after)
                if b is None or a is None:
                    continue
                means.append((b, a))
                for side, window in (("comparable_before", before), ("comparable_after", after)):
                    for p in window:
                        if p.pk in theirs and theirs[p.pk][1] and (other, p.pk, side) not in seen_comparables:
                            seen_comparables.add((other, p.pk, side))
                            predicate_counts[side][theirs[p.pk][1]] += 1
            groups[key] = means
        means = groups[key]
        participant.comparables = len(means)
        participant.comparable_before = _mean(b for b, _a in means)
        participant.comparable_after = _mean(a for _b, a in means)
    measured = impact.measured
    impact.before = _mean(p.before for p in measured)
    impact.after = _mean(p.after for p in measured)
    matched = [p for p in measured if p.comparables]
    impact.without_comparables = len(measured) - len(matched)
    impact.comparable_before = _mean(p.comparable_before for p in matched)
    impact.comparable_after = _mean(p.comparable_after for p in matched)
    impact.predicates = [
        {"code": code, "label": label, **{side: counts[code] for side, counts in predicate_counts.items()}}
        for code, label in Predicate.choices
    ]
    impact.outcomes = _outcomes(program, measured, windows)
    return impact


def _outcomes(program, measured: list[ParticipantImpact], windows) -> list[dict]:
    spans = []
    for participant in measured:
        before, after = windows[(program.pk, participant.employee.pk)]
        spans.append(
            ParticipantWindow(
                participant.employee.pk,
                participant.employee.unit_id,
                before[0].starts_on if before else None,
                before[-1].ends_on if before else None,
                after[0].starts_on if after else None,
                after[-1].ends_on if after else None,
            )
        )
    rows = []
    for key, label in IMPACT_LABELS.items():
        source = IMPACT_SOURCES.get(key)
        found = source(program, spans) if source and spans else None
        rows.append({"key": key, "label": label, **(found or {"before": None, "after": None})})
    return rows


def program_impact(program: TrainingProgram) -> ProgramImpact:
    """One program's impact; a program without completed participants reads empty."""
    found = program_impacts([program])
    if found:
        return found[0]
    config = TrainingSettings.current()
    impact = ProgramImpact(program, config.impact_periods, Decimal(config.incentive_margin))
    impact.outcomes = _outcomes(program, [], {})
    return impact
