"""Reads for the role home pages. Each query count is fixed, whatever the number of rows.

The ASN's own part is in homes_asn.py, the supervisor's team part in homes_supervisor.py; a
supervisor is also an ASN, so their home shows both."""

from django.db.models import Count

from apps.core import access
from apps.core.outbox import pending_count
from apps.employees.models import Employee, OrgUnit

from .announcements import announcements_for
from .homes_asn import own_live, own_part
from .homes_supervisor import reviews
from .team_snapshot import team_snapshot


def asn_home(user) -> dict:
    """The ASN's home: what needs their attention today and how their year is going."""
    employee = access.employee_of(user)
    return {"announcements": announcements_for(user), **own_part(user, employee)}


def supervisor_home(user, *, refresh: bool = False) -> dict:
    """The team part (reviews, filing, SKP, evaluations, JP, complaints, nominations) and the
    supervisor's own part. What the supervisor acts on now is read on every request; the rest
    comes rendered from the kept snapshot (team_snapshot.py), computed in one batch for the team
    and the supervisor (the same fixed number of queries for one or many)."""
    employee = access.employee_of(user)
    return {
        "announcements": announcements_for(user),
        **own_live(user, employee),
        "reviews": reviews(user),
        "snapshot": team_snapshot(user, employee, refresh=refresh),
    }


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
