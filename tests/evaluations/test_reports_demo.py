"""The demo leaves PDF reports to download: the demo ASN's own, their unit's (which the demo
supervisor heads) and the city summary, each within its viewers' scope and verifiable by its code."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from apps.core.demo import DEMO_ACCOUNTS
from apps.employees.models import Employee
from apps.evaluations.reports.models import GeneratedReport
from tests.conftest import client_for

from .test_reports_pdf import stored_text

pytestmark = pytest.mark.django_db


def test_the_demo_accounts_find_their_reports():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC), tick=False):
        call_command("seed_demo", employees=120, months=2, verbosity=0)
    asn = Employee.objects.select_related("user", "unit").get(nip=DEMO_ACCOUNTS["asn"])
    supervisor = Employee.objects.select_related("user").get(nip=DEMO_ACCOUNTS["supervisor"])
    reports = GeneratedReport.objects.select_related("period")
    assert 3 <= reports.count() <= 5  # a few documents, not a city's batch
    assert len({report.period_id for report in reports}) == 1

    own = reports.get(kind="employee", employee=asn)
    text = stored_text(own)
    assert asn.full_name in text and own.code in text and "Halaman 1 dari" in text
    unit = reports.get(kind="unit", unit=asn.unit)
    city = reports.get(kind="city")

    mine = client_for(asn.user)
    assert mine.get(reverse("reports:report-download", args=[own.pk])).status_code == 200
    assert mine.get(reverse("reports:report-download", args=[city.pk])).status_code == 404
    listed = mine.get(reverse("api:report-list")).json()["results"]
    assert [row["id"] for row in listed] == [own.pk]
    boss = client_for(supervisor.user)
    assert boss.get(reverse("reports:report-download", args=[own.pk])).status_code == 200
    if asn.unit.head_id == supervisor.pk:
        assert boss.get(reverse("reports:report-download", args=[unit.pk])).status_code == 200
    verify = client_for(None).get(reverse("reports:verify", args=[own.code]))
    assert verify.status_code == 200 and asn.full_name in verify.content.decode()
