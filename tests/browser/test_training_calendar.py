"""The training calendar and the city's JP coverage in a real browser, on a 360 px phone and a
1280 px desktop: the ASN reads December's sessions (their own marked), opens one from the grid and
fetches their personal feed; the admin reads the coverage per perangkat daerah and the PPPK above
the ceiling. Nothing may make the page scroll sideways."""

import datetime
import re
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from apps.employees.models import EmploymentType, OrgUnitKind
from apps.trainings.models import Enrollment, EnrollmentStatus, JpSource, TrainingProgram
from apps.trainings.services.catalogue import session_save
from apps.trainings.services.ledger import credit
from tests.factories import EmployeeFactory, OrgUnitFactory

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)
WIB = ZoneInfo("Asia/Jakarta")
_keys = count(1)


def on_the_18th():
    """Wednesday 18 November 2026, 10:00 WIB, ticking; entered after logging in (see
    test_calendar_journey.on_the_18th)."""
    return time_machine.travel(datetime.datetime(2026, 11, 18, 10, tzinfo=WIB), tick=True)


@pytest.fixture
def december(org, admin_user):
    def program(name, jp, path="klasikal"):
        return TrainingProgram.objects.create(name=name, path=path, method="pelatihan", jp=Decimal(jp))

    def session(prog, start, days, **extra):
        starts = datetime.date(2026, 12, start)
        return session_save(
            actor=admin_user,
            program=prog,
            starts_on=starts,
            ends_on=starts + datetime.timedelta(days=days - 1),
            capacity=extra.pop("capacity", 25),
            registration_deadline=datetime.date(2026, 11, 30),
            **({"place": "Aula BKPSDM"} | extra),
        )

    with time_machine.travel(datetime.datetime(2026, 11, 18, 10, tzinfo=WIB), tick=False):
        prima = session(program("Pelayanan Prima", 24), 7, 3)
        session(
            program("Literasi Digital", 8, "non_klasikal"), 1, 2, place="", online_url="https://meet.example.test/ld"
        )
        long = program("Manajemen Proyek untuk Pejabat Administrator dan Pengawas", 32)
        project = session(long, 14, 5, place="Universitas Sriwijaya, Kampus Bukit Besar")
        session(program("Penanganan Keluhan", 8), 14, 1)
        session(program("Komunikasi Efektif", 8), 21, 2)
        session(program("Bimbingan Teknis Arsip", 8), 5, 1)  # a Saturday
    Enrollment.objects.create(session=prima, employee=org.asn, status=EnrollmentStatus.REGISTERED)
    Enrollment.objects.create(session=project, employee=org.asn, status=EnrollmentStatus.WAITLISTED)
    return {"prima": prima}


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_asn_reads_the_month_opens_a_session_and_fetches_the_feed(
    new_page, screenshot, org, december, password, viewport
):
    page = new_page(viewport)
    log_in(page, org.asn.user.username, password)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    with on_the_18th():
        if viewport is DESKTOP:  # through the menu: Saya -> Kalender pelatihan
            page.get_by_text("Saya", exact=True).click()
            page.get_by_role("link", name="Kalender pelatihan").click()
            expect(page.locator("main h1")).to_have_text("Kalender pelatihan November 2026")
            page.get_by_role("link", name="Bulan berikutnya: Des 2026").click()
        else:
            page.goto("/pelatihan/kalender/?bulan=2026-12")
        main = page.locator("main")
        expect(main.locator("h1")).to_have_text("Kalender pelatihan Desember 2026")
        grid = main.locator("table.tcal-month")
        expect(grid.locator("a.tcal-mine")).to_have_count(3 + 5)  # Prima 7-9, the project 14-18
        expect(grid.get_by_role("link", name=re.compile("Pelayanan Prima"))).to_have_count(3)
        expect(main.get_by_role("region", name="Sesi bulan ini")).to_contain_text("Anda di daftar tunggu")
        feed = main.get_by_label("Alamat kalender pribadi Anda")
        expect(feed).to_have_value(re.compile(r"^http://.+/pelatihan/kalender\.ics\?token="))
        feed_url = feed.input_value()
        assert_fits_width(page)
        screenshot(page, "training-calendar")

        grid.get_by_role("link", name=re.compile("Pelayanan Prima")).nth(1).click()
        expect(page.locator("main")).to_contain_text("Pelayanan Prima")
        assert page.url.endswith(f"/pelatihan/sesi/{december['prima'].pk}/")

        # what a calendar app does: fetch the address without the session cookie
        calendar_app = page.context.browser.new_context()
        try:
            response = calendar_app.request.get(feed_url)
            assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
            body = response.text()
        finally:
            calendar_app.close()
        assert body.count("BEGIN:VEVENT") == 2 and "\r\n" in body


@pytest.fixture
def coverage(org):
    root = OrgUnitFactory(name="Pemerintah Kota Uji", kind=OrgUnitKind.PEMERINTAH)
    units = [
        OrgUnitFactory(name=name, parent=root)
        for name in (
            "Dinas Kependudukan dan Pencatatan Sipil",
            "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
            "Dinas Pendidikan",
            "Kecamatan Ilir Timur I",
        )
    ]
    for i in range(24):
        kind = EmploymentType.PPPK if i % 5 == 0 else EmploymentType.PNS
        person = EmployeeFactory(unit=units[i % 4], employment_type=kind, user=None, name=f"Pegawai Uji {i:02d}")
        amount = 30 if kind == EmploymentType.PPPK and i % 2 == 0 else (8 + i * 3) % 34
        credit(
            employee=person,
            year=2026,
            jp=Decimal(amount),
            source=JpSource.EXTERNAL,
            source_key=f"browser:{next(_keys)}",
            title="Kursus",
        )
    return units


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_admin_reads_the_city_coverage_and_the_pppk_above_the_ceiling(
    new_page, screenshot, admin_user, coverage, password, viewport
):
    page = new_page(viewport)
    log_in(page, admin_user.username, password)
    expect(page).not_to_have_url(re.compile("/accounts/login/"))
    with on_the_18th():
        page.goto("/jp/cakupan/?tahun=2026")
        main = page.locator("main")
        expect(main.locator("h1")).to_have_text("Cakupan JP 2026")
        expect(main.locator("table")).to_contain_text("Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah")
        assert_fits_width(page)
        screenshot(page, "training-coverage")
        main.get_by_role("link", name=re.compile("PPPK melebihi 24 JP")).click()
        expect(page.locator("main h1")).to_have_text("PPPK melebihi 24 JP, 2026")
        expect(page.locator("main table")).to_contain_text("Pegawai Uji")
        assert_fits_width(page)
        screenshot(page, "training-coverage-pppk")
