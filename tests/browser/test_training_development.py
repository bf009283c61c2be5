"""The pembinaan loop in a real browser: an ASN reads their recommendations and why, the supervisor
nominates a team member in one click, and BKPSDM reads a program's impact with its chart."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.indicators.berakhlak import CoreValue
from apps.indicators.models import Iki
from apps.trainings.models import Enrollment
from apps.trainings.services.catalogue import session_save
from tests.indicators.conftest import build_skp
from tests.trainings.test_impact import build_dataset
from tests.trainings.test_recommendations import competency, final_evaluation, month, program

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def recommended(org, admin_user):
    """The ASN's October evaluation: Butuh Perbaikan, IKI waktu at 62.5 %, Kolaboratif Di Bawah;
    two programs that answer it, one with an open session, and a third only for the JP gap."""
    skp = build_skp(
        org.asn, rhk=[("Terselesaikannya surat", [("Surat selesai tepat waktu", 120, "higher", True)], None)]
    )
    Iki.objects.filter(rhk__skp=skp).update(aspect="waktu")
    breakdown = {
        "rhk": [{"text": "Terselesaikannya surat", "iki": [{"text": "Surat selesai tepat waktu", "percent": "62.50"}]}]
    }
    final_evaluation(
        org.asn,
        month(admin_user, 10),
        predicate="butuh_perbaikan",
        achievement="62.5",
        breakdown=breakdown,
        weak=[CoreValue.KOLABORATIF],
    )
    waktu = program(
        "Manajemen Waktu dan Prioritas Kerja", competency("Manajemen Waktu"), partner="Universitas Sriwijaya"
    )
    program("Kerja Sama Tim Lintas Bidang", competency("Kerja Sama Tim", "sosial_kultural"), jp=12)
    other = program("Literasi Digital dan Keamanan Siber bagi ASN", competency("Literasi Digital", "teknis"), jp=10)
    today = timezone.localdate()
    sessions = []
    for made, offset in ((waktu, 14), (waktu, 35), (other, 21)):
        starts = today + datetime.timedelta(days=offset)
        sessions.append(
            session_save(
                actor=admin_user,
                program=made,
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=1),
                capacity=25,
                registration_deadline=starts - datetime.timedelta(days=3),
                place="Aula BKPSDM Kota Palembang",
            )
        )
    return sessions[0]


def test_recommendations_with_reasons_and_one_click_nomination(new_page, screenshot, org, password, recommended):
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport)
        log_in(page, org.asn.user.username, password)
        page.goto("/pelatihan/rekomendasi/")
        main = page.locator("main")
        expect(main).to_contain_text("karena predikat kinerja Oktober 2026 Butuh Perbaikan")
        expect(main).to_contain_text("karena capaian aspek waktu 62,5\u00a0% (di bawah 80\u00a0%)")
        expect(main).to_contain_text("karena perilaku Kolaboratif dinilai Di Bawah Ekspektasi")
        expect(main).to_contain_text("Manajemen Proyek")  # a need without a program
        assert_fits_width(page)
        screenshot(page, "training-recommend")

    boss = new_page(DESKTOP)
    log_in(boss, org.supervisor.user.username, password)
    boss.get_by_text("Tim", exact=True).click()
    # the menu link (the supervisor home has a button of the same name)
    boss.get_by_role("navigation", name="Navigasi utama").get_by_role("link", name="Rekomendasi tim").click()
    person = boss.locator(f"#pegawai-{org.asn.pk}")
    expect(person).to_contain_text("Manajemen Waktu dan Prioritas Kerja")
    screenshot(boss, "training-recommend-team")
    person.get_by_role("button", name="Usulkan").first.click()
    expect(boss.locator("main")).to_contain_text("diusulkan dan terdaftar")
    expect(boss.locator(f"#pegawai-{org.asn.pk}")).to_contain_text("Terdaftar")
    enrollment = Enrollment.objects.get(employee=org.asn)
    assert enrollment.session_id == recommended.pk and enrollment.source == "nominated"
    assert enrollment.reason.startswith("karena predikat kinerja Oktober 2026 Butuh Perbaikan")

    phone = new_page(PHONE)
    log_in(phone, org.supervisor.user.username, password)
    phone.goto("/pelatihan/rekomendasi/tim/")
    expect(phone.locator("main")).to_contain_text("Terdaftar")
    assert_fits_width(phone)
    screenshot(phone, "training-recommend-team")


def test_impact_page_with_chart_table_and_incentives(new_page, screenshot, admin_user, password):
    dataset = build_dataset()
    for viewport in (PHONE, DESKTOP):
        page = new_page(viewport)
        log_in(page, admin_user.username, password)
        page.goto("/pelatihan/dampak/")
        expect(page.locator("main")).to_contain_text("+7,5 poin")
        assert_fits_width(page)
        screenshot(page, "training-impact-list")
        page.get_by_role("link", name="Manajemen Waktu").click()
        main = page.locator("main")
        expect(main).to_contain_text("86,5 %")
        expect(main).to_contain_text("belum ada data")
        expect(main.locator("svg.chart")).to_be_visible()
        expect(page.locator("#incentive-heading + p + .table-wrap")).to_contain_text(dataset["p1"].full_name)
        assert_fits_width(page)
        screenshot(page, "training-impact")


def test_needs_survey_proposal_and_a_program_from_the_demand(new_page, screenshot, org, admin_user, password):
    competency("Literasi Digital", "teknis")
    competency("Komunikasi Efektif")
    today = timezone.localdate()
    admin = new_page(DESKTOP)
    log_in(admin, admin_user.username, password)
    admin.goto("/pelatihan/analisis-kebutuhan/")
    admin.get_by_label("Untuk tahun").fill(str(today.year + 1))
    admin.get_by_label("Dibuka").fill(today.isoformat())
    admin.get_by_label("Ditutup").fill((today + datetime.timedelta(days=30)).isoformat())
    admin.get_by_role("button", name="Buka survei").click()
    expect(admin.locator("main")).to_contain_text(f"Survei kebutuhan pelatihan {today.year + 1} dibuka")

    page = new_page(PHONE)
    log_in(page, org.supervisor.user.username, password)
    page.goto("/pelatihan/kebutuhan/")
    page.get_by_label("Untuk").select_option(label=org.asn.full_name)
    page.get_by_label("Kompetensi").select_option(label="Literasi Digital")
    page.get_by_label("Kebutuhan lain (tulis sendiri)").fill("Pengelolaan arsip elektronik di kelurahan")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.locator("main")).to_contain_text("Usulan kebutuhan pelatihan tersimpan")
    expect(page.locator("main")).to_contain_text("diusulkan atasan")
    assert_fits_width(page)
    screenshot(page, "training-needs-survey")

    admin.goto("/pelatihan/analisis-kebutuhan/")
    expect(admin.locator("main")).to_contain_text("Pengelolaan arsip elektronik di kelurahan")
    screenshot(admin, "training-needs-analysis")
    admin.get_by_role("button", name="Buat program untuk Literasi Digital").click()
    expect(admin.locator("main")).to_contain_text("Program Pelatihan Literasi Digital dibuat (16 JP)")
    expect(admin.locator("h1")).to_contain_text("Jadwalkan sesi Pelatihan Literasi Digital")

    phone_admin = new_page(PHONE)
    log_in(phone_admin, admin_user.username, password)
    phone_admin.goto("/pelatihan/analisis-kebutuhan/")
    assert_fits_width(phone_admin)
    screenshot(phone_admin, "training-needs-analysis")
