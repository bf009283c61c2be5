"""Two units, each with its own people and objects, for the scope tests (test_object_scope.py,
test_list_scope.py): who reaches whose object, and who lists which rows.

    Dinas A (head chief_a)                       Dinas B (head chief_b)
      plt_a (staff of Dinas A, Plt of Bidang A1)   Bidang B1 (head sup_b) <- asn_b, handler_b
      Bidang A1 (head sup_a) <- asn_a, handler_a
    admin (BKPSDM), leader (pimpinan): no employee record; anonymous: no account

``sup_x`` supervises ``asn_x``, ``chief_x`` supervises ``sup_x`` (the second level). ``plt_a`` stands
in for the head of Bidang A1 today (an ActingAssignment), so they evaluate ``asn_a`` too.
``handler_x`` (not a persona) is a designated complaint handler of Bidang X1; ``staff_bNN`` are
more people of Bidang B1 (so that lists take more than one page).

Every ASN owns one object of each kind (tests/security/scope_objects.py); ``sup_a`` owns a few too,
so that looking up the line is tested. Units own complaints, handlers, goals and announcements. ``relation`` says
what a persona is to an owner, from the world's own structure (never from apps/core/access.py,
which is what is under test).
"""

import contextlib
import datetime
import logging
from dataclasses import dataclass, field
from unittest import mock

import time_machine
from django.core.files.storage import InMemoryStorage
from django.db import transaction

from apps.accounts.models import Role
from apps.employees.models import ActingAssignment, JabatanKind, OrgUnit, OrgUnitKind
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrgUnitFactory, UserFactory

from . import scope_objects
from .scope_objects import NOW

PERSONAS = ("anonymous", "asn_a", "sup_a", "chief_a", "plt_a", "asn_b", "sup_b", "chief_b", "admin", "leader")
EMPLOYEES = frozenset({"asn_a", "sup_a", "chief_a", "plt_a", "asn_b", "sup_b", "chief_b"})
SUPERVISORS = frozenset({"sup_a", "chief_a", "plt_a", "sup_b", "chief_b"})  # also: every one heads a unit
STAFF_B = 20  # more staff of Bidang B1: 29 employees, so an admin's employee list has two pages (25 a page)


@dataclass
class ScopeWorld:
    users: dict  # persona -> User (None for anonymous)
    people: dict  # persona (and handler_a, handler_b) -> Employee
    units: dict  # "a", "a1", "b", "b1" -> OrgUnit
    objects: dict = field(default_factory=dict)  # (owner, kind) -> object
    periods: dict = field(default_factory=dict)  # "final", "objected", "draft", "start" -> EvaluationPeriod
    acting: list = field(default_factory=list)  # the ActingAssignments (with their unit)
    program: object = None  # the training program, its past (closed) and coming sessions, the needs survey
    past_session: object = None
    session: object = None
    survey: object = None
    clients: dict = field(default_factory=dict)  # persona -> signed-in test Client

    def owners(self, kind):
        return [owner for (owner, k) in self.objects if k == kind]

    def relation(self, persona, owner, kind):
        """What ``persona`` is to ``owner`` (an employee persona or a unit key) for a ``kind``."""
        if persona == "anonymous":
            return "anonymous"
        if persona in ("admin", "leader"):
            return persona
        if owner in self.units:
            return self._unit_relation(persona, self.units[owner], kind)
        me, them = self.people[persona], self.people[owner]
        if me == them:
            return "owner"
        pairing = self.objects.get((owner, "mentoring"))
        if kind in ("mentoring", "mentoring_session") and pairing is not None and pairing.mentor_id == me.pk:
            return "mentor"
        if kind in USER_OWNED:
            return "stranger"
        if them.supervisor_id == me.pk:
            return "evaluator"
        if self._acts_for(me, them.supervisor_id):
            return "plt"
        chain = self._chain(them)
        if me.pk in chain or any(self._acts_for(me, boss) for boss in chain[1:]):
            return "above"
        return "stranger"

    def _chain(self, employee):
        chain, boss = [], employee.supervisor
        while boss is not None:
            chain.append(boss.pk)
            boss = boss.supervisor
        return chain

    def _acts_for(self, me, head_id):
        """``me`` is Plt of a unit headed by ``head_id``."""
        return any(a.employee_id == me.pk and a.unit.head_id == head_id for a in self.acting)

    def _unit_relation(self, persona, unit, kind):
        me = self.people[persona]
        if kind == "announcement":
            return "member" if me.unit_id in self.subtree(unit) else "stranger"
        if unit.head_id == me.pk:
            return "head"
        if any(a.employee_id == me.pk and a.unit_id == unit.pk for a in self.acting):
            return "acting"
        if unit.parent_id and unit.parent.head_id == me.pk:
            return "parent_head"
        return "member" if me.unit_id in self.subtree(unit) else "stranger"

    @property
    def units_by_pk(self):
        return {unit.pk: unit for unit in self.units.values()}

    def subtree(self, unit):
        return {unit.pk} | {u.pk for u in self.units.values() if u.parent_id == unit.pk}


USER_OWNED = frozenset({"api_token", "report_request", "notification"})  # the account's own, nobody else's


def _person(unit, name, *, supervisor=None, kind=JabatanKind.PELAKSANA):
    return EmployeeFactory(unit=unit, name=name, supervisor=supervisor, jabatan_kind=kind, work_email="")


def _people(x, dinas, bidang):
    chief = _person(dinas, f"Kepala Dinas {x}", kind=JabatanKind.JPT_PRATAMA)
    sup = _person(bidang, f"Kepala Bidang {x}1", supervisor=chief, kind=JabatanKind.ADMINISTRATOR)
    asn = _person(bidang, f"Pelaksana {x}", supervisor=sup)
    handler = _person(bidang, f"Petugas Pengaduan {x}", supervisor=sup)
    OrgUnit.objects.filter(pk=dinas.pk).update(head=chief)
    OrgUnit.objects.filter(pk=bidang.pk).update(head=sup)
    return {
        f"chief_{x.lower()}": chief,
        f"sup_{x.lower()}": sup,
        f"asn_{x.lower()}": asn,
        f"handler_{x.lower()}": handler,
    }


def build_scope_world() -> ScopeWorld:
    units, people = {}, {}
    for x in ("A", "B"):
        dinas = OrgUnitFactory(name=f"Dinas Uji {x}")
        bidang = OrgUnitFactory(name=f"Bidang Uji {x}1", parent=dinas, kind=OrgUnitKind.SATUAN)
        units[x.lower()], units[f"{x.lower()}1"] = dinas, bidang
        people |= _people(x, dinas, bidang)
    people["plt_a"] = _person(units["a"], "Plt Kepala Bidang A1", supervisor=people["chief_a"])
    for n in range(1, STAFF_B + 1):  # enough people for the employee list to take two pages
        people[f"staff_b{n:02}"] = _person(units["b1"], f"Staf Bidang B1 Nomor {n:02}", supervisor=people["sup_b"])
    for unit in units.values():
        unit.refresh_from_db()
    for person in people.values():
        person.refresh_from_db()
    acting = ActingAssignment.objects.create(
        employee=people["plt_a"],
        unit=units["a1"],
        kind="plt",
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    users = {
        "anonymous": None,
        "admin": UserFactory(username="admin.cakupan", role=Role.ADMIN, is_staff=True, is_superuser=True),
        "leader": UserFactory(username="pimpinan.cakupan", role=Role.LEADER),
    }
    users |= {key: people[key].user for key in EMPLOYEES}
    world = ScopeWorld(users=users, people=people, units=units)
    world.acting = [ActingAssignment.objects.select_related("unit").get(pk=acting.pk)]
    scope_objects.trainings_shared(world)
    for x in ("a", "b"):
        scope_objects.employee_objects(world, f"asn_{x}", people[f"sup_{x}"])
        scope_objects.unit_objects(world, x)
    scope_objects.supervisor_objects(world)
    scope_objects.evaluations(world)
    scope_objects.trainings(world)
    return world


@contextlib.contextmanager
def scope_world_built(django_db_blocker):
    """The world, built once for a test module inside a transaction rolled back at its end; each
    test's own transaction (pytest-django's ``db``) is a savepoint inside it. The clock stands
    at ``NOW`` throughout (the filing window, the open periods and the deadlines depend on it)."""
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False), transaction.atomic(), _quiet():
        world = build_scope_world()
        # signed in once: the sessions live in the module's transaction, the tests' requests in savepoints
        world.clients = {persona: client_for(user) for persona, user in world.users.items()}
        yield world
        transaction.set_rollback(True)


@contextlib.contextmanager
def _quiet():
    """Files are not rolled back with the database: a deletion a test makes (evidence, for one)
    is kept from the in-memory storage so the next test still finds the file. And the thousands
    of 404s the tests ask for are not logged."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with mock.patch.object(InMemoryStorage, "delete"):
            yield
    finally:
        logger.setLevel(level)
