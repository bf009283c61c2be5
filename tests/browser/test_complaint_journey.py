"""The complaint journey across the public site and the back office, in a real browser: a citizen
sends a complaint with a photo on a phone; a BKPSDM admin routes it to the unit on a desktop; the
unit's head replies publicly; the citizen tracks it with the code, confirms it is solved and rates
the handling. Internal notes never reach the citizen."""

import io
import re

import pytest
from playwright.sync_api import expect

from apps.public_feedback.models import Complaint, ComplaintStatus, FeedbackSettings
from tests.public_feedback.conftest import make_service

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_citizen_submits_admin_routes_unit_replies_citizen_tracks_and_rates(
    new_page, screenshot, org, admin_user, password, tmp_path
):
    from PIL import Image

    # a person fills the form faster than the bot check's default minimum; the rule has its own tests
    FeedbackSettings.objects.update_or_create(pk=1, defaults={"min_fill_seconds": 0})
    make_service(org.unit_a, name="Legalisir dokumen kepegawaian")
    photo = tmp_path / "loket-tutup.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (30, 90, 160)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())

    citizen = new_page(PHONE)
    citizen.goto("/pengaduan/")
    citizen.get_by_label("Pengaduan", exact=True).check()
    citizen.get_by_label("Layanan", exact=True).select_option(label="Legalisir dokumen kepegawaian")
    citizen.get_by_label("Apa yang terjadi?").fill("Loket legalisir tutup pukul 10 padahal jadwal sampai 15.")
    citizen.get_by_label("Tempat kejadian").fill("Gedung pelayanan lantai 1")
    citizen.get_by_label("Lampiran (paling banyak 3)").set_input_files(str(photo))
    citizen.get_by_label("Email (boleh dikosongkan)").fill("warga.journey@example.test")
    citizen.get_by_label(re.compile("^Saya setuju")).check()
    assert_fits_width(citizen)
    screenshot(citizen, "journey-complaint-filled")
    citizen.get_by_role("button", name="Kirim pengaduan").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Pengaduan terkirim")
    code = citizen.locator(".pub-code").inner_text().strip()
    complaint = Complaint.objects.get()
    assert complaint.status == ComplaintStatus.BARU and complaint.attachments.count() == 1

    admin = new_page(DESKTOP)
    log_in(admin, admin_user.username, password)
    admin.goto("/kelola/pengaduan/")
    expect(admin.locator("main")).to_contain_text(complaint.reference)
    screenshot(admin, "journey-admin-queue")
    admin.get_by_role("link", name=complaint.reference).first.click()
    admin.get_by_label("Unit kerja tujuan").fill(org.unit_a.name)
    admin.get_by_label("Catatan untuk unit (internal)").fill("Mohon cek jadwal petugas loket.")
    screenshot(admin, "journey-admin-route")
    admin.get_by_role("button", name="Teruskan").click()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.DITERUSKAN and complaint.handling_unit == org.unit_a

    head = new_page(DESKTOP)
    log_in(head, org.supervisor.user.username, password)
    head.goto(f"/kelola/pengaduan/{complaint.pk}/")
    expect(head.locator("main")).to_contain_text("Loket legalisir tutup")
    head.get_by_label("Tanggapan untuk pelapor").fill("Mulai besok loket buka sesuai jadwal hingga pukul 15.00.")
    head.get_by_role("button", name="Kirim tanggapan").click()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.DITANGGAPI
    screenshot(head, "journey-unit-replied")

    citizen.goto("/pengaduan/lacak/")
    citizen.get_by_label("Kode pelacakan").fill(code)
    citizen.get_by_role("button", name="Lihat pengaduan").click()
    main = citizen.locator("main")
    expect(main).to_contain_text("Mulai besok loket buka sesuai jadwal")
    expect(main).not_to_contain_text("Mohon cek jadwal petugas loket")  # the internal note stays inside
    assert_fits_width(citizen)
    screenshot(citizen, "journey-citizen-tracks")
    citizen.get_by_role("button", name="Ya, sudah selesai").click()
    citizen.get_by_label("5 — Sangat puas").check()
    citizen.get_by_label("Komentar (boleh dikosongkan)").fill("Terima kasih, cepat sekali.")
    citizen.get_by_role("button", name="Kirim penilaian").click()
    expect(citizen.get_by_text("Terima kasih atas penilaian Anda.")).to_be_visible()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.SELESAI and complaint.rating == 5
