"""Editing the content of a draft SKP: RHK, their IKI, and the IKI targets per period."""

import uuid
from decimal import Decimal

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.employees import hierarchy

from ..models import Direction, Iki, IkiPeriodTarget, PerformanceSettings, Rhk, RhkKind, Skp, UnitGoal
from ..periods import split_target
from ._common import require_owner_editing


def create_iki_row(rhk: Rhk, *, lineage: uuid.UUID | None = None, **fields) -> Iki:
    """Insert an IKI with its even split of per-period targets (no checks: callers validate)."""
    iki = Iki.objects.create(rhk=rhk, lineage=lineage or uuid.uuid4(), **fields)
    _reset_period_targets(iki)
    return iki


def _reset_period_targets(iki: Iki) -> None:
    count = PerformanceSettings.current().periods_per_year
    parts = split_target(iki.target_value, cumulative=iki.cumulative, count=count)
    IkiPeriodTarget.objects.filter(iki=iki).delete()
    IkiPeriodTarget.objects.bulk_create(
        [IkiPeriodTarget(iki=iki, period=p, target_value=value) for p, value in enumerate(parts, start=1)]
    )


def _check_links(skp: Skp, *, kind: str, weight, parent: Rhk | None, unit_goal: UnitGoal | None) -> dict:
    errors = {}
    if weight is not None and kind != RhkKind.UTAMA:
        errors["weight"] = [_("Bobot hanya untuk RHK utama.")]
    if weight is not None and not (Decimal(0) < weight <= Decimal(100)):
        errors["weight"] = [_("Bobot harus lebih dari 0 dan paling banyak 100.")]
    if parent is not None:
        evaluator_ids = {person.pk for person in hierarchy.evaluators_of(skp.employee)}
        parent_skp = parent.skp
        if parent_skp.employee_id not in evaluator_ids or parent_skp.year != skp.year:
            errors["parent"] = [_("RHK yang dipilih bukan RHK atasan Anda untuk tahun %(year)s.") % {"year": skp.year}]
        elif not parent_skp.was_ever_approved:
            errors["parent"] = [_("SKP atasan Anda belum disetujui; RHK-nya belum dapat diintervensi.")]
    if unit_goal is not None:
        own_units = {skp.employee.unit_id, *(u.pk for u in hierarchy.unit_ancestors(skp.employee.unit))}
        if unit_goal.year != skp.year or unit_goal.unit_id not in own_units:
            errors["unit_goal"] = [_("Sasaran itu bukan sasaran unit Anda untuk tahun %(year)s.") % {"year": skp.year}]
    return errors


def rhk_save(
    *,
    actor,
    skp: Skp,
    rhk: Rhk | None = None,
    text: str,
    kind: str = RhkKind.UTAMA,
    weight: Decimal | None = None,
    parent: Rhk | None = None,
    unit_goal: UnitGoal | None = None,
) -> Rhk:
    """Add an RHK to a draft SKP, or change one. ``parent`` must be an RHK of the employee's
    pejabat penilai in an approved SKP of the same year; ``unit_goal`` a goal of their unit."""
    require_owner_editing(actor, skp)
    if rhk is not None and rhk.skp_id != skp.pk:
        raise ValidationError(_("RHK itu bukan bagian dari SKP ini."))
    errors = _check_links(skp, kind=kind, weight=weight, parent=parent, unit_goal=unit_goal)
    if not (text or "").strip():
        errors["text"] = [_("Tulis rencana hasil kerjanya.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="rhk_save"):
        if rhk is None:
            rhk = Rhk(skp=skp, position=skp.rhk.count())
        rhk.text, rhk.kind, rhk.weight, rhk.parent, rhk.unit_goal = text.strip(), kind, weight, parent, unit_goal
        rhk.save()
    return rhk


def rhk_delete(*, actor, rhk: Rhk) -> None:
    require_owner_editing(actor, rhk.skp)
    if IkiHasRealisation.any(rhk.iki.all()):
        raise ValidationError(_("RHK ini punya IKI yang sudah ada realisasinya; hapus tidak dapat dilakukan."))
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="rhk_delete"):
        rhk.delete()


def _check_iki(*, target_value, direction) -> dict:
    if target_value is None:
        return {"target_value": [_("Isi target tahunan.")]}
    if target_value < 0:
        return {"target_value": [_("Target tidak boleh negatif.")]}
    if target_value == 0 and direction == Direction.HIGHER:
        return {"target_value": [_("Target 0 tidak masuk akal untuk indikator “makin tinggi makin baik”.")]}
    return {}


def iki_save(
    *,
    actor,
    rhk: Rhk,
    iki: Iki | None = None,
    text: str,
    aspect: str,
    target_value: Decimal,
    target_unit: str,
    direction: str,
    cumulative: bool,
) -> Iki:
    """Add or change an IKI. A change of the annual target or of how it adds up resets the split
    into period targets (evenly), which the owner may then adjust."""
    require_owner_editing(actor, rhk.skp)
    if iki is not None and iki.rhk_id != rhk.pk:
        raise ValidationError(_("IKI itu bukan bagian dari RHK ini."))
    errors = _check_iki(target_value=target_value, direction=direction)
    if not (text or "").strip():
        errors["text"] = [_("Tulis indikatornya.")]
    if not (target_unit or "").strip():
        errors["target_unit"] = [_("Isi satuan target (dokumen, orang, hari, persen, ...).")]
    if errors:
        raise ValidationError(errors)
    fields = {
        "text": text.strip(),
        "aspect": aspect,
        "target_value": target_value,
        "target_unit": target_unit.strip(),
        "direction": direction,
        "cumulative": cumulative,
    }
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="iki_save"):
        if iki is None:
            return create_iki_row(rhk, position=rhk.iki.count(), **fields)
        resplit = iki.target_value != target_value or iki.cumulative != cumulative
        for name, value in fields.items():
            setattr(iki, name, value)
        iki.save()
        if resplit:
            _reset_period_targets(iki)
    return iki


def iki_delete(*, actor, iki: Iki) -> None:
    require_owner_editing(actor, iki.rhk.skp)
    if IkiHasRealisation.any([iki]):
        raise ValidationError(_("IKI ini sudah punya realisasi; hapus tidak dapat dilakukan."))
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="iki_delete"):
        iki.delete()


def period_targets_set(*, actor, iki: Iki, targets: dict[int, Decimal]) -> None:
    """Replace the per-period targets. For a cumulative IKI they must add up to the annual target;
    a level IKI may vary per period (a waiting time that should fall through the year)."""
    require_owner_editing(actor, iki.rhk.skp)
    count = PerformanceSettings.current().periods_per_year
    if set(targets) != set(range(1, count + 1)):
        raise ValidationError(_("Isi target untuk setiap periode (%(n)s periode).") % {"n": count})
    if any(value is None or value < 0 for value in targets.values()):
        raise ValidationError(_("Target per periode tidak boleh kosong atau negatif."))
    total = sum(targets.values())
    if iki.cumulative and total != iki.target_value:
        raise ValidationError(
            _("Jumlah target per periode %(sum)s, harus sama dengan target tahunan %(annual)s.")
            % {"sum": f"{total:f}", "annual": f"{iki.target_value:f}"}
        )
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="iki_period_targets_set"):
        IkiPeriodTarget.objects.filter(iki=iki).delete()
        IkiPeriodTarget.objects.bulk_create(
            [IkiPeriodTarget(iki=iki, period=p, target_value=v) for p, v in sorted(targets.items())]
        )


class IkiHasRealisation:
    """Whether any realisation (manual, or from daily reports once they exist) points at the IKI.
    Other apps add checks to ``checks``: callables (iki_ids) -> bool."""

    checks: list = []

    @classmethod
    def any(cls, ikis) -> bool:
        from ..models import IkiRealisation

        ids = [iki.pk for iki in ikis]
        if IkiRealisation.objects.filter(iki_id__in=ids).exists():
            return True
        return any(check(ids) for check in cls.checks)
