"""The demo SKPs (apps/indicators/demo.py) on a small demo city: the cascade follows the
supervisors, the demo supervisor has work waiting, achievement can be measured."""

import datetime
import io
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

from apps.accounts.models import User
from apps.core.demo import DEMO_ACCOUNTS
from apps.employees.models import Employee, OrgUnit
from apps.indicators import demo
from apps.indicators.models import (
    BehaviourExpectation,
    Iki,
    IkiPeriodTarget,
    IkiRealisation,
    Rhk,
    RhkKind,
    Skp,
    SkpStatus,
    UnitGoal,
)
from apps.indicators.periods import split_target
from apps.indicators.selectors.achievement import skp_results
from apps.indicators.selectors.skp import pending_for, skp_snapshot
from tests.module_db import module_data

YEAR = 2026
NOW = datetime.datetime(YEAR, 12, 1, 10, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


def _seed():
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", employees=250, verbosity=0)


seeded_city = module_data(_seed)


@pytest.fixture
def demo_city(seeded_city, db):
    with time_machine.travel(NOW, tick=False):
        yield


def demo_skp(role):
    return Skp.objects.select_related("employee").get(employee__nip=DEMO_ACCOUNTS[role], year=YEAR)


def perangkat_daerah_heads():
    """{head employee pk: their perangkat daerah}: heads of the units right under the government."""
    return {u.head_id: u for u in OrgUnit.objects.filter(parent__parent__isnull=True, parent__isnull=False)}


def test_every_active_employee_has_exactly_one_skp_of_the_year(demo_city):
    active = Employee.objects.filter(is_active=True)
    assert Skp.objects.filter(year=YEAR).count() == active.count() == 250
    assert not active.exclude(skps__year=YEAR).exists()


def test_city_goals_cascade_to_every_perangkat_daerah(demo_city):
    root = OrgUnit.objects.get(parent__isnull=True)
    city = list(UnitGoal.objects.filter(unit=root, year=YEAR).prefetch_related("indicators"))
    assert 3 <= len(city) <= 4 and all(goal.indicators.all() for goal in city)
    assert "Indeks Reformasi Birokrasi" in {i.text for goal in city for i in goal.indicators.all()}
    for unit in OrgUnit.objects.filter(parent=root):
        goals = list(UnitGoal.objects.filter(unit=unit, year=YEAR))
        assert 1 <= len(goals) <= 2, unit
        assert all(goal.parent in city for goal in goals)


def test_rhk_utama_follow_the_reporting_line(demo_city):
    heads = perangkat_daerah_heads()
    utama = Rhk.objects.filter(skp__year=YEAR, kind=RhkKind.UTAMA).select_related(
        "skp__employee", "parent__skp", "unit_goal")  # fmt: skip
    checked = Counter()
    for rhk in utama:
        employee = rhk.skp.employee
        if employee.pk in heads:
            assert rhk.parent is None and rhk.unit_goal.unit == heads[employee.pk], rhk
            checked["head"] += 1
        else:
            assert rhk.unit_goal is None, rhk
            assert rhk.parent.skp.employee_id == employee.supervisor_id and rhk.parent.skp.year == YEAR, rhk
            assert rhk.parent.kind == RhkKind.UTAMA
            checked["staff"] += 1
    assert checked["head"] and checked["staff"]
    # Every RHK utama of a supervisor with staff is supported by some of them (siblings spread).
    boss = demo_skp("supervisor")
    assert set(boss.rhk.filter(kind=RhkKind.UTAMA, children__isnull=False).distinct()) == set(
        boss.rhk.filter(kind=RhkKind.UTAMA))  # fmt: skip


def test_the_demo_supervisor_has_two_skps_waiting_and_one_returned(demo_city):
    boss = demo_skp("supervisor").employee
    team = Skp.objects.filter(employee__supervisor=boss, year=YEAR)
    statuses = Counter(team.values_list("status", flat=True))
    assert statuses[SkpStatus.SUBMITTED] == 2 and statuses[SkpStatus.RETURNED] == 1
    assert statuses[SkpStatus.APPROVED] == team.count() - 3 > 0
    returned = team.get(status=SkpStatus.RETURNED)
    assert returned.return_note and returned.evaluator == boss and returned.approved_at is None
    assert all(skp.evaluator == boss and skp.submitted_at for skp in team.filter(status=SkpStatus.SUBMITTED))
    assert pending_for(User.objects.get(username=DEMO_ACCOUNTS["supervisor"])) == 2


def test_an_approved_skp_has_its_revision_and_expectations(demo_city):
    skp = demo_skp("asn")
    boss = skp.employee.supervisor
    assert skp.status == SkpStatus.APPROVED and skp.approved_at.year == YEAR
    assert skp.approved_by == skp.evaluator == boss
    revision = skp.revisions.get()
    assert revision.number == 1 and revision.approved_by == boss
    # The snapshot made in memory is exactly what the selector freezes on approval.
    assert revision.snapshot == skp_snapshot(skp)
    expectations = BehaviourExpectation.objects.filter(skp=skp)
    assert expectations.count() == 7 and all(e.text for e in expectations)
    assert not BehaviourExpectation.objects.filter(skp__status=SkpStatus.SUBMITTED).exclude(text="").exists()


def test_period_targets_are_the_even_split(demo_city):
    for iki in Iki.objects.prefetch_related("period_targets").order_by("pk")[:200]:
        stored = [t.target_value for t in iki.period_targets.all()]
        assert stored == split_target(iki.target_value, cumulative=iki.cumulative, count=12), iki


def test_realisation_covers_the_months_gone_and_achievement_varies(demo_city):
    assert set(IkiRealisation.objects.values_list("period", flat=True)) == set(range(1, 12))
    assert not IkiRealisation.objects.exclude(iki__rhk__skp__status=SkpStatus.APPROVED).exists()
    asn = demo_skp("asn")
    assert skp_results([asn])[asn.pk].percent is not None
    results = skp_results(list(Skp.objects.filter(year=YEAR, status=SkpStatus.APPROVED)))
    percents = [r.percent for r in results.values() if r.percent is not None]
    assert len(percents) == len(results)
    assert max(percents) - min(percents) > 20
    assert len({r.proposal for r in results.values()}) >= 2


def test_history_is_written_and_the_triggers_are_back_on(demo_city):
    for model in (Skp, Rhk, Iki, IkiRealisation, BehaviourExpectation, UnitGoal):
        event = next(m for m in apps.get_models() if getattr(m, "pgh_tracked_model", None) is model)
        assert event.objects.filter(pgh_label="insert").count() == model.objects.count(), model
    skp = demo_skp("asn")
    Rhk.objects.create(skp=skp, text="RHK setelah demo", kind=RhkKind.TAMBAHAN)
    rhk_event = next(m for m in apps.get_models() if getattr(m, "pgh_tracked_model", None) is Rhk)
    assert rhk_event.objects.filter(text="RHK setelah demo").exists()


def test_seeding_again_duplicates_nothing(demo_city):
    counts = [model.objects.count() for model in (Skp, Rhk, Iki, IkiPeriodTarget, IkiRealisation, UnitGoal)]
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", employees=250, verbosity=0)
        out = io.StringIO()
        demo.build(stdout=out, seed=7)  # the builder alone refuses too
    assert "sudah ada" in out.getvalue()
    assert [model.objects.count() for model in (Skp, Rhk, Iki, IkiPeriodTarget, IkiRealisation, UnitGoal)] == counts
