"""Writes of the employee import: read and check an upload, then apply it (audited, all or nothing)."""

import itertools

import pghistory
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.uploads import display_name

from ..models import Employee
from . import parsing
from .models import PREVIEW_LIFETIME, EmployeeImport
from .plan import Plan, make_plan
from .validation import EMPLOYEE_FIELDS, Validation, rows_to_apply, validate_rows

BATCH_SIZE = 1000
PREVIEW_ROWS = 50
MAX_LEVELS = 12  # supervisor chains among new employees deeper than this are linked afterwards
# What an upsert overwrites on an existing NIP (never created_at, user, is_active or tmt_jabatan).
UPSERT_FIELDS = [name.removesuffix("_id") for name in EMPLOYEE_FIELDS] + ["supervisor", "updated_at"]


class ImportRefused(Exception):
    """The import cannot be applied as asked; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _preview_rows(rows: list[dict], errors: list[dict]) -> list[dict]:
    invalid = {error["row"] for error in errors}
    return list(itertools.islice((row for row in rows if row["row"] not in invalid), PREVIEW_ROWS))


def _summary(validation: Validation) -> dict:
    rows = rows_to_apply(validation)
    plan = make_plan(validation, rows)
    total, valid = len(validation.rows), len(validation.rows) - len(validation.invalid_rows)
    return {
        "rows": total,
        "valid": valid,
        "invalid": len(validation.invalid_rows),
        "dependent": valid - len(rows),  # valid, but skipped with "only valid rows" (their supervisor is not)
        "create": len(plan.create),
        "update": len(plan.update),
        "unchanged": plan.unchanged,
    }


def employee_import_create(*, actor, uploaded_file) -> EmployeeImport:
    """Read and check an uploaded CSV/XLSX and store it for preview. Never writes an employee.

    A file that cannot be read at all is stored with status ``failed`` and one error (row None).
    Imports older than ``PREVIEW_LIFETIME`` lose their stored rows here (their counts stay).
    """
    EmployeeImport.objects.filter(created_at__lt=timezone.now() - PREVIEW_LIFETIME).exclude(rows=[]).update(rows=[])
    file_name = display_name(getattr(uploaded_file, "name", ""), fallback="impor")  # shown on the preview
    try:
        parsed = parsing.parse_upload(uploaded_file)
        if not parsed.rows:
            raise parsing.ImportFileError(_("Berkas tidak berisi baris data di bawah baris judul."))
    except parsing.ImportFileError as exc:
        return EmployeeImport.objects.create(
            uploaded_by=actor,
            file_name=file_name,
            status=EmployeeImport.Status.FAILED,
            errors=[{"row": None, "column": "", "message": exc.message}],
        )
    validation = validate_rows(parsed.rows, parsed.columns)
    return EmployeeImport.objects.create(
        uploaded_by=actor,
        file_name=file_name,
        file_kind=parsed.kind,
        columns=parsed.columns,
        ignored_columns=parsed.ignored_columns,
        rows=parsed.rows,
        errors=validation.errors,
        summary=_summary(validation),
        preview_rows=_preview_rows(parsed.rows, validation.errors),
    )


def employee_import_apply(*, actor, employee_import: EmployeeImport, only_valid_rows: bool = False) -> dict:
    """Write the import's rows in one transaction and return the counts.

    1. Claim the import with a conditional UPDATE (status preview -> applied, not expired), so it
       is applied once even when confirmed twice at the same moment.
    2. Check the stored rows again against the database as it is now. If the errors differ from
       the preview's, store the new ones, put the import back to preview, and refuse: the admin
       confirms only what they have seen.
    3. Refuse when rows have errors, unless ``only_valid_rows``: then those rows are skipped, and so
       are rows whose supervisor would not exist or that would close a supervisor cycle.
    4. Upsert the new and changed employees keyed on NIP (unchanged ones are not written at all),
       supervisors before their subordinates (see ``_write``).
    """
    now = timezone.now()
    changed = False
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="employee_import"):
        claimed = EmployeeImport.objects.filter(
            pk=employee_import.pk,
            status=EmployeeImport.Status.PREVIEW,
            created_at__gt=now - PREVIEW_LIFETIME,
        ).update(status=EmployeeImport.Status.APPLIED, applied_at=now)
        if not claimed:
            raise ImportRefused(_("Impor ini sudah diterapkan, gagal dibaca, atau sudah kedaluwarsa."))
        validation = validate_rows(employee_import.rows, employee_import.columns)
        previous = {(error["row"], error["column"]) for error in employee_import.errors}
        if validation.error_keys() != previous:
            changed = True
            employee_import.errors = validation.errors
            employee_import.summary = _summary(validation)
            employee_import.preview_rows = _preview_rows(employee_import.rows, validation.errors)
            employee_import.status = EmployeeImport.Status.PREVIEW
            employee_import.applied_at = None
            fields = ["errors", "summary", "preview_rows", "status", "applied_at", "updated_at"]
            employee_import.save(update_fields=fields)
        elif validation.errors and not only_valid_rows:
            raise ImportRefused(
                _("Ada %(n)d baris bermasalah. Perbaiki berkasnya, atau pilih 'Impor hanya baris yang valid'.")
                % {"n": len(validation.invalid_rows)}
            )
        else:
            rows = rows_to_apply(validation)
            plan = make_plan(validation, rows)
            _write(plan, validation, now)
            counts = {
                "created": len(plan.create),
                "updated": len(plan.update),
                "unchanged": plan.unchanged,
                "skipped": len(validation.rows) - len(rows),
            }
            EmployeeImport.objects.filter(pk=employee_import.pk).update(
                created_count=counts["created"],
                updated_count=counts["updated"],
                unchanged_count=counts["unchanged"],
                skipped_count=counts["skipped"],
            )
    if changed:
        raise ImportRefused(
            _("Data pegawai berubah sejak pratinjau dibuat. Periksa lagi daftar kesalahan di bawah, lalu konfirmasi.")
        )
    employee_import.refresh_from_db()
    return counts


def _levels(plan: Plan) -> list[list]:
    """The changes in writing order: level 0 has no supervisor among the new employees, level k+1
    reports to a new employee of level k. Levels past MAX_LEVELS are written last, together."""
    new = {change.nip: change for change in plan.create}
    level: dict[str, int] = {}

    def level_of(change) -> int:
        chain, seen, supervisor = [], set(), change.supervisor_nip
        while supervisor in new and supervisor not in level and supervisor not in seen:  # no cycles, but be safe
            chain.append(supervisor)
            seen.add(supervisor)
            supervisor = new[supervisor].supervisor_nip
        depth = level.get(supervisor, -1)
        for nip in reversed(chain):
            depth += 1
            level[nip] = depth
        return depth + 1

    levels: list[list] = [[] for _ in range(MAX_LEVELS + 1)]
    for change in plan.changes:
        levels[min(level_of(change), MAX_LEVELS)].append(change)
    return [changes for changes in levels if changes]


def _write(plan: Plan, validation: Validation, now) -> None:
    """Upsert level by level, so that each new employee is written once with their supervisor
    already in place (one history event each); a chain deeper than MAX_LEVELS gets its remaining
    supervisors in one UPDATE at the end."""
    id_by_nip = {nip: employee.id for nip, employee in validation.existing.items()}
    later = []
    for changes in _levels(plan):
        objects = []
        for change in changes:
            supervisor_id = id_by_nip.get(change.supervisor_nip) if change.supervisor_nip else None
            if change.supervisor_nip and supervisor_id is None:  # deeper than MAX_LEVELS
                later.append(change)
                existing = change.existing
                supervisor_id = id_by_nip.get(existing.supervisor_nip) if existing and existing.supervisor_nip else None
            objects.append(Employee(nip=change.nip, supervisor_id=supervisor_id, **change.values))
        saved = Employee.objects.bulk_create(
            objects,
            batch_size=BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["nip"],
            update_fields=UPSERT_FIELDS,
        )
        id_by_nip.update({employee.nip: employee.pk for employee in saved})
    if later:
        # One UPDATE ... FROM unnest() rather than bulk_update's CASE per row (far slower at scale).
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                UPDATE {Employee._meta.db_table} AS e SET supervisor_id = v.supervisor_id, updated_at = %s
                FROM (SELECT unnest(%s::bigint[]) AS id, unnest(%s::bigint[]) AS supervisor_id) AS v
                WHERE e.id = v.id
                """,  # noqa: S608 - the table name is ours, the values are parameters
                [now, [id_by_nip[c.nip] for c in later], [id_by_nip[c.supervisor_nip] for c in later]],
            )
