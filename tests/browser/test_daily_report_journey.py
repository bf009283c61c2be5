"""The daily report journey in a real browser, on the real filing window (any day CI runs): the
ASN files a report with an evidence file on a phone and submits; the supervisor returns it with a
note; the ASN fixes and resubmits; the supervisor approves; the IKI progress moves."""

import io

import pytest
from playwright.sync_api import expect

from apps.daily_reports.models import DailyReport, ReportStatus
from apps.daily_reports.services.filing import filing_days
from apps.indicators.models import Iki
from apps.indicators.periods import period_of
from apps.indicators.selectors.achievement import skp_result
from tests.indicators.conftest import build_skp

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_file_return_fix_resubmit_approve(new_page, screenshot, org, password, tmp_path):
    from PIL import Image

    day = filing_days()[-1]
    skp = build_skp(org.asn, year=day.year, approve_by=org.supervisor.user)
    iki = Iki.objects.get(rhk__skp=skp)
    photo = tmp_path / "bukti-rapat.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "green").save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())

    page = new_page(PHONE)
    log_in(page, org.asn.user.username, password)
    page.goto("/laporan/")
    main = page.locator("main")
    expect(main).to_contain_text("Belum ada kegiatan")
    page.get_by_label("Uraian kegiatan").fill("Mengagendakan surat masuk")
    page.get_by_label("Indikator SKP").select_option(str(iki.pk))
    page.get_by_label("Kuantitas").fill("6")
    page.get_by_label("Mulai").fill("08:00")
    page.get_by_label("Selesai").fill("10:00")
    assert_fits_width(page)
    screenshot(page, "report-form")
    page.get_by_role("button", name="Simpan kegiatan").click()
    expect(main).to_contain_text("Kegiatan disimpan")
    expect(main).to_contain_text("6 dokumen")
    page.get_by_label("Lampirkan bukti").set_input_files(str(photo))
    page.get_by_role("button", name="Unggah").click()
    expect(main).to_contain_text("Bukti diunggah")
    expect(main).to_contain_text("bukti-rapat.jpg")
    assert_fits_width(page)
    screenshot(page, "report-filled")
    page.get_by_role("button", name="Ajukan laporan").click()
    expect(main).to_contain_text("Laporan diajukan ke atasan")

    boss = new_page(DESKTOP)
    log_in(boss, org.supervisor.user.username, password)
    boss.goto("/laporan/tinjau/")
    expect(boss.locator("main")).to_contain_text("1 laporan menunggu")
    screenshot(boss, "report-queue")
    boss.get_by_role("link", name=org.asn.full_name).click()
    expect(boss.locator("main")).to_contain_text("Mengagendakan surat masuk")
    boss.get_by_label("Catatan untuk pegawai").fill("Tambahkan notulen rapat sebagai bukti.")
    screenshot(boss, "report-review")
    boss.get_by_role("button", name="Kembalikan").click()
    expect(boss.locator("main")).to_contain_text("Laporan dikembalikan dengan catatan")

    page.reload()
    expect(main).to_contain_text("Tambahkan notulen rapat sebagai bukti.")
    page.get_by_label("Uraian kegiatan").fill("Menyusun notulen rapat koordinasi")
    page.get_by_label("Mulai").fill("10:00")
    page.get_by_label("Selesai").fill("11:00")
    page.get_by_role("button", name="Simpan kegiatan").click()
    expect(main).to_contain_text("Menyusun notulen rapat koordinasi")
    assert_fits_width(page)
    screenshot(page, "report-returned")
    page.get_by_role("button", name="Ajukan ulang").click()
    expect(main).to_contain_text("Laporan diajukan ke atasan")

    boss.goto("/laporan/tinjau/")
    boss.locator("main").get_by_role("checkbox").first.check()
    boss.get_by_role("button", name="Setujui yang dipilih").click()
    expect(boss.locator("main")).to_contain_text("1 laporan disetujui")
    report = DailyReport.objects.get(employee=org.asn, date=day)
    assert report.status == ReportStatus.APPROVED

    result = skp_result(skp, period=period_of(day))
    assert result.rhk[0].iki[0].realisation == 6  # the IKI progress moved
    page.goto(f"/skp/{skp.pk}/?periode={period_of(day)}")
    expect(main).to_contain_text("6 dokumen")
    screenshot(page, "report-skp-progress")
