"""Reads of the organisation and the employees, always within the reader's scope (core.access)."""

from django.db.models import Count, Q

from apps.core import access

from .filters import EmployeeFilter
from .models import ActingAssignment, Employee, OrgUnit


def employee_list_for(user, params=None) -> EmployeeFilter:
    """The employees the user may see, filtered by ``params`` (a GET QueryDict). Returns the
    FilterSet: ``.qs`` is the rows (empty when the filters are invalid), ``.form`` the filters."""
    base = access.employees_visible_to(user).select_related("unit", "supervisor").order_by("name", "nip")
    return EmployeeFilter(params, queryset=base)


def employee_rows(filterset: EmployeeFilter):
    return filterset.qs if filterset.is_valid() else filterset.queryset.none()


def employee_get_for(user, nip: str) -> Employee:
    employee = access.get_employee_for(user, nip=nip)
    return Employee.objects.select_related("unit", "supervisor", "user").get(pk=employee.pk)


def org_tree() -> list[dict]:
    """Every unit with its head and active member count, as nested dicts (roots first); one query."""
    units = list(
        OrgUnit.objects.filter(is_active=True)
        .select_related("head")
        .annotate(member_count=Count("members", filter=Q(members__is_active=True)))
        .order_by("name")
    )
    nodes = {unit.pk: {"unit": unit, "children": []} for unit in units}
    roots = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent["children"] if parent else roots).append(nodes[unit.pk])
    for node in nodes.values():
        node["total"] = node["unit"].member_count
    for root in roots:
        _sum_totals(root)
    return roots


def _sum_totals(node) -> int:
    node["total"] = node["unit"].member_count + sum(_sum_totals(child) for child in node["children"])
    return node["total"]


def acting_assignment_list():
    return ActingAssignment.objects.select_related("employee", "unit").order_by("-ends_on", "unit__name")


def orgunit_list():
    return OrgUnit.objects.select_related("head").order_by("name")


def orgunit_get(pk) -> OrgUnit:
    """Units are organisation data every signed-in user may read; a missing id is a 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(OrgUnit, pk=pk)


def acting_assignment_get(pk) -> ActingAssignment:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(ActingAssignment, pk=pk)
