"""Bulk import of employees from CSV/XLSX: upload -> preview -> confirm (BKPSDM admins only)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apps.core import access

from .imports import exporting, selectors, services
from .imports.forms import ImportConfirmForm, ImportUploadForm
from .imports.models import EmployeeImport
from .imports.parsing import FIELDS, REQUIRED_FIELDS, label

PREVIEW_ERRORS = 1000
PREVIEW_FIELDS = ["nip", "name", "golongan", "jabatan", "unit", "supervisor_nip"]


@access.action_required("admin.manage")
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        employee_import = services.employee_import_create(actor=request.user, uploaded_file=form.cleaned_data["file"])
        if employee_import.status != EmployeeImport.Status.FAILED:
            return redirect("employees:import-preview", uuid=employee_import.uuid)
        for error in employee_import.file_errors:
            form.add_error("file", error["message"])
    fields = [
        {"label": label(name), "aliases": aliases[1:], "required": name in REQUIRED_FIELDS}
        for name, (_label, aliases) in FIELDS.items()
    ]
    context = {"form": form, "fields": fields}
    return render(request, "employees/import_upload.html", context, status=400 if form.errors else 200)


@access.action_required("admin.manage")
@require_GET
def import_preview(request, uuid):
    employee_import = selectors.employee_import_get_for(request.user, uuid)
    return _preview(request, employee_import, ImportConfirmForm())


@access.action_required("admin.manage")
@require_POST
def import_confirm(request, uuid):
    employee_import = selectors.employee_import_get_for(request.user, uuid)
    form = ImportConfirmForm(request.POST)
    form.is_valid()  # one optional checkbox: always valid
    try:
        counts = services.employee_import_apply(
            actor=request.user,
            employee_import=employee_import,
            only_valid_rows=form.cleaned_data.get("only_valid_rows", False),
        )
    except services.ImportRefused as exc:
        form.add_error(None, exc.message)
        employee_import = selectors.employee_import_get_for(request.user, uuid)
        return _preview(request, employee_import, form, status=400)
    messages.success(
        request,
        _("Impor selesai: %(created)d dibuat, %(updated)d diubah, %(unchanged)d tidak berubah, %(skipped)d dilewati.")
        % counts,
    )
    return redirect("employees:import-preview", uuid=employee_import.uuid)


@access.action_required("admin.manage")
@require_GET
def import_template(request):
    """A CSV with the import's header and one example row."""
    example = [
        "198609262015051001",
        "Ahmad Saputra",
        "",
        "S.Kom.",
        "L",
        "III/b",
        "Pranata Komputer Ahli Pertama",
        "Fungsional",
        "Dinas Komunikasi dan Informatika",
        "",
        "PNS",
        "ahmad.saputra@example.go.id",
        "0711 123456",
    ]
    return _attachment(exporting.write_csv([exporting.HEADER, example]), "templat-impor-pegawai.csv", "text/csv")


@access.action_required("admin.manage")
@require_GET
def import_errors(request, uuid):
    """Every error of an import as CSV (the page shows the first ``PREVIEW_ERRORS``)."""
    employee_import = selectors.employee_import_get_for(request.user, uuid)
    rows = [[_("BARIS"), _("KOLOM"), _("PESAN")]]
    rows += [[error["row"] or "", error["column"], error["message"]] for error in employee_import.errors]
    return _attachment(exporting.write_csv(rows), f"kesalahan-impor-{employee_import.uuid}.csv", "text/csv")


def _attachment(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _preview(request, employee_import: EmployeeImport, form, status=200):
    fields = [name for name in PREVIEW_FIELDS if name in employee_import.columns]
    headers = [employee_import.columns[name] for name in fields]
    valid_rows = [
        {
            "row": row["row"],
            "cells": [(header, row.get(name, "")) for header, name in zip(headers, fields, strict=True)],
        }
        for row in employee_import.preview_rows
    ]
    context = {
        "employee_import": employee_import,
        "summary": employee_import.summary,
        "errors": employee_import.row_errors[:PREVIEW_ERRORS],
        "more_errors": max(0, len(employee_import.row_errors) - PREVIEW_ERRORS),
        "headers": headers,
        "valid_rows": valid_rows,
        "form": form,
    }
    return render(request, "employees/import_preview.html", context, status=status)
