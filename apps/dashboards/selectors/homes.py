"""Reads for the role home pages. Each query count is fixed, whatever the number of rows.

The ASN's own part is in homes_asn.py, the supervisor's team part in homes_supervisor.py; a
supervisor is also an ASN, so their home shows both."""

from django.db.models import Count

from apps.core import access
from apps.core.outbox import pending_count
from apps.employees.hierarchy import direct_subordinates
from apps.employees.models import Employee, OrgUnit

from .announcements import announcements_for
from .homes_asn import own_part
from .homes_supervisor import team_part


def asn_home(user) -> dict:
    """The ASN's home: what needs their attention today and how their year is going."""
    employee = access.employee_of(user)
    return {"announcements": announcements_for(user), **own_part(user, employee)}


def supervisor_home(user) -> dict:
    """The team part (reviews, filing, SKP, evaluations, JP, complaints, nominations) and the
    supervisor's own part. The recommendations and the SKP achievement of the team and of the
    supervisor are each loaded in one batch (the same fixed number of queries for one or many)."""
    from apps.trainings.recommendations import recommendations_for_many

    employee = access.employee_of(user)
    team = list(direct_subordinates(employee.pk).select_related("unit").order_by("name", "pk"))
    found = recommendations_for_many([employee, *team])
    team_context = team_part(user, employee, team, found)
    own = own_part(user, employee, recommendations=found[employee.pk], skp=team_context["team_skp"]["own"])
    return {"announcements": announcements_for(user), **own, **team_context}


def city_home(user) -> dict:
    """Admin and leader home, above the city dashboard: the size of the organisation at a glance,
    and the announcements addressed to them."""
    from .announcements import announcements_for

    by_type = dict(
        Employee.objects.filter(is_active=True).values_list("employment_type").annotate(n=Count("pk")).order_by()
    )
    return {
        "employee_total": sum(by_type.values()),
        "employees_by_type": by_type,
        "unit_total": OrgUnit.objects.filter(is_active=True).count(),
        "outbox_pending": pending_count() if access.is_admin(user) else None,
        "announcements": announcements_for(user),
    }
