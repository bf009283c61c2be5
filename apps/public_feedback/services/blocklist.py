"""The blocklist of e-mails and phone numbers that BKPSDM admins keep (issue #8, abuse defences).

A blocked contact's complaints are kept for the record but hidden (``Complaint.is_blocked``):
intake marks new ones (``abuse.contact_blocked``), and adding a block here marks the contact's
earlier open complaints too, so a flood that started before the block disappears with it.
Removing a block shows again what it alone had hidden. Values are stored normalised (e-mail in
lower case, phone as digits in the domestic 0... form, the same ``abuse`` functions intake
compares with), so "+62 812-3456-7890" and "081234567890" are one entry.
"""

from __future__ import annotations

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Func, Q, QuerySet, Value
from django.utils.translation import gettext as _

from apps.core import access

from ..models import CLOSED_STATUSES, Complaint, ContactBlock, ContactKind
from .abuse import normalise_email, normalise_phone


def normalise(kind: str, value: str) -> str:
    if kind == ContactKind.EMAIL:
        return normalise_email(value)
    if kind == ContactKind.PHONE:
        return normalise_phone(value)
    raise ValidationError({"kind": _("Pilih email atau telepon.")})


def validated(kind: str, value: str) -> str:
    """The value in normalised form, or a ValidationError saying what is wrong with it."""
    normal = normalise(kind, value)
    if kind == ContactKind.EMAIL:
        try:
            validate_email(normal)
        except ValidationError as exc:
            raise ValidationError({"value": _("Tulis alamat email yang lengkap, misalnya nama@contoh.id.")}) from exc
    elif not 8 <= len(normal) <= 15:
        raise ValidationError({"value": _("Tulis nomor telepon 8 sampai 15 angka, misalnya 0812 3456 7890.")})
    return normal


def _digits(field: str):
    return Func(F(field), Value(r"\D"), Value(""), Value("g"), function="regexp_replace")


def complaints_of(kind: str, value: str) -> QuerySet[Complaint]:
    """Complaints whose reporter gave this (normalised) contact, however they typed it."""
    if kind == ContactKind.EMAIL:
        return Complaint.objects.filter(reporter_email__iexact=value)
    international = "62" + value[1:] if value.startswith("0") else value
    return (
        Complaint.objects.exclude(reporter_phone="")
        .annotate(phone_digits=_digits("reporter_phone"))
        .filter(Q(phone_digits=value) | Q(phone_digits=international))
    )


def _require_admin(actor) -> None:
    if not access.can(actor, "complaint.blocklist"):
        raise PermissionDenied(_("Hanya admin BKPSDM yang mengelola daftar blokir."))


def contact_block_add(*, actor, kind: str, value: str, reason: str = "") -> tuple[ContactBlock, int]:
    """Block a contact; returns the block and how many of its open complaints were hidden now."""
    _require_admin(actor)
    normal = validated(kind, value)
    if ContactBlock.objects.filter(kind=kind, value=normal).exists():
        raise ValidationError({"value": _("Kontak ini sudah ada di daftar blokir.")})
    try:
        with transaction.atomic(), pghistory.context(actor=actor.pk, action="contact_block_add"):
            reason = (reason or "").strip()[:300]
            block = ContactBlock.objects.create(kind=kind, value=normal, reason=reason, created_by=actor)
            hidden = (
                complaints_of(kind, normal)
                .exclude(status__in=CLOSED_STATUSES)
                .filter(is_blocked=False)
                .update(is_blocked=True)
            )
    except IntegrityError as exc:  # the same contact blocked by someone else a moment ago
        raise ValidationError({"value": _("Kontak ini sudah ada di daftar blokir.")}) from exc
    return block, hidden


def _still_blocked_ids(complaint_ids: list[int], *, besides: ContactBlock) -> set[int]:
    """Of these complaints, those another block still covers (the reporter gave both contacts)."""
    ids: set[int] = set()
    for other in ContactBlock.objects.exclude(pk=besides.pk):  # a short list kept by hand
        ids |= set(complaints_of(other.kind, other.value).filter(pk__in=complaint_ids).values_list("pk", flat=True))
    return ids


def contact_block_remove(*, actor, block: ContactBlock) -> int:
    """Lift a block; returns how many complaints it alone hid and that are shown again."""
    _require_admin(actor)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="contact_block_remove"):
        hidden = list(complaints_of(block.kind, block.value).filter(is_blocked=True).values_list("pk", flat=True))
        keep = _still_blocked_ids(hidden, besides=block) if hidden else set()
        shown = Complaint.objects.filter(pk__in=set(hidden) - keep).update(is_blocked=False)
        block.delete()
    return shown
