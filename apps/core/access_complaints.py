"""Access predicates for citizens' complaints and the IKM (part of apps/core/access.py, which
imports them; nothing else should import this module directly)."""

from django.db.models import Q, QuerySet
from django.utils import timezone

from apps.core import access, compiled


def _handled_units(employee_id, today):
    from apps.employees.models import OrgUnit

    acting = Q(
        acting_assignments__employee_id=employee_id,
        acting_assignments__starts_on__lte=today,
        acting_assignments__ends_on__gte=today,
    )
    mine = Q(head_id=employee_id) | acting | Q(complaint_handlers__employee_id=employee_id)
    return OrgUnit.objects.filter(mine).order_by().values_list("pk").distinct()


_HANDLED_UNITS = compiled.CompiledQuery(_handled_units, compiled.ID, compiled.DAY)


def handled_unit_ids(user) -> frozenset[int]:
    """Units whose complaints the user handles: those they head (as head, or as Plt/Plh today) and
    those whose head designated them (UnitHandler). The same people as
    ``public_feedback.selectors.handlers.handler_users`` (an active employee with an active
    account), asked once per request for all units."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_sikap_handled_units"):
        employee = access.employee_of(user)
        units = frozenset()
        if employee is not None:  # every supervisor's menu asks: compiled once (apps/core/compiled.py)
            units = frozenset(pk for (pk,) in _HANDLED_UNITS.rows(employee.pk, timezone.localdate()))
        user._sikap_handled_units = units
    return user._sikap_handled_units


def _handles(user, complaint) -> bool:
    return complaint is not None and complaint.handling_unit_id in handled_unit_ids(user)


def _heads_any(user) -> bool:
    """The user heads some unit today (as its head, or as Plt/Plh)."""
    from apps.employees.hierarchy import acting_unit_ids
    from apps.employees.models import OrgUnit

    employee = access.employee_of(user)
    if employee is None:
        return False
    return OrgUnit.objects.filter(head_id=employee.pk).exists() or bool(acting_unit_ids(employee.pk))


def _reads_ikm(user, unit) -> bool:
    from apps.public_feedback.selectors.surveys import ikm_scope_for

    scope = ikm_scope_for(user)
    return bool(scope) if unit is None else unit.pk in scope


def _complaint_scope(user, queryset: QuerySet) -> QuerySet:
    """Admins: every complaint, the hidden ones (blocked contact, spam) included. Leaders: all but
    the hidden. Handlers: those routed to a unit they handle, spam excepted. Anyone else: none."""
    if access.is_admin(user):
        return queryset
    if access.is_leader(user):
        return queryset.exclude(Q(is_blocked=True) | Q(status="spam"))
    units = handled_unit_ids(user)
    if not units:
        return queryset.none()
    return queryset.filter(handling_unit_id__in=units).exclude(status="spam")
