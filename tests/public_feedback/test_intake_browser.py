"""The citizens' pages in a real browser at 360 px and 1280 px: landing, the complaint form (with
errors, then filled in with a photo), the page with the code, tracking with a reply and the actions.
Labels are real <label for> so ``get_by_label`` finds every field."""

import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.public_feedback.models import Complaint, ComplaintEntry, EntryKind, FeedbackSettings
from tests.browser import conftest as browser_fixtures
from tests.browser.conftest import DESKTOP, PHONE, assert_fits_width
from tests.public_feedback.conftest import make_service

# the browser fixtures live in tests/browser/conftest.py; this module uses them from here
browser = browser_fixtures.browser
new_page = browser_fixtures.new_page
screenshot = browser_fixtures.screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def photo(tmp_path):
    from PIL import Image

    path = tmp_path / "antrean.jpg"
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_citizen_submits_and_tracks(new_page, screenshot, photo, org, viewport):
    FeedbackSettings.objects.update_or_create(pk=1, defaults={"min_fill_seconds": 0})
    service = make_service(org.unit_a, name="Pembuatan KTP elektronik")
    make_service(org.unit_b, name="Izin usaha mikro", keywords="umkm nib")
    page = new_page(viewport)

    page.goto("/publik/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Sampaikan suara Anda")
    assert_fits_width(page)
    screenshot(page, "public-landing")

    page.get_by_role("link", name=re.compile("^Sampaikan pengaduan")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sampaikan pengaduan")
    page.get_by_label("Kata kunci layanan atau unit").fill("ktp")
    page.get_by_role("button", name="Cari").click()
    expect(page.get_by_label("Layanan", exact=True).locator("option")).to_have_count(2)
    # errors first: no description, an e-mail without consent
    page.get_by_label("Email (boleh dikosongkan)").fill("warga@example.test")
    page.get_by_label("Lampiran (paling banyak 3)").set_input_files(str(photo))
    page.get_by_role("button", name="Kirim pengaduan").click()
    expect(page.get_by_text("Tuliskan apa yang terjadi.")).to_be_visible()
    expect(page.get_by_text("Centang persetujuan").first).to_be_visible()
    expect(page.get_by_text("pilih lagi file lampiran", exact=False)).to_be_visible()
    expect(page.get_by_label("Email (boleh dikosongkan)")).to_have_value("warga@example.test")
    assert_fits_width(page)
    screenshot(page, "public-complaint-errors")

    page.get_by_label("Aspirasi").check()
    page.get_by_label("Layanan", exact=True).select_option(label="Pembuatan KTP elektronik")
    page.get_by_label("Apa yang terjadi?").fill("Antrean KTP sampai sore, mohon loket tambahan pada hari Senin.")
    page.get_by_label("Tempat kejadian").fill("Kantor Disdukcapil")
    page.get_by_label("Pegawai yang dimaksud (jika ada)").fill("Petugas loket 2")
    page.get_by_label("Lampiran (paling banyak 3)").set_input_files(str(photo))
    page.get_by_label("Telepon/WhatsApp (boleh dikosongkan)").fill("0812 3456 7890")
    page.get_by_label(re.compile("^Saya setuju")).check()
    assert_fits_width(page)
    screenshot(page, "public-complaint-filled")
    page.get_by_role("button", name="Kirim pengaduan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Pengaduan terkirim")
    code = page.locator(".pub-code").inner_text().strip()
    assert re.fullmatch(r"ADU(-[0-9A-Z]{4}){4}", code)
    assert code not in page.url
    assert_fits_width(page)
    screenshot(page, "public-complaint-sent")
    complaint = Complaint.objects.get()
    assert complaint.is_confidential and complaint.service == service and complaint.attachments.count() == 1

    # the unit answers; the citizen tracks on another device with the code typed loosely
    Complaint.objects.filter(pk=complaint.pk).update(status="ditanggapi", handling_unit=org.unit_a)
    ComplaintEntry.objects.create(
        complaint=complaint,
        kind=EntryKind.REPLY,
        is_public=True,
        text="Mulai Senin depan loket 4 dibuka untuk perekaman KTP.",
        at=timezone.now(),
        actor=org.supervisor.user,
    )
    other = new_page(viewport)
    other.goto("/pengaduan/lacak/")
    assert_fits_width(other)
    screenshot(other, "public-track-form")
    other.get_by_label("Kode pelacakan").fill(code.lower().replace("-", " "))
    other.get_by_role("button", name="Lihat pengaduan").click()
    expect(other.get_by_role("heading", level=1)).to_contain_text(complaint.reference)
    expect(other.get_by_text("Mulai Senin depan loket 4")).to_be_visible()
    expect(other.get_by_text(org.supervisor.name)).to_have_count(0)
    expect(other.get_by_role("button", name="Ya, sudah selesai")).to_be_visible()
    assert_fits_width(other)
    screenshot(other, "public-track-detail")

    other.get_by_role("button", name="Ya, sudah selesai").click()
    expect(other.get_by_text("Pengaduan dinyatakan selesai")).to_be_visible()
    other.get_by_label("4 — Puas").check()
    other.get_by_label("Komentar (boleh dikosongkan)").fill("Cepat ditanggapi.")
    other.get_by_role("button", name="Kirim penilaian").click()
    expect(other.get_by_text("Terima kasih atas penilaian Anda.")).to_be_visible()
    assert_fits_width(other)
    screenshot(other, "public-track-rated")
    complaint.refresh_from_db()
    assert complaint.status == "selesai" and complaint.rating == 4


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_captcha_after_volume_is_shown_with_its_label(new_page, screenshot, viewport):
    FeedbackSettings.objects.update_or_create(pk=1, defaults={"captcha_after": 0})
    page = new_page(viewport)
    page.goto("/pengaduan/")
    expect(page.get_by_label("Ketik huruf pada gambar")).to_be_visible()
    expect(page.locator("img.captcha")).to_be_visible()
    assert page.evaluate("document.querySelector('img.captcha').naturalWidth") > 0  # served, CSP allows it
    page.get_by_label("Ketik huruf pada gambar").scroll_into_view_if_needed()
    assert_fits_width(page)
    screenshot(page, "public-complaint-captcha")
