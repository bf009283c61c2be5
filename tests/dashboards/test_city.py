"""The city dashboard: summary refresh, figures, drill-down, bad input, export, access, query counts."""

import datetime
import io

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.daily_reports.models import DailyReport, ReportStatus
from apps.dashboards import summaries
from apps.dashboards.models import UnitDayStat
from apps.employees.models import OrgUnit
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrgUnitFactory

# Wednesday 18 Nov 2026, 16:00 WIB: November has 13 working days up to today (no holidays loaded).
NOW = datetime.datetime(2026, 11, 18, 9, 0, tzinfo=datetime.UTC)
URL = reverse("dashboards:city")


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def report(employee, day, status=ReportStatus.APPROVED, *, review_after_days=1):
    submitted = _at(day, 16) if status != ReportStatus.DRAFT else None
    reviewed = None
    if status in (ReportStatus.APPROVED, ReportStatus.RETURNED):
        reviewed = submitted + datetime.timedelta(days=review_after_days)
    return DailyReport.objects.create(
        employee=employee, date=day, status=status, submitted_at=submitted, reviewed_at=reviewed
    )


def workdays(first=datetime.date(2026, 11, 2), last=datetime.date(2026, 11, 18)):
    day = first
    while day <= last:
        if day.weekday() < 5:
            yield day
        day += datetime.timedelta(days=1)


@pytest.fixture
def city(org, frozen):
    """unit_a (supervisor, asn, asn_peer) under a dinas; unit_b elsewhere. The ASN files every
    working day, the peer only the first five (one returned, one reviewed a week late)."""
    root = OrgUnitFactory(name="Pemerintah Kota Uji", kind="pemerintah")
    dinas = OrgUnitFactory(name="Dinas Uji", parent=root)
    OrgUnit.objects.filter(pk__in=[org.unit_a.pk]).update(parent=dinas)
    OrgUnit.objects.filter(pk__in=[org.unit_b.pk]).update(parent=root)
    days = list(workdays())
    for day in days:
        report(org.asn, day)
    for i, day in enumerate(days[:5]):
        status = ReportStatus.RETURNED if i == 0 else ReportStatus.APPROVED
        report(org.asn_peer, day, status, review_after_days=7 if i == 1 else 1)
    report(org.outsider, days[-1], ReportStatus.SUBMITTED)
    summaries.refresh_unit_days(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    return {"root": root, "dinas": dinas, "days": days}


def test_refresh_counts_headcount_filing_reviews_and_lateness(org, city):
    rows = UnitDayStat.objects.filter(unit=org.unit_a)
    assert rows.count() == len(city["days"])  # one row per working day; today clamps the range
    first = rows.get(date=city["days"][0])
    assert (first.headcount, first.filed, first.approved, first.returned) == (3, 2, 1, 1)
    late = rows.get(date=city["days"][1])
    assert late.reviewed == 2 and late.reviewed_late == 1  # 7 days > 3 working days
    assert round(late.review_hours) == 24 + 7 * 24
    assert UnitDayStat.objects.get(unit=org.unit_b, date=city["days"][-1]).waiting == 1
    # running it again rewrites the same rows, nothing doubles
    summaries.refresh_unit_days(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert UnitDayStat.objects.filter(unit=org.unit_a).count() == len(city["days"])


def test_admin_sees_units_ranked_with_every_section(org, city, admin_user):
    response = client_for(admin_user).get(URL, {"periode": "2026-11"})
    assert response.status_code == 200
    body = response.content.decode()
    for section in ("kepatuhan", "harian", "pemeriksaan", "capaian", "predikat", "jp", "pelatihan", "pengaduan", "ikm"):
        assert f'id="{section}"' in body
    dashboard = response.context["dashboard"]
    names = [row.group.name for row in dashboard.ranked]
    # up to yesterday (today's reports are still being written): 12 working days
    assert names.index(org.unit_b.name) < names.index("Dinas Uji")  # 0 of 12 before 12+5 of 36
    dinas = next(row for row in dashboard.rows if row.group.name == "Dinas Uji")
    assert (dinas.headcount, dinas.filed) == (36, 17)
    assert dinas.compliance == 47.2
    assert "<svg" in body and "Tampilkan tabel data" in body


def test_drill_down_to_unit_and_person(org, city, admin_user):
    client = client_for(admin_user)
    response = client.get(URL, {"periode": "2026-11", "unit": city["dinas"].pk})
    assert response.status_code == 200
    assert response.context["dashboard"].rows[0].group.name == org.unit_a.name
    response = client.get(URL, {"periode": "2026-11", "unit": org.unit_a.pk})
    people = {p.employee.pk: p for p in response.context["people"]}
    assert people[org.asn_peer.pk].filed == 5 and people[org.asn_peer.pk].expected == 12
    assert reverse("dashboards:person", args=[org.asn_peer.pk]) in response.content.decode()
    person = client.get(reverse("dashboards:person", args=[org.asn_peer.pk]), {"periode": "2026-11"})
    assert person.status_code == 200
    assert person.context["person"].compliance == 41.7


def test_person_page_follows_the_readers_scope(org, city, personas):
    own = reverse("dashboards:person", args=[org.asn.pk])
    foreign = reverse("dashboards:person", args=[org.outsider.pk])
    supervisor = client_for(personas["supervisor"])
    assert supervisor.get(own).status_code == 200
    assert supervisor.get(foreign).status_code == 404
    assert client_for(personas["asn"]).get(own).status_code == 403
    assert client_for(personas["leader"]).get(foreign).status_code == 200


@pytest.mark.parametrize("role, status", [("asn", 403), ("supervisor", 403), ("leader", 200), ("admin", 200)])
def test_only_admins_and_leaders_read_the_city(personas, frozen, role, status):
    assert client_for(personas[role]).get(URL).status_code == status


@pytest.mark.parametrize(
    "params, message",
    [
        ({"periode": "2099"}, "belum dimulai"),
        ({"periode": "zzz'<script>"}, "tidak dikenal"),
        ({"dari": "2026-13-01", "sampai": "2026-11-02"}, "format"),
        ({"dari": "2026-11-10", "sampai": "2026-11-01"}, "dibalik"),
        ({"dari": "1900-01-01", "sampai": "2026-11-01"}, "dua tahun"),
        ({"dari": "2027-01-01", "sampai": "2027-02-01"}, "belum dimulai"),
    ],
)
def test_bad_periods_give_a_message_and_a_default(city, admin_user, params, message):
    response = client_for(admin_user).get(URL, params)
    assert response.status_code == 200
    assert message in " ".join(response.context["filter"].messages)
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]  # the typed period only escaped


@pytest.mark.parametrize("unit", ["999999", "abc", "-1", "1" * 40, "1.5"])
def test_unknown_units_are_not_found(city, admin_user, unit):
    assert client_for(admin_user).get(URL, {"unit": unit}).status_code == 404


def test_every_table_exports_as_xlsx(org, city, admin_user):
    client = client_for(admin_user)
    response = client.get(URL, {"periode": "2026-11", "xlsx": "kepatuhan"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Unit" and rows[-1][0] == "Total"
    assert any(row[0] == "Dinas Uji" and row[2] == 17 for row in rows)
    everything = load_workbook(io.BytesIO(client.get(URL, {"xlsx": "semua"}).content))
    assert len(everything.sheetnames) == 9
    assert client.get(URL, {"xlsx": "nothing"}).status_code == 404


def _grow(org, city, units: int, people: int):
    for u in range(units):
        unit = OrgUnitFactory(name=f"Bidang Tambahan {u}", parent=city["dinas"])
        for p in range(people):
            employee = EmployeeFactory(unit=unit, supervisor=org.supervisor)
            for day in city["days"][: 3 + p % 4]:
                report(employee, day)
    summaries.refresh_unit_days(datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))


LIMIT = 32  # measured 32 with a unit chosen: its people and the computation's two cache writes


@pytest.mark.parametrize("unit", [False, True])
def test_query_count_does_not_grow_with_the_city(org, city, admin_user, django_assert_max_num_queries, unit):
    client = client_for(admin_user)
    params = {"periode": "2026-11", **({"unit": city["dinas"].pk} if unit else {})}
    client.get(URL, params)  # warm the per-process caches (settings rows, content types)
    cache.clear()  # measure the computation, not the cached answer
    with django_assert_max_num_queries(LIMIT):
        small = client.get(URL, params)
    _grow(org, city, units=6, people=5)
    cache.clear()
    with django_assert_max_num_queries(LIMIT):
        large = client.get(URL, params)
    assert small.status_code == large.status_code == 200
    assert len(large.context["dashboard"].rows) >= len(small.context["dashboard"].rows)


def test_one_computation_serves_every_reader_until_the_summaries_change(org, city, admin_user, leader_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    params = {"periode": "2026-11"}
    with CaptureQueriesContext(connection) as first:
        client_for(admin_user).get(URL, params)
    with CaptureQueriesContext(connection) as second:
        cached = client_for(leader_user).get(URL, params)
    assert len(second) < len(first) - 8
    assert cached.context["dashboard"].rows[0].group.name == org.unit_b.name
    report(org.outsider, city["days"][0])
    with time_machine.travel(NOW + datetime.timedelta(minutes=10), tick=False):
        summaries.refresh_recent()
        fresh = client_for(leader_user).get(URL, params)
    unit_b = next(row for row in fresh.context["dashboard"].rows if row.group.name == org.unit_b.name)
    assert unit_b.filed == 1  # the refresh changed the key: computed again


def test_refresh_tasks_run_and_record_the_time(org, city):
    from apps.dashboards import tasks

    assert tasks.summaries_refresh_recent() > 0
    tasks.summaries_refresh_year()
    refresh = summaries.last_refresh()
    assert refresh.refreshed_at == NOW
    assert summaries.training_impact() is not None
