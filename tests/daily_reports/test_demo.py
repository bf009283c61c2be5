"""The demo daily reports (apps/daily_reports/demo.py) on a small demo city: a month of working
days for everyone with a supervisor, plausible activities serving their own SKP, reviews that
follow the clock, a roll-up that SKP achievement reads, and the demo accounts ready to show."""

import datetime
import io
import itertools
from collections import Counter, defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, F, Sum

from apps.accounts.models import User
from apps.core.demo import DEMO_ACCOUNTS
from apps.core.models import Holiday, HolidayKind
from apps.core.workdays import WorkCalendar, working_days_between
from apps.daily_reports import demo, rollup
from apps.daily_reports.models import (
    Activity,
    DailyReport,
    IkiRollup,
    Place,
    ReportAction,
    ReportEvent,
    ReportStatus,
)
from apps.daily_reports.selectors import review_queue
from apps.daily_reports.services.filing import filing_days
from apps.employees import hierarchy
from apps.employees.models import Employee
from apps.indicators.models import IkiRealisation, Skp
from apps.indicators.selectors.achievement import skp_result
from tests.module_db import module_data

JAKARTA = ZoneInfo("Asia/Jakarta")
NOW = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=JAKARTA)  # a Tuesday: the window is November
TODAY = NOW.date()
CLOSED = datetime.date(2026, 11, 16)  # a Monday made a libur daerah for the test
OPENED = datetime.date(2026, 11, 21)  # a Saturday made a hari kerja tambahan


def _seed():
    Holiday.objects.create(date=CLOSED, name="Libur daerah (uji)", kind=HolidayKind.LIBUR_DAERAH)
    Holiday.objects.create(date=OPENED, name="Hari kerja pengganti (uji)", kind=HolidayKind.HARI_KERJA_TAMBAHAN)
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", employees=250, verbosity=0)


seeded_city = module_data(_seed)


@pytest.fixture
def demo_city(seeded_city, db):
    with time_machine.travel(NOW, tick=False):
        yield


def window() -> list[datetime.date]:
    calendar = WorkCalendar()
    days = [datetime.date(2026, 11, 1) + datetime.timedelta(days=i) for i in range(30)]
    return [day for day in days if calendar.is_working_day(day)]


def employee(role) -> Employee:
    return Employee.objects.get(nip=DEMO_ACCOUNTS[role])


def test_everyone_with_a_supervisor_reports_on_the_working_days_of_the_window_only(demo_city):
    days = window()
    assert OPENED in days and CLOSED not in days and len(days) == 21
    people = set(Employee.objects.filter(is_active=True, supervisor__is_active=True).values_list("pk", flat=True))
    dates = defaultdict(set)
    for employee_id, day in DailyReport.objects.values_list("employee_id", "date"):
        dates[employee_id].add(day)
    assert set(dates) == people  # the Sekda (no supervisor to review) has none
    for employee_id, reported in dates.items():
        assert reported <= set(days), employee_id
        assert len(reported) >= len(days) - 5, employee_id
    total = sum(map(len, dates.values()))
    assert 0.9 * len(people) * len(days) < total < len(people) * len(days)  # a few days are missing
    assert not DailyReport.objects.filter(date__gte=TODAY).exists()


def test_activities_are_two_to_four_without_overlap_in_office_hours(demo_city):
    by_report = defaultdict(list)
    for report_id, starts, ends in Activity.objects.values_list("report_id", "starts_at", "ends_at"):
        by_report[report_id].append((starts, ends))
    assert len(by_report) == DailyReport.objects.count()
    for report_id, times in by_report.items():
        times.sort()
        assert 2 <= len(times) <= 4, report_id
        assert times[0][0] >= datetime.time(7, 30) and times[-1][1] <= datetime.time(16, 0), report_id
        assert all(start < end for start, end in times), report_id
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(times)), report_id
    places = Counter(Activity.objects.values_list("place", flat=True))
    assert places[Place.KANTOR] > places[Place.LAPANGAN] > places[Place.RUMAH] > 0
    assert Activity.objects.filter(description__icontains="verifikasi berkas permohonan").exists()


def test_linked_activities_serve_a_cumulative_iki_of_the_employees_own_approved_skp(demo_city):
    linked = Activity.objects.filter(iki__isnull=False)
    assert linked.count() > 0.3 * Activity.objects.count()
    assert Activity.objects.filter(iki__isnull=True, quantity__isnull=True, unit="").exists()  # tugas lain
    assert not linked.exclude(iki__rhk__skp__employee=F("report__employee")).exists()
    assert not linked.exclude(iki__rhk__skp__year=2026).exists()
    assert not linked.filter(iki__rhk__skp__approved_at__isnull=True).exists()
    assert not linked.filter(iki__cumulative=False).exists()
    assert not linked.filter(quantity__isnull=True).exists()
    assert not linked.filter(quantity__lte=0).exists()
    assert not linked.exclude(unit=F("iki__target_unit")).exists()
    assert not Activity.objects.filter(iki__isnull=True, quantity__isnull=False).exists()


def test_reviews_follow_the_clock_and_the_history_records_each_step(demo_city):
    calendar = WorkCalendar()
    reports = DailyReport.objects.select_related("employee")
    statuses = Counter(reports.values_list("status", flat=True))
    assert statuses[ReportStatus.APPROVED] > 0.85 * reports.count()
    assert statuses[ReportStatus.SUBMITTED] and statuses[ReportStatus.RETURNED]
    assert not statuses[ReportStatus.DRAFT]
    approved = reports.filter(status=ReportStatus.APPROVED)
    assert not approved.exclude(reviewed_by=F("employee__supervisor")).exists()
    asn = employee("asn")
    evaluators = {person.pk for person in hierarchy.evaluators_of(asn)}
    assert set(approved.filter(employee=asn).values_list("reviewed_by", flat=True)) <= evaluators
    late = 0
    for report in reports.annotate(n=Count("events")):
        sent = report.submitted_at.astimezone(JAKARTA)
        assert sent <= NOW, report
        if report.status == ReportStatus.RETURNED:
            assert report.return_note and report.reviewed_by_id == report.employee.supervisor_id
        if report.n > 2:  # returned once, then fixed and resubmitted
            continue
        if sent.date() > report.date:
            late += 1
            assert working_days_between(report.date, sent.date(), calendar=calendar) <= 3, report
        if report.status == ReportStatus.APPROVED:
            reviewed = report.reviewed_at.astimezone(JAKARTA)
            assert sent < reviewed <= NOW, report
            assert working_days_between(sent.date(), reviewed.date(), calendar=calendar) <= 3, report
            assert report.return_note == ""
        if report.status == ReportStatus.SUBMITTED:
            assert report.reviewed_at is None, report
    assert late > 0.03 * reports.count()
    # The history: a submission per report (plus one per resubmission), a review per decision.
    events = Counter(ReportEvent.objects.values_list("action", flat=True))
    assert events[ReportAction.APPROVED] == statuses[ReportStatus.APPROVED]
    assert events[ReportAction.SUBMITTED] == reports.count() + events[ReportAction.RETURNED] - statuses["returned"]
    assert not ReportEvent.objects.filter(action=ReportAction.RETURNED, note="").exists()
    assert not DailyReport.objects.annotate(n=Count("events")).filter(n=0).exists()
    resubmitted = ReportEvent.objects.filter(action=ReportAction.SUBMITTED).exclude(note="")
    assert resubmitted.exists() and not resubmitted.filter(report__status=ReportStatus.RETURNED).exists()


def test_rollup_is_the_sum_of_approved_linked_quantities(demo_city):
    expected = defaultdict(lambda: [Decimal(0), 0])
    rows = (
        Activity.objects.filter(report__status=ReportStatus.APPROVED, iki__isnull=False)
        .values_list("iki_id", "report__date__month")
        .annotate(total=Sum("quantity"), n=Count("pk"))
    )
    for iki_id, month, total, n in rows:
        expected[iki_id, month][0] += total
        expected[iki_id, month][1] += n
    stored = {(r.iki_id, r.period): [r.quantity, r.activity_count] for r in IkiRollup.objects.all()}
    assert stored == dict(expected) and stored
    assert rollup.rebuild() == len(stored)
    assert {(r.iki_id, r.period): [r.quantity, r.activity_count] for r in IkiRollup.objects.all()} == stored


def test_the_demo_supervisor_has_a_handful_waiting_one_of_them_overdue(demo_city):
    with time_machine.travel(NOW, tick=False):
        queue = review_queue(User.objects.get(username=DEMO_ACCOUNTS["supervisor"]))
    assert 3 <= len(queue["reports"]) <= 8
    assert queue["overdue"] == 1
    assert DEMO_ACCOUNTS["asn"] in {report.employee.nip for report in queue["reports"]}


def test_the_demo_asn_files_today_and_sees_a_mix_of_recent_days(demo_city):
    asn = employee("asn")
    with time_machine.travel(NOW, tick=False):
        open_days = filing_days(TODAY)
        skp = Skp.objects.get(employee=asn, year=2026)
        year_so_far, november = skp_result(skp), skp_result(skp, period=11)
    reports = {r.date: r for r in DailyReport.objects.filter(employee=asn)}
    assert TODAY in open_days and TODAY not in reports  # the demo starts with filing today
    assert any(day not in reports for day in open_days if day < TODAY)  # a day that may still be filed
    recent = [reports[day].status for day in sorted(reports)[-4:]]
    assert {ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.APPROVED} <= set(recent)
    returned = next(r for r in reports.values() if r.status == ReportStatus.RETURNED)
    assert returned.return_note and returned.events.filter(action=ReportAction.RETURNED).exists()
    assert any(r.submitted_at.astimezone(JAKARTA).date() > r.date for r in reports.values())  # one sent late
    assert year_so_far.percent is not None
    assert november.percent is not None  # November's realisation comes from the approved activities


def test_manual_realisation_of_cumulative_iki_stops_where_the_reports_start(demo_city):
    manual = IkiRealisation.objects.filter(iki__rhk__skp__year=2026)
    assert not manual.filter(iki__cumulative=True, period=11).exists()
    assert manual.filter(iki__cumulative=True, period=10).exists()
    assert manual.filter(iki__cumulative=False, period=11).exists()  # levels are still measured by hand


def test_the_builder_alone_changes_nothing_the_second_time(demo_city):
    counts = [DailyReport.objects.count(), Activity.objects.count(), ReportEvent.objects.count()]
    out = io.StringIO()
    with time_machine.travel(NOW, tick=False):
        demo.build(stdout=out, months=1, seed=7)
    assert "sudah ada" in out.getvalue()
    assert [DailyReport.objects.count(), Activity.objects.count(), ReportEvent.objects.count()] == counts


def test_the_same_seed_builds_the_same_reports(demo_city):
    def content():
        reports = DailyReport.objects.order_by("employee__nip", "date")
        return [
            (*row, [tuple(a) for a in Activity.objects.filter(report__pk=row[0]).values_list(
                "description", "iki__text", "quantity", "starts_at", "ends_at", "place").order_by("starts_at")])
            for row in reports.values_list("pk", "employee__nip", "date", "status", "submitted_at", "reviewed_at")[:300]
        ]  # fmt: skip

    first = [row[1:] for row in content()]
    DailyReport.objects.all().delete()
    IkiRollup.objects.all().delete()
    with time_machine.travel(NOW, tick=False):
        demo.build(stdout=io.StringIO(), months=1, seed=2026)
    assert [row[1:] for row in content()] == first


@pytest.mark.parametrize(
    ("today", "months", "first"),
    [
        (datetime.date(2026, 12, 1), 1, datetime.date(2026, 11, 1)),
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 15), 2, datetime.date(2025, 11, 15)),
        (datetime.date(2026, 6, 10), 0, datetime.date(2026, 6, 10)),
    ],
)
def test_the_window_starts_the_same_day_months_back(today, months, first):
    from apps.indicators.demo import daily_reports_from

    assert daily_reports_from(today, months) == first
