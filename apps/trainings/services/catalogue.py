"""BKPSDM keeps the catalogue: programs and their dated sessions."""

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core import access

from ..models import TrainingSession


def session_save(
    *,
    actor,
    program,
    session: TrainingSession | None = None,
    starts_on,
    ends_on,
    capacity: int,
    registration_deadline,
    place: str = "",
    online_url: str = "",
    facilitator: str = "",
) -> TrainingSession:
    if not access.is_admin(actor):
        raise PermissionDenied(_("Hanya admin BKPSDM yang menjadwalkan pelatihan."))
    errors = {}
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]
    if registration_deadline and starts_on and registration_deadline > starts_on:
        errors["registration_deadline"] = [_("Batas pendaftaran paling lambat tanggal mulai.")]
    if capacity is None or capacity < 1:
        errors["capacity"] = [_("Kapasitas sedikitnya 1 peserta.")]
    elif session is not None and capacity < session.seats_taken:
        errors["capacity"] = [
            _("Sudah ada %(n)s peserta terdaftar; kapasitas tidak boleh lebih kecil.") % {"n": session.seats_taken}
        ]
    if not (place or "").strip() and not (online_url or "").strip():
        errors["place"] = [_("Isi tempat pelaksanaan atau tautan daring.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="training_session_save"):
        session = session or TrainingSession(program=program)
        for name, value in {
            "starts_on": starts_on,
            "ends_on": ends_on,
            "capacity": capacity,
            "registration_deadline": registration_deadline,
            "place": place.strip(),
            "online_url": online_url.strip(),
            "facilitator": facilitator.strip(),
        }.items():
            setattr(session, name, value)
        session.save()
    return session
