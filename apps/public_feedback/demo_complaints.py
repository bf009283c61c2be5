"""The demo complaints: a few hundred over the last six months, each living through the workflow of
DOMAIN.md on working days, so every timeline is consistent with its status and deadlines.

Each complaint draws a plan (spam, out of scope, asked for information, or routed; then how fast
the unit replied and how it ended: the reporter confirmed, reopened, the unit closed it unresolved,
or it closed by itself), and the plan is played forward day by day until today: what would happen
after today has not happened yet, so recent complaints wait in BARU, DITERUSKAN or DITANGGAPI and
some are overdue (escalated, as the back office's task would have done). Tracking codes are fresh
and kept only as their hash, like the intake does; nobody holds them.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone

from apps.core.workdays import WorkCalendar, add_working_days
from apps.employees.demo import FAMILY, FEMALE, MALE

from . import demo_data as words
from .models import Channel, Complaint, ComplaintEntry, ComplaintStatus, EntryKind, FeedbackSettings
from .services import codes

S = ComplaintStatus
DAYS_BACK = 180


@dataclass
class Unit:
    pk: int
    name: str
    short: str
    handlers: list[int]  # user ids that reply for the unit (may be empty: no account in the demo)
    staff: list[tuple[int, str]]  # (employee id, name) to be named in complaints


@dataclass
class Service:
    pk: int
    code: str
    name: str
    unit: Unit
    weight: int


@dataclass
class Plan:
    """What will happen to one complaint, in working days after the event before it."""

    fate: str = "route"  # spam, out, info, route
    submitted: datetime.date | None = None
    verify_delay: int = 1
    answers_info: bool = True
    reply_delay: int = 2
    outcome: str = "auto"  # auto, confirm, resolve, unresolved, reopen
    outcome_delay: int = 2
    about_person: bool = False
    linked: bool = False
    substantiated: bool | None = None
    blocked: bool = False


@dataclass
class _Built:
    complaint: Complaint
    entries: list[ComplaintEntry] = field(default_factory=list)


class Simulator:
    def __init__(self, rng: random.Random, admin_id: int | None, calendar: WorkCalendar):
        self.rng, self.admin_id, self.calendar = rng, admin_id, calendar
        self.config = FeedbackSettings.current()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.built: list[_Built] = []
        self.blocked_emails: set[str] = set()

    # --- time ------------------------------------------------------------------------------

    def wd(self, day: datetime.date, n: int) -> datetime.date:
        return add_working_days(day, n, calendar=self.calendar)

    def moment(self, day: datetime.date, after: datetime.datetime | None = None) -> datetime.datetime:
        """A time in office hours on ``day``, after ``after``, never in the future."""
        stamp = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8 + self.rng.randrange(8))))
        stamp += datetime.timedelta(minutes=self.rng.randrange(60))
        if after is not None and stamp <= after:
            stamp = after + datetime.timedelta(minutes=5 + self.rng.randrange(90))
        return min(stamp, self.now - datetime.timedelta(minutes=1))

    # --- plans -----------------------------------------------------------------------------

    def random_plan(self) -> Plan:
        rng, draw = self.rng, self.rng.random()
        plan = Plan(submitted=self.today - datetime.timedelta(days=int(DAYS_BACK * rng.random() ** 0.8)))
        plan.fate = "spam" if draw < 0.03 else "out" if draw < 0.09 else "info" if draw < 0.17 else "route"
        plan.verify_delay = rng.choice([0, 1, 1, 1, 2, 2, 3, 3, 4, 5])
        # an old question was answered long ago; only recent ones still wait for the reporter
        plan.answers_info = rng.random() < 0.7 or (self.today - plan.submitted).days > 20
        plan.reply_delay = rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, 8])
        draw = rng.random()
        plan.outcome = (
            "confirm"
            if draw < 0.35
            else "resolve"
            if draw < 0.45
            else "unresolved"
            if draw < 0.55
            else "reopen"
            if draw < 0.63
            else "auto"
        )
        plan.outcome_delay = rng.choice([1, 2, 3, 4, 5])
        plan.about_person = rng.random() < 0.07
        plan.linked = plan.about_person and rng.random() < 0.7
        plan.substantiated = rng.random() < 0.6 if plan.linked else None
        plan.blocked = rng.random() < 0.02
        return plan

    # --- one complaint ---------------------------------------------------------------------

    def add(self, service: Service, plan: Plan) -> Complaint:
        rng, day = self.rng, plan.submitted
        kind = rng.choices(["pengaduan", "aspirasi", "informasi"], weights=[70, 18, 12])[0]
        place = rng.choice(words.LOCATIONS) if rng.random() < 0.6 else f"Kantor {service.unit.short}"
        subject, description = "", self._text(kind, service, place)
        employee = None
        if plan.about_person and service.unit.staff:
            employee_id, name = rng.choice(service.unit.staff)
            call = f"{'Pak' if rng.random() < 0.5 else 'Bu'} {name.split()[0]}"
            subject_tpl, text_tpl = rng.choice(words.ABOUT_PEOPLE)
            number = rng.randrange(1, 6)
            subject = subject_tpl.format(n=number, name=call)
            description = text_tpl.format(n=number, name=call)
            kind = "pengaduan"
            employee = employee_id if plan.linked else None
        contact = rng.random() < 0.65
        first, family = rng.choice(MALE + FEMALE), rng.choice(FAMILY)
        email = (
            f"{first.lower()}.{family.lower()}{rng.randrange(10, 99)}@contoh.id"
            if contact and rng.random() < 0.8
            else ""
        )
        blocked = plan.blocked
        if blocked:
            email = email or f"iklan{rng.randrange(100, 999)}@promo.test"
            self.blocked_emails.add(email)
        submitted_at = self.moment(day)
        complaint = Complaint(
            code_hash=codes.issue().code_hash,
            kind=kind,
            channel=Channel.API if rng.random() < 0.1 else Channel.WEB,
            service_id=service.pk,
            unit_id=service.unit.pk,
            subject_text=subject,
            description=description,
            occurred_on=day - datetime.timedelta(days=rng.randrange(0, 8)),
            location=place if kind == "pengaduan" else "",
            is_anonymous=rng.random() < 0.25,
            is_confidential=bool(subject) or rng.random() < 0.06,
            reporter_name="" if rng.random() < 0.2 else f"{first} {family}",
            reporter_email=email,
            reporter_phone=f"08{rng.randrange(11, 99)}{rng.randrange(10**7, 10**8)}"
            if contact and rng.random() < 0.5
            else "",
            contact_consent=contact,
            is_blocked=blocked,
            status=S.BARU,
            submitted_at=submitted_at,
            verify_due=self.wd(day, self.config.verify_days),
        )
        built = _Built(complaint)
        self.built.append(built)
        self._entry(built, EntryKind.SUBMITTED, submitted_at, public=True, by_reporter=True)
        if not blocked:  # hidden until an admin looks: they stay in BARU
            self._play(built, service, plan, day, employee)
        return complaint

    def _text(self, kind, service, place) -> str:
        if kind == "aspirasi":
            return self.rng.choice(words.ASPIRATIONS).format(service=service.name)
        if kind == "informasi":
            return self.rng.choice(words.QUESTIONS).format(service=service.name)
        texts = words.COMPLAINTS.get(service.code.split("-kec-")[0]) or words.GENERIC_COMPLAINTS
        return self.rng.choice(texts).format(place=place, service=service.name)

    def _entry(self, built, kind, at, *, public, text="", actor=None, by_reporter=False):
        built.entries.append(
            ComplaintEntry(
                kind=kind,
                is_public=public,
                text=text,
                actor_id=actor,
                by_reporter=by_reporter,
                status_after=built.complaint.status,
                at=at,
            )
        )
        return at

    def _play(self, built: _Built, service: Service, plan: Plan, day: datetime.date, employee) -> None:
        """Move the complaint along its plan until the next step would be after today."""
        c, rng, admin = built.complaint, self.rng, self.admin_id
        last = c.submitted_at
        base = day
        if plan.fate in ("spam", "out", "info"):
            act = self.wd(base, plan.verify_delay)
            if act > self.today:
                return self._escalate_if_late(built, c.verify_due, last)
            last = self.moment(act, last)
            if plan.fate == "spam":
                c.status, c.closed_at, c.description = S.SPAM, last, rng.choice(words.SPAM)
                self._entry(built, EntryKind.SPAM, last, public=False, actor=admin)
                return None
            if plan.fate == "out":
                c.status, c.closed_at, c.close_reason = S.BUKAN_WEWENANG, last, rng.choice(words.OUT_OF_SCOPE)
                self._entry(built, EntryKind.OUT_OF_SCOPE, last, public=True, text=c.close_reason, actor=admin)
                return None
            c.status = S.PERLU_INFO
            self._entry(
                built,
                EntryKind.INFO_REQUESTED,
                last,
                public=True,
                text=rng.choice(words.QUESTIONS_FOR_INFO),
                actor=admin,
            )
            answer = self.wd(act, rng.randrange(1, 4))
            if not plan.answers_info or answer > self.today:
                return None
            last = self.moment(answer, last)
            c.status, c.verify_due = S.BARU, self.wd(answer, self.config.verify_days)
            self._entry(
                built, EntryKind.INFO_ADDED, last, public=True, text=rng.choice(words.INFO_ADDED), by_reporter=True
            )
            base = answer
        routed = self.wd(base, plan.verify_delay)
        if routed > self.today:
            return self._escalate_if_late(built, c.verify_due, last)
        last = self.moment(routed, last)
        c.status, c.handling_unit_id, c.routed_at = S.DITERUSKAN, service.unit.pk, last
        c.follow_up_due = self.wd(routed, self.config.follow_up_days)
        self._entry(built, EntryKind.ROUTED, last, public=True, text=service.unit.name, actor=admin)
        handler = rng.choice(service.unit.handlers) if service.unit.handlers else None
        if rng.random() < 0.2:
            last = self._entry(
                built,
                EntryKind.NOTE,
                last + datetime.timedelta(minutes=20),
                public=False,
                text=rng.choice(words.NOTES),
                actor=handler or admin,
            )
        reply = self.wd(routed, plan.reply_delay)
        if reply > self.today:
            return self._escalate_if_late(built, c.follow_up_due, last)
        if reply > c.follow_up_due:  # the unit was late: the escalation came first
            last = self._escalation(built, c.follow_up_due, last)
        last = self._reply(built, reply, last, handler)
        if employee is not None:
            c.employee_id, c.substantiated = employee, plan.substantiated
            verdict = "terbukti" if plan.substantiated else "tidak terbukti"
            last = self._entry(
                built,
                EntryKind.LINKED,
                last + datetime.timedelta(minutes=30),
                public=False,
                text=f"{c.subject_text}: {verdict}",
                actor=handler or admin,
            )
        if plan.outcome == "reopen":
            again = self.wd(reply, plan.outcome_delay)
            if again > self.today:
                return self._auto_close(built, last)
            last = self.moment(again, last)
            c.status, c.reopen_count = S.DITERUSKAN, 1
            c.follow_up_due, c.auto_close_due = self.wd(again, self.config.follow_up_days), None
            self._entry(
                built,
                EntryKind.REOPENED,
                last,
                public=True,
                by_reporter=True,
                text="Masalah belum selesai, petugas belum menindaklanjuti.",
            )
            second = self.wd(again, rng.randrange(1, 5))
            if second > self.today:
                return self._escalate_if_late(built, c.follow_up_due, last)
            last = self._reply(built, second, last, handler)
            return self._auto_close(built, last)
        if plan.outcome == "auto":
            return self._auto_close(built, last)
        end = self.wd(reply, 0 if plan.outcome == "unresolved" else plan.outcome_delay)
        if end > c.auto_close_due:
            return self._auto_close(built, last)
        if end > self.today:
            return None
        last = self.moment(end, last)
        if plan.outcome == "unresolved":
            c.status, c.closed_at, c.close_reason = S.TIDAK_SELESAI, last, rng.choice(words.UNRESOLVED)
            self._entry(built, EntryKind.CLOSED_UNRESOLVED, last, public=True, text=c.close_reason, actor=handler)
        else:
            c.status, c.closed_at = S.SELESAI, last
            mine = plan.outcome == "confirm"
            text = "Pelapor menyatakan pengaduan telah terselesaikan." if mine else ""
            self._entry(
                built,
                EntryKind.RESOLVED,
                last,
                public=True,
                text=text,
                by_reporter=mine,
                actor=None if mine else handler,
            )
        return self._rate(built, end, last)

    def _reply(self, built, day, last, handler) -> datetime.datetime:
        c = built.complaint
        last = self.moment(day, last)
        c.status, c.responded_at = S.DITANGGAPI, last
        c.auto_close_due = self.wd(day, self.config.auto_close_days)
        return self._entry(
            built, EntryKind.REPLY, last, public=True, text=self.rng.choice(words.REPLIES), actor=handler
        )

    def _auto_close(self, built, last):
        c = built.complaint
        if c.auto_close_due is None or c.auto_close_due > self.today:
            return None
        last = self.moment(c.auto_close_due, last)
        c.status, c.closed_at = S.SELESAI, last
        text = f"Tidak ada balasan pelapor dalam {self.config.auto_close_days} hari kerja setelah tanggapan."
        self._entry(built, EntryKind.AUTO_CLOSED, last, public=True, text=text)
        return self._rate(built, c.auto_close_due, last)

    def _rate(self, built, day, last):
        c, rng = built.complaint, self.rng
        rated = self.wd(day, rng.randrange(1, 3))
        if rng.random() < 0.5 or rated > self.today:
            return None
        good = c.status == S.SELESAI
        c.rating = rng.choice([4, 5, 5, 4, 3]) if good else rng.choice([1, 2, 2, 3])
        c.rating_comment = rng.choice(words.RATING_COMMENTS)
        c.rated_at = self.moment(rated, last)
        self._entry(built, EntryKind.RATED, c.rated_at, public=True, text=c.rating_comment, by_reporter=True)
        return None

    def _escalation(self, built, due: datetime.date, last) -> datetime.datetime:
        c = built.complaint
        stamp = self.moment(due + datetime.timedelta(days=1), last)
        c.escalated_at = stamp
        return self._entry(
            built, EntryKind.ESCALATED, stamp, public=False, text="Melewati batas waktu; atasan unit diberi tahu."
        )

    def _escalate_if_late(self, built, due, last):
        if due is not None and due < self.today:
            self._escalation(built, due, last)

    # --- writing ---------------------------------------------------------------------------

    def write(self) -> tuple[int, int]:
        """References in order of receipt (per year), then two bulk inserts."""
        self.built.sort(key=lambda b: b.complaint.submitted_at)
        numbers: dict[int, int] = {}
        for built in self.built:
            c = built.complaint
            year = timezone.localtime(c.submitted_at).year
            numbers[year] = numbers.get(year, 0) + 1
            c.reference = f"{codes.REFERENCE_PREFIX}-{year}-{numbers[year]:0{codes.REFERENCE_DIGITS}d}"
        Complaint.objects.bulk_create([b.complaint for b in self.built])
        entries = []
        for built in self.built:
            for entry in built.entries:
                entry.complaint_id = built.complaint.pk
                entries.append(entry)
        ComplaintEntry.objects.bulk_create(entries)
        return len(self.built), len(entries)
