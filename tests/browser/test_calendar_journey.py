"""The daily report calendars in a real browser: the ASN's month and the supervisor's team grid,
on a 360 px phone and a 1280 px desktop. The page must fit the phone; the team grid scrolls
sideways inside its own box instead."""

import datetime
import re

import pytest
import time_machine
from playwright.sync_api import expect

from apps.core.models import Holiday, HolidayKind
from apps.daily_reports.models import ReportStatus
from tests.daily_reports.test_calendar import WIB, file_report, nov
from tests.factories import EmployeeFactory

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def november(org):
    Holiday.objects.update_or_create(
        date=nov(9), defaults={"name": "Libur daerah uji", "kind": HolidayKind.LIBUR_DAERAH}
    )
    # Preloaded by a data migration, but a transactional test's flush may have emptied the table.
    Holiday.objects.update_or_create(
        date=datetime.date(2026, 12, 25),
        defaults={"name": "Kelahiran Yesus Kristus", "kind": HolidayKind.LIBUR_NASIONAL},
    )
    boss = org.supervisor.user
    file_report(org.asn, nov(2), ReportStatus.APPROVED, reviewer=boss)
    file_report(org.asn, nov(3), ReportStatus.RETURNED, reviewer=boss)
    file_report(org.asn, nov(4), ReportStatus.SUBMITTED)
    file_report(org.asn, nov(5), ReportStatus.DRAFT)
    file_report(org.asn, nov(18), ReportStatus.SUBMITTED)
    file_report(org.asn_peer, nov(2), ReportStatus.APPROVED, reviewer=boss)
    file_report(org.asn_peer, nov(17), ReportStatus.SUBMITTED)
    # A long name, to see how the grid's name column copes.
    EmployeeFactory(
        unit=org.unit_a,
        supervisor=org.supervisor,
        name="Raden Ayu Kusumawardhani Puspitasari",
        gelar_depan="Dr.",
        gelar_belakang="S.E., M.Si.",
    )
    return org


def on_the_18th():
    """Wednesday 18 November 2026, 10:00 WIB, ticking. Entered after logging in: the session cookie
    then carries real-time expiry, which a frozen clock in the past would have made stale already."""
    return time_machine.travel(datetime.datetime(2026, 11, 18, 10, tzinfo=WIB), tick=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_asn_reads_the_month_and_opens_a_day(new_page, screenshot, november, password, viewport):
    page = new_page(viewport)
    log_in(page, november.asn.user.username, password)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))  # signed in, at real time
    with on_the_18th():
        page.goto("/laporan/kalender/?bulan=abc")
        main = page.locator("main")
        expect(main.get_by_role("heading", level=1)).to_have_text("Kalender laporan November 2026")
        expect(main).to_contain_text("Libur daerah uji")
        stats = main.get_by_role("region", name="Ringkasan bulan ini")
        expect(stats).to_contain_text("1 disetujui")
        expect(stats).to_contain_text("2 menunggu pemeriksaan")
        expect(main.locator("td.cal-today")).to_contain_text("18")
        expect(main.locator("td.cal-missed").first).to_contain_text("Terlewat")
        expect(main.locator("td.cal-missing").first).to_contain_text("Belum diisi")
        assert_fits_width(page)
        screenshot(page, "calendar-month")

        main.get_by_role("link", name="2 Disetujui", exact=True).click()
        expect(page.locator("main")).to_contain_text("Senin, 2 November 2026")
        screenshot(page, "calendar-report-day")
        page.get_by_role("link", name="Kalender", exact=True).click()
        expect(page.locator("main h1")).to_have_text("Kalender laporan November 2026")
        page.get_by_role("link", name="Bulan berikutnya: Des 2026").click()
        expect(page.locator("main h1")).to_have_text("Kalender laporan Desember 2026")
        expect(page.locator("main")).to_contain_text("Kelahiran Yesus Kristus")
        assert_fits_width(page)
        screenshot(page, "calendar-month-december")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_supervisor_reads_the_team_grid_and_opens_a_report(new_page, screenshot, november, password, viewport):
    page = new_page(viewport)
    log_in(page, november.supervisor.user.username, password)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))  # signed in, at real time
    with on_the_18th():
        page.goto("/laporan/tinjau/")
        page.get_by_role("link", name="Kalender tim").click()
        main = page.locator("main")
        expect(main.get_by_role("heading", level=1)).to_have_text("Kalender laporan tim November 2026")
        expect(main).to_contain_text("3 bawahan langsung")
        grid = main.get_by_role("region", name="Laporan harian tim November 2026")
        expect(grid).to_contain_text(november.asn.full_name)
        expect(grid).to_contain_text("Raden Ayu Kusumawardhani Puspitasari")
        assert_fits_width(page)
        scroll = page.locator(".cal-scroll").evaluate("box => box.scrollWidth - box.clientWidth")
        if viewport is PHONE:
            assert scroll > 0  # the grid scrolls inside its box; the page itself does not
        screenshot(page, "calendar-team")
        if viewport is PHONE:  # "Ke hari ini" scrolls the grid, not the page, to today's column
            page.get_by_role("link", name="Ke hari ini").click()
            expect(page.locator("#hari-ini")).to_be_in_viewport()
            assert page.locator(".cal-scroll").evaluate("box => box.scrollLeft") > 0
            assert_fits_width(page)
            page.evaluate("window.scrollTo(0, 0)")
            screenshot(page, "calendar-team-today")

        row = grid.get_by_role("row").filter(has_text=november.asn.full_name)
        row.get_by_role("link", name="Diajukan").last.click()
        expect(page.locator("main")).to_contain_text("Rabu, 18 November 2026")
        expect(page.get_by_role("button", name="Setujui laporan")).to_be_visible()
