"""Demo trainings: the catalogue, a year of sessions with their participants, mentoring and external
learning, so that the JP pages, city coverage, recommendations and impact show real patterns.

1. Catalogue: the competencies of ``demo_data.COMPETENCIES`` (every name the recommendation tables
   use) and the 27 programs of data/reference/training_programs.csv with their competencies,
   partner institution and target jabatan kinds.
2. Every person gets a yearly JP goal: about two thirds of the PNS aim at 20 JP or more, the others
   stay below it; most PPPK stay under the 24 JP ceiling, a few go over it.
3. Past sessions of the year (closed, enough seats for the city): people register until their goal
   is met; most complete (attendance every day, pre/post test, JP credited as
   ``enrollment:<pk>``, feedback from many), some do not (too few days present), a few cancelled.
4. Upcoming sessions in the next two months, open for registration with some seats taken; the
   first Pelayanan Prima session is full with a waiting list.
5. Mentoring pairs (two per kecamatan and dinas) with meetings; the approved ones credit JP.
6. External learning: most verified with JP, some waiting for the admin, one rejected, each with a
   small PDF certificate in the default storage.
7. The demo ASN stays below 20 JP, not registered for any upcoming session, with one external
   learning waiting: their page shows the gap and the recommendations.

``seats_taken`` counts the seat holders: registered, and (after closing) completed or not completed,
as the services leave it. Rows are made in Python with a seeded random and written with COPY.
"""

import csv
import datetime
import math
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core import bulk
from apps.core.demo import DEMO_ACCOUNTS, REFERENCE_DIR
from apps.employees.models import Employee, EmploymentType

from . import demo_data, demo_learning
from .models import (
    Attendance,
    Competency,
    Enrollment,
    ExternalLearning,
    JpEntry,
    Mentoring,
    SessionFeedback,
    TrainingProgram,
    TrainingSession,
    TrainingSettings,
)

SEATS_PER_PERSON = 2.0  # past seats in the year per employee: enough for everyone's goal
REACH_PNS, OVER_PPPK = 0.66, 0.04
COMPLETED, NOT_COMPLETED, CANCELLED = 0.92, 0.06, 0.02  # outcomes of a past registration
FEEDBACK = 0.7  # share of completions with feedback


@dataclass
class _Program:
    pk: int
    name: str
    jp: Decimal
    method: str
    kinds: list
    counts: bool
    scheduled: bool


@dataclass
class _Session:
    pk: int
    program: _Program
    days: list  # dates
    capacity: int
    deadline: datetime.date
    status: str
    place: str = ""
    online_url: str = ""
    facilitator: str = ""
    taken: int = 0

    @property
    def span(self) -> tuple[int, int]:
        return self.days[0].toordinal(), self.days[-1].toordinal()


@dataclass
class _Person:
    pk: int
    nip: str
    pns: bool
    kind: str
    unit_id: int
    user_id: int | None
    boss_user_id: int | None
    goal: float = 0
    ceiling: float | None = None  # stay below this total
    total: float = 0
    busy: list = field(default_factory=list)  # (first, last) ordinals

    def free(self, span: tuple[int, int]) -> bool:
        return all(span[1] < first or span[0] > last for first, last in self.busy)


def build(*, stdout, months=1, seed=2026, **_options):
    if TrainingProgram.objects.exists():
        stdout.write(_("Pelatihan demo sudah ada; tidak ada yang diubah."))
        return
    started, rng, today = time.perf_counter(), random.Random(seed + 7), timezone.localdate()
    admin = User.objects.filter(username=DEMO_ACCOUNTS["admin"]).values_list("pk", flat=True).first()
    config = TrainingSettings.current()
    tracked = [TrainingProgram, TrainingSession, Enrollment, ExternalLearning, Mentoring]
    with transaction.atomic(), bulk.history_written_after(tracked):
        programs = _catalogue()
        people = _people(rng)
        writer = _Writer(rng, today, admin)
        sessions = _schedule(programs, len(people), rng, today)
        writer.past(people, [s for s in sessions if s.status == "closed"])
        writer.upcoming(people, [s for s in sessions if s.status == "scheduled"])
        writer.write_sessions(sessions)
        mentorings = demo_learning.mentoring(people, writer, config)
        externals = demo_learning.external(people, writer)
        writer.write_ledger()
    stdout.write(
        _("Pelatihan demo: %(p)s program, %(s)s sesi, %(e)s peserta, %(j)s catatan JP, %(m)s mentoring, ")
        % {"p": len(programs), "s": len(sessions), "e": writer.enrollments, "j": len(writer.jp), "m": mentorings}
        + _("%(x)s pembelajaran eksternal; %(t).1f detik.") % {"x": externals, "t": time.perf_counter() - started}
    )


def _catalogue() -> list[_Program]:
    competencies = Competency.objects.bulk_create(
        [Competency(name=name, kind=kind, description=text) for name, (kind, text) in demo_data.COMPETENCIES.items()]
    )
    by_name = {c.name: c.pk for c in competencies}
    with (REFERENCE_DIR / "training_programs.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    objects = []
    for row in rows:
        _names, partner, kinds, _scheduled = demo_data.PROGRAMS.get(row["name"], ([], "", [], True))
        objects.append(
            TrainingProgram(
                name=row["name"],
                path=row["path"],
                method=row["kind"],
                jp=Decimal(row["jp"]),
                description=row["description"],
                partner=partner,
                jabatan_kinds=kinds,
                counts_toward_pppk_cap=row["name"] not in demo_data.OUTSIDE_PPPK_CAP,
            )
        )
    TrainingProgram.objects.bulk_create(objects)
    through = TrainingProgram.competencies.through
    links = []
    for program in objects:
        names = demo_data.PROGRAMS.get(program.name, ([], "", [], True))[0]
        links += [through(trainingprogram_id=program.pk, competency_id=by_name[n]) for n in names]
    through.objects.bulk_create(links)
    return [
        _Program(
            p.pk,
            p.name,
            p.jp,
            p.method,
            p.jabatan_kinds,
            p.counts_toward_pppk_cap,
            demo_data.PROGRAMS.get(p.name, ([], "", [], True))[3],
        )
        for p in objects
    ]


def _people(rng: random.Random) -> list[_Person]:
    rows = (
        Employee.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "nip", "employment_type", "jabatan_kind", "unit_id", "user_id", "supervisor__user_id")
    )
    people = []
    for pk, nip, kind_of_employment, kind, unit_id, user_id, boss in rows:
        person = _Person(pk, nip, kind_of_employment == EmploymentType.PNS, kind, unit_id, user_id, boss)
        draw = rng.random()
        if nip == DEMO_ACCOUNTS["asn"]:
            person.goal, person.ceiling = 12, 20
        elif person.pns:
            if draw < REACH_PNS:
                person.goal = rng.uniform(20, 40)
            else:
                person.goal, person.ceiling = (0 if draw > 0.9 else rng.uniform(4, 19)), 20
        elif draw < OVER_PPPK:
            person.goal = rng.uniform(26, 40)
        else:
            person.goal, person.ceiling = rng.uniform(0, 22), 24.5
        people.append(person)
    return people


def _days(start: datetime.date, count: int) -> list[datetime.date]:
    days, day = [], start
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _schedule(programs: list[_Program], population: int, rng: random.Random, today: datetime.date) -> list[_Session]:
    """Past sessions of the year (closed) and the next two months' (open), with ids reserved."""
    scheduled = [p for p in programs if p.scheduled]
    first, last = datetime.date(today.year, 1, 8), today - datetime.timedelta(days=10)
    window = (last - first).days
    per_program = math.ceil(population * SEATS_PER_PERSON / (35 * len(scheduled))) if window > 14 else 0
    plans = []
    for program in scheduled:
        online = program.method in demo_data.ONLINE_METHODS
        length = max(1, min(5, math.ceil(float(program.jp) / (4 if online else 8))))
        for _i in range(per_program):
            start = first + datetime.timedelta(days=rng.randrange(window))
            plans.append((program, online, _days(start, length), "closed"))
        for _i in range(max(1, math.ceil(per_program / 6))):
            start = today + datetime.timedelta(days=rng.randrange(4, 60))
            plans.append((program, online, _days(start, length), "scheduled"))
    sessions = []
    for (program, online, days, status), pk in zip(plans, bulk.new_ids(TrainingSession, len(plans)), strict=True):
        capacity = rng.randrange(60, 101, 10) if online else rng.randrange(25, 41, 5)
        deadline = days[0] - datetime.timedelta(days=3)
        if status == "scheduled":
            deadline = max(deadline, today)
        session = _Session(pk, program, days, capacity, deadline, status)
        session.facilitator = rng.choice(demo_data.FACILITATORS)
        if online:
            session.online_url = f"https://lms.demo.sikap.local/kelas/{pk}"
        else:
            session.place = rng.choice(demo_data.PLACES)
        sessions.append(session)
    return sessions


class _Writer:
    """Collects the enrollments, attendance, feedback and JP entries, and COPYs them."""

    def __init__(self, rng: random.Random, today: datetime.date, admin: int | None):
        self.rng, self.today, self.admin = rng, today, admin
        self.enrollment_rows, self.attendance, self.feedback, self.jp = [], [], [], []
        self.enrollments = 0
        self.stamps = {}

    def stamp(self, day: datetime.date, hour: int = 16) -> str:
        key = (day, hour)
        if key not in self.stamps:
            self.stamps[key] = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour))).isoformat()
        return self.stamps[key]

    def _source(self, person: _Person) -> tuple[str, int | None, str]:
        draw = self.rng.random()
        if draw < 0.2 and person.boss_user_id:
            return "nominated", person.boss_user_id, self.rng.choice(demo_data.NOMINATION_REASONS)
        if draw < 0.3 and self.admin:
            return "assigned", self.admin, ""
        return "self", None, ""

    def past(self, people: list[_Person], sessions: list[_Session]) -> None:
        """People register for past sessions until their goal is met (or no seat is found)."""
        if not sessions:
            return
        rng, random_ = self.rng, self.rng.random
        pools = {}
        for session in sessions:
            for kind in session.program.kinds or ["*"]:
                pools.setdefault(kind, []).append(session)
        common = pools.get("*", [])
        order = people[:]
        rng.shuffle(order)
        plans = []  # (person, session, status)
        for person in order:
            pool = common + pools.get(person.kind, [])
            taken = set()
            for _try in range(16):
                if person.total >= person.goal:
                    break
                session = pool[int(random_() * len(pool))]
                jp = float(session.program.jp)
                if session.pk in taken or session.taken >= session.capacity or not person.free(session.span):
                    continue
                if person.ceiling is not None and person.total + jp >= person.ceiling:
                    continue
                draw = random_()
                status = "completed" if draw < COMPLETED else "not_completed" if draw < 1 - CANCELLED else "cancelled"
                taken.add(session.pk)
                if status != "cancelled":
                    session.taken += 1
                    person.busy.append(session.span)
                if status == "completed":
                    person.total += jp
                plans.append((person, session, status))
        ids = bulk.new_ids(Enrollment, len(plans))
        for (person, session, status), pk in zip(plans, ids, strict=True):
            source, by, reason = self._source(person)
            pre = post = None
            completed_at = None
            end = session.days[-1]
            if status != "cancelled":
                pre = round(rng.uniform(45, 80), 2)
                post = round(
                    min(100, pre + rng.uniform(0, 25) if status == "completed" else pre + rng.uniform(-5, 8)), 2
                )
                self._attend(pk, session, status == "completed")
            if status == "completed":
                completed_at = self.stamp(end)
                program = session.program
                self.jp.append((person.pk, end.year, program.jp, "session", f"enrollment:{pk}", program.name[:250],
                                program.counts, completed_at))  # fmt: skip
                if random_() < FEEDBACK:
                    scores = [min(5, max(1, round(rng.gauss(4.1, 0.7)))) for _i in range(3)]
                    self.feedback.append((pk, *scores, rng.choice(demo_data.COMMENTS), self.stamp(end, 17)))
            self.enrollment_rows.append((pk, session.pk, person.pk, status, source, by, reason,
                                         None if pre is None else Decimal(str(pre)),
                                         None if post is None else Decimal(str(post)), completed_at))  # fmt: skip

    def _attend(self, enrollment: int, session: _Session, passed: bool) -> None:
        days = session.days
        absent = set()
        if passed and len(days) >= 5 and self.rng.random() < 0.15:
            absent = {self.rng.randrange(len(days))}  # one day missed: still 80 %
        elif not passed:
            absent = set(self.rng.sample(range(len(days)), max(1, len(days) // 2 + 1)))
        checkin = self.rng.random() < 0.6
        for i, day in enumerate(days):
            self.attendance.append((enrollment, day, i not in absent, checkin and i not in absent, self.admin,
                                    self.stamp(day, 15)))  # fmt: skip

    def upcoming(self, people: list[_Person], sessions: list[_Session]) -> None:
        """Registrations so far: some seats of each, one session full with a waiting list."""
        rng = self.rng
        others = [p for p in people if p.nip != DEMO_ACCOUNTS["asn"]]
        full = next(
            (s for s in sessions if s.program.name == "Pelatihan Pelayanan Prima"), sessions[0] if sessions else None
        )
        if full is not None:
            full.capacity = max(4, min(30, len(others) // 8))
        # about a third of the city registered for something in the next two months
        seats = sum(s.capacity for s in sessions) or 1
        scale = min(1.0, len(others) * 0.35 / (seats * 0.5))
        plans = []
        for session in sessions:
            eligible = [p for p in others if not session.program.kinds or p.kind in session.program.kinds]
            wanted = (
                session.capacity + 4
                if session is full
                else max(1, int(session.capacity * rng.uniform(0.2, 0.8) * scale))
            )
            chosen = set()
            for _try in range(wanted * 3):
                if len(chosen) >= wanted or not eligible:
                    break
                person = eligible[int(rng.random() * len(eligible))]
                if person.pk in chosen or not person.free(session.span):
                    continue
                chosen.add(person.pk)
                person.busy.append(session.span)
                status = "registered" if session.taken < session.capacity else "waitlisted"
                session.taken += status == "registered"
                plans.append((person, session, status))
        for (person, session, status), pk in zip(plans, bulk.new_ids(Enrollment, len(plans)), strict=True):
            source, by, reason = self._source(person)
            self.enrollment_rows.append((pk, session.pk, person.pk, status, source, by, reason, None, None, None))

    def write_sessions(self, sessions: list[_Session]) -> None:
        bulk.copy(
            TrainingSession,
            ["id", "program", "starts_on", "ends_on", "place", "online_url", "capacity", "seats_taken",
             "registration_deadline", "facilitator", "checkin_code", "status"],
            [(s.pk, s.program.pk, s.days[0], s.days[-1], s.place, s.online_url, s.capacity, s.taken, s.deadline,
              s.facilitator, "", s.status) for s in sessions],
        )  # fmt: skip
        self.enrollments = bulk.copy(
            Enrollment,
            ["id", "session", "employee", "status", "source", "nominated_by", "reason", "pre_score", "post_score",
             "completed_at"],
            self.enrollment_rows,
        )  # fmt: skip
        bulk.copy(
            Attendance, ["enrollment", "day", "present", "by_checkin", "recorded_by", "recorded_at"], self.attendance
        )
        bulk.copy_plain(SessionFeedback, ["enrollment", "content", "facilitator", "relevance", "comment", "created_at"],
                    self.feedback)  # fmt: skip

    def write_ledger(self) -> None:
        bulk.copy_plain(JpEntry, ["employee", "year", "jp", "source", "source_key", "title", "counts_toward_pppk_cap",
                              "credited_at"], self.jp)  # fmt: skip
