"""Access predicates for citizens' complaints and the IKM (part of apps/core/access.py, which
imports them; nothing else should import this module directly)."""

from django.db.models import Q, QuerySet

from apps.core import access


def handled_unit_ids(user) -> frozenset[int]:
    """Units whose complaints the user handles: those they head and those whose head designated
    them (UnitHandler). The same people as ``public_feedback.selectors.handlers.handler_users``
    (an active employee with an active account), asked once per request for all units."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if not hasattr(user, "_sikap_handled_units"):
        from apps.employees.models import OrgUnit

        employee = access.employee_of(user)
        units = frozenset()
        if employee is not None:
            mine = Q(head_id=employee.pk) | Q(complaint_handlers__employee_id=employee.pk)
            units = frozenset(OrgUnit.objects.filter(mine).values_list("pk", flat=True).distinct())
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
