"""Complaint deadlines in working days (DOMAIN.md "Complaints", configurable in FeedbackSettings).

Each open complaint has one running deadline, depending on where it stands:

* BARU / PERLU_INFO: ``verify_due``, BKPSDM verifies and routes it (``verify_days``);
* DITERUSKAN: ``follow_up_due``, the unit follows it up (``follow_up_days``);
* DITANGGAPI: ``auto_close_due``, the day it closes by itself unless the reporter answers
  (``auto_close_days``). Not a deadline anyone can miss, so never "overdue".

A deadline is met on its day; it is *overdue* from the next calendar day on. Days left and days
late are counted in working days (``apps/core/workdays.py``), so a deadline on Monday seen on
Friday is "1 hari kerja lagi", and seen on Wednesday "terlambat 2 hari kerja".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, DateField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.workdays import WorkCalendar, add_working_days, working_days_between

from ..models import ComplaintStatus, FeedbackSettings

VERIFYING = (ComplaintStatus.BARU, ComplaintStatus.PERLU_INFO)
# status -> the field that holds its running deadline
DUE_FIELD = {
    ComplaintStatus.BARU: "verify_due",
    ComplaintStatus.PERLU_INFO: "verify_due",
    ComplaintStatus.DITERUSKAN: "follow_up_due",
    ComplaintStatus.DITANGGAPI: "auto_close_due",
}
# the deadlines someone can miss (auto-close is the system's own)
MISSABLE = frozenset({ComplaintStatus.BARU, ComplaintStatus.PERLU_INFO, ComplaintStatus.DITERUSKAN})


def verify_due_from(day: datetime.date, *, config: FeedbackSettings | None = None, calendar=None) -> datetime.date:
    config = config or FeedbackSettings.current()
    return add_working_days(day, config.verify_days, calendar=calendar)


def follow_up_due_from(day: datetime.date, *, config: FeedbackSettings | None = None, calendar=None) -> datetime.date:
    config = config or FeedbackSettings.current()
    return add_working_days(day, config.follow_up_days, calendar=calendar)


def auto_close_due_from(day: datetime.date, *, config: FeedbackSettings | None = None, calendar=None) -> datetime.date:
    config = config or FeedbackSettings.current()
    return add_working_days(day, config.auto_close_days, calendar=calendar)


def due_expression():
    """The running deadline as a SQL expression (annotate ``due=due_expression()``)."""
    return Case(
        *[When(status=status, then=F(field)) for status, field in DUE_FIELD.items()],
        default=Value(None),
        output_field=DateField(),
    )


def overdue_q(today: datetime.date | None = None) -> Q:
    """Complaints past a deadline someone can miss, as a filter."""
    today = today or timezone.localdate()
    return Q(status__in=VERIFYING, verify_due__lt=today) | Q(status=ComplaintStatus.DITERUSKAN, follow_up_due__lt=today)


def is_overdue(complaint, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    due = current_due(complaint)
    return complaint.status in MISSABLE and due is not None and due < today


def current_due(complaint) -> datetime.date | None:
    field = DUE_FIELD.get(complaint.status)
    return getattr(complaint, field) if field else None


@dataclass(frozen=True)
class Deadline:
    """The running deadline of one complaint as the queue and the detail page show it."""

    due: datetime.date
    working_days: int  # working days from today to ``due``: 0 today, negative once late
    overdue: bool
    auto_close: bool  # the day it closes by itself, not a duty

    @property
    def label(self) -> str:
        if self.auto_close:
            if self.working_days <= 0:
                return _("ditutup otomatis hari ini")
            return ngettext(
                "ditutup otomatis %(n)s hari kerja lagi", "ditutup otomatis %(n)s hari kerja lagi", self.working_days
            ) % {"n": self.working_days}
        if self.overdue:
            late = -self.working_days
            if late <= 0:  # the weekend after a Friday deadline: late, by no working day yet
                return _("lewat batas waktu")
            return ngettext("terlambat %(n)s hari kerja", "terlambat %(n)s hari kerja", late) % {"n": late}
        if self.working_days == 0:
            return _("batas hari ini")
        return ngettext("%(n)s hari kerja lagi", "%(n)s hari kerja lagi", self.working_days) % {"n": self.working_days}


def deadline_of(complaint, *, today: datetime.date | None = None, calendar: WorkCalendar | None = None):
    """The complaint's running ``Deadline``, or None when it is closed."""
    today = today or timezone.localdate()
    due = current_due(complaint)
    if due is None:
        return None
    calendar = calendar or WorkCalendar()
    return Deadline(
        due=due,
        working_days=working_days_between(today, due, calendar=calendar),
        overdue=complaint.status in MISSABLE and due < today,
        auto_close=complaint.status == ComplaintStatus.DITANGGAPI,
    )


def with_deadlines(complaints, *, today: datetime.date | None = None) -> list:
    """Set ``.deadline`` on each complaint of a page; one holiday query for the whole page."""
    today = today or timezone.localdate()
    complaints = list(complaints)
    dues = [due for due in (current_due(c) for c in complaints) if due is not None]
    calendar = WorkCalendar()
    if dues:
        calendar.load(min([*dues, today]), max([*dues, today]))
    labels: dict = {}  # the same (status, due) pair is worked out once per page
    for complaint in complaints:
        key = (complaint.status, current_due(complaint))
        if key not in labels:
            labels[key] = deadline_of(complaint, today=today, calendar=calendar)
        complaint.deadline = labels[key]
    return complaints
