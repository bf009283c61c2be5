"""Keberatan: the employee objects to a finalised evaluation within the deadline; the Atasan
Pejabat Penilai (the pejabat penilai's own supervisor) upholds or changes it, with a reason."""

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import access, outbox
from apps.indicators.models import Rating

from ..models import Evaluation, EvaluationStatus, Objection, ObjectionDecision
from ..predicate import predicate_for
from ._common import record
from .evaluation import _require_owner


def objection_file(*, actor, evaluation: Evaluation, reason: str) -> Objection:
    _require_owner(actor, evaluation)
    reason = (reason or "").strip()
    if evaluation.status != EvaluationStatus.FINAL:
        raise ValidationError(_("Keberatan hanya untuk evaluasi yang sudah difinalkan dan belum ditanggapi."))
    if evaluation.objection_deadline and timezone.localdate() > evaluation.objection_deadline:
        raise ValidationError(
            _("Batas waktu keberatan sudah lewat (%(day)s).")
            % {"day": date_format(evaluation.objection_deadline, "j F Y")}
        )
    if not reason:
        raise ValidationError({"reason": [_("Tuliskan alasan keberatan Anda.")]})
    decider = (
        evaluation.evaluator.supervisor if evaluation.evaluator_id and evaluation.evaluator.supervisor_id else None
    )
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="objection_file"):
        # claim first: a second click finds the evaluation no longer FINAL and files nothing
        claimed = Evaluation.objects.filter(pk=evaluation.pk, status=EvaluationStatus.FINAL).update(
            status=EvaluationStatus.OBJECTED, updated_at=timezone.now()
        )
        if not claimed:
            return Objection.objects.get(evaluation=evaluation)
        objection = Objection.objects.create(evaluation=evaluation, reason=reason, decider=decider)
        record(evaluation, actor, "objected", reason)
        outbox.enqueue("apps.evaluations.tasks.objection_filed", objection_id=objection.pk)
    evaluation.refresh_from_db()
    return objection


def may_decide(actor, objection: Objection) -> bool:
    """The Atasan Pejabat Penilai decides; where there is none, a BKPSDM admin does."""
    me = access.employee_of(actor)
    if objection.decider_id is None:
        return access.is_admin(actor)
    return me is not None and me.pk == objection.decider_id


def objection_decide(
    *, actor, objection: Objection, decision: str, reason: str, rating_hasil: str = "", rating_perilaku: str = ""
) -> Objection:
    if not may_decide(actor, objection):
        raise PermissionDenied(_("Keberatan ini diputus oleh atasan pejabat penilai."))
    if objection.decided_at is not None:
        raise ValidationError(_("Keberatan ini sudah diputus."))
    errors = {}
    reason = (reason or "").strip()
    if decision not in ObjectionDecision.values:
        errors["decision"] = [_("Pilih keputusan.")]
    if not reason:
        errors["decision_reason"] = [_("Tuliskan alasan keputusan.")]
    if decision == ObjectionDecision.CHANGED:
        for name, value in (("rating_hasil", rating_hasil), ("rating_perilaku", rating_perilaku)):
            if value not in Rating.values:
                errors[name] = [_("Pilih rating yang baru.")]
    if errors:
        raise ValidationError(errors)
    evaluation = objection.evaluation
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="objection_decide"):
        # lock the row: a second click waits, then finds it decided and changes nothing
        if Objection.objects.select_for_update().get(pk=objection.pk).decided_at is not None:
            return objection
        objection.previous = {
            "rating_hasil": evaluation.rating_hasil,
            "rating_perilaku": evaluation.rating_perilaku,
            "predicate": evaluation.predicate,
        }
        if decision == ObjectionDecision.CHANGED:
            evaluation.rating_hasil, evaluation.rating_perilaku = rating_hasil, rating_perilaku
            evaluation.predicate = predicate_for(rating_hasil, rating_perilaku)
        evaluation.status = EvaluationStatus.DECIDED
        evaluation.save()
        objection.decision, objection.decision_reason, objection.decided_at = decision, reason, timezone.now()
        objection.save()
        record(evaluation, actor, f"objection_{decision}", reason)
        outbox.enqueue("apps.evaluations.tasks.objection_decided", objection_id=objection.pk)
    return objection
