"""Helpers of the back office tests (complaint handling, deadlines, staff pages).

Complaints come from the real intake (``conftest.submit_complaint``); these helpers move them on
through the real handling services. The ``supervisor`` persona heads ``org.unit_a`` and is
therefore its handler; ``supervisor_b`` handles ``org.unit_b``.
"""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from apps.public_feedback.models import Complaint, UnitHandler
from apps.public_feedback.services import handling

from .conftest import make_service, submit_complaint

WIB = ZoneInfo("Asia/Jakarta")
CONTACT = {
    "reporter_name": "Siti Pelapor Rahasia",
    "reporter_email": "siti.pelapor@contoh.test",
    "reporter_phone": "0812 9988 7766",
    "contact_consent": True,
}


def travel(day: datetime.date, hour: int = 9):
    """Freeze the clock at ``hour`` o'clock Asia/Jakarta on ``day``."""
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(hour), tzinfo=WIB), tick=False)


def new_complaint(unit, **overrides) -> Complaint:
    """A BARU complaint about a service of ``unit`` (reported to that unit)."""
    overrides.setdefault("service", make_service(unit))
    complaint, _code = submit_complaint(**overrides)
    return complaint


def routed(admin, complaint, unit) -> Complaint:
    handling.complaint_route(actor=admin, complaint=complaint, unit=unit)
    complaint.refresh_from_db()
    return complaint


def replied(handler, complaint, text="Antrean sudah kami tambah petugasnya.") -> Complaint:
    handling.complaint_reply(actor=handler, complaint=complaint, text=text)
    complaint.refresh_from_db()
    return complaint


def designate(unit, employee, by=None) -> UnitHandler:
    return UnitHandler.objects.create(unit=unit, employee=employee, designated_by=by)
