"""Demo SKPs for the demo city: unit goals, one SKP per active employee, and a year of realisation.

1. Load the template library (``library.load_templates``) and the default performance settings.
2. Unit goals of the current year: RPJMD-like city goals with their IKU on the root unit, and one
   or two goals per perangkat daerah, each supporting a city goal.
3. An SKP per active employee from the template of their jabatan (else one of the same jabatan
   kind, else "Pengadministrasi Perkantoran"), built top-down along the supervisors: heads of
   perangkat daerah support their unit's goals, everyone else their supervisor's RHK utama.
4. Statuses: approved (with revision 1 and the pejabat penilai's expectations), except part of
   the demo supervisor's team (two submitted, one returned) and a few people across the city.
5. Manual realisation for the periods already over, around each period's target; for cumulative
   IKI only up to where the demo's daily reports start (``daily_reports_from``): their approved
   activities are the realisation from there on, and must not be counted twice.

Rows go in with COPY and their history is written set-based (``bulk``), so 20,000 employees take
seconds; bench/README.md has the time.
"""

import calendar
import datetime
import random
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.types.json import Jsonb

from apps.core.demo import DEMO_ACCOUNTS
from apps.employees.models import Employee, OrgUnit, OrgUnitKind

from . import bulk
from .berakhlak import CoreValue
from .demo_data import CITY_GOALS, EXPECTATIONS, PD_GOALS, RETURN_NOTE, table_rows
from .demo_library import TemplateLibrary
from .library import load_templates
from .models import (
    BehaviourExpectation,
    Direction,
    Iki,
    IkiPeriodTarget,
    IkiRealisation,
    PerformanceSettings,
    Rhk,
    RhkKind,
    RhkTemplate,
    Skp,
    SkpRevision,
    SkpStatus,
    SkpTemplate,
    UnitGoal,
    UnitGoalIndicator,
)
from .periods import period_range

CENT = Decimal("0.01")
# Above this many employees only a sample gets realisation (see _realised_people): 20,000 people
# x 7 IKI x 11 months would be 1.5 million rows, each with its history row.
LARGE_DEMO, REALISED_PEOPLE = 2_000, 2_000
# Tables the build writes whose history pghistory keeps (see bulk.history_written_after).
TRACKED = [UnitGoal, UnitGoalIndicator, Skp, BehaviourExpectation, Rhk, Iki, IkiRealisation]


@dataclass
class _Person:
    pk: int
    nip: str
    full_name: str
    jabatan: str
    kind: str
    unit_id: int
    supervisor_id: int | None
    user_id: int | None
    status: str = SkpStatus.APPROVED
    skp_id: int = 0
    template: SkpTemplate | None = None
    rhk: list = field(default_factory=list)  # _Rhk
    iki: list = field(default_factory=list)  # (IKI id, IkiTemplate)
    expectations: list = field(default_factory=list)  # (BerAKHLAK value, text)


@dataclass
class _Rhk:
    id: int
    template: RhkTemplate
    supports: str  # the text of the supported RHK or unit goal, as the snapshot shows it


def build(*, stdout, seed=2026, months=1, **_options):
    year = timezone.localdate().year
    if Skp.objects.filter(year=year).exists():  # built already: a second run changes nothing
        stdout.write(_("SKP demo tahun %(year)s sudah ada; tidak ada yang diubah.") % {"year": year})
        return
    rng = random.Random(seed)
    load_templates()
    count = PerformanceSettings.current().periods_per_year
    with transaction.atomic(), bulk.history_written_after(TRACKED):
        goals = _build_goals(year)
        people = _people_top_down()
        _set_statuses(people, rng)
        _build_skps(people, year=year, goals=goals, rng=rng, count=count)
        fields = ["iki", "period", "value", "note", "evidence", "evidence_name", "evidence_type", "entered_by"]
        rows = _realisation_rows(people, year=year, rng=rng, count=count, months=months)
        realised = bulk.copy(IkiRealisation, fields, rows)
    statuses = Counter(person.status for person in people)
    order = [SkpStatus.APPROVED, SkpStatus.SUBMITTED, SkpStatus.RETURNED, SkpStatus.DRAFT]
    counts = {key: statuses[status] for key, status in zip("asrd", order, strict=True)}
    stdout.write(
        _("SKP %(year)s: %(n)s pegawai (%(a)s disetujui, %(s)s diajukan, %(r)s dikembalikan, %(d)s draf), ")
        % {"year": year, "n": len(people), **counts}
        + _("%(g)s sasaran unit, %(x)s realisasi.") % {"g": sum(map(len, goals.values())), "x": realised}
    )


def _build_goals(year: int) -> dict[int, list[UnitGoal]]:
    """{unit pk: its goals}: the city's on the root unit, then one or two per perangkat daerah."""
    root = OrgUnit.objects.filter(parent__isnull=True, kind=OrgUnitKind.PEMERINTAH).order_by("pk").first()
    if root is None:
        return {}
    city, specs = {}, []
    for key, statement, iku, target, unit in table_rows(CITY_GOALS):
        if statement:
            city[key] = UnitGoal(unit=root, year=year, statement=statement)
        specs.append((city[key], iku, target, unit))
    by_short_name = defaultdict(list)
    for short_name, *spec in table_rows(PD_GOALS):
        by_short_name[short_name].append(spec)
    goals = defaultdict(list, {root.pk: list(city.values())})
    for pd in OrgUnit.objects.filter(parent=root, is_active=True).order_by("pk"):
        if pd.kind == OrgUnitKind.KECAMATAN:
            pd_specs = by_short_name["*kecamatan"]
        else:
            pd_specs = by_short_name.get(pd.short_name) or by_short_name["*lainnya"]
            if pd.kind in (OrgUnitKind.DINAS, OrgUnitKind.BADAN, OrgUnitKind.RSUD):
                pd_specs = pd_specs + by_short_name["*semua"]
        for key, statement, iku, target, unit in pd_specs:
            goal = UnitGoal(unit=pd, year=year, statement=statement.format(name=pd.name)[:300], parent=city[key])
            goals[pd.pk].append(goal)
            specs.append((goal, iku, target, unit))
    UnitGoal.objects.bulk_create(city.values())
    UnitGoal.objects.bulk_create([goal for pk, unit_goals in goals.items() if pk != root.pk for goal in unit_goals])
    UnitGoalIndicator.objects.bulk_create(
        [
            UnitGoalIndicator(goal=goal, text=iku, target_value=Decimal(target), target_unit=unit)
            for goal, iku, target, unit in specs
        ]
    )
    return goals


def _people_top_down() -> list[_Person]:
    """Active employees, every supervisor before their subordinates (breadth first from the top)."""
    fields = ["pk", "nip", "name", "gelar_depan", "gelar_belakang", "jabatan", "jabatan_kind", "unit_id"]
    people = {}
    for pk, nip, name, front, back, *rest in (
        Employee.objects.filter(is_active=True).order_by("pk").values_list(*fields, "supervisor_id", "user_id")
    ):
        full_name = f"{front + ' ' if front else ''}{name}{', ' + back if back else ''}"  # as Employee.full_name
        people[pk] = _Person(pk, nip, full_name, *rest)
    below = defaultdict(list)
    for person in people.values():
        below[person.supervisor_id].append(person)
    ordered = [person for person in people.values() if person.supervisor_id not in people]
    for person in ordered:  # the list grows while it is walked: breadth first
        ordered += below[person.pk]
    reached = {person.pk for person in ordered}
    ordered += [person for person in people.values() if person.pk not in reached]  # a loop in bad data
    for person in ordered:
        if person.supervisor_id not in reached:  # no active supervisor above: supports nobody's RHK
            person.supervisor_id = None
    return ordered


def _set_statuses(people: list[_Person], rng: random.Random) -> None:
    """Approved, except in the demo supervisor's team two submitted and one returned, and across
    the city a few submitted or still in draft. Anyone with subordinates stays approved: their
    staff can only support an approved plan."""
    supervising = {person.supervisor_id for person in people}
    boss = next((p for p in people if p.nip == DEMO_ACCOUNTS["supervisor"]), None)
    team = [p for p in people if boss and p.supervisor_id == boss.pk]
    pinned = supervising | {p.pk for p in people if p.user_id or p.nip in DEMO_ACCOUNTS.values()}
    waiting = sorted((p for p in team if p.pk not in pinned), key=lambda p: p.pk)
    for person, status in zip(waiting, [SkpStatus.SUBMITTED, SkpStatus.SUBMITTED, SkpStatus.RETURNED], strict=False):
        person.status = status
    pinned |= {p.pk for p in team}
    for person in people:
        if person.pk not in pinned:
            draw = rng.random()
            person.status = SkpStatus.SUBMITTED if draw < 0.04 else SkpStatus.DRAFT if draw < 0.06 else person.status


def _units() -> tuple[dict[int, str], dict[int, int]]:
    """(name of the perangkat daerah that each unit is in, {pk of a perangkat daerah head: that unit's pk})."""
    rows = {
        pk: (parent_id, name, head_id)
        for pk, parent_id, name, head_id in OrgUnit.objects.values_list("pk", "parent_id", "name", "head_id")
    }
    roots = {pk for pk, (parent_id, _n, _h) in rows.items() if parent_id is None}
    pd_name = {}
    for pk in rows:
        node, steps = pk, 0
        while rows[node][0] is not None and rows[node][0] not in roots and steps < 50:
            node, steps = rows[node][0], steps + 1
        pd_name[pk] = rows[node][1]
    heads = {head_id: pk for pk, (parent_id, _n, head_id) in rows.items() if head_id and parent_id in roots}
    return pd_name, heads


def _dates(person: _Person, rng: random.Random, now: datetime.datetime, year: int) -> tuple:
    """(evaluator, submitted_at, approved_at, approved_by, return_note) of the person's SKP: plans
    agreed in January; those still waiting were sent in the last few days."""
    boss, status = person.supervisor_id, person.status
    if status == SkpStatus.DRAFT:
        return None, None, None, None, ""
    if status != SkpStatus.APPROVED:
        sent = now - datetime.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 8))
        return boss, sent, None, None, RETURN_NOTE if status == SkpStatus.RETURNED else ""
    tz = timezone.get_current_timezone()
    agreed = datetime.datetime(year, 1, rng.randint(8, 31), rng.randint(8, 15), rng.randint(0, 59), tzinfo=tz)
    agreed = min(agreed, now - datetime.timedelta(hours=1))
    return boss, agreed - datetime.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 5)), agreed, boss, ""


def _build_skps(people: list[_Person], *, year: int, goals: dict, rng: random.Random, count: int) -> None:
    """SKP, expectations, RHK, IKI, period targets and revisions, written with COPY. Ids are drawn
    beforehand from each table's sequence, so a staff member's RHK can point at their
    supervisor's before either is written. bulk_create took twice as long at 20,000 employees:
    it dumps every column as an array in Python."""
    library, now = TemplateLibrary(count), timezone.now()
    pd_name, heads = _units()
    for person in people:
        person.template = library.for_person(person, pd_name.get(person.unit_id, ""))
    rhk_t = {p.pk: list(p.template.rhk.all()) if p.template else [] for p in people}
    skp_ids = iter(bulk.new_ids(Skp, len(people)))
    rhk_ids = iter(bulk.new_ids(Rhk, sum(map(len, rhk_t.values()))))
    iki_ids = iter(bulk.new_ids(Iki, sum(len(r.iki.all()) for rows in rhk_t.values() for r in rows)))
    by_pk, sibling, skps, rhks, ikis = {p.pk: p for p in people}, Counter(), [], [], []
    for person in people:  # supervisors before their staff (see _people_top_down)
        person.skp_id = next(skp_ids)
        skps.append((person.skp_id, person.pk, year, person.status, 1, *_dates(person, rng, now, year)))
        approved = person.status == SkpStatus.APPROVED  # the pejabat penilai wrote them before approving
        person.expectations = [(v, rng.choice(EXPECTATIONS[v]) if approved else "") for v in CoreValue.values]
        # Heads of perangkat daerah support their unit's goals, the others their supervisor's RHK
        # utama; siblings start at different RHK, so every RHK of the supervisor gets support.
        if person.pk in heads:
            links, offset = [(None, g.pk, g.statement) for g in goals.get(heads[person.pk], [])], 0
        else:
            boss = by_pk.get(person.supervisor_id)
            utama = [r for r in boss.rhk if r.template.kind == RhkKind.UTAMA] if boss else []
            links, offset = [(r.id, None, r.template.text) for r in utama], sibling[person.supervisor_id]
            sibling[person.supervisor_id] += 1
        n_utama = 0
        for template in rhk_t[person.pk]:
            parent = goal = None
            supports = ""
            if template.kind == RhkKind.UTAMA and links:
                parent, goal, supports = links[(n_utama + offset) % len(links)]
                n_utama += 1
            rhk = _Rhk(next(rhk_ids), template, supports)
            person.rhk.append(rhk)
            rhks.append((rhk.id, person.skp_id, template.kind, template.text, template.position, parent, goal))
            for t in template.iki.all():
                person.iki.append((next(iki_ids), t))
                ikis.append((person.iki[-1][0], rhk.id, t.text, t.aspect, t.target_value, t.target_unit,
                             t.direction, t.cumulative, t.position, uuid.uuid4()))  # fmt: skip
    bulk.copy(Skp, ["id", "employee", "year", "status", "revision", "evaluator", "submitted_at", "approved_at",
                "approved_by", "return_note"], skps)  # fmt: skip
    bulk.copy(BehaviourExpectation, ["skp", "value", "text"], ((p.skp_id, *e) for p in people for e in p.expectations))
    bulk.copy(Rhk, ["id", "skp", "kind", "text", "position", "parent", "unit_goal"], rhks)
    bulk.copy(Iki, ["id", "rhk", "text", "aspect", "target_value", "target_unit", "direction", "cumulative", "position",
                "lineage"], ikis)  # fmt: skip
    _insert_period_targets(year, count)
    revisions = (
        (p.skp_id, 1, skp[7], p.supervisor_id, Jsonb(_snapshot(p, year, library)))
        for p, skp in zip(people, skps, strict=True)
        if p.status == SkpStatus.APPROVED
    )
    bulk.copy(SkpRevision, ["skp", "number", "approved_at", "approved_by", "snapshot"], revisions)


def _insert_period_targets(year: int, count: int) -> None:
    """The split of ``periods.split_target`` (even parts, the last takes the rounding remainder) in
    one INSERT ... SELECT: at 20,000 employees that is 1.7 million rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {IkiPeriodTarget._meta.db_table} (iki_id, period, target_value)
            SELECT iki.id, p.period, CASE
                WHEN NOT iki.cumulative THEN iki.target_value
                WHEN p.period < %(n)s THEN trunc(iki.target_value / %(n)s, 2)
                ELSE iki.target_value - trunc(iki.target_value / %(n)s, 2) * (%(n)s - 1) END
            FROM {Iki._meta.db_table} iki
            JOIN {Rhk._meta.db_table} rhk ON rhk.id = iki.rhk_id
            JOIN {Skp._meta.db_table} skp ON skp.id = rhk.skp_id
            CROSS JOIN generate_series(1, %(n)s) AS p(period)
            WHERE skp.year = %(year)s
            """,  # noqa: S608 (table names come from the models; values are parameters)
            {"n": count, "year": year},
        )


def _snapshot(person: _Person, year: int, library: TemplateLibrary) -> dict:
    """``selectors.skp.skp_snapshot`` made from what is in memory: the same shape, no queries."""
    ordered = sorted(person.rhk, key=lambda r: (r.template.kind, r.template.position, r.id))
    return {
        "employee": {"nip": person.nip, "name": person.full_name, "jabatan": person.jabatan},
        "year": year,
        "revision": 1,
        "rhk": [
            {"kind": r.template.kind, "text": r.template.text, "weight": None, "supports": r.supports,
             "iki": [library.iki_snapshot[t.pk] for t in r.template.iki.all()]}
            for r in ordered
        ],
        "expectations": [{"value": v, "label": library.labels[v], "text": text} for v, text in person.expectations],
    }  # fmt: skip


def _realised_people(people: list[_Person], rng: random.Random) -> list[_Person]:
    """Everyone with an approved SKP in a small demo. In a large one: the demo accounts, their
    reporting lines and teams (the Sekda's team: every head), and a seeded sample of the rest."""
    approved = [p for p in people if p.status == SkpStatus.APPROVED]
    if len(people) <= LARGE_DEMO:
        return approved
    by_pk = {p.pk: p for p in people}
    keep = {p.pk for p in people if p.user_id}
    for pk in list(keep):
        node = by_pk[pk].supervisor_id
        while node and node not in keep:
            keep.add(node)
            node = by_pk[node].supervisor_id
    keep |= {p.pk for p in people if p.supervisor_id in keep}
    chosen = [p for p in approved if p.pk in keep]
    rest = [p for p in approved if p.pk not in keep]
    return chosen + rng.sample(rest, min(len(rest), max(0, REALISED_PEOPLE - len(chosen))))


def _level_bound(unit: str) -> Decimal | None:
    """The most a level can reach: 100 for a percentage or an index, N on a "skala N"."""
    unit = unit.strip().lower()
    if unit in ("persen", "%", "indeks", "nilai", "skor"):
        return Decimal(100)
    return Decimal(unit.split()[-1]) if unit.startswith("skala") and unit.split()[-1].isdigit() else None


def daily_reports_from(today: datetime.date, months: int) -> datetime.date:
    """The first day of the demo's daily reports (apps/daily_reports/demo.py): the same day
    ``months`` months back (the month's last day when it is shorter); ``today`` for none."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, min(today.day, calendar.monthrange(year, month + 1)[1]))


def _manual_share(year: int, period: int, count: int, reports_from: datetime.date) -> Decimal:
    """The part of a period before the daily reports start: a cumulative IKI's manual entries
    cover that part, approved activities the rest."""
    first, last = period_range(year, period, count=count)
    if reports_from > last:
        return Decimal(1)
    return Decimal(max(0, (reports_from - first).days)) / ((last - first).days + 1)


def _realisation_rows(people: list[_Person], *, year: int, rng: random.Random, count: int, months: int = 0):
    """Realisation for the periods already over, around each period's target: each person works
    at their own level (about 70 %-120 %), and each IKI and period varies a little around it.
    Cumulative IKI stop where the daily reports of the last ``months`` months start."""
    today = timezone.localdate()
    passed = [p for p in range(1, count + 1) if period_range(year, p, count=count)[1] < today] or [1]
    share = {p: _manual_share(year, p, count, daily_reports_from(today, months)) for p in passed}
    for person in _realised_people(people, rng):
        level = min(max(rng.gauss(0.96, 0.11), 0.68), 1.22)
        for iki_id, t in person.iki:
            factor, done, counted, bound = level * rng.uniform(0.93, 1.07), Decimal(0), 0, _level_bound(t.target_unit)
            for period in passed:
                f = Decimal(f"{factor * rng.uniform(0.94, 1.06):.4f}")
                if t.cumulative:
                    # Whole documents and people: the running total is rounded, so 2 reports a year
                    # show up as a 1 in two months, not as 0.17 every month.
                    done += t.target_value / count * f * share[period]
                    value = Decimal(round(done) - counted)
                    counted += int(value)
                elif t.direction == Direction.LOWER:
                    value = (t.target_value / f).quantize(CENT)
                else:
                    value = min((t.target_value * f).quantize(CENT), bound or Decimal("Infinity"))
                if value:
                    yield iki_id, period, value, "", "", "", "", person.user_id
