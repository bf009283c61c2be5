"""The city's JP coverage for BKPSDM admins and leaders ("reports.read_city"): the table per
perangkat daerah, its XLSX download, and the list of PPPK above the ceiling."""

import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from apps.core import access

from . import coverage as selectors


def _year(request) -> int:
    today = timezone.localdate().year
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return today
    return year if 2000 <= year <= 2100 else today


def _unit_id(request) -> int | None:
    try:
        return int(request.GET.get("unit", ""))
    except ValueError:
        return None


@access.action_required("reports.read_city")
def coverage(request):
    year = _year(request)
    context = {"year": year, "years": range(timezone.localdate().year, 2019, -1), **selectors.city_coverage(year=year)}
    return render(request, "trainings/coverage.html", context)


@access.action_required("reports.read_city")
def coverage_export(request):
    """The same table as XLSX: numbers as numbers, names always as text (never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    year = _year(request)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(f"Cakupan JP {year}")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    rows = selectors.coverage_rows_for_export(selectors.city_coverage(year=year))
    for index, row in enumerate(rows):
        cells = []
        for value in row:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
                cell.data_type = "s"
            else:
                cell = WriteOnlyCell(sheet, value=value)
            if index in (0, len(rows) - 1):  # the header and the city's total
                cell.font = bold
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="cakupan-jp-{year}.xlsx"'
    return response


@access.action_required("reports.read_city")
def pppk_over_ceiling(request):
    year = _year(request)
    context = {"year": year, **selectors.pppk_over_ceiling(year=year, unit_id=_unit_id(request))}
    return render(request, "trainings/coverage_pppk.html", context)
