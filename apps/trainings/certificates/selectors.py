"""Reads of the certificates: the scoped download, the certificates shown next to enrollments and
JP entries, and the public verification lookup (registered in ``apps.trainings.apps``)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.core import access
from apps.core.verification import Verified, mask_nip

from ..models import EnrollmentStatus
from . import builders
from .models import CERTIFICATE_CODE_PREFIX, Certificate


def _certificates():
    return Certificate.objects.select_related("enrollment__employee", "enrollment__session__program")


def certificate_get_for(user, pk) -> Certificate:
    """The participant's own, one of a (direct or indirect) subordinate's, or any for a BKPSDM
    admin (``training.certificate``); anything else, existing or not, is a 404."""
    try:
        certificate = _certificates().get(pk=pk)
    except (Certificate.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if not access.can(user, "training.certificate", certificate):
        raise Http404
    return certificate


def download_name(certificate: Certificate) -> str:
    from django.utils.text import slugify

    enrollment = certificate.enrollment
    program = slugify(enrollment.session.program.name)[:60] or "pelatihan"
    return f"sertifikat-{program}-{enrollment.employee.nip}.pdf"


def verified(code: str) -> Verified | None:
    """The public page's view of a certificate: who holds it (NIP masked), for which program,
    dates and JP, when it was issued, and the checksum; nothing else of the participant. A code
    of an enrollment that is no longer completed verifies nothing."""
    code = code.strip().upper()
    if not code.startswith(CERTIFICATE_CODE_PREFIX):
        return None
    certificate = _certificates().filter(code=code, enrollment__status=EnrollmentStatus.COMPLETED).first()
    if certificate is None:
        return None
    enrollment = certificate.enrollment
    session, employee = enrollment.session, enrollment.employee
    jp = builders.credited_jp([enrollment]).get(enrollment.pk, session.program.jp)
    return Verified(
        kind=_("Sertifikat pelatihan"),
        code=certificate.code,
        sha256=certificate.sha256,
        generated_at=certificate.generated_at,
        rows=[
            (_("Diberikan kepada"), employee.full_name),
            (_("NIP"), mask_nip(employee.nip)),
            (_("Program pelatihan"), session.program.name),
            (_("Tanggal pelatihan"), builders.date_range(session.starts_on, session.ends_on)),
            (_("Jam pelajaran"), f"{builders.jp_label(jp)} JP"),
            (_("Nomor sertifikat"), builders.number(enrollment)),
            (_("Penyelenggara"), f"{settings.SIKAP_AGENCY_NAME} {settings.SIKAP_GOVERNMENT_NAME}"),
            (_("Tanggal sertifikat"), date_format(builders.issued_on(enrollment, certificate.generated_at), "j F Y")),
            (
                _("Berkas terakhir dibuat"),
                date_format(timezone.localtime(certificate.generated_at), "j F Y, H.i") + " WIB",
            ),
        ],
        note=_(
            "Berkas PDF yang sama persis dengan yang terakhir diterbitkan memiliki checksum di atas (misalnya: "
            "sha256sum berkas.pdf). Sertifikat yang diterbitkan ulang tetap memakai kode yang sama."
        ),
    )


def certificates_of(employee) -> list[Certificate]:
    """An employee's certificates, newest training first (the "JP saya" page): one query."""
    if employee is None:
        return []
    rows = _certificates().filter(enrollment__employee=employee, enrollment__status=EnrollmentStatus.COMPLETED)
    return list(rows.order_by("-enrollment__session__ends_on", "-pk"))


def certificates_for_entries(entries) -> dict[str, Certificate]:
    """{JP entry source key: certificate} for the ledger entries credited by a completed session
    ("enrollment:<pk>"): one query."""
    ids = {}
    for entry in entries:
        prefix, _sep, pk = entry.source_key.partition(":")
        if prefix == "enrollment" and pk.isdigit():
            ids[int(pk)] = entry.source_key
    if not ids:
        return {}
    rows = Certificate.objects.select_related("enrollment").filter(
        enrollment__in=list(ids), enrollment__status=EnrollmentStatus.COMPLETED
    )
    return {ids[row.enrollment_id]: row for row in rows}
