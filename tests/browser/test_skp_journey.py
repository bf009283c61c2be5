"""The SKP journey in a real browser: the ASN drafts from a template and submits on a phone, the
supervisor approves on a desktop, the ASN records a realisation and reads why; the admin's
overview and the cascade. Every page must fit a 360 px screen."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from apps.indicators.models import Skp, SkpStatus, SkpTemplate

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def template(org):
    template = SkpTemplate.objects.create(jabatan=org.asn.jabatan, jabatan_kind="pelaksana")
    rhk = template.rhk.create(text="Terkelolanya surat masuk dan keluar", kind="utama")
    rhk.iki.create(text="Surat yang diagendakan", target_value=Decimal(240), target_unit="surat")
    rhk.iki.create(text="Surat selesai tepat waktu", target_value=Decimal(95), target_unit="persen", cumulative=False)
    return template


def test_asn_drafts_submits_supervisor_approves_asn_records(new_page, screenshot, org, template, password):
    page = new_page(PHONE)
    log_in(page, org.asn.user.username, password)
    page.goto("/skp/")
    expect(page.locator("main")).to_contain_text("Anda belum punya SKP")
    page.get_by_role("link", name="Buat SKP sekarang").click()
    expect(page.get_by_label("Templat jabatan dari pustaka BKPSDM")).to_be_checked()
    assert_fits_width(page)
    screenshot(page, "skp-create")
    page.get_by_role("button", name="Buat draf").click()
    main = page.locator("main")
    expect(main).to_contain_text("Terkelolanya surat masuk dan keluar")
    expect(main).to_contain_text("Surat yang diagendakan")
    assert_fits_width(page)
    screenshot(page, "skp-draft")
    page.get_by_role("button", name="Ajukan SKP").click()
    expect(main).to_contain_text("SKP diajukan ke pejabat penilai")
    skp = Skp.objects.get(employee=org.asn)
    assert skp.status == SkpStatus.SUBMITTED

    boss = new_page(DESKTOP)
    log_in(boss, org.supervisor.user.username, password)
    boss.goto("/skp/tim/")
    expect(boss.locator("main")).to_contain_text("1 SKP menunggu persetujuan Anda")
    screenshot(boss, "skp-team")
    boss.get_by_role("link", name="Periksa", exact=True).click()
    expect(boss.locator("main")).to_contain_text("Keputusan pejabat penilai")
    screenshot(boss, "skp-review")
    boss.get_by_role("button", name="Setujui SKP").click()
    expect(boss.locator("main")).to_contain_text("disetujui dan dikunci")
    skp.refresh_from_db()
    assert skp.status == SkpStatus.APPROVED

    page.goto(f"/skp/{skp.pk}/")
    page.get_by_role("link", name="Catat realisasi").first.click()
    page.get_by_label("Periode").select_option("1")
    page.get_by_label("Realisasi").fill("18")
    page.get_by_label("Keterangan").fill("Agenda Januari")
    assert_fits_width(page)
    screenshot(page, "skp-realisation")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("main")).to_contain_text("Realisasi dicatat")
    page.get_by_label("Periode").select_option("1")
    page.get_by_role("button", name="Tampilkan").click()
    expect(page.locator("main")).to_contain_text("Capaian Januari 2026")
    page.get_by_text("Mengapa?").first.click()
    expect(page.locator("main")).to_contain_text("Realisasi 18 ÷ target 20 × 100 = 90 %")
    assert_fits_width(page)
    screenshot(page, "skp-progress")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
def test_admin_reads_the_overview_and_the_cascade(new_page, screenshot, org, admin_user, password, viewport):
    from tests.indicators.conftest import build_skp

    build_skp(org.asn, approve_by=org.supervisor.user)
    page = new_page(viewport)
    log_in(page, admin_user.username, password)
    page.goto("/skp/rekap/")
    expect(page.locator("main")).to_contain_text("Rekap status SKP")
    assert_fits_width(page)
    screenshot(page, "skp-overview")
    page.goto(f"/skp/kaskade/?unit={org.unit_a.pk}")
    expect(page.locator("main")).to_contain_text("Terselesaikannya layanan administrasi")
    assert_fits_width(page)
    screenshot(page, "skp-cascade")
    for path, name in [
        ("/skp/sasaran/", "skp-goals"),
        ("/skp/pustaka/", "skp-library"),
        ("/skp/pengaturan/", "skp-settings"),
    ]:
        page.goto(path)
        assert_fits_width(page)
        screenshot(page, name)
