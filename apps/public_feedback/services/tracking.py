"""What a reporter does on the tracking page (DOMAIN.md "Complaints", the workflow in issue #8):

* add information (text and/or attachments) while the complaint is not closed; at PERLU_INFO this
  sends it back to verification (BARU, ``verify_due`` counted again from today); at DITANGGAPI it
  is the reporter's reply, so the reply-less auto-close counts again from today;
* confirm that a reply resolved it (DITANGGAPI -> SELESAI);
* reopen with a reason: at DITANGGAPI, or within ``reopen_days`` working days after it was closed
  as SELESAI / TIDAK_SELESAI (-> DITERUSKAN to the same unit, ``follow_up_due`` counted again);
* rate the handling once (1-5 and a comment) when it is SELESAI or TIDAK_SELESAI.

The reporter has no account: the caller has already proven the tracking code. Each action locks
the complaint row and re-checks the state, so a double click or two tabs act once. Every action
writes a public timeline entry and tells the handlers (or the admins) through the outbox.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import outbox
from apps.core.workdays import add_working_days

from ..models import Complaint, ComplaintEntry, ComplaintStatus, EntryKind, FeedbackSettings
from .intake import TEXT_MAX, check_attachments, clean_text, store_attachments

ADD_INFO, CONFIRM, REOPEN, RATE = "add_info", "confirm", "reopen", "rate"
RATEABLE = frozenset({ComplaintStatus.SELESAI, ComplaintStatus.TIDAK_SELESAI})


def reopen_deadline(complaint: Complaint, config: FeedbackSettings | None = None) -> datetime.date | None:
    """The last day a closed complaint may be reopened (None when it is not closed that way)."""
    if complaint.status not in RATEABLE or complaint.closed_at is None:
        return None
    config = config or FeedbackSettings.current()
    return add_working_days(timezone.localdate(complaint.closed_at), config.reopen_days)


def allowed_actions(complaint: Complaint, config: FeedbackSettings | None = None) -> frozenset[str]:
    """What the reporter may do now (the page shows just these; the services check them again)."""
    actions = set()
    if not complaint.is_closed:
        actions.add(ADD_INFO)
    if complaint.status == ComplaintStatus.DITANGGAPI:
        actions |= {CONFIRM, REOPEN}
    deadline = reopen_deadline(complaint, config)
    if deadline is not None and timezone.localdate() <= deadline:
        actions.add(REOPEN)
    if complaint.status in RATEABLE and complaint.rating is None:
        actions.add(RATE)
    return frozenset(actions)


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


def _refuse(message: str, field: str = "__all__"):
    raise ValidationError({field: [message]})


def _entry(complaint: Complaint, kind: str, text: str = "") -> ComplaintEntry:
    entry = ComplaintEntry.objects.create(
        complaint=complaint,
        kind=kind,
        is_public=True,
        by_reporter=True,
        text=text,
        status_after=complaint.status,
        at=timezone.now(),
    )
    outbox.enqueue("apps.public_feedback.tasks.intake.reporter_action_notify", entry_id=entry.pk)
    return entry


def _text(value, field: str, *, required: bool, missing: str) -> str:
    text = clean_text(value)
    if required and not text:
        _refuse(missing, field)
    if len(text) > TEXT_MAX:
        _refuse(
            _("Paling banyak %(max)s karakter; Anda menulis %(n)s.")
            % {"max": f"{TEXT_MAX:,}".replace(",", "."), "n": len(text)},
            field,
        )
    return text


def complaint_add_info(*, complaint: Complaint, text: str, uploads=()) -> tuple[ComplaintEntry, list[str]]:
    """Add the reporter's information; returns the entry and notes about shrunk photos."""
    text = _text(text, "text", required=False, missing="")
    uploads = [upload for upload in (uploads or []) if upload]
    if not text and not uploads:
        _refuse(_("Tulis informasi tambahan atau pilih lampiran."), "text")
    already = complaint.attachments.count()
    files, notes, errors = check_attachments(uploads, already=already)
    if errors:
        raise ValidationError({"attachments": errors})
    config = FeedbackSettings.current()
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.is_closed:
            _refuse(_("Pengaduan ini sudah ditutup; informasi tidak dapat ditambahkan lagi."))
        if complaint.status == ComplaintStatus.PERLU_INFO:
            # the reporter answered: back to verification, with a fresh verification deadline
            complaint.status = ComplaintStatus.BARU
            complaint.verify_due = add_working_days(timezone.localdate(), config.verify_days)
            complaint.save(update_fields=["status", "verify_due", "updated_at"])
        elif complaint.status == ComplaintStatus.DITANGGAPI and complaint.auto_close_due:
            # the reporter replied: the reply-less auto-close counts again from today
            complaint.auto_close_due = add_working_days(timezone.localdate(), config.auto_close_days)
            complaint.save(update_fields=["auto_close_due", "updated_at"])
        entry = _entry(complaint, EntryKind.INFO_ADDED, text)
        store_attachments(complaint, entry, files)
    return entry, notes


def complaint_confirm(*, complaint: Complaint) -> ComplaintEntry:
    """The reporter says the reply resolved it."""
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.status != ComplaintStatus.DITANGGAPI:
            _refuse(_("Penyelesaian hanya dapat dikonfirmasi setelah pengaduan ditanggapi."))
        complaint.status = ComplaintStatus.SELESAI
        complaint.closed_at = timezone.now()
        complaint.auto_close_due = None
        complaint.save(update_fields=["status", "closed_at", "auto_close_due", "updated_at"])
        return _entry(complaint, EntryKind.RESOLVED, _("Pelapor menyatakan pengaduan telah terselesaikan."))


def complaint_reopen(*, complaint: Complaint, reason: str) -> ComplaintEntry:
    """Back to the unit (or to verification, if it never reached one) with the reporter's reason."""
    reason = _text(reason, "reason", required=True, missing=_("Tuliskan alasan Anda membuka kembali pengaduan ini."))
    config = FeedbackSettings.current()
    with transaction.atomic():
        complaint = _locked(complaint)
        if REOPEN not in allowed_actions(complaint, config):
            if complaint.status in RATEABLE:
                _refuse(_("Batas waktu untuk membuka kembali pengaduan ini sudah lewat."))
            _refuse(_("Pengaduan ini tidak dapat dibuka kembali pada tahap ini."))
        today = timezone.localdate()
        if complaint.handling_unit_id:
            complaint.status = ComplaintStatus.DITERUSKAN
            complaint.follow_up_due = add_working_days(today, config.follow_up_days)
        else:
            complaint.status = ComplaintStatus.BARU
            complaint.verify_due = add_working_days(today, config.verify_days)
        complaint.reopen_count += 1
        complaint.closed_at = None
        complaint.close_reason = ""
        complaint.auto_close_due = None
        complaint.escalated_at = None  # a new deadline: overdue handling starts afresh
        complaint.save(
            update_fields=[
                "status",
                "follow_up_due",
                "verify_due",
                "reopen_count",
                "closed_at",
                "close_reason",
                "auto_close_due",
                "escalated_at",
                "updated_at",
            ]
        )
        return _entry(complaint, EntryKind.REOPENED, reason)


def complaint_rate(*, complaint: Complaint, rating, comment: str = "") -> ComplaintEntry:
    """The reporter's rating of the handling, once, after it was closed."""
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        _refuse(_("Pilih nilai 1 sampai 5."), "rating")
    comment = _text(comment, "comment", required=False, missing="")
    with transaction.atomic():
        complaint = _locked(complaint)
        if complaint.rating is not None:
            _refuse(_("Anda sudah memberi penilaian untuk pengaduan ini."))
        if complaint.status not in RATEABLE:
            _refuse(_("Penilaian dapat diberikan setelah pengaduan ditutup."))
        complaint.rating = rating
        complaint.rating_comment = comment
        complaint.rated_at = timezone.now()
        complaint.save(update_fields=["rating", "rating_comment", "rated_at", "updated_at"])
        return _entry(complaint, EntryKind.RATED, comment)
