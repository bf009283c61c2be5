"""The training journey in a real browser: the admin schedules a session, the ASN registers on a
phone, the admin marks attendance and closes the session, and the JP appear on the ASN's page."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.trainings.models import JpEntry, TrainingProgram

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_schedule_register_attend_and_the_jp_appear(new_page, screenshot, org, admin_user, password):
    TrainingProgram.objects.create(
        name="Pelayanan Prima",
        path="klasikal",
        method="pelatihan_manajerial",
        jp=Decimal(24),
        partner="Universitas Sriwijaya",
    )
    today = timezone.localdate()
    admin = new_page(DESKTOP)
    log_in(admin, admin_user.username, password)
    admin.goto("/pelatihan/")
    admin.get_by_role("link", name="Jadwalkan sesi").click()
    admin.get_by_label("Mulai").fill(today.isoformat())
    admin.get_by_label("Selesai").fill((today + datetime.timedelta(days=1)).isoformat())
    admin.get_by_label("Batas pendaftaran").fill(today.isoformat())
    admin.get_by_label("Kapasitas").fill("20")
    admin.get_by_label("Tempat").fill("Aula BKPSDM")
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator("main")).to_contain_text("Sesi dijadwalkan")
    session_url = admin.url

    page = new_page(PHONE)
    log_in(page, org.asn.user.username, password)
    page.goto("/pelatihan/")
    expect(page.locator("main")).to_contain_text("Pelayanan Prima")
    assert_fits_width(page)
    screenshot(page, "training-catalogue")
    page.goto(session_url)
    page.get_by_role("button", name="Daftar").click()
    expect(page.locator("main")).to_contain_text("Anda terdaftar")
    assert_fits_width(page)
    screenshot(page, "training-session")

    admin.goto(session_url)
    for box in admin.locator("main input[type=checkbox]").all():
        box.check()
    admin.get_by_role("button", name="Simpan presensi").click()
    expect(admin.locator("main")).to_contain_text("Presensi disimpan")
    screenshot(admin, "training-roster")
    admin.get_by_role("button", name="Tutup sesi dan catat JP").click()
    expect(admin.locator("main")).to_contain_text("1 lulus")
    assert JpEntry.objects.get(employee=org.asn).jp == Decimal(24)

    page.goto("/jp/")
    expect(page.locator("main")).to_contain_text("24 / 20 JP")
    expect(page.locator("main")).to_contain_text("Kewajiban 20 JP terpenuhi")
    assert_fits_width(page)
    screenshot(page, "training-my-jp")
