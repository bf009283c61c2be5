"""The back office in a real browser, at 360 px and 1280 px: the admin routes a complaint by typing
part of the unit's name, the unit's head replies from a phone; both pages fit the screen."""

import pytest
from playwright.sync_api import expect

from apps.public_feedback.models import ComplaintStatus
from apps.public_feedback.services import handling
from tests.browser.conftest import DESKTOP, PHONE, assert_fits_width, browser, log_in, new_page, screenshot  # noqa: F401

from .backoffice import CONTACT, new_complaint

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def opened(make_page, viewport):
    page = make_page(viewport)
    page.set_default_timeout(30_000)  # the shared 2-core machine is slow when every suite runs at once
    return page


def test_route_then_reply_on_a_phone(new_page, screenshot, org, admin_user, password):  # noqa: F811
    org.unit_b.name = "Dinas Pekerjaan Umum dan Penataan Ruang"
    org.unit_b.save()
    complaint = new_complaint(
        org.unit_a,
        description="Petugas loket meminta uang tambahan untuk mempercepat KTP. " * 3,
        location="Kantor Kecamatan Ilir Barat I",
        **CONTACT,
    )
    other = new_complaint(org.unit_a, description="Lampu jalan mati.")
    handling.complaint_ask_info(actor=admin_user, complaint=other, question="Di jalan apa?")

    for viewport in (DESKTOP, PHONE):
        admin = opened(new_page, viewport)
        log_in(admin, admin_user.username, password)
        admin.goto("/kelola/pengaduan/")
        expect(admin.locator("main")).to_contain_text(complaint.reference)
        assert_fits_width(admin)
        screenshot(admin, "complaints-queue")
        admin.get_by_role("link", name=complaint.reference).click()
        expect(admin.get_by_role("heading", name=complaint.reference)).to_be_visible()
        assert_fits_width(admin)
        screenshot(admin, "complaint-detail-admin")

    admin.get_by_role("link", name="Tampilkan identitas dan kontak pelapor").click()
    expect(admin.locator("#reporter")).to_contain_text(CONTACT["reporter_email"])
    admin.get_by_label("Unit kerja tujuan").fill("Bidang Uji A")
    admin.get_by_role("button", name="Teruskan", exact=True).click()
    expect(admin.locator("main")).to_contain_text("diteruskan ke Bidang Uji A")

    head = opened(new_page, PHONE)
    log_in(head, org.supervisor.user.username, password)
    head.goto(f"/kelola/pengaduan/{complaint.pk}/")
    head.get_by_label("Tanggapan untuk pelapor").fill("Petugas yang bersangkutan sudah kami tegur.")
    head.get_by_role("button", name="Kirim tanggapan").click()
    expect(head.locator("main")).to_contain_text("Tanggapan terkirim")
    assert_fits_width(head)
    screenshot(head, "complaint-detail-handler")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.DITANGGAPI
