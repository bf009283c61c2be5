"""Employee bulk import: parsing, validation, apply (services) and the upload/preview/confirm views."""

import csv
import datetime
import io
import re
import uuid
import zipfile
from datetime import date

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.employees.imports import parsing
from apps.employees.imports.models import EmployeeImport
from apps.employees.imports.services import ImportRefused, employee_import_apply, employee_import_create
from apps.employees.imports.validation import validate_rows
from apps.employees.models import Employee, EmployeeEvent, OrgUnit
from apps.employees.nip import make_nip
from tests.conftest import client_for
from tests.factories import EmployeeFactory, UserFactory

HEADER = ["NIP", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "JENIS KELAMIN", "GOLONGAN", "JABATAN"]
HEADER += ["JENIS JABATAN", "UNIT KERJA", "NIP ATASAN", "JENIS PEGAWAI", "EMAIL", "TELEPON"]


def nip_for(n: int) -> str:
    birth = datetime.date(1970 + n % 20, 1 + n % 12, 1 + n % 28)
    tmt = datetime.date(2012, 1 + n % 12, 1)
    return make_nip(birth_date=birth, tmt_cpns=tmt, gender="LP"[n % 2], sequence=1 + n % 999)


def row(n: int, unit: str = "Bidang Uji A", **changes) -> dict:
    """One valid employee as {header: cell}; keyword arguments replace cells (NIP_ATASAN="...")."""
    cells = [nip_for(n), f"Pegawai Uji {n}", "", "S.E.", "LP"[n % 2], "III/a", "Pengadministrasi Perkantoran"]
    cells += ["Pelaksana", unit, "", "PNS", f"pegawai{n}@example.go.id", "+62 711 123"]
    return dict(zip(HEADER, cells, strict=True)) | {key.replace("_", " "): value for key, value in changes.items()}


def csv_bytes(rows, header=HEADER, delimiter=",", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for values in rows:
        writer.writerow([values.get(column, "") for column in header] if isinstance(values, dict) else values)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, header=HEADER, *, above=(), last_row=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for values in [*above, header]:
        sheet.append(values)
    for values in rows:
        sheet.append([values.get(column, "") for column in header] if isinstance(values, dict) else values)
    if last_row:
        sheet.cell(row=last_row, column=1, value="x")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bare_xlsx(rows: int) -> bytes:
    """An xlsx whose sheet has ``rows`` empty rows and no declared size (as some writers make them)."""
    files = {
        "xl/workbook.xml": '<workbook xmlns:r="urn:r"><sheets><sheet sheetId="1" r:id="rId7"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships><Relationship Target="worksheets/s.xml" Id="rId7"/>',
        "xl/worksheets/s.xml": "<worksheet><sheetData>" + "<row r='1'/>" * rows + "</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in files.items():
            archive.writestr(path, text)
    return buffer.getvalue()


def upload(content: bytes, name="pegawai.csv"):
    return SimpleUploadedFile(name, content)


def create(admin_user, rows=None, *, content=None, name="pegawai.csv") -> EmployeeImport:
    return employee_import_create(actor=admin_user, uploaded_file=upload(content or csv_bytes(rows), name))


def messages_for(employee_import, number, column):
    return [e["message"] for e in employee_import.errors if e["row"] == number and e["column"] == column]


# --- Happy paths and idempotence ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_import_creates_employees_with_supervisors_from_db_and_file(org, admin_user, kind):
    rows = [row(1, NIP_ATASAN=org.supervisor.nip), row(2, NIP_ATASAN=nip_for(1)), row(3, unit="Bidang Uji B")]
    content = csv_bytes(rows) if kind == "csv" else xlsx_bytes(rows, above=[["Daftar Pegawai (SIASN)"], []])
    employee_import = create(admin_user, content=content, name=f"pegawai.{kind}")
    assert (employee_import.status, employee_import.file_kind, employee_import.errors) == ("preview", kind, [])
    assert employee_import.rows[0]["row"] == (2 if kind == "csv" else 4)  # title rows above the header
    summary = {"rows": 3, "valid": 3, "invalid": 0, "dependent": 0, "create": 3, "update": 0, "unchanged": 0}
    assert employee_import.summary == summary

    counts = employee_import_apply(actor=admin_user, employee_import=employee_import)

    assert counts == {"created": 3, "updated": 0, "unchanged": 0, "skipped": 0}
    first, second = Employee.objects.get(nip=nip_for(1)), Employee.objects.get(nip=nip_for(2))
    assert first.supervisor == org.supervisor and second.supervisor == first
    assert Employee.objects.get(nip=nip_for(3)).unit == org.unit_b
    assert (first.gender, first.birth_date, first.tmt_cpns) == ("P", date(1971, 2, 2), date(2012, 2, 1))
    assert first.full_name == "Pegawai Uji 1, S.E." and first.golongan == "III/a" and first.work_phone == "+62 711 123"
    [event] = EmployeeEvent.objects.filter(pgh_obj=second).select_related("pgh_context")  # one event, complete
    assert event.pgh_context.metadata == {"actor": admin_user.pk, "action": "employee_import"}
    assert event.supervisor_id == first.pk
    employee_import.refresh_from_db()
    assert (employee_import.status, employee_import.created_count) == ("applied", 3)
    with pytest.raises(ImportRefused, match="sudah diterapkan"):
        employee_import_apply(actor=admin_user, employee_import=employee_import)


def test_reimporting_the_same_file_changes_nothing(org, admin_user):
    rows = [row(n, NIP_ATASAN=org.supervisor.nip if n % 2 else nip_for(1)) for n in range(1, 21)]
    employee_import_apply(actor=admin_user, employee_import=create(admin_user, rows))
    stamps = dict(Employee.objects.values_list("nip", "updated_at"))
    events = EmployeeEvent.objects.count()

    again = create(admin_user, rows)
    assert again.summary["unchanged"] == 20
    counts = employee_import_apply(actor=admin_user, employee_import=again)

    assert counts == {"created": 0, "updated": 0, "unchanged": 20, "skipped": 0}
    assert dict(Employee.objects.values_list("nip", "updated_at")) == stamps
    assert EmployeeEvent.objects.count() == events


def test_a_changed_row_is_updated_and_the_rest_left_alone(org, admin_user):
    rows = [row(n) for n in range(1, 6)]
    employee_import_apply(actor=admin_user, employee_import=create(admin_user, rows))
    untouched = Employee.objects.get(nip=nip_for(2)).updated_at
    rows[0] = row(1, JABATAN="Analis Kebijakan Ahli Muda", JENIS_JABATAN="fungsional", NIP_ATASAN=nip_for(3))

    counts = employee_import_apply(actor=admin_user, employee_import=create(admin_user, rows))

    assert counts == {"created": 0, "updated": 1, "unchanged": 4, "skipped": 0}
    changed = Employee.objects.get(nip=nip_for(1))
    expected = ("Analis Kebijakan Ahli Muda", "fungsional", nip_for(3))
    assert (changed.jabatan, changed.jabatan_kind, changed.supervisor.nip) == expected
    assert Employee.objects.get(nip=nip_for(2)).updated_at == untouched


def test_headers_aliases_semicolons_and_one_gelar_column(org, admin_user):
    header = ["Nip", "Nama Lengkap", "Gelar", "Pangkat/Golongan", "Jabatan", "Unit Kerja", "Status", "Kolom Lain"]
    rows = [
        [nip_for(1), "Siti  Aminah", "Dr. S.E., M.Si.", "Penata Muda (III/a)", "Analis", "bidang uji a", "PNS", "x"],
        [nip_for(2), "Budi", "", "IX", "Pengelola", "Bidang Uji A", "PPPK", "y"],
    ]
    employee_import = create(admin_user, content=csv_bytes(rows, header=header, delimiter=";", encoding="utf-8"))
    assert employee_import.errors == [] and employee_import.ignored_columns == ["Kolom Lain"]
    employee_import_apply(actor=admin_user, employee_import=employee_import)
    siti, budi = Employee.objects.get(nip=nip_for(1)), Employee.objects.get(nip=nip_for(2))
    expected = ("Siti Aminah", "Dr.", "S.E., M.Si.", "III/a")
    assert (siti.name, siti.gelar_depan, siti.gelar_belakang, siti.golongan) == expected
    assert (budi.employment_type, budi.golongan, budi.tmt_cpns) == ("pppk", "IX", None)


# --- Bad rows ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("nip", "message"),
    [
        ("19860926201505100", "tepat 18 digit (tertulis 17 digit)"),
        ("1986092620150510011", "tepat 18 digit (tertulis 19 digit)"),
        ("19860926201505100A", "hanya boleh berisi angka"),
        ("198602302015051001", "tanggal lahir yang valid"),
        ("198609262015053001", "harus 1 atau 2"),
        ("198609262015051000", "tidak boleh 000"),
        ("198609262003051001", "setelah ulang tahun ke-18"),
        ("", "NIP wajib diisi"),
    ],
)
def test_malformed_nips_are_reported_on_their_row_and_column(org, admin_user, nip, message):
    employee_import = create(admin_user, [row(1), row(2, NIP=nip)])
    assert employee_import.summary["invalid"] == 1
    assert any(message in text for text in messages_for(employee_import, 3, "NIP")), employee_import.errors


@pytest.mark.parametrize(
    ("changes", "column", "message"),
    [
        ({"UNIT_KERJA": "Dinas Tidak Ada"}, "UNIT KERJA", "tidak ditemukan"),
        ({"NIP_ATASAN": nip_for(99)}, "NIP ATASAN", "tidak ditemukan"),
        ({"NIP_ATASAN": nip_for(1)}, "NIP ATASAN", "atasannya sendiri"),
        ({"JENIS_KELAMIN": "L"}, "JENIS KELAMIN", "tidak sesuai dengan NIP"),
        ({"GOLONGAN": "IX"}, "GOLONGAN", "Golongan PNS harus"),
        ({"GOLONGAN": "III/a", "JENIS_PEGAWAI": "PPPK"}, "GOLONGAN", "Golongan PPPK harus"),
        ({"EMAIL": "bukan-email"}, "EMAIL", "tidak valid"),
        ({"NAMA": ""}, "NAMA", "wajib"),
        ({"JENIS_JABATAN": "Direktur"}, "JENIS JABATAN", "salah satu dari"),
    ],
)
def test_bad_values_are_reported_on_their_row_and_column(org, admin_user, changes, column, message):
    employee_import = create(admin_user, [row(1, **changes)])
    assert any(message in text for text in messages_for(employee_import, 2, column)), employee_import.errors


def test_duplicate_nip_flags_both_rows(org, admin_user):
    employee_import = create(admin_user, [row(1), row(2), row(1, NAMA="Lagi")])
    assert messages_for(employee_import, 2, "NIP") == messages_for(employee_import, 4, "NIP")
    assert "baris 2, 4" in messages_for(employee_import, 2, "NIP")[0]
    assert employee_import.summary["invalid"] == 2


@pytest.fixture
def pair(org):
    """In the database: ``staff`` reports to ``boss`` (both with well-formed NIPs)."""
    boss = EmployeeFactory(nip=nip_for(50), name="Pegawai Uji 50", unit=org.unit_a)
    staff = EmployeeFactory(nip=nip_for(51), name="Pegawai Uji 51", unit=org.unit_a, supervisor=boss)
    return boss, staff


def test_supervisor_cycle_with_the_database_is_refused(pair, admin_user):
    boss, staff = pair
    employee_import = create(admin_user, [row(50, NIP_ATASAN=staff.nip)])
    [message] = messages_for(employee_import, 2, "NIP ATASAN")
    assert message == f"Atasan langsung membentuk lingkaran: {boss.nip} → {staff.nip} → {boss.nip}."


def test_only_valid_rows_skips_a_row_that_would_close_a_cycle_once_others_are_skipped(pair, org, admin_user):
    # The whole file has no cycle (staff moves to supervisor_b); without the invalid staff row it would.
    boss, staff = pair
    rows = [row(50, NIP_ATASAN=staff.nip), row(51, NIP_ATASAN=org.supervisor_b.nip, EMAIL="salah"), row(52)]
    employee_import = create(admin_user, rows)
    assert employee_import.summary["invalid"] == 1
    counts = employee_import_apply(actor=admin_user, employee_import=employee_import, only_valid_rows=True)
    assert counts == {"created": 1, "updated": 0, "unchanged": 0, "skipped": 2}
    boss.refresh_from_db()
    assert boss.supervisor is None


def test_a_deep_chain_of_new_supervisors_is_linked(org, admin_user):
    rows = [row(1)] + [row(n, NIP_ATASAN=nip_for(n - 1)) for n in range(2, 31)]
    employee_import_apply(actor=admin_user, employee_import=create(admin_user, list(reversed(rows))))
    links = dict(Employee.objects.filter(name__startswith="Pegawai Uji").values_list("nip", "supervisor__nip"))
    assert links == {nip_for(1): None} | {nip_for(n): nip_for(n - 1) for n in range(2, 31)}


def test_a_supervisor_who_left_is_refused(pair, admin_user):
    boss, _staff = pair
    Employee.objects.filter(pk=boss.pk).update(is_active=False)
    employee_import = create(admin_user, [row(51, NIP_ATASAN=boss.nip)])
    assert messages_for(employee_import, 2, "NIP ATASAN") == [f"Atasan dengan NIP {boss.nip} sudah tidak aktif."]


def test_xlsx_nip_stored_as_a_rounded_number_is_explained(org, admin_user):
    values = list(row(1).values())
    values[0] = float(nip_for(1))
    employee_import = create(admin_user, content=xlsx_bytes([values]), name="pegawai.xlsx")
    assert "tersimpan sebagai angka" in messages_for(employee_import, 2, "NIP")[0]


# --- Bad files ---------------------------------------------------------------------------------


ENCODING = "Berkas CSV harus UTF-8; baris 3 tidak dapat dibaca. Simpan ulang sebagai 'CSV UTF-8'."
MISSING = "Kolom wajib tidak ditemukan: GOLONGAN, JABATAN, UNIT KERJA."
SHORT_HEADER, SHORT_ROW = b"NIP,NAMA,GOLONGAN,JABATAN,UNIT KERJA\n", b"198609262015051001,Nama,III/a,Jabatan,Unit\n"
BAD_FILES = {  # name -> (content factory, file name, message)
    "200,000 rows": (lambda: SHORT_HEADER + SHORT_ROW * 200_000, "p.csv", "Berkas berisi lebih dari 50.000 baris"),
    "over 10 MB": (lambda: csv_bytes([]) + b"x" * parsing.MAX_FILE_BYTES, "p.csv", "lebih dari 10 MB"),
    "sheet declaring 60,000 rows": (lambda: xlsx_bytes([], last_row=60_000), "b.xlsx", "lebih dari 50.000 baris"),
    "sheet with 60,000 rows, undeclared": (lambda: bare_xlsx(60_000), "b.xlsx", "lebih dari 50.000 baris"),
    "cp1252 csv": (lambda: csv_bytes([row(1), row(2, NAMA="Sité")], encoding="cp1252"), "p.csv", ENCODING),
    "text named .xlsx": (lambda: b"NIP,NAMA\n1,2\n", "p.xlsx", "bukan berkas XLSX yang valid"),
    "broken zip": (lambda: b"PK\x03\x04not really a zip", "p.xlsx", "bukan berkas XLSX yang valid"),
    "old .xls": (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "p.xlsx", "Format .xls lama"),
    "header only": (lambda: csv_bytes([]), "p.csv", "tidak berisi baris data"),
    "missing columns": (lambda: csv_bytes([[nip_for(1), "A"]], header=["NIP", "NAMA"]), "p.csv", MISSING),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_files_are_refused_with_a_clear_message(org, admin_user, case):
    make, name, message = BAD_FILES[case]
    before = Employee.objects.count()
    employee_import = create(admin_user, content=make(), name=name)
    assert employee_import.status == "failed" and employee_import.rows == []
    assert message in employee_import.errors[0]["message"]
    assert Employee.objects.count() == before


# --- Apply rules -------------------------------------------------------------------------------


def test_nothing_is_written_while_any_row_is_invalid(org, admin_user):
    employee_import = create(admin_user, [row(1), row(2, UNIT_KERJA="Tidak Ada"), row(3)])
    before = Employee.objects.count()
    with pytest.raises(ImportRefused, match="1 baris bermasalah"):
        employee_import_apply(actor=admin_user, employee_import=employee_import)
    assert Employee.objects.count() == before
    employee_import.refresh_from_db()
    assert employee_import.status == "preview"


def test_only_valid_rows_skips_bad_rows_and_their_subordinates(org, admin_user):
    rows = [row(1), row(2, GOLONGAN="Z"), row(3, NIP_ATASAN=nip_for(2)), row(4, NIP_ATASAN=nip_for(3)), row(5)]
    employee_import = create(admin_user, rows)
    assert (employee_import.summary["invalid"], employee_import.summary["dependent"]) == (1, 2)
    counts = employee_import_apply(actor=admin_user, employee_import=employee_import, only_valid_rows=True)
    assert counts == {"created": 2, "updated": 0, "unchanged": 0, "skipped": 3}
    written = Employee.objects.filter(nip__in=[nip_for(n) for n in range(1, 6)]).values_list("nip", flat=True)
    assert set(written) == {nip_for(1), nip_for(5)}


def test_apply_refuses_when_the_database_changed_since_the_preview(org, admin_user):
    employee_import = create(admin_user, [row(1), row(2, UNIT_KERJA="Bidang Baru")])
    OrgUnit.objects.create(name="Bidang Baru", kind="bidang")
    with pytest.raises(ImportRefused, match="berubah sejak pratinjau"):
        employee_import_apply(actor=admin_user, employee_import=employee_import, only_valid_rows=True)
    employee_import.refresh_from_db()
    assert employee_import.errors == [] and employee_import.status == "preview"
    assert employee_import_apply(actor=admin_user, employee_import=employee_import)["created"] == 2


@pytest.mark.parametrize("size", [10, 500])
def test_validation_makes_a_constant_number_of_queries(org, admin_user, size, django_assert_max_num_queries):
    EmployeeFactory.create_batch(5, unit=org.unit_a, supervisor=org.supervisor)
    rows = [row(n, NIP_ATASAN=nip_for(n - 1) if n > 1 else org.supervisor.nip) for n in range(1, size + 1)]
    parsed = parsing.parse_upload(upload(csv_bytes(rows)))
    with django_assert_max_num_queries(2):
        validation = validate_rows(parsed.rows, parsed.columns)
    assert validation.errors == []
    with django_assert_max_num_queries(4):
        create(admin_user, rows)


# --- Views -------------------------------------------------------------------------------------


def test_upload_preview_confirm(org, admin_user):
    client = client_for(admin_user)
    assert client.get(reverse("employees:import-upload")).status_code == 200
    bad = client.post(reverse("employees:import-upload"), {"file": upload("NIP;NAMA\nÄ".encode("latin-1"))})
    assert bad.status_code == 400 and "harus UTF-8" in bad.content.decode()
    content = csv_bytes([row(1), row(2, UNIT_KERJA="Tidak Ada")])
    response = client.post(reverse("employees:import-upload"), {"file": upload(content)})
    employee_import = EmployeeImport.objects.get(status="preview")
    assert response["Location"] == reverse("employees:import-preview", args=[employee_import.uuid])
    page = client.get(response["Location"]).content.decode()
    assert "Tidak Ada" in page and "UNIT KERJA" in page and "Impor hanya baris yang valid" in page

    confirm = reverse("employees:import-confirm", args=[employee_import.uuid])
    refused = client.post(confirm)
    assert refused.status_code == 400 and "1 baris bermasalah" in refused.content.decode()
    applied = client.post(confirm, {"only_valid_rows": "on"}, follow=True)
    assert "1 dibuat" in applied.content.decode()
    assert Employee.objects.filter(nip=nip_for(1)).exists()


def test_a_failed_confirm_keeps_the_choice(org, admin_user):
    employee_import = create(admin_user, [row(1), row(2, UNIT_KERJA="Bidang Baru"), row(3, EMAIL="x")])
    OrgUnit.objects.create(name="Bidang Baru", kind="bidang")
    response = client_for(admin_user).post(
        reverse("employees:import-confirm", args=[employee_import.uuid]), {"only_valid_rows": "on"}
    )
    assert response.status_code == 400 and "berubah sejak pratinjau" in response.content.decode()
    assert re.search(r'<input type="checkbox" name="only_valid_rows"[^>]* checked', response.content.decode())


def test_template_and_errors_downloads(org, admin_user):
    client = client_for(admin_user)
    template = client.get(reverse("employees:import-template"))
    assert template["Content-Disposition"].startswith("attachment")
    assert template.content.decode("utf-8-sig").splitlines()[0] == ",".join(HEADER)
    employee_import = create(admin_user, [row(1, EMAIL="x")])
    errors = client.get(reverse("employees:import-errors", args=[employee_import.uuid])).content.decode("utf-8-sig")
    assert "2,EMAIL," in errors


def test_someone_elses_or_an_expired_preview_is_not_found(org, admin_user):
    employee_import = create(admin_user, [row(1)])
    other_admin = client_for(UserFactory(role="admin"))
    url = reverse("employees:import-preview", args=[employee_import.uuid])
    assert other_admin.get(url).status_code == 404
    assert other_admin.post(reverse("employees:import-confirm", args=[employee_import.uuid])).status_code == 404
    assert client_for(admin_user).get(reverse("employees:import-preview", args=[uuid.uuid4()])).status_code == 404
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=25)):
        assert client_for(admin_user).get(url).status_code == 404


def test_access_rules(personas):
    url = reverse("employees:import-upload")
    assert client_for(None).get(url)["Location"].startswith(reverse("account_login"))
    for role in ("asn", "supervisor", "leader"):
        assert client_for(personas[role]).get(url).status_code == 403
        assert client_for(personas[role]).post(url).status_code == 403
    confirm = reverse("employees:import-confirm", args=[uuid.uuid4()])
    assert client_for(personas["admin"]).get(confirm).status_code == 405
