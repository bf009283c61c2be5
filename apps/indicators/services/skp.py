"""The life cycle of an SKP: create (blank, from a template, or copied from last year), submit,
approve or return, revise. Each records who did it (pghistory context)."""

from decimal import Decimal

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import access
from apps.employees import hierarchy
from apps.employees.models import Employee

from ..berakhlak import CoreValue
from ..models import BehaviourExpectation, Rhk, RhkKind, Skp, SkpRevision, SkpStatus, SkpTemplate
from . import items
from ._common import require_owner_editing


def skp_create(
    *, actor, employee: Employee, year: int, template: SkpTemplate | None = None, copy_from: Skp | None = None
) -> Skp:
    """A new draft SKP for the year, blank, from a library template or copied from an earlier SKP
    (RHK, IKI, weights and targets; links to the supervisor's RHK are chosen again, since the
    supervisor's plan is new too)."""
    own = access.employee_of(actor)
    if not (access.is_admin(actor) or (own and own.pk == employee.pk)):
        raise ValidationError(_("Anda hanya dapat membuat SKP Anda sendiri."))
    if Skp.objects.filter(employee=employee, year=year).exists():
        raise ValidationError({"year": [_("SKP tahun %(year)s sudah ada.") % {"year": year}]})
    if copy_from is not None and copy_from.employee_id != employee.pk:
        raise ValidationError(_("SKP yang disalin harus milik pegawai yang sama."))
    try:
        with transaction.atomic(), pghistory.context(actor=actor.pk, action="skp_create"):
            skp = Skp.objects.create(employee=employee, year=year)
            BehaviourExpectation.objects.bulk_create(
                [BehaviourExpectation(skp=skp, value=value) for value in CoreValue.values]
            )
            if template is not None:
                _fill_from_template(skp, template)
            elif copy_from is not None:
                _fill_from_skp(skp, copy_from)
    except IntegrityError as exc:  # two clicks at once: the unique constraint decides
        raise ValidationError({"year": [_("SKP tahun %(year)s sudah ada.") % {"year": year}]}) from exc
    return skp


def _fill_from_template(skp: Skp, template: SkpTemplate) -> None:
    for rhk_t in template.rhk.prefetch_related("iki"):
        rhk = Rhk.objects.create(skp=skp, kind=rhk_t.kind, text=rhk_t.text, position=rhk_t.position)
        for iki_t in rhk_t.iki.all():
            items.create_iki_row(
                rhk,
                text=iki_t.text,
                aspect=iki_t.aspect,
                target_value=iki_t.target_value,
                target_unit=iki_t.target_unit,
                direction=iki_t.direction,
                cumulative=iki_t.cumulative,
                position=iki_t.position,
            )


def _fill_from_skp(skp: Skp, source: Skp) -> None:
    for old in source.rhk.prefetch_related("iki"):
        rhk = Rhk.objects.create(skp=skp, kind=old.kind, text=old.text, position=old.position, weight=old.weight)
        for iki in old.iki.all():
            items.create_iki_row(
                rhk,
                text=iki.text,
                aspect=iki.aspect,
                target_value=iki.target_value,
                target_unit=iki.target_unit,
                direction=iki.direction,
                cumulative=iki.cumulative,
                position=iki.position,
                lineage=iki.lineage,
            )
    texts = dict(source.expectations.values_list("value", "text"))
    for expectation in skp.expectations.all():
        expectation.text = texts.get(expectation.value, "")
        expectation.save(update_fields=["text"])


def submission_problems(skp: Skp) -> list[str]:
    """What stands between a draft and its submission, as messages for the owner (empty = ready)."""
    problems = []
    rhk = list(skp.rhk.prefetch_related("iki"))
    utama = [item for item in rhk if item.kind == RhkKind.UTAMA]
    if not utama:
        problems.append(_("Tambahkan sedikitnya satu RHK utama."))
    for item in rhk:
        if not item.iki.all():
            problems.append(_("RHK “%(rhk)s” belum punya IKI.") % {"rhk": item.text})
    weights = [item.weight for item in utama if item.weight]
    if weights and len(weights) != len(utama):
        problems.append(_("Bila bobot dipakai, setiap RHK utama harus diberi bobot."))
    elif weights and sum(weights) != Decimal(100):
        problems.append(_("Jumlah bobot RHK utama %(sum)s, harus 100.") % {"sum": f"{sum(weights).normalize():f}"})
    evaluators = hierarchy.evaluators_of(skp.employee)
    if not evaluators:
        problems.append(_("Anda belum punya atasan langsung (pejabat penilai). Hubungi admin BKPSDM."))
    elif Skp.objects.filter(employee__in=evaluators, year=skp.year, approved_at__isnull=False).exists():
        for item in utama:
            if item.parent_id is None:
                problems.append(_("RHK utama “%(rhk)s” belum dikaitkan dengan RHK atasan.") % {"rhk": item.text})
    return problems


def skp_submit(*, actor, skp: Skp) -> Skp:
    require_owner_editing(actor, skp)
    problems = submission_problems(skp)
    if problems:
        raise ValidationError(problems)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="skp_submit"):
        skp.status = SkpStatus.SUBMITTED
        skp.evaluator = hierarchy.evaluators_of(skp.employee)[0]
        skp.submitted_at = timezone.now()
        skp.save(update_fields=["status", "evaluator", "submitted_at", "updated_at"])
    return skp


def _require_evaluator(actor, skp: Skp) -> Employee:
    """The actor must be the employee's pejabat penilai today (a Plt/Plh included); approving
    one's own SKP, or that of someone who no longer reports to the actor, is refused."""
    evaluator = access.employee_of(actor)
    if evaluator is not None and evaluator.pk == skp.employee_id:
        raise PermissionDenied(_("Anda tidak dapat menyetujui SKP Anda sendiri."))
    if evaluator is None or not hierarchy.is_evaluator_of(evaluator.pk, skp.employee):
        raise PermissionDenied(_("Anda bukan pejabat penilai pegawai ini saat ini."))
    if skp.status != SkpStatus.SUBMITTED:
        raise ValidationError(_("Hanya SKP yang sedang diajukan yang dapat disetujui atau dikembalikan."))
    return evaluator


def skp_approve(*, actor, skp: Skp) -> Skp:
    """Approve (menetapkan) the SKP: it locks, and a snapshot of this revision is kept."""
    from ..selectors.skp import skp_snapshot

    evaluator = _require_evaluator(actor, skp)
    now = timezone.now()
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="skp_approve"):
        locked = Skp.objects.select_for_update().get(pk=skp.pk)
        if locked.status != SkpStatus.SUBMITTED:  # approved twice at once: the second does nothing
            return locked
        skp.status, skp.approved_at, skp.approved_by, skp.return_note = SkpStatus.APPROVED, now, evaluator, ""
        skp.evaluator = evaluator
        skp.save(update_fields=["status", "approved_at", "approved_by", "return_note", "evaluator", "updated_at"])
        SkpRevision.objects.update_or_create(
            skp=skp,
            number=skp.revision,
            defaults={"approved_at": now, "approved_by": evaluator, "snapshot": skp_snapshot(skp)},
        )
    return skp


def skp_return(*, actor, skp: Skp, note: str) -> Skp:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": [_("Tulis catatan untuk pegawai: apa yang perlu diperbaiki.")]})
    _require_evaluator(actor, skp)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="skp_return"):
        skp.status, skp.return_note = SkpStatus.RETURNED, note
        skp.save(update_fields=["status", "return_note", "updated_at"])
    return skp


def skp_revise(*, actor, skp: Skp) -> Skp:
    """Open an approved SKP for a change: a new revision in draft; earlier ones stay readable."""
    employee = access.employee_of(actor)
    if employee is None or employee.pk != skp.employee_id:
        raise ValidationError(_("Hanya pemilik SKP yang dapat membuat revisi."))
    if skp.status != SkpStatus.APPROVED:
        raise ValidationError(_("Revisi hanya dapat dibuat dari SKP yang sudah disetujui."))
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="skp_revise"):
        skp.status, skp.revision = SkpStatus.DRAFT, skp.revision + 1
        skp.save(update_fields=["status", "revision", "updated_at"])
    return skp


def expectations_set(*, actor, skp: Skp, texts: dict[str, str]) -> None:
    """The pejabat penilai writes their specific expectation per BerAKHLAK value (before approval)."""
    if skp.status == SkpStatus.APPROVED:
        raise ValidationError(_("SKP sudah disetujui; ekspektasi diubah lewat revisi."))
    evaluator = access.employee_of(actor)
    if evaluator is None or not hierarchy.is_evaluator_of(evaluator.pk, skp.employee):
        raise PermissionDenied(_("Hanya pejabat penilai yang menulis ekspektasi khusus pimpinan."))
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="skp_expectations_set"):
        for expectation in skp.expectations.all():
            if expectation.value in texts:
                expectation.text = texts[expectation.value].strip()
                expectation.save(update_fields=["text", "updated_at"])
