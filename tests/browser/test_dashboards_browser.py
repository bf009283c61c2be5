"""Every role's home renders its charts on a 360 px phone and on a desktop, and the city dashboard
drills down from the city to a unit to a person, in a real browser."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.daily_reports.models import DailyReport, ReportStatus
from apps.dashboards import summaries

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def filed(org):
    """The last ten calendar days of reports for the ASN (approved) and the peer (waiting)."""
    today = timezone.localdate()
    for offset in range(1, 11):
        day = today - datetime.timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(16)))
        DailyReport.objects.create(
            employee=org.asn, date=day, status=ReportStatus.APPROVED, submitted_at=at, reviewed_at=at
        )
        DailyReport.objects.create(employee=org.asn_peer, date=day, status=ReportStatus.SUBMITTED, submitted_at=at)
    summaries.refresh_recent()


def expect_charts(page, minimum=1):
    charts = page.locator("main svg.chart")
    expect(charts.first).to_be_visible()
    assert charts.count() >= minimum
    toggle = page.locator("main details.chart-card__data summary").first
    toggle.click()
    expect(page.locator("main details.chart-card__data[open] table").first).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
@pytest.mark.parametrize("role", ["admin", "leader"])
def test_city_home_charts_and_drill_down(new_page, screenshot, personas, password, filed, org, role, viewport):
    page = new_page(viewport)
    log_in(page, personas[role].username, password)
    main = page.locator("main")
    expect(main).to_contain_text("Kepatuhan laporan harian per unit")
    expect_charts(page, minimum=8)
    assert_fits_width(page)
    screenshot(page, f"dashboard-city-{role}")

    main.locator(".drill-list a", has_text=org.unit_a.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(org.unit_a.name)
    expect(page.locator(".breadcrumb")).to_contain_text("Seluruh kota")
    page.locator("#staf").get_by_role("link", name=org.asn_peer.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(org.asn_peer.full_name)
    expect(main).to_contain_text("Kepatuhan laporan harian")
    assert_fits_width(page)
    screenshot(page, f"dashboard-person-{role}")
