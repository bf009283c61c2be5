"""Reads for the role home pages. Each query count is fixed, whatever the number of rows."""

from django.db.models import Count

from apps.core import access
from apps.core.outbox import pending_count
from apps.employees.hierarchy import direct_subordinates
from apps.employees.models import Employee, OrgUnit


def asn_home(user) -> dict:
    employee = access.employee_of(user)
    return {"employee": employee}


def supervisor_home(user) -> dict:
    employee = access.employee_of(user)
    team = direct_subordinates(employee.pk).select_related("unit").order_by("name")
    return {"employee": employee, "team": list(team)}


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
