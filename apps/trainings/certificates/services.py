"""Issuing certificates: one (the task after a session closes), many at once, or every missing one.

Many certificates render as one WeasyPrint document whose pages are then split into one PDF per
person (``apps.evaluations.reports.pdf.render_split``): the stylesheet, the fonts and the logo are
loaded once per chunk instead of once per person.

Files are immutable, as with the reports: every rendering gets a new server-made name, the row is
switched to it in one transaction, and the old file is deleted after commit, so a download that
started before a re-issue never reads half a file. Unlike a report, a certificate keeps its code
when it is issued again: the participant may have printed it already.
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import override

from apps.evaluations.reports import pdf
from apps.evaluations.reports.builders import Stamp

from ..models import Enrollment, EnrollmentStatus
from . import builders
from .models import CERTIFICATE_CODE_PREFIX, Certificate

log = logging.getLogger(__name__)

# No 0/O, 1/I/L: the code is typed from paper. 12 characters of 32 = 60 random bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CHUNK = 25  # certificates per WeasyPrint document (one page each)


def new_code() -> str:
    """A code like "SRT-7KQ2-M9XD-4HPA": unguessable, easy to read aloud and type."""
    groups = ("".join(secrets.choice(CODE_ALPHABET) for _n in range(4)) for _g in range(3))
    return CERTIFICATE_CODE_PREFIX + "-".join(groups)


def _file_name(enrollment: Enrollment) -> str:
    session = enrollment.session
    return f"sertifikat/pelatihan/{session.ends_on.year}/{session.pk}/{enrollment.pk}-{secrets.token_hex(6)}.pdf"


def _render(enrollments: list[Enrollment], codes: dict[int, str]) -> dict[int, tuple[bytes, str]]:
    """{enrollment pk: (PDF, code)} of one WeasyPrint document."""
    now = timezone.now()
    stamps = {e.pk: Stamp(codes.get(e.pk) or new_code(), now) for e in enrollments}
    with override("id"), pdf.gc_paused():
        parts = builders.certificate_parts(enrollments, stamps)
        titles = {f"c{e.pk}": builders.certificate_title(e) for e in enrollments}
        html = builders.document_html([parts[e.pk] for e in enrollments], title=next(iter(titles.values())))
        pdfs = pdf.render_split(html, titles, created=now)
    return {e.pk: (pdfs[f"c{e.pk}"], stamps[e.pk].code) for e in enrollments}


def certificates_issue(enrollment_ids, *, reissue: bool = True) -> list[Certificate]:
    """Render and store the certificates of these completed enrollments (others are skipped).
    With ``reissue`` false, those that already have one are skipped too. Raises when the
    document cannot be made; nothing is kept then."""
    enrollments = builders.enrollments_for_certificates(enrollment_ids)
    codes = dict(
        Certificate.objects.filter(enrollment__in=[e.pk for e in enrollments]).values_list("enrollment_id", "code")
    )
    if not reissue:
        enrollments = [e for e in enrollments if e.pk not in codes]
    if not enrollments:
        return []
    rendered = _render(enrollments, codes)
    return _store(enrollments, rendered)


def certificate_issue(*, enrollment: Enrollment, reissue: bool = False) -> Certificate | None:
    """The certificate of one completed enrollment: issued when missing (safe to run twice: the
    second run changes nothing); with ``reissue``, rendered again into the same row with the same
    code (a corrected name or program). None when the enrollment is not completed."""
    if not reissue:
        existing = Certificate.objects.filter(enrollment=enrollment).first()
        if existing is not None:
            return existing
    rows = certificates_issue([enrollment.pk], reissue=reissue)
    if rows:
        return rows[0]
    return Certificate.objects.filter(enrollment=enrollment).first()


def certificates_issue_missing(
    *, employee_ids=None, completed_since=None, limit: int | None = None, chunk: int = CHUNK
) -> int:
    """Issue every missing certificate of a completed enrollment (only of ``employee_ids``, only
    of completions since ``completed_since`` when given; at most ``limit``, most recent
    completions first); returns how many were issued. A chunk that fails is retried one by one,
    and a certificate that still cannot be made is logged and left for the next run."""
    pending = Enrollment.objects.filter(status=EnrollmentStatus.COMPLETED, certificate__isnull=True)
    if employee_ids is not None:
        pending = pending.filter(employee_id__in=list(employee_ids))
    if completed_since is not None:
        pending = pending.filter(completed_at__gte=completed_since)
    ids = list(pending.order_by("-completed_at", "-pk").values_list("pk", flat=True)[:limit])
    issued = 0
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        try:
            issued += len(certificates_issue(part, reissue=False))
        except Exception:
            for pk in part:
                try:
                    issued += len(certificates_issue([pk], reissue=False))
                except Exception:
                    log.exception("certificates: enrollment %s could not be issued", pk)
    return issued


def _store(enrollments: list[Enrollment], rendered: dict[int, tuple[bytes, str]]) -> list[Certificate]:
    """Save the files, then switch the rows to them in one transaction. Two workers issuing the
    same new certificate at once: the second insert fails, and the second attempt finds the row
    (locked) and updates it."""
    saved: dict[int, str] = {}
    try:
        for enrollment in enrollments:
            saved[enrollment.pk] = default_storage.save(_file_name(enrollment), ContentFile(rendered[enrollment.pk][0]))
        for attempt in (1, 2):
            try:
                with transaction.atomic():
                    return _store_rows(rendered, saved)
            except IntegrityError:
                if attempt == 2:
                    raise
    except BaseException:
        for name in saved.values():
            default_storage.delete(name)
        raise
    raise AssertionError("unreachable")


def _store_rows(rendered: dict[int, tuple[bytes, str]], names: dict[int, str]) -> list[Certificate]:
    existing = {row.enrollment_id: row for row in Certificate.objects.select_for_update().filter(enrollment__in=names)}
    now = timezone.now()
    created, updated, replaced = [], [], []
    for pk, name in names.items():
        data, code = rendered[pk]
        row = existing.get(pk)
        if row is None:
            row = Certificate(enrollment_id=pk)
            created.append(row)
        else:
            replaced.append(row.file.name)
            updated.append(row)
        row.file.name, row.code, row.size = name, code, len(data)
        row.sha256, row.generated_at, row.updated_at = hashlib.sha256(data).hexdigest(), now, now
    if updated:
        Certificate.objects.bulk_update(updated, ["file", "code", "sha256", "size", "generated_at", "updated_at"])
    if created:
        Certificate.objects.bulk_create(created)
    old = [name for name in replaced if name and name not in names.values()]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in old])
    return created + updated
