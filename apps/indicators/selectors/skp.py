"""Reads of SKPs, always within the reader's scope (apps/core/access.py)."""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.core import access
from apps.employees import hierarchy
from apps.employees.models import Employee

from ..models import Iki, IkiPeriodTarget, IkiRealisation, Rhk, Skp, SkpRevision, SkpStatus, SkpTemplate, UnitGoal
from .achievement import skp_results


def current_year() -> int:
    return timezone.localdate().year


def skp_list_for(user, *, year: int | None = None) -> QuerySet[Skp]:
    skps = access.scope(user, Skp.objects.select_related("employee", "employee__unit", "evaluator"))
    return skps.filter(year=year) if year else skps


def own_skps(user) -> QuerySet[Skp]:
    employee = access.employee_of(user)
    if employee is None:
        return Skp.objects.none()
    return Skp.objects.filter(employee=employee).order_by("-year")


def skp_get_for(user, pk) -> Skp:
    """One SKP in the reader's scope with everything its page shows; 404 otherwise."""
    skps = Skp.objects.select_related("employee", "employee__unit", "employee__supervisor", "evaluator", "approved_by")
    return access.get_object_for(user, skps, pk=pk)


def skp_content(skp: Skp) -> list[Rhk]:
    """RHK with IKI, period targets and the RHK each one supports (a fixed number of queries)."""
    iki = Iki.objects.order_by("position", "pk").prefetch_related(
        Prefetch("period_targets", queryset=IkiPeriodTarget.objects.order_by("period")),
        Prefetch("realisations", queryset=IkiRealisation.objects.order_by("period", "created_at")),
    )
    return list(
        skp.rhk.select_related("parent", "parent__skp__employee", "unit_goal")
        .prefetch_related(Prefetch("iki", queryset=iki))
        .order_by("kind", "position", "pk")
    )


def rhk_get_for(user, pk) -> Rhk:
    return access.get_object_for(
        user, Rhk.objects.select_related("skp", "skp__employee"), pk=pk, employee_field="skp__employee"
    )


def iki_get_for(user, pk) -> Iki:
    return access.get_object_for(
        user,
        Iki.objects.select_related("rhk", "rhk__skp", "rhk__skp__employee"),
        pk=pk,
        employee_field="rhk__skp__employee",
    )


def realisation_get_for(user, pk) -> IkiRealisation:
    return access.get_object_for(
        user, IkiRealisation.objects.select_related("iki__rhk__skp"), pk=pk, employee_field="iki__rhk__skp__employee"
    )


def revision_get_for(user, skp_pk, number) -> SkpRevision:
    skp = skp_get_for(user, skp_pk)
    return get_object_or_404(SkpRevision.objects.select_related("approved_by"), skp=skp, number=number)


def parent_rhk_choices(skp: Skp) -> QuerySet[Rhk]:
    """RHK the employee may support: those of their pejabat penilai's approved SKP of that year."""
    evaluators = [person.pk for person in hierarchy.evaluators_of(skp.employee)]
    return (
        Rhk.objects.filter(skp__employee_id__in=evaluators, skp__year=skp.year, skp__approved_at__isnull=False)
        .select_related("skp__employee")
        .order_by("skp__employee__name", "kind", "position")
    )


def unit_goal_choices(skp: Skp) -> QuerySet[UnitGoal]:
    unit = skp.employee.unit
    units = [unit.pk, *(u.pk for u in hierarchy.unit_ancestors(unit))]
    return UnitGoal.objects.filter(unit_id__in=units, year=skp.year).select_related("unit")


def template_choices() -> QuerySet[SkpTemplate]:
    return SkpTemplate.objects.filter(is_active=True).order_by("jabatan")


def template_for_jabatan(jabatan: str) -> SkpTemplate | None:
    return template_choices().filter(jabatan__iexact=jabatan.strip()).first()


def skp_snapshot(skp: Skp) -> dict:
    """The SKP as plain data, frozen into ``SkpRevision`` when it is approved."""
    rhk = skp_content(skp)
    return {
        "employee": {"nip": skp.employee.nip, "name": skp.employee.full_name, "jabatan": skp.employee.jabatan},
        "year": skp.year,
        "revision": skp.revision,
        "rhk": [
            {
                "kind": item.kind,
                "text": item.text,
                "weight": str(item.weight) if item.weight is not None else None,
                "supports": item.parent.text if item.parent else (item.unit_goal.statement if item.unit_goal else ""),
                "iki": [
                    {
                        "text": iki.text,
                        "aspect": iki.aspect,
                        "target": str(iki.target_value),
                        "unit": iki.target_unit,
                        "direction": iki.direction,
                        "cumulative": iki.cumulative,
                        "period_targets": [str(t.target_value) for t in iki.period_targets.all()],
                    }
                    for iki in item.iki.all()
                ],
            }
            for item in rhk
        ],
        "expectations": [
            {"value": e.value, "label": str(e.get_value_display()), "text": e.text}
            for e in skp.expectations.order_by("pk")
        ],
    }


def team_rows(user, *, year: int) -> list[dict]:
    """The supervisor's direct subordinates today, each with their SKP of the year (or None) and
    its achievement; the query count does not grow with the team."""
    me = access.employee_of(user)
    if me is None:
        return []
    people = list(hierarchy.direct_subordinates(me.pk).select_related("unit").order_by("name"))
    skps = {
        skp.employee_id: skp for skp in Skp.objects.filter(employee__in=people, year=year).select_related("employee")
    }
    results = skp_results(list(skps.values())) if skps else {}
    return [
        {
            "employee": person,
            "skp": skps.get(person.pk),
            "result": results.get(getattr(skps.get(person.pk), "pk", None)),
        }
        for person in people
    ]


def pending_for(user) -> int:
    """How many SKPs wait for this user's decision."""
    me = access.employee_of(user)
    if me is None:
        return 0
    return Skp.objects.filter(employee__in=hierarchy.direct_subordinates(me.pk), status=SkpStatus.SUBMITTED).count()


def employees_without_skp(year: int) -> QuerySet[Employee]:
    return Employee.objects.filter(is_active=True).exclude(skps__year=year)


def plan_rows(content: list[Rhk], result) -> list[dict]:
    """The plan's RHK and IKI next to their computed achievement, for the page."""
    by_rhk = {item.rhk_id: item for item in result.rhk}
    rows = []
    for rhk in content:
        rhk_result = by_rhk.get(rhk.pk)
        by_iki = {item.iki_id: item for item in (rhk_result.iki if rhk_result else [])}
        rows.append({"rhk": rhk, "result": rhk_result, "iki": [(iki, by_iki.get(iki.pk)) for iki in rhk.iki.all()]})
    return rows
