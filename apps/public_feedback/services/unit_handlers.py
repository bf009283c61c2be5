"""The head of a unit designates who handles its complaints besides themself (``UnitHandler``);
BKPSDM admins may do it for any unit. Handlers are people of the unit or of a unit below it."""

from __future__ import annotations

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.core import access
from apps.employees import hierarchy

from ..models import UnitHandler


def _require(actor, unit) -> None:
    if not access.can(actor, "complaint.designate", unit):
        raise PermissionDenied(_("Hanya kepala unit atau admin BKPSDM yang menunjuk petugas pengaduan."))


def unit_handler_add(*, actor, unit, employee) -> UnitHandler:
    _require(actor, unit)
    if employee is None or not employee.is_active:
        raise ValidationError({"nip": _("Pegawai aktif dengan NIP itu tidak ditemukan.")})
    if employee.pk == unit.head_id:
        raise ValidationError({"nip": _("Kepala unit selalu dapat menangani pengaduan; tidak perlu ditunjuk.")})
    if employee.unit_id not in hierarchy.unit_subtree_ids(unit.pk):
        raise ValidationError({"nip": _("Petugas harus pegawai %(unit)s atau unit di bawahnya.") % {"unit": unit.name}})
    already = ValidationError({"nip": _("%(name)s sudah menjadi petugas unit ini.") % {"name": employee.full_name}})
    if UnitHandler.objects.filter(unit=unit, employee=employee).exists():
        raise already
    try:
        with transaction.atomic(), pghistory.context(actor=actor.pk, action="unit_handler_add"):
            return UnitHandler.objects.create(unit=unit, employee=employee, designated_by=actor)
    except IntegrityError as exc:  # designated by someone else a moment ago
        raise already from exc


def unit_handler_remove(*, actor, handler: UnitHandler) -> None:
    _require(actor, handler.unit)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="unit_handler_remove"):
        handler.delete()
