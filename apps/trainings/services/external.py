"""Learning outside the catalogue (pembelajaran mandiri/eksternal): the ASN submits it with a
certificate; a BKPSDM admin verifies it, which credits the JP the admin accepts, or rejects it with
a note. Everything is checked before anything is written, so a refusal leaves no row and no file."""

import datetime
from decimal import Decimal

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import access
from apps.core.uploads import CheckedFile, check_evidence, check_size, display_name

from ..models import ExternalLearning, JpSource, LearningPath, ReviewStatus
from . import ledger

CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024
MAX_JP = Decimal(200)
# A certificate is a document to read, not to edit: PDF or a photo/scan. check_evidence accepts
# DOCX and XLSX too (for daily-report evidence), so the kind is narrowed here from the content.
_CERTIFICATE_MAGIC = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_CERTIFICATE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def _not_a_certificate(name: str) -> ValidationError:
    return ValidationError(
        _(
            "File “%(name)s” bukan PDF atau gambar (JPEG/PNG). Simpan sertifikat sebagai PDF atau foto, "
            "lalu unggah lagi."
        )
        % {"name": name}
    )


def certificate_check(upload) -> CheckedFile:
    """The type is read from the content (an HTML file named .pdf is refused); images are re-encoded."""
    name = display_name(getattr(upload, "name", ""), fallback="sertifikat")
    check_size(upload.size, max_bytes=CERTIFICATE_MAX_BYTES, name=name)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(_CERTIFICATE_MAGIC):
        raise _not_a_certificate(name)
    checked = check_evidence(upload, max_bytes=CERTIFICATE_MAX_BYTES, fallback="sertifikat")
    if checked.content_type not in _CERTIFICATE_TYPES:
        raise _not_a_certificate(name)
    return checked


def external_submit(
    *,
    actor,
    title: str,
    organiser: str,
    path: str,
    started_on: datetime.date,
    ended_on: datetime.date,
    jp_claimed: Decimal,
    certificate,
) -> ExternalLearning:
    """The ASN's own submission; it waits for an admin's verification."""
    employee = access.employee_of(actor)
    if employee is None or not access.can(actor, "training.external"):
        raise PermissionDenied(_("Hanya ASN yang mengajukan pembelajaran mandiri."))
    errors = {}
    if not (title or "").strip():
        errors["title"] = [_("Isi nama kegiatan.")]
    if not (organiser or "").strip():
        errors["organiser"] = [_("Isi penyelenggara.")]
    if path not in LearningPath.values:
        errors["path"] = [_("Pilih jalur pembelajaran.")]
    if started_on and ended_on and ended_on < started_on:
        errors["ended_on"] = [_("Tanggal selesai tidak boleh sebelum tanggal mulai.")]
    elif ended_on and ended_on > timezone.localdate():
        errors["ended_on"] = [_("Kegiatan yang belum selesai belum dapat diajukan.")]
    if jp_claimed is None or jp_claimed <= 0:
        errors["jp_claimed"] = [_("JP harus lebih dari 0.")]
    elif jp_claimed > MAX_JP:
        errors["jp_claimed"] = [_("JP paling banyak %(max)s untuk satu kegiatan.") % {"max": MAX_JP}]
    checked = None
    if not certificate:
        errors["certificate"] = [_("Unggah sertifikat (PDF atau gambar).")]
    else:
        try:
            checked = certificate_check(certificate)
        except ValidationError as exc:
            errors["certificate"] = exc.messages
    if errors:
        raise ValidationError(errors)
    entry = ExternalLearning(
        employee=employee,
        title=title.strip(),
        organiser=organiser.strip(),
        path=path,
        started_on=started_on,
        ended_on=ended_on,
        jp_claimed=jp_claimed,
        certificate_name=checked.original_name,
        certificate_type=checked.content_type,
    )
    entry.certificate.save("sertifikat", checked.content, save=False)
    try:
        with transaction.atomic(), pghistory.context(actor=actor.pk, action="external_learning_submit"):
            entry.save()
    except Exception:
        entry.certificate.delete(save=False)  # no file without its row
        raise
    return entry


def _require_verifier(actor) -> None:
    if not access.can(actor, "training.verify"):
        raise PermissionDenied(_("Hanya admin BKPSDM yang memverifikasi pembelajaran mandiri."))


def _claim_for_review(entry: ExternalLearning) -> ExternalLearning:
    locked = ExternalLearning.objects.select_for_update().select_related("employee").get(pk=entry.pk)
    if locked.status != ReviewStatus.SUBMITTED:
        raise ValidationError(
            _("Pengajuan ini sudah %(status)s.") % {"status": locked.get_status_display().lower()},
            code="decided",
        )
    return locked


def external_verify(*, actor, entry: ExternalLearning, jp_accepted: Decimal, note: str = "") -> ExternalLearning:
    """Accept the submission with the JP the admin recognises (at most what was claimed) and credit
    them to the year the learning ended. Under a row lock, so a double click credits once."""
    _require_verifier(actor)
    if jp_accepted is None or jp_accepted <= 0:
        raise ValidationError({"jp_accepted": [_("JP yang diakui harus lebih dari 0; untuk menolak, pakai Tolak.")]})
    if jp_accepted > entry.jp_claimed:
        raise ValidationError(
            {"jp_accepted": [_("JP yang diakui paling banyak %(jp)s (yang diajukan).") % {"jp": entry.jp_claimed}]}
        )
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="external_learning_verify"):
        locked = _claim_for_review(entry)
        locked.status = ReviewStatus.VERIFIED
        locked.jp_credited = jp_accepted
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.review_note = (note or "").strip()
        locked.save(update_fields=["status", "jp_credited", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
        ledger.credit(
            employee=locked.employee,
            year=locked.ended_on.year,
            jp=jp_accepted,
            source=JpSource.EXTERNAL,
            source_key=f"external:{locked.pk}",
            title=locked.title,
            counts_toward_pppk_cap=True,
        )
    return locked


def external_reject(*, actor, entry: ExternalLearning, note: str) -> ExternalLearning:
    """Refuse the submission; the ASN reads why on their page."""
    _require_verifier(actor)
    if not (note or "").strip():
        raise ValidationError({"note": [_("Tulis alasan penolakan; pegawai membacanya.")]})
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="external_learning_reject"):
        locked = _claim_for_review(entry)
        locked.status = ReviewStatus.REJECTED
        locked.reviewed_by = actor
        locked.reviewed_at = timezone.now()
        locked.review_note = note.strip()
        locked.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note", "updated_at"])
    return locked
