"""The month calendars of daily reports: the ASN's own month and the supervisor's team grid."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from apps.core.models import Holiday, HolidayKind
from apps.daily_reports import calendar
from apps.daily_reports.models import DailyReport, ReportStatus
from apps.daily_reports.services import filing, review
from tests.conftest import client_for
from tests.factories import EmployeeFactory

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db

WIB = zoneinfo.ZoneInfo("Asia/Jakarta")
MONTH_URL = reverse("daily_reports:calendar-month")
TEAM_URL = reverse("daily_reports:calendar-team")


def nov(day):
    return datetime.date(2026, 11, day)


def file_report(employee, day, status=ReportStatus.SUBMITTED, *, reviewer=None):
    """File a report for ``day`` on that very day, as the employee would, and take it to ``status``
    (approved and returned need the ``reviewer``, the supervisor's User)."""
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=WIB), tick=False):
        report = filing.report_open(actor=employee.user, day=day)
        filing.activity_save(
            actor=employee.user,
            report=report,
            description="Mengagendakan surat masuk",
            iki=None,
            quantity=None,
            starts_at=at(8),
            ends_at=at(9),
        )
        if status != ReportStatus.DRAFT:
            review.daily_report_submit(actor=employee.user, report=report)
        if status == ReportStatus.APPROVED:
            review.daily_report_approve(actor=reviewer, report=report)
        elif status == ReportStatus.RETURNED:
            review.daily_report_return(actor=reviewer, report=report, note="Lengkapi uraian")
    report.refresh_from_db()
    assert report.status == status
    return report


@pytest.fixture
def november(org):
    """org.asn's November 2026 up to Wednesday 18 (today); Monday 9 is a holiday and Saturday 7 a
    hari kerja tambahan. Filing window on the 18th: Fri 13, Mon 16, Tue 17, Wed 18."""
    Holiday.objects.update_or_create(
        date=nov(9), defaults={"name": "Libur daerah uji", "kind": HolidayKind.LIBUR_DAERAH}
    )
    Holiday.objects.update_or_create(
        date=nov(7), defaults={"name": "Sabtu kerja uji", "kind": HolidayKind.HARI_KERJA_TAMBAHAN}
    )
    boss = org.supervisor.user
    return {
        "approved": file_report(org.asn, nov(2), ReportStatus.APPROVED, reviewer=boss),
        "returned": file_report(org.asn, nov(3), ReportStatus.RETURNED, reviewer=boss),
        "submitted": file_report(org.asn, nov(4), ReportStatus.SUBMITTED),
        "draft": file_report(org.asn, nov(5), ReportStatus.DRAFT),
        "today": file_report(org.asn, nov(18), ReportStatus.SUBMITTED),
    }


def kinds_by_date(weeks):
    return {day.date: day.kind.key for week in weeks for day in week if day is not None}


class TestMonthParameter:
    @pytest.mark.parametrize(
        "value",
        ["2026-13", "abc", "", None, "2026-00", "2026-1", "26-11", "1999-12", "9999-12", "2026-11-01", "٢٠٢٥-٠٢"],
    )
    def test_anything_but_a_real_month_is_the_current_month(self, value):
        assert calendar.month_from_param(value, today=TODAY) == nov(1)

    def test_a_real_month(self):
        assert calendar.month_from_param("2025-02", today=TODAY) == datetime.date(2025, 2, 1)
        assert calendar.month_from_param(" 2026-12 ", today=TODAY) == datetime.date(2026, 12, 1)


class TestOwnMonth:
    def test_each_kind_of_day(self, org, november, today):
        result = calendar.month_calendar_for(org.asn.user, month=nov(1))
        kinds = kinds_by_date(result["weeks"])
        assert len(kinds) == 30
        assert kinds[nov(1)] == "weekend"  # Sunday
        assert kinds[nov(2)] == "approved"
        assert kinds[nov(3)] == "returned"
        assert kinds[nov(4)] == "submitted"
        assert kinds[nov(5)] == "draft"
        assert kinds[nov(6)] == "missed"  # a working day long before the filing window
        assert kinds[nov(7)] == "missed"  # a Saturday, but a hari kerja tambahan
        assert kinds[nov(8)] == "weekend"
        assert kinds[nov(9)] == "holiday"
        assert [kinds[nov(d)] for d in (10, 11, 12)] == ["missed"] * 3
        assert [kinds[nov(d)] for d in (13, 16, 17)] == ["missing"] * 3  # still in the window
        assert kinds[nov(14)] == kinds[nov(15)] == "weekend"
        assert kinds[nov(18)] == "submitted"
        assert {kinds[nov(d)] for d in (19, 20, 23, 30)} == {"future"}
        assert kinds[nov(21)] == "weekend"

    def test_grid_starts_on_monday_and_counts_the_month(self, org, november, today):
        result = calendar.month_calendar_for(org.asn.user, month=nov(1))
        first_week = result["weeks"][0]
        assert first_week[:6] == [None] * 6 and first_week[6].date == nov(1)  # 1 Nov 2026 is a Sunday
        assert [d.weekday() for d in result["weekday_names"]] == list(range(7))
        counts = {"approved": 1, "submitted": 2, "returned": 1, "draft": 1, "missing": 3, "missed": 5, "absent": 8}
        assert result["counts"] == counts
        assert result["prev_month"] == datetime.date(2026, 10, 1)
        assert result["next_month"] == datetime.date(2026, 12, 1)

    def test_page_shows_statuses_links_and_holiday_names(self, org, november, today):
        response = client_for(org.asn.user).get(MONTH_URL, {"bulan": "2026-11"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Kalender laporan November 2026" in html
        for day in (2, 3, 4, 5, 13, 16, 17, 18):  # filed days, and days still to file
            assert f'href="/laporan/hari/2026-11-{day:02d}/"' in html
        for day in (6, 10, 19):  # missed: too late to file; the future: not yet
            assert f'href="/laporan/hari/2026-11-{day:02d}/"' not in html
        assert "Libur daerah uji" in html and "Sabtu kerja uji" in html
        for word in ("Disetujui", "Dikembalikan", "Diajukan", "Draf", "Belum diisi", "Terlewat", "Akhir pekan"):
            assert word in html
        assert 'aria-current="date"' in html
        assert "?bulan=2026-10" in html and "?bulan=2026-12" in html

    def test_another_month_and_the_window_near_a_month_start(self, org, today):
        with time_machine.travel(datetime.datetime(2026, 12, 2, 9, tzinfo=WIB), tick=False):
            # Wed 2 Dec: the window reaches back to Fri 27 and Mon 30 Nov.
            kinds = kinds_by_date(calendar.month_calendar_for(org.asn.user, month=nov(1))["weeks"])
            december = kinds_by_date(
                calendar.month_calendar_for(org.asn.user, month=datetime.date(2026, 12, 1))["weeks"]
            )
        assert kinds[nov(26)] == "missed" and kinds[nov(27)] == kinds[nov(30)] == "missing"
        assert december[datetime.date(2026, 12, 1)] == "missing"
        assert december[datetime.date(2026, 12, 25)] == "holiday"  # preloaded national holiday
        assert december[datetime.date(2026, 12, 3)] == "future"

    def test_a_past_month_has_nothing_left_to_file(self, org, today):
        kinds = kinds_by_date(calendar.month_calendar_for(org.asn.user, month=datetime.date(2026, 8, 1))["weeks"])
        assert kinds[datetime.date(2026, 8, 17)] == "holiday"
        assert set(kinds.values()) == {"missed", "weekend", "holiday"}

    @pytest.mark.parametrize("value", ["2026-13", "abc", "", "2026-00", "1999-12", "2026-11-01", "2026-1x"])
    def test_bad_month_shows_the_current_month(self, org, today, value):
        response = client_for(org.asn.user).get(MONTH_URL, {"bulan": value})
        assert response.status_code == 200
        assert "Kalender laporan November 2026" in response.content.decode()

    def test_each_sees_only_their_own(self, org, november, today):
        """No id in the URL: the peer sees their own empty month, and a stray parameter changes nothing."""
        response = client_for(org.asn_peer.user).get(MONTH_URL, {"bulan": "2026-11", "pegawai": org.asn.pk})
        html = response.content.decode()
        assert response.status_code == 200
        assert 'href="/laporan/hari/2026-11-02/"' not in html
        assert calendar.month_calendar_for(org.asn_peer.user, month=nov(1))["counts"]["approved"] == 0

    def test_only_for_asn(self, admin_user, leader_user, today):
        assert client_for(None).get(MONTH_URL).status_code == 302
        assert client_for(admin_user).get(MONTH_URL).status_code == 403
        assert client_for(leader_user).get(MONTH_URL).status_code == 403


class TestTeamGrid:
    def test_rows_are_direct_subordinates_and_cells_link_to_review(self, org, november, today):
        peer_report = file_report(org.asn_peer, nov(17), ReportStatus.APPROVED, reviewer=org.supervisor.user)
        outsider_report = file_report(org.outsider, nov(17))
        result = calendar.team_calendar_for(org.supervisor.user, month=nov(1))
        assert [row.employee for row in result["rows"]] == sorted([org.asn, org.asn_peer], key=lambda e: (e.name, e.pk))
        assert len(result["columns"]) == 30
        rows = {row.employee: row for row in result["rows"]}
        asn_cells = {cell.date: cell for cell in rows[org.asn].days}
        assert asn_cells[nov(2)].kind.key == "approved"
        assert asn_cells[nov(2)].url == reverse("daily_reports:report-review", args=[november["approved"].pk])
        assert asn_cells[nov(6)].kind.key == "missed" and asn_cells[nov(6)].url == ""
        assert asn_cells[nov(9)].kind.key == "holiday"
        assert rows[org.asn].counts["approved"] == 1 and rows[org.asn].counts["submitted"] == 2
        assert result["waiting"] == 2

        html = client_for(org.supervisor.user).get(TEAM_URL, {"bulan": "2026-11"}).content.decode()
        for report in (*november.values(), peer_report):
            assert f'href="/laporan/{report.pk}/"' in html
        assert f'href="/laporan/{outsider_report.pk}/"' not in html
        assert org.outsider.full_name not in html
        assert "Libur daerah uji" in html
        assert 'class="cal-scroll"' in html and "table-wrap" not in html
        # Every cell has words, not colour only.
        assert '<span class="visually-hidden">Disetujui</span>' in html
        assert '<span class="visually-hidden">Terlewat</span>' in html

    def test_another_supervisor_sees_only_their_own_team(self, org, november, today):
        html = client_for(org.supervisor_b.user).get(TEAM_URL, {"bulan": "2026-11"}).content.decode()
        assert org.outsider.full_name in html
        assert org.asn.full_name not in html
        for report in november.values():
            assert f'href="/laporan/{report.pk}/"' not in html

    def test_only_for_supervisors(self, org, admin_user, leader_user, today):
        assert client_for(None).get(TEAM_URL).status_code == 302
        for user in (org.asn.user, admin_user, leader_user):
            assert client_for(user).get(TEAM_URL).status_code == 403
        assert client_for(org.supervisor.user).get(TEAM_URL).status_code == 200

    @pytest.mark.parametrize("value", ["2026-13", "abc", "0000-00"])
    def test_bad_month_shows_the_current_month(self, org, today, value):
        response = client_for(org.supervisor.user).get(TEAM_URL, {"bulan": value})
        assert response.status_code == 200
        assert "Kalender laporan tim November 2026" in response.content.decode()


# Session, user, the user's employee, their roles (has subordinates), report settings, holidays,
# [the team,] the month's reports, unread notifications and the complaint units the user handles
# (both base.html's menu): 10 for the grid, 9 for the month, whatever the team size or the number
# of reports.
TEAM_QUERIES, MONTH_QUERIES = 10, 9


@pytest.mark.parametrize("team_size", [1, 10, 50])
def test_query_count_is_constant(org, today, team_size, django_assert_max_num_queries):
    boss = EmployeeFactory(unit=org.unit_a, jabatan="Kepala Seksi Uji")
    EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor)  # boss's peer: not in boss's grid
    boss.supervisor = org.supervisor
    boss.save()
    team = EmployeeFactory.create_batch(team_size, unit=org.unit_a, supervisor=boss)
    for employee in team:
        file_report(employee, nov(16), ReportStatus.APPROVED, reviewer=boss.user)
        file_report(employee, nov(17), ReportStatus.SUBMITTED)
        file_report(employee, nov(18), ReportStatus.DRAFT)
    for day in (13, 16, 17, 18):
        file_report(boss, nov(day), ReportStatus.SUBMITTED)
    client = client_for(boss.user)
    client.get(TEAM_URL)  # warm up the session
    with django_assert_max_num_queries(TEAM_QUERIES):
        team_page = client.get(TEAM_URL, {"bulan": "2026-11"})
    with django_assert_max_num_queries(MONTH_QUERIES):
        month_page = client.get(MONTH_URL, {"bulan": "2026-11"})
    assert team_page.status_code == month_page.status_code == 200
    assert team_page.content.decode().count('href="/laporan/') >= 3 * team_size
    assert DailyReport.objects.filter(employee__in=team).count() == 3 * team_size
