"""Complaints written straight to the table, in any state and at any time, for the open data and
statistics tests (the intake's own tests go through ``conftest.submit_complaint``). Each gets a
unique reference and a hash that matches no code."""

import datetime
import hashlib
import itertools

from django.utils import timezone

from apps.public_feedback.models import Complaint

_numbers = itertools.count(1)

CONTACT = {
    "reporter_name": "Rahasiawati Kontak",
    "reporter_email": "kontak.pelapor@contoh.test",
    "reporter_phone": "081299887766",
}


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def complaint(*, submitted_at=None, **fields) -> Complaint:
    n = next(_numbers)
    submitted_at = submitted_at or timezone.now() - datetime.timedelta(days=1)
    values = {
        "reference": f"PGD-{submitted_at.year}-9{n:05d}",
        "code_hash": hashlib.sha256(f"rows-{n}".encode()).hexdigest(),
        "kind": "pengaduan",
        "description": f"Keluhan layanan nomor {n}: antrean panjang.",
        "submitted_at": submitted_at,
        "verify_due": timezone.localdate(submitted_at) + datetime.timedelta(days=5),
        **CONTACT,
        **fields,
    }
    return Complaint.objects.create(**values)
