"""A dashboard table: shown as HTML (the data behind a chart) and exported as XLSX, from one object.

Cells keep their Python type: numbers stay numbers in the XLSX (and are formatted for the active
language in HTML), text is always written as text, so a name starting with "=" never becomes a
formula in the spreadsheet.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


@dataclass
class DataTable:
    """``key`` names the table in export URLs (``?xlsx=<key>``); ``columns`` are the header labels;
    ``rows`` hold plain values (str, int, float, Decimal, None); ``total`` an optional last row."""

    key: str
    title: str
    columns: Sequence[str]
    rows: list[list] = field(default_factory=list)
    total: list | None = None

    @property
    def all_rows(self) -> list[list]:
        return [*self.rows, self.total] if self.total else list(self.rows)


def _cell_value(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def xlsx_bytes(tables: Sequence[DataTable]) -> bytes:
    """One sheet per table, header frozen and bold."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(_SHEET_NAME_BAD.sub(" ", str(table.title))[:31] or table.key)
        sheet.freeze_panes = "A2"
        header = []
        for label in table.columns:
            cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(label)))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in table.all_rows:
            cells = []
            for value in row:
                value = _cell_value(value)
                if value is None:
                    value = ""
                if isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                    cell.data_type = "s"
                else:
                    cell = WriteOnlyCell(sheet, value=value)
                cells.append(cell)
            sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(tables: Sequence[DataTable], *, filename: str) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(tables), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "tabel"}.xlsx"'
    return response


def find(tables: Sequence[DataTable], key: str | None) -> DataTable | None:
    return next((table for table in tables if table.key == key), None)
