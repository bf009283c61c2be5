"""The SKM survey on a 360 px phone and a 1280 px desktop: a citizen finds the unit, answers by
tapping the official answer wording, is refused politely the second time; the head of the unit
reads its IKM. Nothing may make the page scroll sideways."""

import datetime

import pytest
from playwright.sync_api import expect

from apps.employees.models import OrgUnit
from apps.public_feedback.models import SkmResponse
from tests.public_feedback.conftest import make_service
from tests.public_feedback.test_ikm import HAND, make_responses

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def unit(org):
    OrgUnit.objects.filter(pk=org.unit_a.pk).update(name="Dinas Kependudukan dan Pencatatan Sipil")  # keeps its head
    org.unit_a.refresh_from_db()
    make_service(org.unit_a, name="Pembuatan KTP elektronik")
    make_service(org.unit_a, name="Akta kelahiran", keywords="akta lahir")
    return org.unit_a


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_citizen_answers_the_survey(new_page, screenshot, unit, viewport):
    page = new_page(viewport)
    page.set_default_navigation_timeout(30_000)  # the PDF and the first page of a cold live server
    page.goto("/survei/")
    screenshot(page, "skm-start")
    assert_fits_width(page)
    page.get_by_label("Cari unit atau layanan").fill("akta")
    page.get_by_role("button", name="Cari").click()
    page.get_by_role("link", name="Dinas Kependudukan").click()
    expect(page.get_by_role("heading", name="Survei Kepuasan Masyarakat")).to_be_visible()
    screenshot(page, "skm-form")
    assert_fits_width(page)
    # a tap on the words is enough: the whole label is the target, at least 48 px high
    first = page.get_by_text("Sangat sesuai", exact=True).first
    box = first.locator("xpath=..").bounding_box()
    assert box["height"] >= 44
    page.get_by_role("button", name="Kirim jawaban").click()  # nothing answered: the browser holds the form
    assert page.url.endswith(f"/survei/{unit.pk}/")
    # a browser that does not check "required" (old or tampered) gets the server's messages instead
    page.evaluate("document.querySelectorAll('input[required]').forEach(e => e.removeAttribute('required'))")
    page.locator("fieldset#q-u1 label.skm-answer").first.click()
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("Pilih satu jawaban untuk pertanyaan 9.").first).to_be_visible()
    screenshot(page, "skm-form-errors")
    assert_fits_width(page)
    for index in range(9):
        page.locator(f"fieldset#q-u{index + 1} label.skm-answer").nth(index % 4).click()
    page.get_by_label("Jenis kelamin").select_option("P")
    page.get_by_label("Saran dan masukan").fill("Ruang tunggu panas, mohon kipas angin.")
    screenshot(page, "skm-form-filled")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_role("heading", name="Terima kasih!")).to_be_visible()
    screenshot(page, "skm-thanks")
    assert_fits_width(page)
    stored = SkmResponse.objects.get()
    assert stored.scores() == [1, 2, 3, 4, 1, 2, 3, 4, 1] and stored.gender == "P"
    page.goto(f"/survei/{unit.pk}/")
    expect(page.get_by_text("sudah mengisi survei untuk unit layanan ini hari ini")).to_be_visible()
    screenshot(page, "skm-already")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_unit_head_reads_the_ikm(new_page, screenshot, unit, org, password, viewport):
    today = datetime.date.today()
    make_responses(unit, HAND * 4, on=today, suggestion="Antrean di loket 2 lama sekali.", gender="L")
    make_responses(unit, [[4] * 9, [2, 3, 2, 3, 2, 3, 2, 3, 2]], on=today.replace(day=1), education="s1")
    page = new_page(viewport)
    page.set_default_navigation_timeout(30_000)  # the PDF and the first page of a cold live server
    log_in(page, org.supervisor.user.username, password)
    page.goto("/kelola/ikm/")
    expect(page.get_by_role("heading", name="Indeks Kepuasan Masyarakat (IKM)")).to_be_visible()
    screenshot(page, "ikm-list")
    assert_fits_width(page)
    page.get_by_role("link", name="Dinas Kependudukan dan Pencatatan Sipil").click()
    expect(page.get_by_role("heading", name="Nilai per unsur pelayanan")).to_be_visible()
    screenshot(page, "ikm-detail")
    assert_fits_width(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh laporan SKM (PDF)").click()
    assert download.value.suggested_filename.startswith("laporan-skm-")
