"""Showing who reported a complaint (UU 27/2022 on personal data protection; DOMAIN.md).

The reporter's name, e-mail and phone are shown only on request, to those ``complaint.reporter``
allows (BKPSDM admins always; the unit's handlers unless the reporter chose anonim), and every
time they are shown a ``personal_data.viewed`` event is written to the complaint's audit trail
(``ComplaintAudit``) with who looked and from which page (pghistory context: the request
middleware adds the user and the URL, this adds the actor explicitly for non-request callers).
"""

from __future__ import annotations

from dataclasses import dataclass

import pghistory
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from apps.core import access, audit
from apps.core.models import AuditAction

from ..models import Complaint

VIEWED = "personal_data.viewed"


@dataclass(frozen=True)
class Reporter:
    name: str
    email: str
    phone: str
    consent: bool
    anonymous: bool


def reporter_view(*, actor, complaint: Complaint) -> Reporter:
    """The reporter's identity and contact for ``actor``, recorded as viewed."""
    if not access.can(actor, "complaint.reporter", complaint):
        raise PermissionDenied(_("Anda tidak berwenang melihat identitas pelapor pengaduan ini."))
    with pghistory.context(actor=actor.pk, action="personal_data_view"):
        pghistory.create_event(complaint, label=VIEWED)
    audit.record(AuditAction.PERSONAL_DATA_VIEW, obj=complaint, actor=actor, shown="reporter")
    return Reporter(
        name=complaint.reporter_name,
        email=complaint.reporter_email,
        phone=complaint.reporter_phone,
        consent=complaint.contact_consent,
        anonymous=complaint.is_anonymous,
    )
