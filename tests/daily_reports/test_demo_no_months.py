"""Seeding with no months of reports (in a module of its own: tests/daily_reports/test_demo.py
shares one seeded city between its tests)."""

import pytest
import time_machine
from django.core.management import call_command

from apps.daily_reports.models import DailyReport, IkiRollup
from apps.indicators.models import IkiRealisation

from .test_demo import NOW


@pytest.mark.django_db
def test_no_months_no_reports_and_manual_realisation_for_every_month_gone():
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", employees=250, months=0, verbosity=0)
    assert not DailyReport.objects.exists() and not IkiRollup.objects.exists()
    periods = set(IkiRealisation.objects.filter(iki__cumulative=True).values_list("period", flat=True))
    assert periods == set(range(1, 12))
