"""External learning and mentoring in a real browser: the ASN submits a course with its certificate
on a phone (a wrong date first), the admin verifies it and the JP appear; the admin pairs a mentor
with the ASN, the ASN logs a meeting, the supervisor approves it and the JP appear."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.trainings.models import JpEntry

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_external_learning_is_submitted_verified_and_counted(new_page, screenshot, org, admin_user, password, tmp_path):
    today = timezone.localdate()
    certificate = tmp_path / "sertifikat-kursus.pdf"
    certificate.write_bytes(PDF)

    wide = new_page(DESKTOP)
    log_in(wide, org.asn.user.username, password)
    wide.goto("/pembelajaran/baru/")
    assert_fits_width(wide)
    screenshot(wide, "external-learning-form")

    page = new_page(PHONE)
    log_in(page, org.asn.user.username, password)
    page.goto("/pembelajaran/")
    page.get_by_role("link", name="Ajukan kegiatan").click()
    page.get_by_label("Nama kegiatan").fill("Kursus Daring Analisis Data")
    page.get_by_label("Penyelenggara").fill("Universitas Sriwijaya")
    page.get_by_label("Mulai").fill((today - datetime.timedelta(days=5)).isoformat())
    page.get_by_label("Selesai").fill((today - datetime.timedelta(days=9)).isoformat())  # before the start
    page.get_by_label("JP yang diajukan").fill("12")
    page.get_by_label("Sertifikat").set_input_files(str(certificate))
    assert_fits_width(page)
    screenshot(page, "external-learning-form")
    page.get_by_role("button", name="Ajukan").click()
    expect(page.locator("main")).to_contain_text("Tanggal selesai tidak boleh sebelum tanggal mulai")
    expect(page.get_by_label("Nama kegiatan")).to_have_value("Kursus Daring Analisis Data")
    assert_fits_width(page)
    screenshot(page, "external-learning-form-error")
    page.get_by_label("Selesai").fill((today - datetime.timedelta(days=3)).isoformat())
    page.get_by_label("Sertifikat").set_input_files(str(certificate))  # a browser never keeps a chosen file
    page.get_by_role("button", name="Ajukan").click()
    expect(page.locator("main")).to_contain_text("Pengajuan terkirim")
    expect(page.locator("main")).to_contain_text("Menunggu verifikasi")

    admin = new_page(DESKTOP)
    log_in(admin, admin_user.username, password)
    admin.goto("/pembelajaran/verifikasi/")
    admin.get_by_role("link", name="Kursus Daring Analisis Data").click()
    admin.get_by_label("JP yang diakui").fill("10")
    screenshot(admin, "external-learning-verify")
    admin.get_by_role("button", name="Verifikasi dan catat JP").click()
    expect(admin.locator("main")).to_contain_text("Diverifikasi: 10")
    assert JpEntry.objects.get(employee=org.asn, source="external").jp == Decimal(10)

    page.goto(f"/jp/?tahun={(today - datetime.timedelta(days=3)).year}")
    expect(page.locator("main")).to_contain_text("10 JP diakui")
    assert_fits_width(page)


def test_mentoring_is_paired_logged_and_approved(new_page, screenshot, org, admin_user, password):
    today = timezone.localdate()
    admin = new_page(DESKTOP)
    log_in(admin, admin_user.username, password)
    admin.goto("/mentoring/pasangan/")
    admin.get_by_role("link", name="Pasangkan mentor").click()
    admin.get_by_label("NIP mentee").fill(org.asn.nip)
    admin.get_by_label("NIP mentor").fill(org.outsider.nip)
    admin.get_by_label("Mulai").fill((today - datetime.timedelta(days=30)).isoformat())
    admin.get_by_label("Selesai").fill((today + datetime.timedelta(days=60)).isoformat())
    admin.get_by_label("Tujuan").fill("Mampu menyusun telaahan staf dan kajian kebijakan sendiri")
    admin.get_by_role("button", name="Simpan").click()
    expect(admin.locator("main")).to_contain_text("Mentor dan mentee dipasangkan")

    page = new_page(PHONE)
    log_in(page, org.asn.user.username, password)
    page.goto("/mentoring/")
    page.get_by_role("link", name=re.compile("Mentor Anda: ")).click()
    page.get_by_label("Tanggal").fill(today.isoformat())
    page.get_by_label("Durasi (menit)").fill("90")
    page.get_by_label("Catatan").fill("Membahas kerangka telaahan staf tentang pelayanan perizinan")
    page.get_by_role("button", name="Simpan sesi").click()
    expect(page.locator("main")).to_contain_text("Sesi tercatat")
    expect(page.locator("main")).to_contain_text("Menunggu persetujuan")
    assert_fits_width(page)
    screenshot(page, "mentoring-detail")
    page.goto("/mentoring/")
    assert_fits_width(page)
    screenshot(page, "mentoring-list")

    wide = new_page(DESKTOP)
    log_in(wide, org.asn.user.username, password)
    wide.goto("/mentoring/")
    screenshot(wide, "mentoring-list")
    wide.get_by_role("link", name=re.compile("Mentor Anda: ")).click()
    screenshot(wide, "mentoring-detail")

    supervisor = new_page(PHONE)
    log_in(supervisor, org.supervisor.user.username, password)
    supervisor.goto("/mentoring/persetujuan/")
    expect(supervisor.locator("main")).to_contain_text("90 menit (2 JP)")
    assert_fits_width(supervisor)
    screenshot(supervisor, "mentoring-approvals")
    supervisor.get_by_role("button", name=re.compile("^Setujui sesi")).click()
    expect(supervisor.locator("main")).to_contain_text("Sesi disetujui: 2")
    assert JpEntry.objects.get(employee=org.asn, source="mentoring").jp == Decimal(2)

    page.goto("/jp/")
    expect(page.locator("main")).to_contain_text("Mentoring oleh")
