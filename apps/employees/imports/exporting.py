"""Employees as a table with the import's columns, written as CSV or XLSX.

An export imports back to "nothing changed": same headers, the unit written so that it resolves to
the same unit (its name, or "Unit induk > Nama" where several units share the name), Indonesian
labels whatever the user's language. Only the fields below leave the system.
"""

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator

from django.utils import translation
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from ..models import EmploymentType, JabatanKind, OrgUnit
from .parsing import label

EXPORT_FIELDS = [
    "nip",
    "name",
    "gelar_depan",
    "gelar_belakang",
    "gender",
    "golongan",
    "jabatan",
    "jabatan_kind",
    "unit",
    "supervisor_nip",
    "employment_type",
    "email",
    "phone",
]
HEADER = [label(name) for name in EXPORT_FIELDS]
_VALUES = [
    "nip",
    "name",
    "gelar_depan",
    "gelar_belakang",
    "gender",
    "golongan",
    "jabatan",
    "jabatan_kind",
    "unit__name",
    "unit__parent__name",
    "supervisor__nip",
    "employment_type",
    "work_email",
    "work_phone",
]
# Text a spreadsheet would run as a formula; a number such as "+62 811 ..." or "-" is harmless.
_FORMULA = re.compile(r"^(?:[=@\t\r]|[+-](?![\d\s()\-./]*$))")


def employees_to_rows(queryset) -> Iterator[list[str]]:
    """The header, then one row per employee of ``queryset`` (in its order). Two queries."""
    shared_names = {
        name for name, count in Counter(OrgUnit.objects.values_list("name", flat=True)).items() if count > 1
    }
    with translation.override("id"):
        jabatan_kinds = {choice.value: str(choice.label) for choice in JabatanKind}
        employment_types = {choice.value: str(choice.label) for choice in EmploymentType}
    yield list(HEADER)
    for row in queryset.values_list(*_VALUES).iterator(chunk_size=2000):
        nip, name, depan, belakang, gender, golongan, jabatan, kind, unit, parent, supervisor, etype, email, phone = row
        if unit in shared_names and parent:
            unit = f"{parent} > {unit}"
        yield [
            nip,
            name,
            depan,
            belakang,
            gender,
            golongan,
            jabatan,
            jabatan_kinds.get(kind, kind),
            unit,
            supervisor or "",
            employment_types.get(etype, etype),
            email,
            phone,
        ]


def _csv_safe(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if _FORMULA.match(text) else text


def write_csv(rows: Iterable[list]) -> bytes:
    """UTF-8 with BOM (so Excel reads it as UTF-8), comma-separated; formula-like text gets a
    leading apostrophe, which the import removes again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_safe(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: Iterable[list], *, title: str = "Pegawai") -> bytes:
    """One sheet, every cell stored as text (a NIP never becomes a rounded number, and text that
    starts with '=' never becomes a formula), the header row frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    for index, row in enumerate(rows):
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", "" if value is None else str(value)))
            cell.data_type = "s"
            if index == 0:
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
