"""Training needs analysis (analisis kebutuhan pelatihan), with the ASN in the planning.

Once a year BKPSDM opens a needs survey for the coming year; while it is open every ASN proposes
the competencies, programs or, in their own words, the training they need, and the pejabat
penilai adds theirs for the team. BKPSDM reads the demand by competency, perangkat daerah and
jabatan kind next to the gaps that evaluations show (apps/trainings/recommendations.py), and
turns a demanded competency into a program in one click, then schedules its sessions.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import access
from apps.employees import hierarchy
from apps.employees.models import JabatanKind

from .models import Competency, LearningPath, NeedProposal, NeedsSurvey, TrainingProgram
from .recommendations import ASPECT_COMPETENCIES, PREDICATE_COMPETENCIES, VALUE_COMPETENCIES, gap_counts

# A program created from a demanded competency starts as a two-day workshop; BKPSDM adjusts it
# (JP, path, partner, who it is for) in the admin before scheduling.
NEW_PROGRAM_PATH = LearningPath.KLASIKAL
NEW_PROGRAM_METHOD = "workshop"
NEW_PROGRAM_JP = Decimal(16)


def _today() -> datetime.date:
    return timezone.localdate()


def is_open(survey: NeedsSurvey, today: datetime.date | None = None) -> bool:
    today = today or _today()
    return survey.opens_on <= today <= survey.closes_on


# --- Services ------------------------------------------------------------------------------------


def survey_open(*, actor, year: int, opens_on: datetime.date, closes_on: datetime.date) -> NeedsSurvey:
    """BKPSDM opens the survey for a year (once per year)."""
    if not access.is_admin(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang membuka survei kebutuhan pelatihan."))
    errors = {}
    if not 2000 <= year <= 2100:
        errors["year"] = [_("Tahun tidak valid.")]
    if opens_on and closes_on and closes_on < opens_on:
        errors["closes_on"] = [_("Tanggal tutup tidak boleh sebelum tanggal buka.")]
    if NeedsSurvey.objects.filter(year=year).exists():
        errors["year"] = [_("Survei kebutuhan pelatihan %(year)s sudah dibuka.") % {"year": year}]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return NeedsSurvey.objects.create(year=year, opens_on=opens_on, closes_on=closes_on)
    except IntegrityError as exc:  # opened twice at once
        raise ValidationError(
            {"year": [_("Survei kebutuhan pelatihan %(year)s sudah dibuka.") % {"year": year}]}
        ) from exc


def may_propose_for(actor, employee) -> bool:
    """An ASN for themself; the pejabat penilai (a Plt/Plh included) for a team member."""
    me = access.employee_of(actor)
    if me is None:
        return False
    return me.pk == employee.pk or hierarchy.is_evaluator_of(me.pk, employee)


def need_propose(
    *, actor, survey: NeedsSurvey, employee, competency=None, program=None, text: str = ""
) -> NeedProposal:
    if not may_propose_for(actor, employee):
        raise PermissionDenied(_("Anda hanya dapat mengusulkan untuk diri sendiri atau anggota tim Anda."))
    if not is_open(survey):
        raise ValidationError(
            _("Survei %(year)s dibuka %(start)s sampai %(end)s.")
            % {
                "year": survey.year,
                "start": date_format(survey.opens_on, "j F Y"),
                "end": date_format(survey.closes_on, "j F Y"),
            }
        )
    text = " ".join((text or "").split())
    if competency is None and program is None and not text:
        raise ValidationError(_("Pilih kompetensi atau program, atau tuliskan kebutuhannya."))
    if len(text) > 500:
        raise ValidationError({"text": [_("Paling banyak 500 karakter.")]})
    if program is not None and not program.is_active:
        raise ValidationError({"program": [_("Program ini tidak aktif lagi.")]})
    same = NeedProposal.objects.filter(survey=survey, employee=employee)
    if (competency is not None and same.filter(competency=competency).exists()) or (
        program is not None and same.filter(program=program).exists()
    ):
        raise ValidationError(_("Kebutuhan ini sudah diusulkan untuk %(name)s.") % {"name": employee.full_name})
    return NeedProposal.objects.create(
        survey=survey, employee=employee, proposed_by=actor, competency=competency, program=program, text=text
    )


def need_withdraw(*, actor, proposal: NeedProposal) -> None:
    """The one who proposed it, or the employee it is for, while the survey is open."""
    me = access.employee_of(actor)
    if proposal.proposed_by_id != actor.pk and (me is None or me.pk != proposal.employee_id):
        raise PermissionDenied(_("Usulan ini bukan milik Anda."))
    if not is_open(proposal.survey):
        raise ValidationError(_("Survei sudah ditutup; usulan tidak dapat diubah lagi."))
    proposal.delete()


def program_from_competency(*, actor, competency: Competency, survey: NeedsSurvey | None = None):
    """BKPSDM's one click: a program teaching the demanded competency, to be scheduled next.
    Returns (program, created); a second click finds the program made by the first."""
    if not access.is_admin(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang menyusun program pelatihan."))
    name = _("Pelatihan %(competency)s") % {"competency": competency.name}
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="training_program_from_need"):
        Competency.objects.select_for_update().get(pk=competency.pk)  # two clicks at once make one program
        existing = TrainingProgram.objects.annotate(lname=Lower("name")).filter(lname=name.lower()).first()
        if existing is not None:
            return existing, False
        description = _("Disusun dari analisis kebutuhan pelatihan %(year)s.") % {"year": survey.year} if survey else ""
        program = TrainingProgram.objects.create(
            name=name,
            path=NEW_PROGRAM_PATH,
            method=NEW_PROGRAM_METHOD,
            jp=NEW_PROGRAM_JP,
            description=description,
        )
        program.competencies.add(competency)
    return program, True


# --- Selectors -----------------------------------------------------------------------------------


def survey_current(today: datetime.date | None = None) -> NeedsSurvey | None:
    """The survey open today (the one for the nearest year, should two overlap)."""
    today = today or _today()
    return NeedsSurvey.objects.filter(opens_on__lte=today, closes_on__gte=today).order_by("year").first()


def survey_for(year: int | None) -> NeedsSurvey | None:
    surveys = NeedsSurvey.objects.order_by("-year")
    return (surveys.filter(year=year).first() if year else None) or surveys.first()


def proposable_employees(user) -> list:
    """Whom the user may propose for: themself first, then their team by name."""
    me = access.employee_of(user)
    if me is None:
        return []
    return [me, *hierarchy.direct_subordinates(me.pk).order_by("name", "pk")]


def proposals_for(user, survey: NeedsSurvey) -> list[NeedProposal]:
    """The proposals about the user and their team, and the ones the user made."""
    people = [e.pk for e in proposable_employees(user)]
    return list(
        NeedProposal.objects.filter(survey=survey)
        .filter(employee_id__in=people)
        .select_related("employee", "competency", "program", "proposed_by")
        .order_by("employee__name", "employee_id", "pk")
    )


@dataclass
class CompetencyRow:
    name: str
    competency: Competency | None
    demand: int = 0  # people who asked for it (directly, or through a program that teaches it)
    by_supervisor: int = 0  # of them, proposed by their pejabat penilai
    gaps: int = 0  # people whose latest evaluation shows a gap that names it
    programs: list = field(default_factory=list)  # active programs that teach it


@dataclass
class GroupRow:
    label: str
    people: int
    proposals: int
    top: list[tuple[str, int]]  # the most demanded competencies (name, people)


def _competencies_of(proposal: NeedProposal) -> list[Competency]:
    if proposal.competency is not None:
        return [proposal.competency]
    if proposal.program is not None:
        return list(proposal.program.competencies.all())
    return []


def demand(survey: NeedsSurvey) -> dict:
    """The survey's demand by competency (next to the evaluations' gaps and the programs that
    already teach it), by perangkat daerah and by jabatan kind, and the needs written in words.
    Each person counts once per competency. A fixed number of queries."""
    from apps.indicators.selectors.overview import top_units

    proposals = list(
        NeedProposal.objects.filter(survey=survey)
        .select_related("employee", "competency", "program", "proposed_by")
        .prefetch_related("program__competencies")
        .order_by("pk")
    )
    competencies = {c.pk: c for c in Competency.objects.prefetch_related("programs").order_by("name")}
    wanted: dict[int, set[int]] = defaultdict(set)
    by_supervisor: dict[int, set[int]] = defaultdict(set)
    unit_people, unit_proposals, unit_wanted = defaultdict(set), Counter(), defaultdict(lambda: defaultdict(set))
    kind_people, kind_proposals, kind_wanted = defaultdict(set), Counter(), defaultdict(lambda: defaultdict(set))
    top, top_of = top_units()
    for proposal in proposals:
        employee = proposal.employee
        unit = top_of.get(employee.unit_id)
        unit_people[unit].add(employee.pk)
        unit_proposals[unit] += 1
        kind_people[employee.jabatan_kind].add(employee.pk)
        kind_proposals[employee.jabatan_kind] += 1
        for competency in _competencies_of(proposal):
            wanted[competency.pk].add(employee.pk)
            if proposal.proposed_by_id and proposal.proposed_by_id != employee.user_id:
                by_supervisor[competency.pk].add(employee.pk)
            unit_wanted[unit][competency.pk].add(employee.pk)
            kind_wanted[employee.jabatan_kind][competency.pk].add(employee.pk)
    gaps = gap_counts()

    rows = []
    for competency in competencies.values():
        row = CompetencyRow(
            competency.name,
            competency,
            demand=len(wanted.get(competency.pk, ())),
            by_supervisor=len(by_supervisor.get(competency.pk, ())),
            gaps=gaps.pop(competency.name.lower(), 0),
            programs=sorted((p for p in competency.programs.all() if p.is_active), key=lambda p: p.name),
        )
        if row.demand or row.gaps:
            rows.append(row)
    # gaps that name a competency the catalogue does not have yet
    spelled = {n.lower(): n for t in (*ASPECT_COMPETENCIES.values(), *VALUE_COMPETENCIES.values()) for n in t}
    spelled |= {n.lower(): n for n in PREDICATE_COMPETENCIES}
    rows += [CompetencyRow(spelled.get(name, name), None, gaps=count) for name, count in gaps.items()]
    rows.sort(key=lambda row: (-(row.demand + row.gaps), -row.demand, row.name.lower()))

    def top_of_group(wanted_in_group) -> list[tuple[str, int]]:
        counted = [(competencies[pk].name, len(people)) for pk, people in wanted_in_group.items()]
        return sorted(counted, key=lambda item: (-item[1], item[0]))[:3]

    units = [
        GroupRow(u.name, len(unit_people[u.pk]), unit_proposals[u.pk], top_of_group(unit_wanted[u.pk]))
        for u in top
        if unit_proposals[u.pk]
    ]
    if unit_proposals[None]:
        units.append(
            GroupRow(_("Unit lain"), len(unit_people[None]), unit_proposals[None], top_of_group(unit_wanted[None]))
        )
    units.sort(key=lambda row: (-row.people, row.label))
    kinds = [
        GroupRow(str(label), len(kind_people[code]), kind_proposals[code], top_of_group(kind_wanted[code]))
        for code, label in JabatanKind.choices
        if kind_proposals[code]
    ]
    words = [p for p in proposals if p.text]
    return {
        "competencies": rows,
        "units": units,
        "kinds": kinds,
        "texts": words,
        "proposals": len(proposals),
        "people": len({p.employee_id for p in proposals}),
    }
