"""Writes of the reports: storing rendered PDFs (one row per kind, scope and period), a batch's
failures and progress, starting a batch, on-demand requests.

Files are immutable: every rendering gets a new server-made name (with its new verification
code), the row is switched to it in one transaction, and the old file is deleted after commit. A
download that started before a re-render therefore never reads half a file. A task killed
between saving a file and committing its row leaves an unreferenced file behind, which the next
task of the same unit removes (``orphans_remove``).
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import outbox

from ..models import Evaluation, EvaluationPeriod
from . import selectors
from .models import BatchStatus, GeneratedReport, ReportBatch, ReportBatchFailure, ReportKind, ReportRequest

# An unreferenced file younger than this may belong to a task that has not committed yet.
ORPHAN_AGE = datetime.timedelta(minutes=10)


class StaleRun(Exception):
    """The batch was started again (or removed): work of the older run stops."""


def new_code() -> str:
    """An unguessable verification code: 16 URL-safe characters (96 random bits)."""
    return secrets.token_urlsafe(12)


def folder_for(period: EvaluationPeriod, unit_id: int | None) -> str:
    """Where a period's documents of one unit live (the city summary: the period's folder)."""
    base = f"reports/{period.year}/{period.pk}"
    return f"{base}/{unit_id}" if unit_id else base


@dataclass
class Rendered:
    """A PDF made for one scope of one period, before it is stored."""

    kind: str
    period: EvaluationPeriod
    pdf: bytes
    code: str
    generated_at: datetime.datetime
    employee_id: int | None = None
    unit_id: int | None = None  # the scope of a unit document
    folder_unit_id: int | None = None  # the unit whose folder holds the file

    @property
    def key(self) -> str:
        if self.kind == ReportKind.EMPLOYEE:
            return f"employee:{self.employee_id}"
        return f"unit:{self.unit_id}" if self.kind == ReportKind.UNIT else "city"

    @property
    def scope(self) -> int | None:
        return self.employee_id if self.kind == ReportKind.EMPLOYEE else self.unit_id

    def file_name(self) -> str:
        prefix = {ReportKind.EMPLOYEE: "e", ReportKind.UNIT: "u", ReportKind.CITY: "city"}[self.kind]
        return f"{folder_for(self.period, self.folder_unit_id)}/{prefix}{self.scope or ''}-{self.code}.pdf"


def _existing(items: list[Rendered]) -> dict[int | None, GeneratedReport]:
    """The rows these items replace, locked until commit."""
    first = items[0]
    rows = GeneratedReport.objects.select_for_update().filter(kind=first.kind, period=first.period)
    if first.kind == ReportKind.EMPLOYEE:
        rows = rows.filter(employee_id__in=[item.employee_id for item in items])
    elif first.kind == ReportKind.UNIT:
        rows = rows.filter(unit_id__in=[item.unit_id for item in items])
    return {row.employee_id if first.kind == ReportKind.EMPLOYEE else row.unit_id: row for row in rows}


def reports_store(items: list[Rendered], *, batch: ReportBatch | None = None, run: int | None = None):
    """Save the files and switch the rows to them, all items in one transaction; with ``batch``,
    count the documents this run had not made yet (once each, however often they are rendered)
    and clear their failures. Raises StaleRun (and keeps nothing) when the batch has moved on."""
    if not items:
        return []
    assert len({(item.kind, item.period.pk) for item in items}) == 1, "one kind and period per call"
    saved = []
    try:
        for item in items:
            saved.append(default_storage.save(item.file_name(), ContentFile(item.pdf)))
        with transaction.atomic():
            rows = _store_rows(items, saved, batch=batch, run=run)
    except BaseException:
        for name in saved:
            default_storage.delete(name)
        raise
    return rows


def _store_rows(items, names, *, batch, run):
    existing = _existing(items)
    created, updated, replaced, newly = [], [], [], 0
    fields = ["file", "code", "sha256", "size", "generated_at", "updated_at"]
    for item, name in zip(items, names, strict=True):
        row = existing.get(item.scope)
        if row is None:
            row = GeneratedReport(
                kind=item.kind, period=item.period, employee_id=item.employee_id, unit_id=item.unit_id
            )
            created.append(row)
            newly += batch is not None
        else:
            replaced.append(row.file.name)
            updated.append(row)
            newly += batch is not None and (row.batch_id, row.batch_run) != (batch.pk, run)
        row.file.name, row.code, row.size = name, item.code, len(item.pdf)
        row.sha256, row.generated_at, row.updated_at = (
            hashlib.sha256(item.pdf).hexdigest(),
            item.generated_at,
            timezone.now(),
        )
        if batch is not None:
            row.batch, row.batch_run = batch, run
    if updated:
        GeneratedReport.objects.bulk_update(updated, fields + (["batch", "batch_run"] if batch else []))
    if created:
        GeneratedReport.objects.bulk_create(created)
    if batch is not None:
        cleared, _kinds = ReportBatchFailure.objects.filter(
            batch=batch, run=run, key__in=[item.key for item in items]
        ).delete()
        _progress(batch, run, done=newly, failed=-cleared)
    old = [name for name in replaced if name and name not in names]
    transaction.on_commit(lambda: [default_storage.delete(name) for name in old])
    return created + updated


def _progress(batch: ReportBatch, run: int, *, done: int = 0, failed: int = 0) -> None:
    """Move the counters of the current run (atomic F() updates); finish the batch once every
    document is either done or failed."""
    batches = ReportBatch.objects.filter(pk=batch.pk, run=run)
    if not batches.update(done=F("done") + done, failed=F("failed") + failed, updated_at=Now()):
        raise StaleRun(f"batch {batch.pk} is no longer on run {run}")
    batches.filter(status=BatchStatus.RUNNING, done__gte=F("total") - F("failed")).update(
        status=BatchStatus.FINISHED, finished_at=Now()
    )


def failures_record(batch: ReportBatch, run: int, entries: list[dict]) -> int:
    """Record documents of this run that could not be made: dicts of kind, key, employee_id,
    unit_id and reason. A document already recorded counts once (its attempts go up)."""
    if not entries:
        return 0
    with transaction.atomic():
        keys = [entry["key"] for entry in entries]
        known = set(
            ReportBatchFailure.objects.select_for_update()
            .filter(batch=batch, run=run, key__in=keys)
            .values_list("key", flat=True)
        )
        for entry in entries:
            if entry["key"] in known:
                ReportBatchFailure.objects.filter(batch=batch, run=run, key=entry["key"]).update(
                    reason=entry["reason"][:2000], attempts=F("attempts") + 1
                )
        fresh = [ReportBatchFailure(batch=batch, run=run, **entry) for entry in entries if entry["key"] not in known]
        ReportBatchFailure.objects.bulk_create(fresh)
        _progress(batch, run, failed=len(fresh))
    return len(fresh)


def orphans_remove(period: EvaluationPeriod, unit_id: int | None, *, now=None) -> int:
    """Delete files in the unit's folder that no row references and that are older than
    ORPHAN_AGE (left by a task that was killed before it committed)."""
    folder = folder_for(period, unit_id)
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    names = [f"{folder}/{name}" for name in files if name.endswith(".pdf")]
    referenced = set(GeneratedReport.objects.filter(file__in=names).values_list("file", flat=True))
    cutoff, removed = (now or timezone.now()) - ORPHAN_AGE, 0
    for name in names:
        if name not in referenced and default_storage.get_modified_time(name) < cutoff:
            default_storage.delete(name)
            removed += 1
    return removed


# --- Starting a batch ------------------------------------------------------------------------------
def batch_start(*, actor, period: EvaluationPeriod) -> ReportBatch:
    """Start (or start again) the report batch of a period: a new run with its counters at zero.
    The dispatcher goes through the outbox, so a Redis outage delays the batch, never loses it."""
    with transaction.atomic():
        batch, created = ReportBatch.objects.select_for_update().get_or_create(period=period)
        if not created:
            batch.run += 1
        batch.status, batch.total, batch.done, batch.failed, batch.units = BatchStatus.PENDING, 0, 0, 0, []
        batch.started_by = actor if getattr(actor, "is_authenticated", False) else None
        batch.started_at, batch.finished_at = timezone.now(), None
        batch.save()
        ReportBatchFailure.objects.filter(batch=batch).exclude(run=batch.run).delete()
        outbox.enqueue("apps.evaluations.reports.tasks.batch_dispatch", batch_id=batch.pk, run=batch.run)
    return batch


def batch_current(batch_id: int, run: int) -> ReportBatch:
    batch = ReportBatch.objects.select_related("period").filter(pk=batch_id, run=run).first()
    if batch is None:
        raise StaleRun(f"batch {batch_id} run {run} is gone")
    return batch


# --- On demand -------------------------------------------------------------------------------------
def report_request_create(*, actor, evaluation: Evaluation) -> ReportRequest:
    """Ask for the PDF of an evaluation in one's scope (the view loads it through the scope).
    Asking again while one is being made returns that request."""
    if evaluation.status not in selectors.FINALISED:
        raise ValidationError(_("Laporan hanya dibuat untuk evaluasi yang sudah difinalkan."))
    with transaction.atomic():
        waiting = ReportRequest.objects.filter(
            requested_by=actor, evaluation=evaluation, status__in=["pending", "running"]
        ).first()
        if waiting is not None:
            return waiting
        request = ReportRequest.objects.create(requested_by=actor, evaluation=evaluation)
        outbox.enqueue("apps.evaluations.reports.tasks.report_request_render", request_id=request.pk)
    return request


def report_request_claim(request_id: int) -> ReportRequest | None:
    """Mark a request as being made; None when it is already finished (a redelivered task)."""
    claimed = ReportRequest.objects.filter(pk=request_id, status__in=["pending", "running"]).update(
        status="running", updated_at=Now()
    )
    if not claimed:
        return None
    return ReportRequest.objects.select_related("evaluation").get(pk=request_id)


def report_request_finish(request: ReportRequest, *, report=None, error: str = "") -> None:
    ReportRequest.objects.filter(pk=request.pk).update(
        status="failed" if error else "done", report=report, error=error[:2000], finished_at=Now(), updated_at=Now()
    )
