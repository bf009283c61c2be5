"""The download tables as an XLSX workbook (one sheet per kind of document), and the names a
downloaded PDF gets. openpyxl's write-only mode keeps memory flat for 20,000 rows."""

import io
import re

from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from . import selectors
from .models import GeneratedReport, ReportKind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEETS = {ReportKind.EMPLOYEE: "Pegawai", ReportKind.UNIT: "Unit kerja", ReportKind.CITY: "Pemerintah daerah"}
HEADER = {
    ReportKind.EMPLOYEE: ["NIP", "Nama", "Unit kerja", "Periode", "Kode verifikasi", "Dibuat", "Ukuran (byte)"],
    ReportKind.UNIT: ["Unit kerja", "Unit induk", "Periode", "Kode verifikasi", "Dibuat", "Ukuran (byte)"],
    ReportKind.CITY: ["Pemerintah daerah", "Periode", "Kode verifikasi", "Dibuat", "Ukuran (byte)"],
}
# Text a spreadsheet would run as a formula.
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or "dokumen"


def download_name(report: GeneratedReport) -> str:
    """``laporan-kinerja-<nip>-november-2026.pdf`` and the like: no spaces, nothing from the path."""
    if report.kind == ReportKind.EMPLOYEE:
        who = report.employee.nip
    elif report.kind == ReportKind.UNIT:
        who = f"unit-{slug(report.unit.short_name or report.unit.name)[:60]}"
    else:
        who = "ringkasan"
    return f"laporan-kinerja-{who}-{slug(report.period.label)}.pdf"


def _cell(value):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return f"'{value}" if _FORMULA.match(value) else value
    return value


def _row(report: GeneratedReport, base_url: str) -> list:
    made = timezone.localtime(report.generated_at).replace(tzinfo=None)
    tail = [report.period.label, report.code, made, report.size]
    link = base_url.rstrip("/") + reverse("reports:report-download", args=[report.pk])
    if report.kind == ReportKind.EMPLOYEE:
        return [report.employee.nip, report.employee.full_name, report.employee.unit.name, *tail, link]
    if report.kind == ReportKind.UNIT:
        return [report.unit.name, getattr(report.unit.parent, "name", ""), *tail, link]
    return [report.subject, *tail, link]


def workbook(period, *, search: str = "", base_url: str = "/") -> bytes:
    """The period's documents, one sheet per kind, each row with its download link."""
    book = Workbook(write_only=True)
    for kind, title in SHEETS.items():
        sheet = book.create_sheet(title)
        sheet.append([*HEADER[kind], "Unduh"])
        if period is None:
            continue
        rows = selectors.download_table(period, kind, search=search).select_related("unit__parent")
        for report in rows.iterator(chunk_size=2000):
            sheet.append([_cell(value) for value in _row(report, base_url)])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
