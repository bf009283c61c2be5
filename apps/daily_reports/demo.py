"""Demo daily reports: the last ``months`` months of laporan harian for the whole demo city.

1. The window: every working day (``WorkCalendar``, so the holiday table counts) from the same day
   ``months`` months back up to yesterday. Today stays open: the demo starts with filing today.
2. Every active employee with an active supervisor gets a report for almost every day of it (a
   few days are missing) with 2-4 activities in the morning (07:30-12:00) and afternoon
   (13:00-16:00) blocks, never overlapping. Activities serve the cumulative IKI of the person's
   approved SKP of that year with whole quantities that add up to about the period target over
   the period's working days (each person works at their own level); the rest is "tugas lain".
3. Statuses follow from the clock: submitted the same afternoon (some 1-3 working days late,
   within the filing window), reviewed by the supervisor 0-3 working days later; a review that
   would fall after now has not happened, so the last few days are still waiting, and a few
   forgotten ones are overdue. Some reports are returned with a note; most of those were fixed,
   resubmitted and approved. ``ReportEvent`` holds each step.
4. The demo accounts are pinned (``_pin_demo_accounts``): the demo supervisor has a handful of reports waiting,
   one of them overdue, and nothing else; the demo ASN's last days are a mix.
5. ``IkiRollup`` from the approved activities in one INSERT ... SELECT, so SKP achievement counts
   them. The demo SKPs leave out manual realisation of cumulative IKI in these periods
   (``apps.indicators.demo.daily_reports_from``), so nothing is counted twice.

Rows are made in Python with a seeded random, in batches of employees, and written with COPY
(``apps.core.bulk``) under ids reserved from the sequence; bench/README.md has the time.
"""

import bisect
import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import bulk
from apps.core.demo import DEMO_ACCOUNTS
from apps.core.workdays import WorkCalendar
from apps.employees.models import Employee
from apps.indicators.demo import daily_reports_from
from apps.indicators.models import IkiPeriodTarget, PerformanceSettings
from apps.indicators.periods import period_of, period_range

from . import demo_data
from .models import Activity, DailyReport, IkiRollup, Place, ReportAction, ReportEvent, ReportSettings, ReportStatus

BATCH = 1_000  # employees per round of COPY: about 20,000 reports, a few MB of rows in memory
DAY = 1440  # moments are minutes since 0001-01-01 local time: ordinal * DAY + minute of the day
MISSING, LATE, RETURNED, FORGOTTEN, FIXED = 0.03, 0.07, 0.04, 0.01, 0.8
# Working days from submission to review: 0 (20 %), 1 (45 %), 2 (20 %), 3 (15 %).
REVIEW_LAG = [0] * 4 + [1] * 9 + [2] * 4 + [3] * 3
OFFICE, OFFICE_MINUTES = 7 * 60 + 30, 8 * 60 + 30  # 07:30-16:00
ACTIVITIES = (2, 3, 3, 4)  # per report: three on average
WAITING, SKIPPED, SENT_BACK, SENT_LATE = "waiting", "missing", "returned", "late"


@dataclass
class _Target:
    """A cumulative IKI a person's activities count towards, and the work done but not yet reported."""

    iki_id: int
    unit: str
    descriptions: list
    per_day: dict  # period -> target quantity per working day
    pending: float = 0.0


@dataclass
class _Person:
    pk: int
    nip: str
    kind: str
    supervisor_id: int
    user_id: int | None
    supervisor_user_id: int | None
    targets: dict = field(default_factory=dict)  # year -> [_Target]
    pins: dict = field(default_factory=dict)  # working days back (1 = the last before today) -> state
    reviewed: bool = False  # every report reviewed unless pinned waiting (the demo supervisor's team)


class _Clock:
    """Working days of the window and a little beyond, as ordinals, with moment formatting."""

    def __init__(self, first: datetime.date, today: datetime.date, calendar: WorkCalendar):
        tz = timezone.get_current_timezone()
        local = timezone.localtime()
        self.now = local.toordinal() * DAY + local.hour * 60 + local.minute
        self.days, day = [], first  # working days in [first, yesterday]
        while day < today:
            if calendar.is_working_day(day):
                self.days.append(day)
            day += datetime.timedelta(days=1)
        after = [day.toordinal() for day in self.days]
        day = max(first, today) - datetime.timedelta(days=1)
        for _i in range(15):  # review and resubmission may fall after the window
            day = calendar.next_working_day(day)
            after.append(day.toordinal())
        self.work = after
        self.position = {ordinal: i for i, ordinal in enumerate(after)}
        # Every minute of the stretch as COPY text, made once: a list index per timestamp.
        self.base, self.stamps = after[0] * DAY, []
        for ordinal in range(after[0], after[-1] + 1):
            date = datetime.date.fromordinal(ordinal)
            offset = datetime.datetime.combine(date, datetime.time(12), tzinfo=tz).strftime("%z")
            offset = f":00{offset[:3]}:{offset[3:]}"
            self.stamps += [f"{date} {m // 60:02d}:{m % 60:02d}{offset}" for m in range(DAY)]

    def add(self, ordinal: int, n: int) -> int:
        """The n-th working day after a working day (itself for n = 0)."""
        return self.work[self.position[ordinal] + n]

    def next_after(self, ordinal: int) -> int:
        """The first working day after any day."""
        return self.work[bisect.bisect_right(self.work, ordinal)]

    def stamp(self, moment: int) -> str:
        return self.stamps[moment - self.base]


def build(*, stdout, months=1, seed=2026, **_options):
    if months <= 0:
        return
    if DailyReport.objects.exists():  # built already: a second run changes nothing
        stdout.write(_("Laporan harian demo sudah ada; tidak ada yang diubah."))
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # Foreign keys checked at the end of each COPY rather than all at the commit: the queue of
        # pending checks stays small, and the time is counted here. Earlier builders' checks run now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        started = time.perf_counter()
        rng = random.Random(seed)
        today = timezone.localdate()
        first = daily_reports_from(today, months)
        calendar = WorkCalendar()
        calendar.load(first - datetime.timedelta(days=31), today + datetime.timedelta(days=62))
        clock = _Clock(first, today, calendar)
        config = PerformanceSettings.current()
        people = _people(clock, calendar, config)
        _pin_demo_accounts(people)
        writer = _Writer(clock, rng, ReportSettings.current().days_back, config)
        for start in range(0, len(people), BATCH):
            writer.write(people[start : start + BATCH])
        rollups = _roll_up(config.periods_per_year)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # back to Django's INITIALLY DEFERRED
    n = writer.statuses
    stdout.write(
        _("Laporan harian %(first)s s.d. %(last)s: %(n)s laporan (%(a)s disetujui, %(s)s menunggu, ")
        % {"first": first, "last": today - datetime.timedelta(days=1), "n": n.total(), "a": n["approved"],
           "s": n["submitted"]}
        + _("%(r)s dikembalikan), %(x)s kegiatan, %(u)s baris realisasi IKI; %(t).1f detik.")
        % {"r": n["returned"], "x": writer.activities, "u": rollups, "t": time.perf_counter() - started}
    )  # fmt: skip


def _people(clock: _Clock, calendar: WorkCalendar, config: PerformanceSettings) -> list[_Person]:
    """Active employees with an active supervisor, with the cumulative IKI of their approved SKPs."""
    rows = (
        Employee.objects.filter(is_active=True, supervisor__is_active=True)
        .order_by("pk")
        .values_list("pk", "nip", "jabatan_kind", "supervisor_id", "user_id", "supervisor__user_id")
    )
    people = {row[0]: _Person(*row) for row in rows}
    count = config.periods_per_year
    periods = sorted({(day.year, period_of(day, config)) for day in clock.days})
    working = {}  # (year, period) -> working days in the whole period
    for year, period in periods:
        start, end = period_range(year, period, count=count)
        calendar.load(start, end)
        working[year, period] = sum(
            calendar.is_working_day(start + datetime.timedelta(days=i)) for i in range((end - start).days + 1)
        )
    targets = {}
    rows = IkiPeriodTarget.objects.filter(
        iki__cumulative=True,
        iki__rhk__skp__approved_at__isnull=False,
        iki__rhk__skp__year__in={year for year, _p in periods},
        period__in={period for _y, period in periods},
    ).values_list("iki__rhk__skp__employee_id", "iki__rhk__skp__year", "iki_id", "iki__text", "iki__target_unit",
                  "period", "target_value").order_by("iki_id", "period")  # fmt: skip
    descriptions = demo_data.IkiDescriptions()
    for employee_id, year, iki_id, text, unit, period, value in rows:
        person = people.get(employee_id)
        if person is None or (year, period) not in working:
            continue
        if iki_id not in targets:
            targets[iki_id] = _Target(iki_id, unit, descriptions.for_iki(text), {})
            person.targets.setdefault(year, []).append(targets[iki_id])
        targets[iki_id].per_day[period] = float(value) / max(1, working[year, period])
    return list(people.values())


def _pin_demo_accounts(people: list[_Person]) -> None:
    """The demo supervisor's team: every report reviewed except a handful waiting (one overdue:
    sent five working days ago). The demo ASN: yesterday waiting, the day before not filed yet
    (still within the window), the one before returned with a note, one sent a day late."""
    boss = next((p for p in people if p.nip == DEMO_ACCOUNTS["supervisor"]), None)
    if boss is None:
        return
    team = [p for p in people if p.supervisor_id == boss.pk]
    for person in team:
        person.reviewed = True
    asn = next((p for p in team if p.nip == DEMO_ACCOUNTS["asn"]), None)
    if asn is not None:
        asn.pins = {1: WAITING, 2: SKIPPED, 3: SENT_BACK, 5: SENT_LATE}
    others = [p for p in team if p is not asn]
    for person, pins in zip(others, [{1: WAITING}, {1: WAITING}, {2: WAITING}, {5: WAITING}], strict=False):
        person.pins = pins


class _Writer:
    """Makes a batch's reports, activities and events, and COPYs them."""

    def __init__(self, clock: _Clock, rng: random.Random, days_back: int, config: PerformanceSettings):
        self.clock, self.rng, self.days_back = clock, rng, max(0, days_back)
        self.statuses, self.activities = Counter(), 0
        self.pools = demo_data.pools()
        self.notes = demo_data.lines(demo_data.RETURN_NOTES)
        self.resubmitted = _("diajukan ulang")
        self.layouts = demo_data.day_layouts(set(ACTIVITIES))
        days = clock.days
        self.days = [(day.toordinal(), day.isoformat(), day.year, period_of(day, config), len(days) - i)
                     for i, day in enumerate(days)]  # fmt: skip

    def write(self, people: list[_Person]) -> None:
        """One batch: the reports are made while COPY sends them (PostgreSQL inserts on the other
        core meanwhile); their activities and events are collected on the way and follow."""
        ids = iter(bulk.new_ids(DailyReport, len(people) * len(self.days)))
        activities, events = [], []
        reports = (row for person in people for row in self._person(person, ids, activities, events))
        bulk.copy(DailyReport, ["id", "employee", "date", "status", "submitted_at", "reviewed_by", "reviewed_at",
                                "return_note"], reports)  # fmt: skip
        bulk.copy(Activity, ["report", "description", "iki", "quantity", "unit", "starts_at", "ends_at", "place"],
                  activities)  # fmt: skip
        bulk.copy(ReportEvent, ["report", "actor", "action", "note", "at"], events)
        self.activities += len(activities)

    def _person(self, person: _Person, ids, activities: list, events: list):
        rng = self.rng
        random = rng.random  # the hot loop draws with random() alone: randint and choice cost twice as much
        level = min(max(rng.gauss(0.97, 0.12), 0.6), 1.3)
        pool = self.pools[person.kind]
        size, twice = len(pool), pool * 2
        targets = person.targets
        for ordinal, date, year, period, back in self.days:
            pin = person.pins.get(back)
            if pin == SKIPPED or (pin is None and random() < MISSING):
                continue  # on leave, or not filed (yet)
            report = next(ids)
            # Activities: the IKI with work ready to count first (most pending first), then "tugas lain".
            n = ACTIVITIES[int(random() * len(ACTIVITIES))]
            ready = []
            for target in targets.get(year, ()):
                target.pending += target.per_day.get(period, 0.0) * level * (0.6 + 0.8 * random())
                if target.pending >= 1:
                    ready.append(target)
            ready.sort(key=lambda t: -t.pending)
            slots = n - (random() < 0.6)  # often one "tugas lain", else none
            chosen = []
            for target in ready[:slots]:
                quantity = int(target.pending)
                target.pending -= quantity
                texts = target.descriptions
                text = texts[int(random() * len(texts))]
                if not chosen and quantity >= 2 and slots > len(ready):
                    # A spare slot goes to the busiest IKI: two activities share its quantity.
                    other = texts[int(random() * len(texts))]
                    chosen.append((other, target.iki_id, quantity // 2, target.unit))
                    quantity -= quantity // 2
                chosen.append((text, target.iki_id, quantity, target.unit))
            start = int(random() * size)
            chosen += [(d, None, None, "") for d in twice[start : start + n - len(chosen)]]
            turn = int(random() * n)  # mix the linked and the other activities over the day
            chosen = chosen[turn:] + chosen[:turn]
            morning, afternoon = self.layouts[n]
            times = morning[int(random() * len(morning))] + afternoon[int(random() * len(afternoon))]
            for ((text, outdoors), iki, quantity, unit), (starts, ends) in zip(chosen, times, strict=True):
                draw = random()
                if outdoors:
                    place = Place.LAPANGAN if draw < 0.85 else Place.KANTOR
                else:
                    place = Place.RUMAH if draw < 0.03 else Place.LAPANGAN if draw < 0.09 else Place.KANTOR
                activities.append((report, text, iki, quantity, unit, starts, ends, place))
            yield self._review(person, report, ordinal, date, back, pin, events)

    def _review(self, person: _Person, report: int, day: int, date: str, back: int, pin, events: list) -> tuple:
        """The report's row, and its events: submission, review, maybe a return and a resubmission."""
        random, clock, now = self.rng.random, self.clock, self.clock.now
        late = 0
        if pin == SENT_LATE or (pin is None and random() < LATE):
            late = min(1 + int(random() * 3), self.days_back, back - 1) if pin is None else 1
        if late > 0:
            sent_day = clock.add(day, late)
            sent = sent_day * DAY + OFFICE + int(random() * OFFICE_MINUTES)
        else:
            sent_day = day
            sent = day * DAY + 15 * 60 + 45 + int(random() * 120)  # after the last activity, before 17:45
        stamp, actor, boss = clock.stamp, person.user_id, person.supervisor_user_id
        events.append((report, actor, ReportAction.SUBMITTED, "", stamp(sent)))
        waiting = pin == WAITING or (pin is None and random() < FORGOTTEN and not person.reviewed)
        reviewed = self._after(sent_day, sent, person.reviewed and not waiting)
        if waiting or reviewed is None:
            self.statuses["submitted"] += 1
            return report, person.pk, date, ReportStatus.SUBMITTED, stamp(sent), None, None, ""
        if pin == SENT_BACK or (pin is None and random() < RETURNED):
            note = self.notes[int(random() * len(self.notes))]
            events.append((report, boss, ReportAction.RETURNED, note, stamp(reviewed)))
            fixed_day = clock.next_after(reviewed // DAY)
            fixed = fixed_day * DAY + OFFICE + int(random() * OFFICE_MINUTES)
            if pin == SENT_BACK or fixed >= now or random() >= FIXED:
                self.statuses["returned"] += 1
                return report, person.pk, date, ReportStatus.RETURNED, stamp(sent), person.supervisor_id, \
                    stamp(reviewed), note  # fmt: skip
            events.append((report, actor, ReportAction.SUBMITTED, self.resubmitted, stamp(fixed)))
            sent, returned_at = fixed, reviewed
            reviewed = self._after(fixed_day, fixed, person.reviewed)
            if reviewed is None:  # fixed and waiting again: the return stays on the row until approved
                self.statuses["submitted"] += 1
                return report, person.pk, date, ReportStatus.SUBMITTED, stamp(sent), person.supervisor_id, \
                    stamp(returned_at), note  # fmt: skip
        events.append((report, boss, ReportAction.APPROVED, "", stamp(reviewed)))
        self.statuses["approved"] += 1
        return report, person.pk, date, ReportStatus.APPROVED, stamp(sent), person.supervisor_id, stamp(reviewed), ""

    def _after(self, sent_day: int, sent: int, must: bool) -> int | None:
        """When the supervisor reviews what was sent at ``sent``: 0-3 working days later, in office
        hours (the same day: within the hour). None when that is still to come, unless ``must``:
        then some time before now."""
        random, now = self.rng.random, self.clock.now
        lag = REVIEW_LAG[int(random() * len(REVIEW_LAG))]
        if lag == 0:
            moment = sent + 10 + int(random() * 50)
        else:
            moment = self.clock.add(sent_day, lag) * DAY + OFFICE + int(random() * OFFICE_MINUTES)
        if moment < now:
            return moment
        return max(sent + 1, now - 5 - int(random() * 115)) if must else None


def _roll_up(count: int) -> int:
    """``rollup.rebuild()`` in one statement: approved linked quantities per IKI and period."""
    period = "EXTRACT(MONTH FROM r.date)::int" if count == 12 else "(EXTRACT(MONTH FROM r.date)::int - 1) / 3 + 1"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {IkiRollup._meta.db_table} (iki_id, period, quantity, activity_count)
            SELECT a.iki_id, {period}, SUM(COALESCE(a.quantity, 0)), COUNT(*)
            FROM {Activity._meta.db_table} a JOIN {DailyReport._meta.db_table} r ON r.id = a.report_id
            WHERE r.status = %s AND a.iki_id IS NOT NULL
            GROUP BY 1, 2
            ON CONFLICT (iki_id, period) DO UPDATE SET
                quantity = EXCLUDED.quantity, activity_count = EXCLUDED.activity_count
            """,  # noqa: S608 (names come from the models; the status is a parameter)
            [ReportStatus.APPROVED],
        )
        return cursor.rowcount
