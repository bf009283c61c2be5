"""What staff do with a complaint: BKPSDM's verification, the unit's handling, linking to the
employee concerned (the workflow in DOMAIN.md "Complaints"; states in ComplaintStatus).

Every function takes the acting user and:

1. refuses who may not (``PermissionDenied``, the rule lives in apps/core/access.py) and what the
   complaint's status does not allow (``ValidationError``, in Indonesian, saying why);
2. in one transaction, claims the complaint with a conditional UPDATE on the statuses it must still
   have, so a double click or two staff at once move it once (the second is told what happened);
3. writes the timeline entry (``ComplaintEntry``; ``is_public`` ones reach the reporter) with the
   actor in the audit trail (pghistory context);
4. enqueues ``complaint_entry_notify`` through the outbox: the unit's handlers when a complaint
   reaches them, and the reporter's email for public entries. Redis being down loses nothing.
"""

from __future__ import annotations

import datetime

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from apps.core import access, audit, outbox
from apps.core.models import AuditAction
from apps.employees import hierarchy

from ..models import Complaint, ComplaintEntry, ComplaintStatus, EntryKind, FeedbackSettings
from . import deadlines

S = ComplaintStatus
NOTIFY_TASK = "apps.public_feedback.tasks.handling.complaint_entry_notify"
MAX_TEXT = 5000

# action -> (the statuses it starts from, the access rule, how the refusal names it)
ACTIONS = {
    "route": ((S.BARU, S.PERLU_INFO, S.DITERUSKAN), "complaint.triage", gettext_lazy("diteruskan")),
    "ask_info": ((S.BARU, S.PERLU_INFO), "complaint.triage", gettext_lazy("dimintakan informasi tambahan")),
    "out_of_scope": ((S.BARU, S.PERLU_INFO), "complaint.triage", gettext_lazy("dinyatakan bukan wewenang")),
    "spam": ((S.BARU, S.PERLU_INFO), "complaint.triage", gettext_lazy("diarsipkan sebagai spam")),
    "reply": ((S.DITERUSKAN, S.DITANGGAPI), "complaint.handle", gettext_lazy("ditanggapi")),
    "resolve": ((S.DITERUSKAN, S.DITANGGAPI), "complaint.handle", gettext_lazy("dinyatakan selesai")),
    "close_unresolved": ((S.DITERUSKAN, S.DITANGGAPI), "complaint.handle", gettext_lazy("ditutup")),
    "note": (tuple(S), "complaint.handle", gettext_lazy("diberi catatan")),
    "link": (
        (S.BARU, S.PERLU_INFO, S.DITERUSKAN, S.DITANGGAPI, S.SELESAI, S.TIDAK_SELESAI),
        "complaint.handle",
        gettext_lazy("dikaitkan dengan pegawai"),
    ),
}
_REFUSED = {
    "complaint.triage": gettext_lazy("Hanya admin BKPSDM yang dapat memverifikasi dan meneruskan pengaduan."),
    "complaint.handle": gettext_lazy("Hanya petugas unit yang menangani pengaduan ini atau admin BKPSDM."),
}


def available_actions(user, complaint: Complaint) -> frozenset[str]:
    """What ``user`` may do with the complaint now; the detail page shows these forms only."""
    return frozenset(
        name
        for name, (statuses, rule, _label) in ACTIONS.items()
        if complaint.status in statuses and access.can(user, rule, complaint)
    )


def _check(actor, complaint: Complaint, action: str) -> None:
    statuses, rule, label = ACTIONS[action]
    if not access.can(actor, rule, complaint):
        raise PermissionDenied(_REFUSED[rule])
    if complaint.status not in statuses:
        raise ValidationError(
            _("Pengaduan %(ref)s berstatus “%(status)s”, sehingga tidak dapat %(action)s.")
            % {"ref": complaint.reference, "status": complaint.get_status_display(), "action": label}
        )


def _text(value: str, *, required_message: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: required_message})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("Paling banyak %(n)s karakter.") % {"n": MAX_TEXT}})
    return value


def _claim(complaint: Complaint, *, from_statuses, **changes) -> bool:
    """Apply ``changes`` only if the complaint still has one of ``from_statuses``; True when this
    call did (then the object carries the changes too)."""
    changes["updated_at"] = timezone.now()
    claimed = Complaint.objects.filter(pk=complaint.pk, status__in=from_statuses).update(**changes)
    if claimed:
        for name, value in changes.items():
            setattr(complaint, name, value)
    return bool(claimed)


def _moved_on(complaint: Complaint) -> ValidationError:
    complaint.refresh_from_db()
    return ValidationError(
        _("Pengaduan %(ref)s baru saja diubah orang lain; statusnya sekarang “%(status)s”.")
        % {"ref": complaint.reference, "status": complaint.get_status_display()}
    )


def _entry(complaint, *, actor, kind, text="", public: bool) -> ComplaintEntry:
    entry = ComplaintEntry.objects.create(
        complaint=complaint,
        kind=kind,
        is_public=public,
        text=text,
        actor=actor,
        status_after=complaint.status,
        at=timezone.now(),
    )
    outbox.enqueue(NOTIFY_TASK, entry_id=entry.pk)
    return entry


def _transition(actor, complaint, action, *, kind, text="", public, **changes) -> ComplaintEntry:
    """Check, claim, write the entry: the common path of every status change."""
    _check(actor, complaint, action)
    statuses = ACTIONS[action][0]
    before = complaint.status
    with transaction.atomic(), pghistory.context(actor=actor.pk, action=f"complaint_{action}"):
        if not _claim(complaint, from_statuses=statuses, **changes):
            raise _moved_on(complaint)
        _audit_status(complaint, before, actor=actor)
        return _entry(complaint, actor=actor, kind=kind, text=text, public=public)


def _audit_status(complaint: Complaint, before: str, *, actor) -> None:
    if complaint.status != before:
        audit.record(AuditAction.COMPLAINT_STATUS, obj=complaint, actor=actor, change=f"{before} -> {complaint.status}")


def _close(actor, complaint, action, kind, status, *, reason="", text=None, public=True) -> ComplaintEntry:
    """A closing transition; ``reason`` is kept as the close reason and is the entry's text unless
    ``text`` says otherwise (a resolved complaint's closing word is not a reason)."""
    return _transition(
        actor,
        complaint,
        action,
        kind=kind,
        text=reason if text is None else text,
        public=public,
        status=status,
        closed_at=timezone.now(),
        close_reason=reason,
    )


def _today() -> datetime.date:
    return timezone.localdate()


# --- BKPSDM: verification -----------------------------------------------------------------------


def complaint_route(*, actor, complaint: Complaint, unit, note: str = "") -> ComplaintEntry:
    """Send the complaint to the unit that must follow it up (again, to another unit, while it is
    with one). The unit's deadline starts today. A complaint from a blocked contact that an admin
    routes is a real one after all: it stops being hidden."""
    if unit is None or not unit.is_active:
        raise ValidationError({"unit": _("Pilih unit kerja yang aktif.")})
    if complaint.status == S.DITERUSKAN and complaint.handling_unit_id == unit.pk:
        raise ValidationError({"unit": _("Pengaduan ini sudah ditangani %(unit)s.") % {"unit": unit.name}})
    note = (note or "").strip()[:MAX_TEXT]
    now = timezone.now()
    entry = _transition(
        actor,
        complaint,
        "route",
        kind=EntryKind.ROUTED,
        text=unit.name,
        public=True,
        status=S.DITERUSKAN,
        handling_unit=unit,
        routed_at=now,
        follow_up_due=deadlines.follow_up_due_from(_today()),
        is_blocked=False,
    )
    if note:
        with pghistory.context(actor=actor.pk, action="complaint_note"):
            _entry(complaint, actor=actor, kind=EntryKind.NOTE, text=note, public=False)
    return entry


def complaint_ask_info(*, actor, complaint: Complaint, question: str) -> ComplaintEntry:
    """Ask the reporter for what is missing; the question is on their tracking page (and in their
    email). Their answer brings it back to BARU with a fresh verification deadline (intake)."""
    question = _text(question, required_message=_("Tulis informasi apa yang diperlukan."), field="question")
    return _transition(
        actor, complaint, "ask_info", kind=EntryKind.INFO_REQUESTED, text=question, public=True, status=S.PERLU_INFO
    )


def complaint_out_of_scope(*, actor, complaint: Complaint, reason: str) -> ComplaintEntry:
    """Close it as not the government's to handle; the reason is public (where to go instead)."""
    reason = _text(reason, required_message=_("Tulis alasan dan ke mana pelapor dapat mengadu."), field="reason")
    return _close(actor, complaint, "out_of_scope", EntryKind.OUT_OF_SCOPE, S.BUKAN_WEWENANG, reason=reason)


def complaint_mark_spam(*, actor, complaint: Complaint, reason: str = "") -> ComplaintEntry:
    """Archive as spam: kept for the record, hidden from every list but the admins' spam filter,
    and nothing is sent to the reporter."""
    reason = (reason or "").strip()[:MAX_TEXT]
    return _close(actor, complaint, "spam", EntryKind.SPAM, S.SPAM, reason=reason, public=False)


# --- the unit: handling ---------------------------------------------------------------------------


def complaint_reply(*, actor, complaint: Complaint, text: str) -> ComplaintEntry:
    """A public reply to the reporter. The auto-close clock starts (again) today: without an answer
    from the reporter it closes as resolved after ``auto_close_days`` working days."""
    text = _text(text, required_message=_("Tulis tanggapan untuk pelapor."), field="text")
    return _transition(
        actor,
        complaint,
        "reply",
        kind=EntryKind.REPLY,
        text=text,
        public=True,
        status=S.DITANGGAPI,
        responded_at=timezone.now(),
        auto_close_due=deadlines.auto_close_due_from(_today()),
    )


def complaint_add_note(*, actor, complaint: Complaint, text: str) -> ComplaintEntry:
    """An internal note (never shown to the reporter), in any status."""
    text = _text(text, required_message=_("Tulis isi catatan."), field="text")
    _check(actor, complaint, "note")
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="complaint_note"):
        return _entry(complaint, actor=actor, kind=EntryKind.NOTE, text=text, public=False)


def complaint_resolve(*, actor, complaint: Complaint, text: str = "") -> ComplaintEntry:
    """Close as resolved, with an optional closing word to the reporter."""
    text = (text or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationError({"text": _("Paling banyak %(n)s karakter.") % {"n": MAX_TEXT}})
    return _close(actor, complaint, "resolve", EntryKind.RESOLVED, S.SELESAI, text=text)


def complaint_close_unresolved(*, actor, complaint: Complaint, reason: str) -> ComplaintEntry:
    """Close as not resolved: never silently, the reason is required and public."""
    reason = _text(reason, required_message=_("Tulis alasan pengaduan ditutup tanpa terselesaikan."), field="reason")
    return _close(actor, complaint, "close_unresolved", EntryKind.CLOSED_UNRESOLVED, S.TIDAK_SELESAI, reason=reason)


def complaint_link_employee(*, actor, complaint: Complaint, employee, substantiated: bool) -> ComplaintEntry:
    """Link the complaint to the employee concerned and say whether it was substantiated; only
    substantiated complaints count in the employee's evaluation. A unit's handler links people of
    that unit (and the units below it); BKPSDM links anyone. The entry is internal."""
    _check(actor, complaint, "link")
    if employee is None:
        raise ValidationError({"nip": _("Pegawai dengan NIP itu tidak ditemukan.")})
    if substantiated is None:
        raise ValidationError({"substantiated": _("Pilih apakah pengaduan terbukti.")})
    if not access.is_admin(actor) and employee.unit_id not in hierarchy.unit_subtree_ids(complaint.handling_unit_id):
        raise ValidationError({"nip": _("Pegawai ini bukan bagian dari unit yang menangani pengaduan.")})
    verdict = _("terbukti") if substantiated else _("tidak terbukti")
    statuses = ACTIONS["link"][0]
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="complaint_link"):
        if not _claim(complaint, from_statuses=statuses, employee=employee, substantiated=substantiated):
            raise _moved_on(complaint)
        text = f"{employee.full_name} ({employee.nip}): {verdict}"
        return _entry(complaint, actor=actor, kind=EntryKind.LINKED, text=text, public=False)


# --- the system ---------------------------------------------------------------------------------


def complaint_auto_close(*, complaint: Complaint, today: datetime.date | None = None) -> ComplaintEntry | None:
    """Close a replied complaint whose auto-close day has come without an answer from the reporter
    (anything they wrote after the last reply keeps it open for the handler). None when there is
    nothing to do: safe to run any number of times."""
    today = today or _today()
    if complaint.status != S.DITANGGAPI or complaint.auto_close_due is None or complaint.auto_close_due > today:
        return None
    answered = complaint.entries.filter(by_reporter=True, at__gt=complaint.responded_at or complaint.submitted_at)
    if answered.exists():
        return None
    with transaction.atomic(), pghistory.context(action="complaint_auto_close"):
        claimed = Complaint.objects.filter(pk=complaint.pk, status=S.DITANGGAPI, auto_close_due__lte=today).update(
            status=S.SELESAI, closed_at=timezone.now(), updated_at=timezone.now()
        )
        if not claimed:
            return None
        complaint.refresh_from_db()
        _audit_status(complaint, S.DITANGGAPI, actor=None)
        days = FeedbackSettings.current().auto_close_days
        with override("id"):  # the reporter's tracking page reads it; stored once, in Indonesian
            text = _("Tidak ada balasan pelapor dalam %(n)s hari kerja setelah tanggapan.") % {"n": days}
        return _entry(complaint, actor=None, kind=EntryKind.AUTO_CLOSED, text=text, public=True)
