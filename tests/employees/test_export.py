"""Export of employees with the import's columns: CSV and XLSX that import back to "nothing changed"."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.employees.imports import exporting
from apps.employees.imports.services import employee_import_apply, employee_import_create
from apps.employees.models import Employee, EmploymentType, JabatanKind
from apps.employees.nip import make_nip
from tests.factories import EmployeeFactory, OrgUnitFactory

HEADER = ["NIP", "NAMA", "GELAR DEPAN", "GELAR BELAKANG", "JENIS KELAMIN", "GOLONGAN", "JABATAN"]
HEADER += ["JENIS JABATAN", "UNIT KERJA", "NIP ATASAN", "JENIS PEGAWAI", "EMAIL", "TELEPON"]


def person(n: int, **fields) -> Employee:
    birth = datetime.date(1975 + n % 15, 1 + n % 12, 1 + n % 28)
    tmt = datetime.date(2005 + n % 10, 1 + n % 12, 1)
    gender = "LP"[n % 2]
    nip = make_nip(birth_date=birth, tmt_cpns=tmt, gender=gender, sequence=100 + n)
    defaults = {"nip": nip, "gender": gender, "birth_date": birth, "tmt_cpns": tmt, "gelar_belakang": "S.Kom."}
    return EmployeeFactory(**(defaults | fields))


@pytest.fixture
def staff(db):
    """A small organisation with two units of the same name, a PPPK, tricky text and a chain of supervisors."""
    dinas_a, dinas_b = OrgUnitFactory(name="Dinas Alpha"), OrgUnitFactory(name="Dinas Beta")
    umum_a = OrgUnitFactory(name="Subbagian Umum", parent=dinas_a)
    umum_b = OrgUnitFactory(name="Subbagian Umum", parent=dinas_b)
    head = person(1, unit=dinas_a, gelar_depan="Dr.", jabatan="Kepala Dinas", jabatan_kind=JabatanKind.JPT_PRATAMA)
    staff = [
        head,
        person(2, unit=umum_a, supervisor=head, work_phone="+62 711 350", work_email="dua@example.go.id"),
        person(3, unit=umum_b, name='=HYPERLINK("http://x")', jabatan='Analis, Data; "Ahli"'),
        person(4, unit=dinas_b, employment_type=EmploymentType.PPPK, golongan="IX", tmt_cpns=None),
        person(5, unit=umum_b, name="Sité Ñúñez", golongan="", employment_type=EmploymentType.PPPK_PARUH_WAKTU),
    ]
    staff[2].supervisor = staff[3]
    staff[2].save()
    return staff


def reimport(admin_user, content: bytes, name: str) -> dict:
    employee_import = employee_import_create(actor=admin_user, uploaded_file=SimpleUploadedFile(name, content))
    assert employee_import.errors == []
    return employee_import_apply(actor=admin_user, employee_import=employee_import)


def test_rows_have_the_import_columns_and_only_the_listed_fields(staff):
    rows = list(exporting.employees_to_rows(Employee.objects.order_by("nip")))
    assert rows[0] == HEADER
    head = next(row for row in rows if row[0] == staff[0].nip)
    expected = [staff[0].nip, staff[0].name, "Dr.", "S.Kom.", "P", "III/a", "Kepala Dinas", "JPT Pratama"]
    assert head == [*expected, "Dinas Alpha", "", "PNS", "", ""]
    units = {row[0]: row[8] for row in rows[1:]}
    assert units[staff[1].nip] == "Dinas Alpha > Subbagian Umum"
    assert units[staff[2].nip] == "Dinas Beta > Subbagian Umum"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_export_imports_back_to_nothing_changed(staff, admin_user, kind):
    rows = exporting.employees_to_rows(Employee.objects.all())
    content = exporting.write_csv(rows) if kind == "csv" else exporting.write_xlsx(rows)
    stamps = dict(Employee.objects.values_list("nip", "updated_at"))

    counts = reimport(admin_user, content, f"ekspor.{kind}")

    assert counts == {"created": 0, "updated": 0, "unchanged": len(staff), "skipped": 0}
    assert dict(Employee.objects.values_list("nip", "updated_at")) == stamps


def test_an_export_recreates_the_employees_elsewhere(staff, admin_user):
    content = exporting.write_xlsx(exporting.employees_to_rows(Employee.objects.all()))
    before = {
        e.nip: (e.name, e.unit_id, e.supervisor_id and e.supervisor.nip, e.golongan) for e in Employee.objects.all()
    }
    Employee.objects.update(supervisor=None)
    Employee.objects.all().delete()

    assert reimport(admin_user, content, "ekspor.xlsx")["created"] == len(staff)

    after = {
        e.nip: (e.name, e.unit_id, e.supervisor_id and e.supervisor.nip, e.golongan) for e in Employee.objects.all()
    }
    assert after == before


def test_csv_is_utf8_with_bom_and_defuses_formulas(staff):
    content = exporting.write_csv(exporting.employees_to_rows(Employee.objects.all()))
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    names = {row[1] for row in rows}
    assert '\'=HYPERLINK("http://x")' in names and "Sité Ñúñez" in names
    assert any(row[12] == "+62 711 350" for row in rows)


def test_xlsx_stores_every_cell_as_text(staff):
    content = exporting.write_xlsx(exporting.employees_to_rows(Employee.objects.all()))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [cell.value for cell in sheet[1]] == HEADER
    for cells in sheet.iter_rows(min_row=2):
        assert cells[0].data_type == "s" and len(cells[0].value) == 18
    assert any(cells[1].value == '=HYPERLINK("http://x")' and cells[1].data_type == "s" for cells in sheet.iter_rows())


@pytest.mark.parametrize("size", [3, 60])
def test_export_makes_two_queries(db, size, django_assert_num_queries):
    unit = OrgUnitFactory()
    for n in range(size):
        person(n, unit=unit)
    with django_assert_num_queries(2):
        rows = list(exporting.employees_to_rows(Employee.objects.all()))
    assert len(rows) == size + 1
