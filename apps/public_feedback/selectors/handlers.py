"""Who handles a unit's complaints: its head (or its Plt/Plh), and the people the head designated
(UnitHandler)."""

from __future__ import annotations

from apps.accounts.models import User
from apps.employees.hierarchy import acting_head_ids

from ..models import UnitHandler


def handler_users(unit) -> list[User]:
    """Active accounts that may reply to and resolve the unit's complaints (may be empty): its
    head, its Plt/Plh today and the handlers its head designated."""
    if unit is None:
        return []
    employee_ids = set(UnitHandler.objects.filter(unit=unit).values_list("employee_id", flat=True))
    employee_ids |= set(acting_head_ids(unit.pk))
    if unit.head_id:
        employee_ids.add(unit.head_id)
    return list(User.objects.filter(employee__in=employee_ids, employee__is_active=True, is_active=True).order_by("pk"))


def is_handler(user, unit) -> bool:
    if unit is None or not user.is_authenticated:
        return False
    return any(u.pk == user.pk for u in handler_users(unit))
