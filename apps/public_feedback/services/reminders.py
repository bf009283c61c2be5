"""Deadline work that beat runs (tasks/handling.py); each function is safe to run any number of
times (DOMAIN.md "Complaints": verify within 3 working days, follow up within 5, close after 10).

**Reminders** (``remind_due_tomorrow``), on working days: a complaint whose deadline falls on the
next working day (so a Monday deadline is announced on Friday) reminds whoever holds it: the BKPSDM
admins while it waits for verification, the unit's handlers once routed.

**Escalation** (``escalate_overdue``), on working days: a complaint past its deadline is escalated
once per deadline: an internal ESCALATED entry, ``escalated_at``, and a notice to the admins and,
for a unit's deadline, to the supervisor of the unit's head. The claim is a conditional UPDATE on
``escalated_at`` (not yet set after that deadline passed), so two runs escalate it once; a new
deadline (a reopened complaint, a second routing) can be escalated again.

**Auto-close** (``auto_close_replied``): replied complaints whose auto-close day has come, through
``handling.complaint_auto_close``.

Notices are keyed per complaint, stage and deadline; each person gets one digest mail per run with
the notices that were new.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

import pghistory
from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.accounts.models import Role, User
from apps.core.notify import Notice, notices_insert, send_mails
from apps.core.workdays import WorkCalendar

from ..models import Complaint, ComplaintEntry, ComplaintStatus, EntryKind
from ..selectors.handlers import handler_users
from . import deadlines, handling
from .notices import site_url, staff_url

VERIFY, FOLLOW_UP = "verify", "follow_up"


@dataclass(frozen=True)
class Item:
    complaint: Complaint
    stage: str
    due: datetime.date

    def key(self, kind: str) -> str:
        return f"complaint-{kind}-{self.complaint.pk}-{self.stage}-{self.due.isoformat()}"


def _item(complaint: Complaint) -> Item:
    if complaint.status in deadlines.VERIFYING:
        return Item(complaint, VERIFY, complaint.verify_due)
    return Item(complaint, FOLLOW_UP, complaint.follow_up_due)


def _admins() -> list[User]:
    return list(User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk"))


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _running(q: Q):
    """Complaints someone holds (not hidden), with what the notices need."""
    return (
        Complaint.objects.filter(q)
        .exclude(is_blocked=True)
        .select_related("handling_unit__head__supervisor__user")
        .order_by("pk")
    )


def _notify_all(items_by_user: dict, *, kind: str, title, body) -> dict:
    """Write the notices in one statement; return {user: [items whose notice is new]}."""
    notices = [
        Notice(user.pk, item.key(kind), title(item), body(item), staff_url(item.complaint))
        for user, items in items_by_user.items()
        for item in items
    ]
    new = notices_insert(notices)
    return {
        user: fresh
        for user, items in items_by_user.items()
        if (fresh := [item for item in items if (user.pk, item.key(kind)) in new])
    }


def _digests(new_by_user: dict, template: str) -> list[tuple[int, EmailMessage]]:
    mails = []
    for user, items in new_by_user.items():
        if not user.email:
            continue
        context = {
            "count": len(items),
            "government": settings.SIKAP_GOVERNMENT_NAME,
            "queue_url": site_url(_queue_path()),
            "items": [
                {
                    "reference": item.complaint.reference,
                    "unit": item.complaint.handling_unit.name if item.complaint.handling_unit_id else "",
                    "stage": item.stage,
                    "due": _day(item.due),
                    "url": site_url(staff_url(item.complaint)),
                }
                for item in items
            ],
        }
        subject = render_to_string(f"emails/{template}-subject.txt", context).strip()
        body = render_to_string(f"emails/{template}-body.txt", context)
        mails.append((user.pk, EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])))
    return mails


def _queue_path() -> str:
    return reverse("kelola_pengaduan:complaint-list")


def _stage_label(item: Item) -> str:
    return _("verifikasi dan penerusan") if item.stage == VERIFY else _("tindak lanjut unit")


def remind_due_tomorrow(today: datetime.date | None = None) -> int:
    """Remind of the deadlines that fall on the next working day; returns how many notices are new.

    1. Stop unless today is a working day.
    2. One query: the running complaints due after today up to the next working day.
    3. Recipients: the admins for verification, the unit's handlers for the follow-up.
    4. One statement writes the notices; one digest mail per person for those that are new.
    """
    today = today or timezone.localdate()
    calendar = WorkCalendar()
    if not calendar.is_working_day(today):
        return 0
    tomorrow = calendar.next_working_day(today)
    window = Q(status__in=deadlines.VERIFYING, verify_due__gt=today, verify_due__lte=tomorrow) | Q(
        status=ComplaintStatus.DITERUSKAN, follow_up_due__gt=today, follow_up_due__lte=tomorrow
    )
    admins = _admins()
    to_user: dict = defaultdict(list)
    handlers_of: dict[int, list[User]] = {}
    for complaint in _running(window):
        item = _item(complaint)
        if item.stage == VERIFY:
            people = admins
        else:
            if complaint.handling_unit_id not in handlers_of:
                handlers_of[complaint.handling_unit_id] = handler_users(complaint.handling_unit) or admins
            people = handlers_of[complaint.handling_unit_id]
        for user in people:
            to_user[user].append(item)
    with override("id"):
        new = _notify_all(
            to_user,
            kind="due",
            title=lambda item: (
                _("Batas %(stage)s pengaduan %(ref)s: %(due)s")
                % {"stage": _stage_label(item), "ref": item.complaint.reference, "due": _day(item.due)}
            ),
            body=lambda item: _("Selesaikan sebelum batas waktu agar tidak dieskalasi."),
        )
        send_mails(_digests(new, "complaint-deadline-reminder"))
    return sum(len(items) for items in new.values())


def _claim_escalation(item: Item, now: datetime.datetime) -> bool:
    """Set ``escalated_at`` unless it was already set after this deadline passed."""
    after_due = timezone.make_aware(datetime.datetime.combine(item.due + datetime.timedelta(days=1), datetime.time.min))
    field = "verify_due" if item.stage == VERIFY else "follow_up_due"
    claimed = (
        Complaint.objects.filter(pk=item.complaint.pk, status=item.complaint.status, **{field: item.due})
        .filter(Q(escalated_at__isnull=True) | Q(escalated_at__lt=after_due))
        .update(escalated_at=now, updated_at=now)
    )
    return bool(claimed)


def _head_supervisor(complaint: Complaint) -> User | None:
    unit = complaint.handling_unit
    head = unit.head if unit is not None else None
    boss = head.supervisor if head is not None else None
    if boss is None or not boss.is_active or boss.user is None or not boss.user.is_active:
        return None
    return boss.user


def escalate_overdue(today: datetime.date | None = None) -> int:
    """Escalate the complaints past a deadline, once per deadline; returns how many now."""
    today = today or timezone.localdate()
    if not WorkCalendar().is_working_day(today):
        return 0
    now = timezone.now()
    admins = _admins()
    to_user: dict = defaultdict(list)
    escalated = 0
    with override("id"):
        for complaint in _running(deadlines.overdue_q(today)):
            item = _item(complaint)
            with pghistory.context(action="complaint_escalate"):
                if not _claim_escalation(item, now):
                    continue
                ComplaintEntry.objects.create(
                    complaint=complaint,
                    kind=EntryKind.ESCALATED,
                    is_public=False,
                    text=_("Batas %(stage)s %(due)s terlewati.") % {"stage": _stage_label(item), "due": _day(item.due)},
                    status_after=complaint.status,
                    at=now,
                )
            escalated += 1
            people = list(admins)
            boss = _head_supervisor(complaint) if item.stage == FOLLOW_UP else None
            if boss is not None and all(boss.pk != user.pk for user in people):
                people.append(boss)
            for user in people:
                to_user[user].append(item)
        new = _notify_all(
            to_user,
            kind="escalated",
            title=lambda item: (
                _("Pengaduan %(ref)s melewati batas %(stage)s")
                % {"ref": item.complaint.reference, "stage": _stage_label(item)}
            ),
            body=lambda item: (
                _("Batasnya %(due)s%(unit)s.")
                % {
                    "due": _day(item.due),
                    "unit": f" ({item.complaint.handling_unit.name})" if item.stage == FOLLOW_UP else "",
                }
            ),
        )
        send_mails(_digests(new, "complaint-escalation"))
    return escalated


def auto_close_replied(today: datetime.date | None = None) -> int:
    """Close the replied complaints whose auto-close day has come; returns how many now."""
    today = today or timezone.localdate()
    due = Complaint.objects.filter(status=ComplaintStatus.DITANGGAPI, auto_close_due__lte=today).order_by("pk")
    return sum(1 for complaint in due.iterator() if handling.complaint_auto_close(complaint=complaint, today=today))
