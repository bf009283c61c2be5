"""Complaint intake: what a citizen sends through the form or the API becomes a complaint.

``complaint_submit`` is the one entry point for both channels, so the rules and limits are the
same everywhere:

1. Refuse early (429) when the address used up its hourly limit, or (API only) passed the daily
   volume after which the form asks for a captcha; the form passes ``human_verified`` once its
   captcha was answered.
2. Validate every field and check every attachment *before* writing anything: a refused
   submission leaves no row and no file (the abuse counter aside).
3. In one transaction: allocate the reference number (under a lock, which also makes the limit
   check above race-free), store the complaint, its first timeline entry and the attachments,
   count the submission, and queue the e-mail with the tracking code (outbox, after commit).

Privacy rules applied here (DOMAIN.md "Complaints"): a complaint that names a civil servant is
always rahasia; contact data needs the reporter's consent; a blocklisted contact is stored but
hidden (``is_blocked``) and gets no e-mail.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import outbox
from apps.core.exceptions import TooManyRequests
from apps.core.uploads import DEFAULT_MAX_BYTES, CheckedFile, check_evidence, check_size, display_name
from apps.core.workdays import add_working_days

from ..models import (
    Channel,
    Complaint,
    ComplaintAttachment,
    ComplaintEntry,
    ComplaintKind,
    ComplaintStatus,
    EntryKind,
    FeedbackSettings,
    PublicService,
)
from . import abuse, codes

DESCRIPTION_MAX = 5000
TEXT_MAX = 2000  # added information, reasons, rating comments
MAX_ATTACHMENTS = 3
MAX_ATTACHMENTS_TOTAL = 12  # over the life of a complaint (submission plus added information)
ATTACHMENT_MAX_BYTES = DEFAULT_MAX_BYTES
_ACCEPTED_MAGIC = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
_PHONE_CHARS = re.compile(r"\+?[0-9][0-9 ().-]*")
TEXT_LIMITS = {"subject_text": 200, "location": 200, "reporter_name": 120, "reporter_phone": 20}


@dataclass
class Submitted:
    complaint: Complaint
    code: str  # shown once; never stored
    notes: list[str] = field(default_factory=list)  # e.g. "the photo was made smaller"


def clean_text(value) -> str:
    """Strip surrounding space and NUL characters (PostgreSQL refuses them in text)."""
    return str(value or "").replace("\x00", "").strip()


def description_problem(text: str) -> str | None:
    if not text:
        return _("Tuliskan apa yang terjadi.")
    if len(text) > DESCRIPTION_MAX:
        return _(
            "Uraian paling banyak %(max)s karakter; Anda menulis %(n)s. Ringkas uraiannya; rincian dapat dikirim "
            "sebagai lampiran."
        ) % {"max": f"{DESCRIPTION_MAX:,}".replace(",", "."), "n": f"{len(text):,}".replace(",", ".")}
    return None


# --- attachments -------------------------------------------------------------------------------


def check_attachment(upload) -> tuple[CheckedFile, str | None]:
    """One reporter's file: a photo (JPEG/PNG, re-encoded without metadata; a very large JPEG is
    made smaller, with a note) or a PDF, by content (``apps.core.uploads``)."""
    name = display_name(getattr(upload, "name", ""), fallback="lampiran")
    check_size(upload.size, max_bytes=ATTACHMENT_MAX_BYTES, name=name)
    head = upload.read(8)
    upload.seek(0)
    if not head.startswith(_ACCEPTED_MAGIC):
        raise ValidationError(_("File “%(name)s” bukan foto (JPEG/PNG) atau PDF.") % {"name": name})
    checked = check_evidence(upload, max_bytes=ATTACHMENT_MAX_BYTES, fallback="lampiran")
    if checked.content_type not in _EXTENSIONS:  # check_evidence also knows DOCX/XLSX
        raise ValidationError(_("File “%(name)s” bukan foto (JPEG/PNG) atau PDF.") % {"name": name})
    return checked, checked.note


def check_attachments(uploads, *, already: int = 0) -> tuple[list[CheckedFile], list[str], list[str]]:
    """(checked files, notes, error messages) for a batch of uploads."""
    uploads = [upload for upload in (uploads or []) if upload]
    if len(uploads) > MAX_ATTACHMENTS:
        return (
            [],
            [],
            [
                _("Paling banyak %(max)s lampiran sekali kirim; Anda memilih %(n)s.")
                % {"max": MAX_ATTACHMENTS, "n": len(uploads)}
            ],
        )
    if already + len(uploads) > MAX_ATTACHMENTS_TOTAL:
        return [], [], [_("Pengaduan ini sudah mencapai batas %(max)s lampiran.") % {"max": MAX_ATTACHMENTS_TOTAL}]
    checked, notes, errors = [], [], []
    for upload in uploads:
        try:
            clean, note = check_attachment(upload)
        except ValidationError as exc:
            errors.extend(exc.messages)
            continue
        checked.append(clean)
        if note:
            notes.append(note)
    return checked, notes, errors


def store_attachments(complaint: Complaint, entry: ComplaintEntry, files: list[CheckedFile]) -> None:
    today = timezone.localdate()
    for checked in files:
        attachment = ComplaintAttachment(
            complaint=complaint,
            entry=entry,
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.content.size,
        )
        # a server-made name: nothing the reporter typed reaches the file system
        name = f"pengaduan/{today:%Y/%m}/{uuid.uuid4().hex}.{_EXTENSIONS[checked.content_type]}"
        attachment.file.save(name, checked.content, save=False)
        attachment.save()


# --- validation --------------------------------------------------------------------------------


def _validate(data: dict) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    if data["kind"] not in ComplaintKind.values:
        add("kind", _("Pilih jenis: pengaduan, aspirasi, atau permintaan informasi."))
    problem = description_problem(data["description"])
    if problem:
        add("description", problem)
    for name, limit in TEXT_LIMITS.items():
        if len(data[name]) > limit:
            add(name, _("Paling banyak %(max)s karakter; Anda menulis %(n)s.") % {"max": limit, "n": len(data[name])})
    service, unit = data["service"], data["unit"]
    if service is not None and not service.is_active:
        add("service", _("Layanan ini tidak lagi tersedia; pilih layanan lain."))
    if unit is not None and not unit.is_active:
        add("unit", _("Unit kerja ini tidak lagi aktif; pilih unit lain."))
    occurred_on = data["occurred_on"]
    if occurred_on is not None and occurred_on > timezone.localdate():
        add("occurred_on", _("Tanggal kejadian tidak boleh setelah hari ini."))
    elif occurred_on is not None and occurred_on < timezone.localdate() - datetime.timedelta(days=3660):
        add("occurred_on", _("Tanggal kejadian terlalu lama; periksa tahunnya."))
    email, phone = data["reporter_email"], data["reporter_phone"]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            add("reporter_email", _("Alamat email tidak valid, misalnya nama@contoh.id."))
    if phone and not (_PHONE_CHARS.fullmatch(phone) and 8 <= len(abuse.normalise_phone(phone)) <= 15):
        add("reporter_phone", _("Nomor telepon hanya angka (boleh diawali +), 8 sampai 15 digit."))
    if (email or phone) and not data["contact_consent"]:
        add("contact_consent", _("Centang persetujuan agar kami boleh menghubungi Anda, atau kosongkan kontak."))
    return errors


def complaint_submit(
    *,
    ip: str,
    kind: str,
    description: str,
    channel: str = Channel.WEB,
    service: PublicService | None = None,
    unit=None,
    subject_text: str = "",
    occurred_on: datetime.date | None = None,
    location: str = "",
    is_anonymous: bool = False,
    is_confidential: bool = False,
    reporter_name: str = "",
    reporter_email: str = "",
    reporter_phone: str = "",
    contact_consent: bool = False,
    uploads=(),
    human_verified: bool = False,
) -> Submitted:
    """Store a citizen's complaint; ``ValidationError`` ({field: [messages]}) when refused,
    ``TooManyRequests`` when the address is over its limit."""
    config = FeedbackSettings.current()
    if abuse.submission_limited(ip, config):
        raise TooManyRequests
    if abuse.needs_captcha(ip, config) and not human_verified:
        if channel == Channel.API:
            raise TooManyRequests  # no captcha through the API: the volume itself is the limit
        raise ValidationError({"captcha": [_("Ketik huruf pada gambar untuk membuktikan Anda bukan robot.")]})
    data = {
        "kind": clean_text(kind),
        "description": clean_text(description),
        "service": service,
        "unit": unit if unit is not None else (service.unit if service is not None else None),
        "subject_text": clean_text(subject_text),
        "occurred_on": occurred_on,
        "location": clean_text(location),
        "reporter_name": clean_text(reporter_name),
        "reporter_email": abuse.normalise_email(clean_text(reporter_email)),
        "reporter_phone": clean_text(reporter_phone),
        "contact_consent": bool(contact_consent),
    }
    errors = _validate(data)
    files, notes, file_errors = check_attachments(uploads)
    if file_errors:
        errors["attachments"] = file_errors
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    issued = codes.issue()
    blocked = abuse.contact_blocked(email=data["reporter_email"], phone=data["reporter_phone"])
    with transaction.atomic():
        reference = codes.next_reference(timezone.localtime(now).year)
        # checked again under the reference lock: parallel requests cannot all slip under the limit
        if abuse.submission_limited(ip, config):
            raise TooManyRequests
        complaint = Complaint.objects.create(
            reference=reference,
            code_hash=issued.code_hash,
            channel=channel,
            # a complaint about a named civil servant is never public (DOMAIN.md), whatever was ticked
            is_confidential=bool(is_confidential) or bool(data["subject_text"]),
            is_anonymous=bool(is_anonymous),
            is_blocked=blocked,
            status=ComplaintStatus.BARU,
            submitted_at=now,
            verify_due=add_working_days(timezone.localdate(now), config.verify_days),
            **data,
        )
        entry = ComplaintEntry.objects.create(
            complaint=complaint,
            kind=EntryKind.SUBMITTED,
            is_public=True,
            by_reporter=True,
            status_after=ComplaintStatus.BARU,
            at=now,
        )
        store_attachments(complaint, entry, files)
        abuse.record_submission(ip)
        if complaint.reporter_email and not blocked:
            outbox.enqueue(
                "apps.public_feedback.tasks.intake.tracking_code_mail", complaint_id=complaint.pk, seed=issued.seed
            )
    return Submitted(complaint=complaint, code=issued.code, notes=notes)
