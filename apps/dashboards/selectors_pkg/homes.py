"""Reads for the role home pages. Each query count is fixed, whatever the number of rows."""

from django.db.models import Count

from apps.core import access
from apps.core.outbox import pending_count
from apps.employees.hierarchy import direct_subordinates
from apps.employees.models import Employee, OrgUnit


def _own_skp(employee) -> dict:
    """This year's SKP of the employee and its achievement so far (a fixed number of queries)."""
    from apps.indicators.selectors.achievement import skp_result
    from apps.indicators.selectors.skp import current_year

    skp = employee.skps.filter(year=current_year()).first()
    result = skp_result(skp) if skp is not None and skp.was_ever_approved else None
    return {"skp": skp, "skp_result": result, "skp_year": current_year()}


def asn_home(user) -> dict:
    employee = access.employee_of(user)
    return {"employee": employee, **_own_skp(employee)}


def supervisor_home(user) -> dict:
    from apps.indicators.selectors.skp import pending_for

    employee = access.employee_of(user)
    team = direct_subordinates(employee.pk).select_related("unit").order_by("name")
    return {"employee": employee, "team": list(team), "skp_waiting": pending_for(user), **_own_skp(employee)}


def city_home(user) -> dict:
    """Admin and leader home: the size of the organisation at a glance."""
    employees = Employee.objects.filter(is_active=True).aggregate(
        total=Count("pk"),
    )
    by_type = dict(
        Employee.objects.filter(is_active=True).values_list("employment_type").annotate(n=Count("pk")).order_by()
    )
    return {
        "employee_total": employees["total"],
        "employees_by_type": by_type,
        "unit_total": OrgUnit.objects.filter(is_active=True).count(),
        "outbox_pending": pending_count() if access.is_admin(user) else None,
    }
