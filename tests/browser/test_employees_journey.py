"""The BKPSDM admin's employee work in a real browser, and what a supervisor may (not) do there.

Admin: find an employee (search, unit filter), read their reporting line, open the org chart,
import a CSV (a file with a bad row is refused row by row, the corrected file is applied) and find
the imported people in the list. Supervisor: sees only their team and gets the Indonesian 403 page
on the admin's pages. Every page is checked for sideways scrolling at 360 px and 1280 px.
"""

import csv
import datetime
import io

import pytest
from playwright.sync_api import expect

from apps.employees.imports.exporting import HEADER
from apps.employees.models import ActingAssignment, ActingKind, Employee, JabatanKind, OrgUnit, OrgUnitKind
from apps.employees.nip import make_nip
from tests.core.test_workdays import load_reference_holidays
from tests.factories import EmployeeFactory, OrgUnitFactory

from .conftest import DESKTOP, PHONE, assert_fits_width, log_in

pytestmark = pytest.mark.browser

VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "1280px"])
SEARCHED_NAME = "Rina Kemuning Palembangsari"  # a name no factory invents, so the search finds only her
BAYU_NIP = make_nip(birth_date=datetime.date(1990, 3, 15), tmt_cpns=datetime.date(2015, 3, 1), gender="L", sequence=7)
DEWI_NIP = make_nip(birth_date=datetime.date(1992, 8, 21), tmt_cpns=datetime.date(2019, 1, 1), gender="P", sequence=12)


@pytest.fixture
def city(org):
    """The personas' units put under a badan with a head, so the reporting line and the org chart
    have more than one level, plus a long-named seksi under unit A and a person to search for."""
    badan = OrgUnitFactory(name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", kind=OrgUnitKind.BADAN)
    kepala = EmployeeFactory(
        unit=badan, name="Hendra Wijaya", gelar_belakang="S.H., M.Si.", golongan="IV/c",
        jabatan="Kepala Badan", jabatan_kind=JabatanKind.JPT_PRATAMA,
    )  # fmt: skip
    OrgUnit.objects.filter(pk=badan.pk).update(head=kepala)
    OrgUnit.objects.filter(pk__in=[org.unit_a.pk, org.unit_b.pk]).update(parent=badan)
    Employee.objects.filter(pk__in=[org.supervisor.pk, org.supervisor_b.pk]).update(supervisor=kepala)
    seksi = OrgUnitFactory(
        name="Subbidang Pengembangan Kompetensi Teknis dan Fungsional Aparatur", kind=OrgUnitKind.SEKSI,
        parent=org.unit_a,
    )  # fmt: skip
    EmployeeFactory(
        unit=seksi, supervisor=org.supervisor, name=SEARCHED_NAME, gelar_depan="Dr.", gelar_belakang="S.Psi., M.M.",
        golongan="III/d", jabatan="Analis Sumber Daya Manusia Aparatur Ahli Muda", jabatan_kind=JabatanKind.FUNGSIONAL,
    )  # fmt: skip
    return {"badan": badan, "kepala": kepala, "seksi": seksi}


def import_csv(rows: list[dict]) -> bytes:
    """A CSV in the columns of the import's downloadable template; ``rows`` are {header: cell}."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow([row.get(column, "") for column in HEADER])
    return buffer.getvalue().encode("utf-8-sig")


def new_employee(nip, name, supervisor_nip, **cells) -> dict:
    base = {
        "NIP": nip, "NAMA": name, "GELAR BELAKANG": "S.Kom.", "GOLONGAN": "III/b",
        "JABATAN": "Pranata Komputer Ahli Pertama", "JENIS JABATAN": "Fungsional", "UNIT KERJA": "Bidang Uji A",
        "NIP ATASAN": supervisor_nip, "JENIS PEGAWAI": "PNS", "EMAIL": f"{nip}@example.go.id",
    }  # fmt: skip
    return base | cells


def upload(page, name: str, content: bytes):
    page.get_by_label("Berkas CSV atau XLSX").set_input_files({"name": name, "mimeType": "text/csv", "buffer": content})
    page.get_by_role("button", name="Unggah dan periksa").click()


def apply_filters(page):
    page.locator("form.filters").get_by_role("button", name="Terapkan").click()


def expect_stat(region, label: str, value: int):
    """The figure above ``label`` in a row of stat cards."""
    card = region.locator(".stat-card").filter(has=region.page.get_by_text(label, exact=True))
    expect(card.locator(".stat")).to_have_text(str(value))


def result_rows(page):
    return page.locator("main table tbody tr")


@VIEWPORTS
def test_admin_finds_an_employee_reads_the_org_and_imports_a_csv(
    new_page, screenshot, personas, password, org, city, viewport
):
    page = new_page(viewport)
    log_in(page, personas["admin"].username, password)
    expect(page.locator("main")).to_contain_text("Dasbor admin")

    # 1. The list: everyone active, admin actions on top.
    page.goto("/pegawai/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pegawai")
    expect(page.get_by_role("link", name="Tambah pegawai")).to_be_visible()
    expect(page.get_by_role("link", name="Impor CSV/XLSX")).to_be_visible()
    expect(page.locator("main")).to_contain_text("7 pegawai")
    expect(result_rows(page)).to_have_count(7)
    assert_fits_width(page)
    screenshot(page, "employee-list")

    # 2. Search by part of a name.
    page.get_by_label("Cari nama atau NIP").fill("kemuning")
    apply_filters(page)
    expect(page.locator("main")).to_contain_text("1 pegawai")
    expect(result_rows(page)).to_have_count(1)
    expect(result_rows(page)).to_contain_text(f"Dr. {SEARCHED_NAME}, S.Psi., M.M.")
    expect(result_rows(page)).to_contain_text(city["seksi"].name)
    expect(page.get_by_label("Cari nama atau NIP")).to_have_value("kemuning")
    assert_fits_width(page)
    screenshot(page, "employee-list-search")

    # 3. Filter by unit: unit A and the seksi below it, nobody of unit B.
    page.get_by_label("Cari nama atau NIP").fill("")
    page.get_by_label("Unit (beserta unit di bawahnya)").select_option(label="Bidang Uji A")
    apply_filters(page)
    expect(page.locator("main")).to_contain_text("4 pegawai")
    rows = result_rows(page)
    expect(rows).to_have_count(4)
    for person in (org.supervisor, org.asn, org.asn_peer):
        expect(rows.filter(has_text=person.nip)).to_have_count(1)
    expect(rows.filter(has_text=SEARCHED_NAME)).to_have_count(1)
    expect(rows.filter(has_text=org.outsider.nip)).to_have_count(0)
    expect(rows.filter(has_text="Bidang Uji B")).to_have_count(0)
    assert_fits_width(page)
    screenshot(page, "employee-list-unit")

    # 4. An employee's page: data, and the reporting line up to the head of the badan.
    page.get_by_role("link", name=org.asn.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(org.asn.full_name)
    expect(page.locator("main")).to_contain_text(org.asn.nip)
    line = page.locator("section", has=page.get_by_role("heading", name="Garis pelaporan"))
    chain = line.locator("ol.chain li")
    expect(chain).to_have_count(3)
    expect(chain.nth(0)).to_contain_text("Hendra Wijaya, S.H., M.Si.")
    expect(chain.nth(0)).to_contain_text("Kepala Badan")
    expect(chain.nth(1)).to_contain_text(org.supervisor.full_name)
    expect(chain.nth(2)).to_have_text(org.asn.full_name)
    expect(line).to_contain_text("Bawahan langsung (0)")
    assert_fits_width(page)
    screenshot(page, "employee-detail")

    # ... and the supervisor's page lists them among the direct subordinates.
    chain.nth(1).get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(org.supervisor.full_name)
    expect(page.locator("main")).to_contain_text("Bawahan langsung (3)")
    expect(page.locator("main .link-list")).to_contain_text(org.asn.full_name)

    # 5. The org chart: the badan open, its units with their heads and member counts.
    page.goto("/organisasi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Struktur organisasi")
    badan = page.locator("ul.org-tree > li > details")
    expect(badan).to_have_attribute("open", "")
    expect(badan.locator("> summary")).to_contain_text(city["badan"].name)
    expect(badan.locator("> summary")).to_contain_text("Kepala: Hendra Wijaya")
    expect(badan.locator("> summary .badge")).to_have_text("1 / 7")
    unit_a = badan.locator("details", has_text="Bidang Uji A").first
    expect(unit_a.locator("> summary")).to_contain_text(f"Kepala: {org.supervisor.full_name}")
    expect(unit_a.locator("> summary .badge")).to_have_text("3 / 4")
    seksi = unit_a.locator(".org-leaf")
    expect(seksi).to_be_hidden()  # closed below the first level
    unit_a.locator("> summary .org-name").click()  # not the head's link in the same summary
    expect(seksi).to_contain_text(city["seksi"].name)
    expect(seksi).to_contain_text("Kepala: kosong")
    assert_fits_width(page)
    screenshot(page, "org-chart")

    # 6. Import, from the list's button: a file with one bad NIP is checked row by row and not applied.
    page.goto("/pegawai/")
    page.get_by_role("link", name="Impor CSV/XLSX").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Impor pegawai")
    expect(page.locator("main")).to_contain_text("Kolom yang dikenali")
    assert_fits_width(page)
    screenshot(page, "import-upload")

    bayu = new_employee(BAYU_NIP, "Bayu Prasetyo", org.supervisor.nip)
    dewi = new_employee(DEWI_NIP, "Dewi Anggraini", org.supervisor.nip, GOLONGAN="III/a", **{"GELAR BELAKANG": ""})
    dewi_typo = dewi | {"NIP": DEWI_NIP[:-1]}  # 17 digits
    upload(page, "pegawai-salah.csv", import_csv([bayu, dewi_typo]))

    expect(page.locator("main")).to_contain_text("pegawai-salah.csv")
    stats = page.get_by_role("region", name="Ringkasan berkas")
    expect_stat(stats, "baris data", 2)
    expect_stat(stats, "baris valid", 1)
    expect_stat(stats, "baris bermasalah", 1)
    errors = page.locator("#errors")
    expect(errors.get_by_role("heading")).to_have_text("Kesalahan per baris")
    error_rows = errors.locator("tbody tr")
    expect(error_rows).to_have_count(1)
    expect(error_rows.locator("td").nth(0)).to_have_text("3")  # the spreadsheet's row: header is row 1
    expect(error_rows.locator("td").nth(1)).to_have_text("NIP")
    expect(error_rows.locator("td").nth(2)).to_have_text("NIP harus tepat 18 digit (tertulis 17 digit).")
    expect(page.locator("#rows tbody tr")).to_have_count(1)
    expect(page.locator("#rows")).to_contain_text(BAYU_NIP)
    expect(page.locator("#confirm")).to_contain_text("1 baris bermasalah")
    expect(page.get_by_label("Impor hanya baris yang valid")).not_to_be_checked()
    assert_fits_width(page)
    screenshot(page, "import-preview-errors")

    # Confirming as it is writes nothing and says why.
    page.get_by_role("button", name="Terapkan impor").click()
    expect(page.get_by_role("alert")).to_be_visible()
    expect_stat(stats, "baris bermasalah", 1)
    assert not Employee.objects.filter(nip__in=[BAYU_NIP, DEWI_NIP]).exists()

    # 7. The corrected file: no errors, confirm, both created.
    page.locator("#confirm").get_by_role("link", name="Unggah berkas lain").click()
    upload(page, "pegawai.csv", import_csv([bayu, dewi]))
    expect(page.locator("main")).to_contain_text("pegawai.csv")
    expect_stat(stats, "baris valid", 2)
    expect_stat(stats, "baris bermasalah", 0)
    expect(page.locator("main")).to_contain_text("2 pegawai akan dibuat, 0 diubah, 0 tidak berubah")
    expect(page.locator("#errors")).to_have_count(0)
    expect(page.locator("#rows tbody tr")).to_have_count(2)
    assert_fits_width(page)
    screenshot(page, "import-preview-valid")

    page.get_by_role("button", name="Terapkan impor").click()
    expect(page.locator(".messages")).to_contain_text("Impor selesai: 2 dibuat, 0 diubah, 0 tidak berubah, 0 dilewati.")
    expect_stat(page.get_by_role("region", name="Hasil impor"), "dibuat", 2)
    expect(page.get_by_role("button", name="Terapkan impor")).to_have_count(0)
    assert_fits_width(page)
    screenshot(page, "import-applied")

    # 8. The new people are in the list, in unit A, under the supervisor.
    page.goto("/pegawai/")
    expect(page.locator("main")).to_contain_text("9 pegawai")
    # By NIP: the factories draw Indonesian surnames, "Prasetyo" among them.
    page.get_by_label("Cari nama atau NIP").fill(BAYU_NIP)
    apply_filters(page)
    expect(result_rows(page)).to_have_count(1)
    expect(result_rows(page)).to_contain_text("Bayu Prasetyo, S.Kom.")
    expect(result_rows(page)).to_contain_text(BAYU_NIP)
    expect(result_rows(page)).to_contain_text("Pranata Komputer Ahli Pertama")
    expect(result_rows(page)).to_contain_text("Bidang Uji A")
    page.get_by_role("link", name="Bayu Prasetyo, S.Kom.").click()
    expect(page.locator("ol.chain")).to_contain_text(org.supervisor.full_name)
    expect(page.locator("main")).to_contain_text("15 Maret 1990")  # the birth date read from the NIP


@VIEWPORTS
def test_admin_forms_and_reference_tables_fit_the_screen(new_page, screenshot, personas, password, org, viewport):
    """The employee form with a refused NIP, the holiday table and the Plt/Plh page."""
    load_reference_holidays()
    page = new_page(viewport)
    log_in(page, personas["admin"].username, password)
    expect(page.locator("main")).to_contain_text("Dasbor admin")

    page.goto("/pegawai/baru/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tambah pegawai")
    page.get_by_label("NIP", exact=True).fill("199003152015131007")  # TMT month 13
    page.get_by_label("Nama", exact=True).fill("Budi Santoso")
    page.get_by_label("Golongan").select_option("III/b")
    page.get_by_label("Unit kerja").select_option(label="Bidang Uji A")
    page.get_by_role("button", name="Simpan").click()
    nip_field = page.locator(".field", has=page.get_by_label("NIP", exact=True))
    expect(nip_field).to_have_class("field field-invalid")
    expect(nip_field.locator(".field-error")).to_have_text("Bulan TMT CPNS pada NIP (digit 13-14) harus 01-12.")
    expect(page.get_by_label("NIP", exact=True)).to_have_value("199003152015131007")
    expect(page.get_by_label("Nama", exact=True)).to_have_value("Budi Santoso")
    assert not Employee.objects.filter(name="Budi Santoso").exists()
    assert_fits_width(page)
    screenshot(page, "employee-form-error")

    page.goto("/libur/?tahun=2026")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hari libur 2026")
    expect(page.locator("main tbody")).to_contain_text("Tahun Baru 2026 Masehi")
    expect(page.locator("main tbody")).to_contain_text("Cuti bersama")
    assert_fits_width(page)
    screenshot(page, "holiday-list")

    ActingAssignment.objects.create(
        employee=org.asn_peer, unit=org.unit_b, kind=ActingKind.PLH,
        starts_on=datetime.date(2025, 1, 6), ends_on=datetime.date(2025, 1, 10),
    )  # fmt: skip
    page.goto("/plt/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pelaksana Tugas dan Pelaksana Harian")
    page.get_by_label("NIP pegawai yang ditugaskan").fill(org.asn.nip)
    page.get_by_label("Unit yang dipimpin").select_option(label="Bidang Uji B")
    page.get_by_label("Jenis").select_option("plt")
    page.get_by_label("Mulai").fill("2026-03-02")
    page.get_by_label("Selesai").fill("2026-03-01")  # before the start
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".field-error")).to_have_text("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    page.get_by_label("Selesai").fill("2026-06-30")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator(".messages")).to_contain_text("Penugasan Plt/Plh disimpan.")
    rows = page.locator("main tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(org.asn.full_name)
    expect(rows.first).to_contain_text("Pelaksana Tugas (Plt)")
    expect(rows.first).to_contain_text("2 Mar 2026 – 30 Jun 2026")
    assert_fits_width(page)
    screenshot(page, "acting-list")


@VIEWPORTS
def test_supervisor_sees_their_team_and_not_the_admin_pages(new_page, screenshot, personas, password, org, viewport):
    page = new_page(viewport)
    log_in(page, personas["supervisor"].username, password)
    expect(page.locator("main")).to_contain_text("Tim saya")

    page.goto("/pegawai/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pegawai")
    expect(page.locator("main")).to_contain_text("3 pegawai")
    rows = result_rows(page)
    expect(rows).to_have_count(3)
    for person in (org.supervisor, org.asn, org.asn_peer):
        expect(rows.filter(has_text=person.nip)).to_have_count(1)
    expect(rows.filter(has_text=org.outsider.nip)).to_have_count(0)
    expect(page.get_by_role("link", name="Tambah pegawai")).to_have_count(0)
    expect(page.get_by_role("link", name="Impor CSV/XLSX")).to_have_count(0)
    assert_fits_width(page)
    screenshot(page, "employee-list-supervisor")

    page.get_by_role("link", name=org.asn.full_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(org.asn.full_name)
    expect(page.get_by_role("link", name="Ubah", exact=True)).to_have_count(0)
    expect(page.get_by_role("button", name="Nonaktifkan")).to_have_count(0)

    for path in ("/pegawai/baru/", "/impor-pegawai/", f"/pegawai/{org.asn.nip}/ubah/"):
        response = page.goto(path)
        assert response.status == 403, f"{path} answered {response.status}"
        expect(page.get_by_role("heading", level=1)).to_have_text("Akses ditolak")
        expect(page.locator("main")).to_contain_text("Anda tidak memiliki izin untuk melakukan tindakan ini.")
        expect(page.get_by_role("link", name="Kembali ke beranda")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "id")
    assert_fits_width(page)
    screenshot(page, "403-supervisor")

    # Someone outside the team does not exist for the supervisor.
    response = page.goto(f"/pegawai/{org.outsider.nip}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
