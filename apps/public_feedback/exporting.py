"""The staff complaint list as XLSX, for monitoring: what, where, how far, how fast.

Privacy (UU 27/2022, DOMAIN.md "Complaints"): no column holds contact data or who reported, and
nothing of the complaint's text (a description may carry names and numbers). A rahasia complaint
keeps only its reference, status and unit; every other cell is left empty. Cells are written as
text that never turns into a formula (``employees.imports.exporting.write_xlsx``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import override

from apps.core.workdays import WorkCalendar
from apps.employees.imports.exporting import write_xlsx

from .models import Complaint, ComplaintKind, ComplaintStatus
from .services import deadlines

HEADER = [
    "Nomor",
    "Status",
    "Unit kerja",
    "Jenis",
    "Layanan",
    "Diterima",
    "Batas waktu berjalan",
    "Keterangan batas",
    "Diteruskan",
    "Ditanggapi",
    "Ditutup",
    "Dibuka kembali",
    "Penilaian pelapor",
    "Rahasia",
]
# only these fields are read from the database: contact data cannot leak by accident
FIELDS = (
    "pk",
    "reference",
    "status",
    "kind",
    "is_confidential",
    "submitted_at",
    "routed_at",
    "responded_at",
    "closed_at",
    "verify_due",
    "follow_up_due",
    "auto_close_due",
    "reopen_count",
    "rating",
    "handling_unit__name",
    "unit__name",
    "service__name",
)


def _day(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return value.strftime("%Y-%m-%d")


def complaint_rows(queryset, *, today: datetime.date | None = None) -> Iterator[list[str]]:
    """The header, then one row per complaint of ``queryset`` (in its order): one query for the
    rows, one for the holidays."""
    today = today or timezone.localdate()
    with override("id"):
        statuses = {choice.value: str(choice.label) for choice in ComplaintStatus}
        kinds = {choice.value: str(choice.label) for choice in ComplaintKind}
    calendar = WorkCalendar()
    calendar.load(today - datetime.timedelta(days=400), today + datetime.timedelta(days=120))
    yield list(HEADER)
    for row in queryset.order_by().order_by("submitted_at", "pk").values(*FIELDS).iterator(chunk_size=2000):
        unit = row["handling_unit__name"] or row["unit__name"] or ""
        if row["is_confidential"]:
            yield [row["reference"], statuses.get(row["status"], row["status"]), unit] + [""] * 10 + ["ya"]
            continue
        complaint = Complaint(**{k: row[k] for k in ("status", "verify_due", "follow_up_due", "auto_close_due")})
        deadline = deadlines.deadline_of(complaint, today=today, calendar=calendar)
        with override("id"):
            label = deadline.label if deadline else ""
        yield [
            row["reference"],
            statuses.get(row["status"], row["status"]),
            unit,
            kinds.get(row["kind"], row["kind"]),
            row["service__name"] or "",
            _day(row["submitted_at"]),
            _day(deadline.due) if deadline else "",
            label,
            _day(row["routed_at"]),
            _day(row["responded_at"]),
            _day(row["closed_at"]),
            str(row["reopen_count"]),
            str(row["rating"] or ""),
            "tidak",
        ]


def complaints_xlsx(rows: Iterable[list[str]]) -> bytes:
    return write_xlsx(rows, title="Pengaduan")


def download_name(today: datetime.date | None = None) -> str:
    return f"pengaduan-{(today or timezone.localdate()).isoformat()}.xlsx"
