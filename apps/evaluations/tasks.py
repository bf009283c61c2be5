"""Background work of the evaluations: notices to the people concerned (keyed, so safe twice).
The report batch (PDFs) lives in ``apps/evaluations/reports/`` and is imported below so Celery
finds its tasks."""

from celery import shared_task
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.core.notify import notify

from .models import Evaluation, Objection


@shared_task(time_limit=60, soft_time_limit=50)
def evaluation_finalised(evaluation_id: int) -> int:
    evaluation = Evaluation.objects.select_related("employee__user", "period").filter(pk=evaluation_id).first()
    if evaluation is None or evaluation.finalised_at is None:
        return 0
    with override("id"):
        return int(
            notify(
                evaluation.employee.user,
                key=f"evaluation-final-{evaluation.pk}",
                title=_("Evaluasi kinerja %(period)s sudah difinalkan") % {"period": evaluation.period.label},
                body=_("Predikat: %(p)s. Terima atau ajukan keberatan sebelum %(day)s.")
                % {"p": evaluation.get_predicate_display(), "day": evaluation.objection_deadline},
                url=reverse("evaluations:evaluation-detail", args=[evaluation.pk]),
            )
        )


@shared_task(time_limit=60, soft_time_limit=50)
def objection_filed(objection_id: int) -> int:
    objection = (
        Objection.objects.select_related("decider__user", "evaluation__employee").filter(pk=objection_id).first()
    )
    if objection is None or objection.decider is None:
        return 0
    with override("id"):
        return int(
            notify(
                objection.decider.user,
                key=f"objection-filed-{objection.pk}",
                title=_("Keberatan evaluasi dari %(name)s") % {"name": objection.evaluation.employee.full_name},
                body=objection.reason[:500],
                url=reverse("evaluations:objection-decide", args=[objection.pk]),
            )
        )


@shared_task(time_limit=60, soft_time_limit=50)
def objection_decided(objection_id: int) -> int:
    objection = Objection.objects.select_related("evaluation__employee__user").filter(pk=objection_id).first()
    if objection is None or objection.decided_at is None:
        return 0
    with override("id"):
        return int(
            notify(
                objection.evaluation.employee.user,
                key=f"objection-decided-{objection.pk}",
                title=_("Keberatan Anda sudah diputus: %(d)s") % {"d": objection.get_decision_display()},
                body=objection.decision_reason[:500],
                url=reverse("evaluations:evaluation-detail", args=[objection.evaluation_id]),
            )
        )


from .reports import tasks as report_tasks  # noqa: E402, F401  (Celery finds the PDF batch tasks through here)
