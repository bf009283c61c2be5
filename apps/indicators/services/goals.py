"""Unit goals (sasaran unit) with their IKU: kept by BKPSDM admins or the unit's head."""

from decimal import Decimal

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core import access
from apps.employees import hierarchy
from apps.employees.models import OrgUnit

from ..models import UnitGoal, UnitGoalIndicator


def _require_manager(actor, unit: OrgUnit) -> None:
    if not access.can(actor, "goals.manage", unit):
        raise PermissionDenied(_("Hanya admin BKPSDM atau kepala unit ini yang mengelola sasarannya."))


def unit_goal_save(
    *, actor, unit: OrgUnit, year: int, statement: str, parent: UnitGoal | None = None, goal: UnitGoal | None = None
) -> UnitGoal:
    """Create or change a goal. A goal may support (``parent``) a goal of a unit above it in the
    same year: that is how the city's goals cascade to the perangkat daerah."""
    _require_manager(actor, unit)
    errors = {}
    if not (statement or "").strip():
        errors["statement"] = [_("Tulis sasarannya.")]
    if parent is not None:
        above = {u.pk for u in hierarchy.unit_ancestors(unit)}
        if parent.year != year or parent.unit_id not in above:
            errors["parent"] = [_("Sasaran yang didukung harus milik unit di atasnya, pada tahun yang sama.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="unit_goal_save"):
        goal = goal or UnitGoal(unit=unit)
        goal.year, goal.statement, goal.parent = year, statement.strip(), parent
        goal.save()
    return goal


def unit_goal_indicator_add(*, actor, goal: UnitGoal, text: str, target_value: Decimal, target_unit: str):
    _require_manager(actor, goal.unit)
    errors = {}
    if not (text or "").strip():
        errors["text"] = [_("Tulis indikatornya.")]
    if target_value is None or target_value <= 0:
        errors["target_value"] = [_("Target harus lebih dari 0.")]
    if not (target_unit or "").strip():
        errors["target_unit"] = [_("Isi satuannya.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="unit_goal_indicator_add"):
        return UnitGoalIndicator.objects.create(
            goal=goal, text=text.strip(), target_value=target_value, target_unit=target_unit.strip()
        )


def unit_goal_delete(*, actor, goal: UnitGoal) -> None:
    _require_manager(actor, goal.unit)
    if goal.rhk.exists() or goal.children.exists():
        raise ValidationError(_("Sasaran ini sudah didukung RHK atau sasaran lain; hapus tidak dapat dilakukan."))
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="unit_goal_delete"):
        goal.delete()
