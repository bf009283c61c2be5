"""A large demo city keeps IKI realisation for the demo teams and samples the rest (in a module of
its own: tests/indicators/test_demo.py shares one seeded city between its tests)."""

import pytest
import time_machine
from django.core.management import call_command

from apps.indicators import demo
from apps.indicators.models import IkiRealisation, Skp, SkpStatus

from .test_demo import NOW, demo_skp, perangkat_daerah_heads


@pytest.mark.django_db
def test_a_large_demo_keeps_realisation_for_the_demo_teams_and_samples_the_rest(monkeypatch):
    monkeypatch.setattr(demo, "LARGE_DEMO", 100)
    monkeypatch.setattr(demo, "REALISED_PEOPLE", 120)
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", employees=250, verbosity=0)
    realised = set(IkiRealisation.objects.values_list("iki__rhk__skp__employee", flat=True).distinct())
    boss = demo_skp("supervisor").employee
    approved_team = Skp.objects.filter(employee__supervisor=boss, status=SkpStatus.APPROVED)
    assert {demo_skp("asn").employee_id, boss.pk} | set(approved_team.values_list("employee", flat=True)) <= realised
    assert set(perangkat_daerah_heads()) <= realised  # the Sekda's team: city dashboards have numbers
    assert len(realised) == 120  # the rest is a sample
