"""Demo public feedback: services, complaints, SKM answers and forums for the demo city.

1. Services: the public services of the perangkat daerah in data/reference/palembang_perangkat_daerah.csv
   that serve citizens (``demo_data.SERVICES``: KTP-el and KK at Disdukcapil, PBG at DPMPTSP,
   puskesmas at Dinkes, PBB-P2 at Bapenda...), a PATEN desk for every kecamatan, and student
   internships at BKPSDM's Bidang Pengembangan Kompetensi Aparatur (the demo supervisor's unit).
2. Handlers: each unit's head; the demo supervisor designates the demo ASN for their bidang, and a
   staff member handles Disdukcapil's and Dinkes' complaints.
3. About 320 complaints over six months in every state (``demo_complaints``), some anonim, some
   rahasia, some naming an employee (linked, substantiated or not), a few from blocklisted emails.
   The demo admin's queue has fresh and overdue ones; the demo supervisor's bidang has routed ones
   waiting for a reply (one overdue), a replied one and closed ones.
4. SKM answers for every unit with a service, scored so that units land in each IKM grade, A to D.
5. Forums: three held with published minutes and follow-ups, one held yesterday with its minutes
   still a draft, one cancelled, three upcoming with citizens' input (one input hidden).

Runs in a second or two; skipped when any of it exists already.
"""

import csv
import datetime
import hashlib
import random
import time

import pghistory
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from apps.accounts.models import User
from apps.core.demo import DEMO_ACCOUNTS, REFERENCE_DIR
from apps.core.workdays import WorkCalendar, subtract_working_days
from apps.employees.models import Employee, OrgUnit

from . import demo_data as words
from .demo_complaints import Plan, Service, Simulator, Unit
from .models import (
    AgeBand,
    Complaint,
    ContactBlock,
    ContactKind,
    Education,
    Forum,
    ForumFollowUp,
    ForumInput,
    ForumStatus,
    Gender,
    Occupation,
    PublicService,
    SkmResponse,
    UnitHandler,
)

COMPLAINTS = 320
PUBLIC_KINDS = ("dinas", "badan", "rsud", "kecamatan")
KOMPETENSI = "Bidang Pengembangan Kompetensi Aparatur"
WEIGHTS = {
    "ktp-el": 10,
    "puskesmas": 8,
    "pbb-p2": 7,
    "kartu-keluarga": 6,
    "sampah": 6,
    "jalan-drainase": 6,
    "akta-kelahiran": 4,
    "parkir": 4,
    "ppdb": 4,
    "pbg": 4,
}
# mean score (1-4) that puts a unit in each grade: IKM = mean x 25 (A from 88.31, B 76.61, C 65.00)
GRADE_MEANS = {"A": 3.8, "B": 3.3, "C": 2.85, "D": 2.35}
GRADE_CYCLE = ["A", "B", "C", "B", "A", "D", "B", "C"]
# how the nine elements differ from a unit's mean: waiting time and facilities score lower, cost higher
ELEMENT_OFFSETS = [0.05, 0.0, -0.3, 0.35, 0.05, 0.05, 0.0, -0.15, -0.1]


def build(*, stdout, seed=2026, **_options):
    if PublicService.objects.exists() or Complaint.objects.exists() or Forum.objects.exists():
        stdout.write(_("Pengaduan, survei dan forum demo sudah ada; tidak ada yang diubah."))
        return
    by_name = {unit.name: unit for unit in OrgUnit.objects.filter(is_active=True)}
    if not by_name:
        return
    started, rng, today = time.perf_counter(), random.Random(seed + 8), timezone.localdate()
    accounts = dict(User.objects.filter(username__in=DEMO_ACCOUNTS.values()).values_list("username", "pk"))
    admin_id = accounts.get(DEMO_ACCOUNTS["admin"])
    calendar = WorkCalendar()
    calendar.load(today - datetime.timedelta(days=400), today + datetime.timedelta(days=120))
    with transaction.atomic(), pghistory.context(action="seed_demo"):
        services = _services(by_name, accounts)
        simulator = Simulator(rng, admin_id, calendar)
        weights = [s.weight for s in services]
        for _i in range(COMPLAINTS):
            simulator.add(rng.choices(services, weights=weights)[0], simulator.random_plan())
        _demo_queues(simulator, services, calendar, today)
        complaints, entries = simulator.write()
        ContactBlock.objects.bulk_create(
            [
                ContactBlock(
                    kind=ContactKind.EMAIL, value=email, reason=_("Kiriman promosi berulang"), created_by_id=admin_id
                )
                for email in sorted(simulator.blocked_emails)
            ]
        )
        answers = _surveys(rng, services, today)
        forums = _forums(rng, by_name, admin_id, today)
    stdout.write(
        _(
            "Pengaduan demo: %(s)s layanan, %(c)s pengaduan (%(e)s riwayat), %(a)s jawaban SKM, "
            "%(f)s forum; %(t).1f detik."
        )
        % {
            "s": len(services),
            "c": complaints,
            "e": entries,
            "a": answers,
            "f": forums,
            "t": time.perf_counter() - started,
        }
    )


def _read_units() -> list[dict]:
    with (REFERENCE_DIR / "palembang_perangkat_daerah.csv").open(encoding="utf-8") as handle:
        return [row for row in csv.DictReader(handle) if row["kind"] in PUBLIC_KINDS]


def _services(by_name: dict, accounts: dict) -> list[Service]:
    """PublicService rows, and the units with who replies for them and who may be named."""
    catalogue = []  # (unit, code, name, description, keywords)
    for row in _read_units():
        unit = by_name.get(row["name"])
        if unit is None:
            continue
        if row["kind"] == "kecamatan":
            code, name, text, keywords = words.KECAMATAN_SERVICE
            place = row["name"].removeprefix("Kecamatan ")
            catalogue.append((unit, f"{code}-kec-{slugify(place)}", f"{name} ({row['short_name']})", text, keywords))
        for code, name, text, keywords in words.SERVICES.get(row["name"], []):
            catalogue.append((unit, code, name, text, keywords))
    if KOMPETENSI in by_name:
        catalogue += [(by_name[KOMPETENSI], *entry) for entry in words.SERVICES[KOMPETENSI]]
    rows = PublicService.objects.bulk_create(
        [
            PublicService(unit=unit, code=code, name=name, description=text, keywords=keywords)
            for unit, code, name, text, keywords in catalogue
        ]
    )
    units = _units({unit.pk: unit for unit, *_rest in catalogue}, accounts)
    return [Service(row.pk, row.code, row.name, units[row.unit_id], WEIGHTS.get(row.code, 2)) for row in rows]


def _units(units: dict, accounts: dict) -> dict[int, Unit]:
    """Heads and designated handlers (UnitHandler) of the service units; the staff one may name.
    The demo ASN and the heads are never named: their evaluations stay as the other demos left them."""
    supervisor = accounts.get(DEMO_ACCOUNTS["supervisor"])
    people = list(
        Employee.objects.filter(unit_id__in=units, is_active=True)
        .order_by("pk")
        .values_list("pk", "name", "unit_id", "user_id", "nip")
    )
    heads = {unit.head_id for unit in units.values()}
    designations = []
    for unit in units.values():
        staff = [p for p in people if p[2] == unit.pk and p[0] not in heads and p[4] != DEMO_ACCOUNTS["asn"]]
        if unit.name == KOMPETENSI:
            asn = next((p for p in people if p[4] == DEMO_ACCOUNTS["asn"] and p[2] == unit.pk), None)
            if asn is not None:
                designations.append(UnitHandler(unit=unit, employee_id=asn[0], designated_by_id=supervisor))
        elif unit.short_name in ("Disdukcapil", "Dinkes") and staff:
            designations.append(UnitHandler(unit=unit, employee_id=staff[0][0]))
    UnitHandler.objects.bulk_create(designations)
    designated = {(d.unit_id, d.employee_id) for d in designations}
    users = {p[0]: p[3] for p in people if p[3]}
    result = {}
    for unit in units.values():
        handlers = [users[e] for (u, e) in sorted(designated) if u == unit.pk and e in users]
        if unit.head_id in users:
            handlers.insert(0, users[unit.head_id])
        staff = [(p[0], p[1]) for p in people if p[2] == unit.pk and p[0] not in heads and p[4] != DEMO_ACCOUNTS["asn"]]
        result[unit.pk] = Unit(unit.pk, unit.name, unit.short_name or unit.name, handlers, staff)
    return result


def _demo_queues(simulator: Simulator, services: list[Service], calendar, today) -> None:
    """What the demo accounts find when they sign in: the admin fresh and overdue complaints to
    verify; the demo supervisor's bidang complaints to answer (one overdue), answered and closed."""

    def back(n):
        return subtract_working_days(today, n, calendar=calendar)

    popular = [s for s in services if s.weight >= 6] or services
    for n in (0, 0, 1, 1, 2, 6, 8):  # the last two are past their verification deadline
        simulator.add(simulator.rng.choice(popular), Plan(submitted=back(n), verify_delay=99))
    for n in (2, 3):  # asked for more information, the reporter has not answered yet
        simulator.add(simulator.rng.choice(popular), Plan(fate="info", submitted=back(n), answers_info=False))
    staffed = [s for s in popular if s.unit.staff] or [s for s in services if s.unit.staff]
    for n, substantiated in ((15, True), (25, False), (40, True)):  # about a named employee, linked
        if staffed:
            plan = Plan(submitted=back(n), about_person=True, linked=True, substantiated=substantiated)
            simulator.add(simulator.rng.choice(staffed), plan)
    magang = next((s for s in services if s.code == "magang"), None)
    if magang is None:
        return
    for plan in (
        Plan(submitted=back(3), verify_delay=1, reply_delay=99),
        Plan(submitted=back(4), verify_delay=1, reply_delay=99),
        Plan(submitted=back(10), verify_delay=1, reply_delay=99),  # the unit is late
        Plan(submitted=back(5), verify_delay=1, reply_delay=2, outcome="auto"),
        Plan(submitted=back(30), verify_delay=1, reply_delay=2, outcome="confirm"),
        Plan(submitted=back(45), verify_delay=2, reply_delay=3, outcome="auto"),
    ):
        simulator.add(magang, plan)


def _surveys(rng: random.Random, services: list[Service], today) -> int:
    """30-70 answers per unit over six months, each unit around the mean of its grade."""
    units = sorted({s.unit.pk: s.unit for s in services}.values(), key=lambda u: u.name)
    by_unit = {}
    for service in services:
        by_unit.setdefault(service.unit.pk, []).append(service.pk)
    rows = []
    for index, unit in enumerate(units):
        mean = GRADE_MEANS[GRADE_CYCLE[index % len(GRADE_CYCLE)]] + rng.uniform(-0.05, 0.05)
        for _i in range(rng.randint(30, 70)):
            scores = {f"u{e + 1}": max(1, min(4, round(rng.gauss(mean + ELEMENT_OFFSETS[e], 0.5)))) for e in range(9)}
            profile = rng.random() < 0.8
            rows.append(
                SkmResponse(
                    unit_id=unit.pk,
                    service_id=rng.choice(by_unit[unit.pk]),
                    answered_on=today - datetime.timedelta(days=rng.randrange(0, 180)),
                    device_key=hashlib.sha256(rng.randbytes(16)).hexdigest(),
                    age_band=rng.choice(AgeBand.values) if profile else "",
                    gender=rng.choice(Gender.values) if profile else "",
                    education=rng.choice(Education.values) if profile else "",
                    occupation=rng.choice(Occupation.values) if profile else "",
                    suggestion=rng.choice(words.SKM_SUGGESTIONS) if rng.random() < 0.25 else "",
                    **scores,
                )
            )
    SkmResponse.objects.bulk_create(rows)
    return len(rows)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _forums(rng: random.Random, by_name: dict, admin_id, today) -> int:
    forums, inputs, follow_ups = [], [], []

    def forum(unit_name, topic, kind, description, day, **fields):
        unit = by_name.get(unit_name)
        if unit is None:
            return None
        item = Forum(
            topic=topic,
            kind=kind,
            description=description,
            unit=unit,
            starts_at=_at(day, 9),
            ends_at=_at(day, 12),
            place=f"Aula {unit.short_name or unit.name}",
            created_by_id=admin_id,
            **fields,
        )
        forums.append(item)
        texts = rng.sample(words.FORUM_INPUTS, rng.randint(2, 4))
        for n, text in enumerate(texts):  # sent in the days before the forum, never in the future
            sent = _at(min(day, today) - datetime.timedelta(days=len(texts) - n + 1), 10 + n)
            name = rng.choice(["", "Warga Sukarami", "Rina", "Pak Herman"])
            inputs.append((ForumInput(forum=item, name=name, text=text), sent))
        return item

    for n, (unit_name, topic, kind, description, minutes, actions) in enumerate(words.PAST_FORUMS):
        day = today - datetime.timedelta(days=25 + 30 * n)
        item = forum(
            unit_name,
            topic,
            kind,
            description,
            day,
            status=ForumStatus.HELD,
            minutes=minutes,
            minutes_published_at=_at(day + datetime.timedelta(days=3), 14),
        )
        for action, days, done in actions if item else []:
            due = day + datetime.timedelta(days=days)
            follow_ups.append(
                ForumFollowUp(
                    forum=item, action=action, unit=item.unit, due_on=due, done_at=min(due, today) if done else None
                )
            )
    yesterday = today - datetime.timedelta(days=1)
    forum(
        "Dinas Perhubungan",
        "Forum Warga Penataan Parkir Tepi Jalan",
        "komunikasi",
        "Tarif, karcis dan juru parkir resmi.",
        yesterday,
        status=ForumStatus.HELD,
        minutes="Draf: warga mengeluhkan juru parkir tanpa karcis di pusat kota.",
    )
    forum(
        "Dinas Sosial",
        "Sosialisasi Pembaruan DTKS",
        "sosialisasi",
        "Pembaruan data DTKS di kelurahan.",
        today + datetime.timedelta(days=3),
        status=ForumStatus.CANCELLED,
    )
    for n, (unit_name, topic, kind, description, online) in enumerate(words.UPCOMING_FORUMS):
        day = today + datetime.timedelta(days=6 + 9 * n)
        forum(
            unit_name,
            topic,
            kind,
            description,
            day,
            online_url="https://vidcon.demo.sikap.local/forum-publik" if online else "",
        )
    Forum.objects.bulk_create(forums)
    upcoming = next((f for f in forums if f.status == ForumStatus.SCHEDULED), None)
    if upcoming is not None:  # one spam input, hidden by the moderator (kept, never deleted)
        inputs.append((ForumInput(forum=upcoming, text=words.FORUM_SPAM_INPUT, is_hidden=True), _at(today, 7)))
    rows = ForumInput.objects.bulk_create([row for row, _sent in inputs])
    for row, (_row, sent) in zip(rows, inputs, strict=True):
        row.created_at = min(sent, timezone.now())
    ForumInput.objects.bulk_update(rows, ["created_at"])
    ForumFollowUp.objects.bulk_create(follow_ups)
    return len(forums)
