"""Writes on the holiday table: each takes the acting admin and leaves an audit trail (pghistory).

Working days are computed from the table on every call (apps/core/workdays.py), so there is no
cache to invalidate here: a change counts from the next deadline computed.
"""

import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.accounts.models import User

from .models import Holiday


def duplicate_date_message(existing: Holiday) -> str:
    return _("Tanggal %(date)s sudah terdaftar sebagai “%(name)s”. Ubah data itu, jangan menambah baru.") % {
        "date": date_format(existing.date, "j F Y"),
        "name": existing.name,
    }


def _save(holiday: Holiday, *, update_fields=None) -> None:
    """Validate and save; a date taken meanwhile by another request is a ValidationError too."""
    holiday.name = holiday.name.strip()
    holiday.full_clean(validate_unique=False)
    existing = Holiday.objects.filter(date=holiday.date).exclude(pk=holiday.pk).first()
    if existing is not None:
        raise ValidationError({"date": duplicate_date_message(existing)})
    try:
        with transaction.atomic():
            holiday.save(update_fields=update_fields)
    except IntegrityError as exc:  # the same date saved by someone else since the check above
        existing = Holiday.objects.filter(date=holiday.date).first()
        if existing is None:
            raise
        raise ValidationError({"date": duplicate_date_message(existing)}) from exc


def holiday_create(*, actor: User, date: datetime.date, name: str, kind: str) -> Holiday:
    """Add a date to the holiday table (a day off, or a hari kerja tambahan)."""
    holiday = Holiday(date=date, name=name, kind=kind)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="holiday_create"):
        _save(holiday)
    return holiday


def holiday_update(
    *,
    actor: User,
    holiday: Holiday,
    date: datetime.date | None = None,
    name: str | None = None,
    kind: str | None = None,
) -> Holiday:
    """Change a holiday; arguments left as None keep their value. No change, no write."""
    name = name.strip() if name is not None else None
    changes = {
        field: value
        for field, value in (("date", date), ("name", name), ("kind", kind))
        if value is not None and value != getattr(holiday, field)
    }
    if not changes:
        return holiday
    for field, value in changes.items():
        setattr(holiday, field, value)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="holiday_update"):
        _save(holiday, update_fields=[*changes, "updated_at"])
    return holiday


def holiday_delete(*, actor: User, holiday: Holiday) -> None:
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="holiday_delete"):
        holiday.delete()
