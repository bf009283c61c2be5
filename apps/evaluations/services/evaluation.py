"""The pejabat penilai evaluates; the employee acknowledges or objects."""

from decimal import Decimal

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import access, audit, outbox
from apps.core.models import AuditAction
from apps.core.workdays import add_working_days
from apps.indicators.berakhlak import CoreValue
from apps.indicators.models import Rating, Skp
from apps.indicators.selectors.achievement import skp_result

from ..models import BehaviourRating, Evaluation, EvaluationPeriod, EvaluationStatus
from ..predicate import predicate_for
from ._common import record, require_evaluator


def _measure(evaluation: Evaluation) -> None:
    """Refresh the measured achievement and the proposed rating from the SKP (while in draft)."""
    result = skp_result(evaluation.skp, period=evaluation.period.achievement_period)
    evaluation.achievement = result.percent.quantize(Decimal("0.01")) if result.percent is not None else None
    evaluation.proposed_rating = result.proposal or ""
    evaluation.breakdown = {
        "explanation": result.explanation,
        "rhk": [
            {
                "text": r.text,
                "kind": r.kind,
                "percent": str(r.percent) if r.percent is not None else None,
                "iki": [
                    {
                        "text": i.text,
                        "unit": i.unit,
                        "target": str(i.target) if i.target is not None else None,
                        "realisation": str(i.realisation) if i.realisation is not None else None,
                        "percent": str(i.percent) if i.percent is not None else None,
                        "explanation": i.explanation,
                    }
                    for i in r.iki
                ],
            }
            for r in result.rhk
        ],
    }


def evaluation_start(*, actor, employee, period: EvaluationPeriod) -> Evaluation:
    """The draft evaluation of an employee for a period (created the first time), measured from
    their approved SKP of the year."""
    evaluator = require_evaluator(actor, employee)
    existing = Evaluation.objects.filter(employee=employee, period=period).first()
    if existing is not None:
        return existing
    if not period.is_open:
        raise ValidationError(_("Periode %(period)s sudah ditutup.") % {"period": period.label})
    skp = Skp.objects.filter(employee=employee, year=period.year, approved_at__isnull=False).first()
    if skp is None:
        raise ValidationError(
            _("%(name)s belum punya SKP %(year)s yang disetujui; evaluasi mengukur capaian SKP.")
            % {"name": employee.full_name, "year": period.year}
        )
    evaluation = Evaluation(employee=employee, period=period, skp=skp, evaluator=evaluator)
    _measure(evaluation)
    try:
        with transaction.atomic(), pghistory.context(actor=actor.pk, action="evaluation_start"):
            evaluation.save()
            BehaviourRating.objects.bulk_create(
                [BehaviourRating(evaluation=evaluation, value=v) for v in CoreValue.values]
            )
            record(evaluation, actor, "started")
    except IntegrityError:  # started twice at once
        return Evaluation.objects.get(employee=employee, period=period)
    return evaluation


def evaluation_save(
    *,
    actor,
    evaluation: Evaluation,
    rating_hasil: str,
    rating_reason: str,
    rating_perilaku: str,
    feedback: str,
    behaviours: dict[str, tuple[str, str]],
) -> Evaluation:
    """Save the draft: the ratings (a rating hasil kerja other than the proposal needs a reason),
    a rating and note per BerAKHLAK value, the feedback. The predicate follows from the matrix."""
    require_evaluator(actor, evaluation.employee)
    if not evaluation.is_editable:
        raise ValidationError(_("Evaluasi ini sudah difinalkan."))
    errors = {}
    for name, value in (("rating_hasil", rating_hasil), ("rating_perilaku", rating_perilaku)):
        if value and value not in Rating.values:
            errors[name] = [_("Pilih salah satu rating.")]
    _measure(evaluation)
    rating_reason = (rating_reason or "").strip()
    if rating_hasil and evaluation.proposed_rating and rating_hasil != evaluation.proposed_rating and not rating_reason:
        errors["rating_reason"] = [
            _("Rating berbeda dari usulan (%(proposal)s): tuliskan alasannya.")
            % {"proposal": Rating(evaluation.proposed_rating).label}
        ]
    if any(rating and rating not in Rating.values for rating, _note in behaviours.values()):
        errors["behaviours"] = [_("Pilih rating untuk setiap nilai BerAKHLAK.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="evaluation_save"):
        evaluation.rating_hasil, evaluation.rating_reason = rating_hasil or "", rating_reason
        evaluation.rating_perilaku, evaluation.feedback = rating_perilaku or "", (feedback or "").strip()
        evaluation.predicate = predicate_for(evaluation.rating_hasil, evaluation.rating_perilaku) or ""
        evaluation.save()
        for row in evaluation.behaviours.all():
            if row.value in behaviours:
                row.rating, row.note = behaviours[row.value][0] or "", (behaviours[row.value][1] or "").strip()
                row.save(update_fields=["rating", "note"])
    return evaluation


def finalisation_problems(evaluation: Evaluation) -> list[str]:
    problems = []
    if not evaluation.rating_hasil:
        problems.append(_("Pilih rating hasil kerja."))
    if not evaluation.rating_perilaku:
        problems.append(_("Pilih rating perilaku kerja."))
    missing = [row.get_value_display() for row in evaluation.behaviours.all() if not row.rating]
    if missing:
        problems.append(_("Beri rating untuk: %(values)s.") % {"values": ", ".join(str(m) for m in missing)})
    if not evaluation.feedback:
        problems.append(_("Tulis umpan balik untuk pegawai."))
    if not evaluation.period.is_open:
        problems.append(_("Periode %(period)s sudah ditutup.") % {"period": evaluation.period.label})
    return problems


def evaluation_finalise(*, actor, evaluation: Evaluation) -> Evaluation:
    """Finalise: the numbers are frozen, the employee is told and has the configured working days
    to acknowledge or object."""
    require_evaluator(actor, evaluation.employee)
    if not evaluation.is_editable:
        return evaluation  # finalised twice (a double click): nothing more to do
    problems = finalisation_problems(evaluation)
    if problems:
        raise ValidationError(problems)
    today = timezone.localdate()
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="evaluation_finalise"):
        _measure(evaluation)
        claimed = Evaluation.objects.filter(pk=evaluation.pk, status=EvaluationStatus.DRAFT).update(
            status=EvaluationStatus.FINAL,
            finalised_at=timezone.now(),
            achievement=evaluation.achievement,
            proposed_rating=evaluation.proposed_rating,
            breakdown=evaluation.breakdown,
            objection_deadline=add_working_days(today, evaluation.period.objection_days),
            updated_at=timezone.now(),
        )
        if claimed:
            record(evaluation, actor, "finalised")
            audit.record(AuditAction.EVALUATION_FINALISED, obj=evaluation, actor=actor, employee=evaluation.employee_id)
            outbox.enqueue("apps.evaluations.tasks.evaluation_finalised", evaluation_id=evaluation.pk)
    evaluation.refresh_from_db()
    return evaluation


def _require_owner(actor, evaluation: Evaluation) -> None:
    me = access.employee_of(actor)
    if me is None or me.pk != evaluation.employee_id:
        raise PermissionDenied(_("Hanya pegawai yang dievaluasi yang dapat melakukan ini."))


def evaluation_acknowledge(*, actor, evaluation: Evaluation) -> Evaluation:
    _require_owner(actor, evaluation)
    if evaluation.status != EvaluationStatus.FINAL:
        raise ValidationError(_("Hanya evaluasi yang sudah difinalkan dan belum ditanggapi yang dapat diterima."))
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="evaluation_acknowledge"):
        if Evaluation.objects.filter(pk=evaluation.pk, status=EvaluationStatus.FINAL).update(
            status=EvaluationStatus.ACKNOWLEDGED, acknowledged_at=timezone.now(), updated_at=timezone.now()
        ):
            record(evaluation, actor, "acknowledged")
    evaluation.refresh_from_db()
    return evaluation
