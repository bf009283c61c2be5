"""Reads of evaluations, scoped by apps/core/access.py; fixed query counts."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_noop

from apps.core import access
from apps.employees import hierarchy
from apps.indicators.models import Skp
from apps.indicators.selectors.achievement import skp_results

from .models import BehaviourRating, Evaluation, EvaluationPeriod, EvaluationStatus, Objection, PeriodStatus, UnitRating
from .predicate import Predicate, check_curve

# Citizens' voice and development, shown on the evaluation page as evidence. The public feedback
# and trainings apps register callables (employee, period) -> dict(label=..., value=..., detail=...)
# here; until they do, the page says "belum ada data".
EVIDENCE_SOURCES: dict[str, object] = {}
EVIDENCE_LABELS = {  # marked for makemessages; the template translates them when it shows them
    "complaints": gettext_noop("Pengaduan masyarakat yang terbukti"),
    "ikm": gettext_noop("IKM unit kerja"),
    "jp": gettext_noop("JP pengembangan kompetensi tahun ini"),
}


def _evaluations() -> QuerySet[Evaluation]:
    return Evaluation.objects.select_related("employee", "employee__unit", "period", "evaluator", "skp")


def evaluation_list_for(user, *, period=None) -> QuerySet[Evaluation]:
    evaluations = access.scope(user, _evaluations())
    return evaluations.filter(period=period) if period is not None else evaluations


def evaluation_get_for(user, pk) -> Evaluation:
    """One evaluation in scope. The employee does not see their own while it is a draft: the
    pejabat penilai is still writing it (404, as for anything not theirs to read)."""
    from django.http import Http404

    behaviours = Prefetch("behaviours", queryset=BehaviourRating.objects.order_by("pk"))
    evaluation = access.get_object_for(user, _evaluations().prefetch_related(behaviours), pk=pk)
    me = access.employee_of(user)
    if me is not None and evaluation.employee_id == me.pk and evaluation.status == EvaluationStatus.DRAFT:
        raise Http404
    return evaluation


def own_evaluations(user) -> QuerySet[Evaluation]:
    me = access.employee_of(user)
    if me is None:
        return Evaluation.objects.none()
    return _evaluations().filter(employee=me).exclude(status=EvaluationStatus.DRAFT)


def open_periods() -> QuerySet[EvaluationPeriod]:
    return EvaluationPeriod.objects.filter(status=PeriodStatus.OPEN).order_by("-year", "kind", "-number")


def period_get(pk) -> EvaluationPeriod:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(EvaluationPeriod, pk=pk)


def team_rows(user, period: EvaluationPeriod) -> list[dict]:
    """The reviewer's direct subordinates with their evaluation of the period (or None) and, for
    those without one yet, the achievement the evaluation would start from."""
    me = access.employee_of(user)
    if me is None:
        return []
    people = list(hierarchy.direct_subordinates(me.pk).select_related("unit").order_by("name"))
    evaluations = {e.employee_id: e for e in Evaluation.objects.filter(period=period, employee__in=people)}
    skps = {
        s.employee_id: s for s in Skp.objects.filter(employee__in=people, year=period.year, approved_at__isnull=False)
    }
    pending = [skp for employee_id, skp in skps.items() if employee_id not in evaluations]
    results = skp_results(pending, period=period.achievement_period) if pending else {}
    return [
        {
            "employee": p,
            "evaluation": evaluations.get(p.pk),
            "skp": skps.get(p.pk),
            "result": results.get(getattr(skps.get(p.pk), "pk", None)),
        }
        for p in people
    ]


def evidence_for(evaluation: Evaluation) -> list[dict]:
    rows = []
    for key, label in EVIDENCE_LABELS.items():
        source = EVIDENCE_SOURCES.get(key)
        found = source(evaluation.employee, evaluation.period) if source else None
        rows.append({"key": key, "label": label, **(found or {"value": None})})
    return rows


def objection_inbox(user) -> QuerySet[Objection]:
    me = access.employee_of(user)
    objections = Objection.objects.select_related("evaluation__employee", "evaluation__period", "evaluation__evaluator")
    if access.is_admin(user):
        mine = objections.filter(decider__isnull=True)
        if me is not None:
            mine = mine | objections.filter(decider=me)
        return mine.order_by("decided_at", "created_at")
    if me is None:
        return Objection.objects.none()
    return objections.filter(decider=me).order_by("decided_at", "created_at")


def objection_get_for(user, pk) -> Objection:
    from django.http import Http404

    try:
        return objection_inbox(user).get(pk=pk)
    except (Objection.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def unit_distribution(unit, period: EvaluationPeriod) -> dict:
    """The unit's (and its subtree's) predicates for the period against the curve of the leader's
    rating of the unit; drafts count with the predicate they have so far, so the warning comes
    before finalisation."""
    subtree = hierarchy.unit_subtree_ids(unit.pk)
    evaluations = list(
        Evaluation.objects.filter(period=period, employee__unit_id__in=subtree)
        .exclude(predicate="")
        .select_related("employee")
        .order_by("employee__name")
    )
    rating = UnitRating.objects.filter(unit=unit, period=period).first()
    check = check_curve(rating.result if rating else None, [e.predicate for e in evaluations])
    drafts = sum(1 for e in evaluations if e.status == EvaluationStatus.DRAFT)
    share_rows = [(Predicate(code).label, code, share) for code, share in check.shares.items()]
    return {"evaluations": evaluations, "rating": rating, "check": check, "drafts": drafts, "share_rows": share_rows}
