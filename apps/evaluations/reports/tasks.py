"""Celery tasks of the reports. Each takes ids, loads, calls ``batch`` or ``services``, and owns
its retries. All are safe twice: documents are unique per scope and period, a run counts each
document once, and a unit task skips what its run already made (so a task redelivered after its
worker was killed resumes where the last committed chunk ended)."""

import contextlib
import datetime
import logging

from celery import shared_task
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import EvaluationPeriod, PeriodKind
from . import batch as batches
from . import services
from .models import ReportBatch
from .services import StaleRun

log = logging.getLogger(__name__)
MAX_RETRIES = 3


def _countdown(retries: int) -> int:
    return 30 * 2**retries  # 30 s, 60 s, 120 s


@shared_task(bind=True, max_retries=MAX_RETRIES, time_limit=10 * 60, soft_time_limit=9 * 60)
def batch_dispatch(self, batch_id: int, run: int) -> int:
    """Plan the run and send one task per unit (largest first) and one for the city."""
    try:
        units = batches.dispatch(batch_id=batch_id, run=run)
        for unit_id in units:
            batch_unit.apply_async(kwargs={"batch_id": batch_id, "run": run, "unit_id": unit_id})
        if units:
            batch_city.apply_async(kwargs={"batch_id": batch_id, "run": run})
    except StaleRun:
        return 0
    except Exception as exc:
        raise self.retry(exc=exc, countdown=_countdown(self.request.retries)) from exc
    return len(units)


@shared_task(bind=True, max_retries=MAX_RETRIES, time_limit=30 * 60, soft_time_limit=28 * 60)
def batch_unit(self, batch_id: int, run: int, unit_id: int) -> int:
    """Every finalised evaluation of the unit's direct members, then the unit's own document."""
    try:
        starts = batches.unit_started(batch_id=batch_id, run=run, unit_id=unit_id)
        if starts > batches.MAX_UNIT_STARTS:
            log.error("reports: unit %s of batch %s run %s started %s times; given up", unit_id, batch_id, run, starts)
            reason = _("Dihentikan setelah %(n)s kali dimulai: pekerja berhenti setiap kali membuat dokumen unit ini.")
            batches.give_up_unit(batch_id=batch_id, run=run, unit_id=unit_id, reason=reason % {"n": starts - 1})
            return 0
        return batches.run_unit(batch_id=batch_id, run=run, unit_id=unit_id)
    except StaleRun:
        return 0
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            log.exception("reports: unit %s of batch %s run %s failed for good", unit_id, batch_id, run)
            with contextlib.suppress(StaleRun):
                batches.give_up_unit(batch_id=batch_id, run=run, unit_id=unit_id, reason=_reason(exc))
            return 0
        raise self.retry(exc=exc, countdown=_countdown(self.request.retries)) from exc


@shared_task(bind=True, max_retries=MAX_RETRIES, time_limit=15 * 60, soft_time_limit=14 * 60)
def batch_city(self, batch_id: int, run: int) -> None:
    try:
        if batches.unit_started(batch_id=batch_id, run=run, unit_id="city") > batches.MAX_UNIT_STARTS:
            log.error("reports: city summary of batch %s run %s started too often; given up", batch_id, run)
            reason = _("Dihentikan setelah %(n)s kali dimulai: pekerja berhenti setiap kali membuat ringkasan ini.")
            batches.give_up_city(batch_id=batch_id, run=run, reason=reason % {"n": batches.MAX_UNIT_STARTS})
            return
        batches.run_city(batch_id=batch_id, run=run)
    except StaleRun:
        return
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            log.exception("reports: city summary of batch %s run %s failed for good", batch_id, run)
            with contextlib.suppress(StaleRun):
                batches.give_up_city(batch_id=batch_id, run=run, reason=_reason(exc))
            return
        raise self.retry(exc=exc, countdown=_countdown(self.request.retries)) from exc


def _reason(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:2000]


def previous_month_period(today: datetime.date) -> EvaluationPeriod | None:
    """The periodic period that ended with the previous month (a month, or a quarter ending then)."""
    last_day = today.replace(day=1) - datetime.timedelta(days=1)
    return EvaluationPeriod.objects.filter(kind=PeriodKind.PERIODIC, ends_on=last_day).order_by("-count").first()


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60)
def batch_monthly() -> int | None:
    """Beat, the 1st at 01:00 WIB: start the batch of the period that ended last month, if it
    exists and no run of it is already under way."""
    period = previous_month_period(timezone.localdate())
    if period is None:
        return None
    existing = ReportBatch.objects.filter(period=period).first()
    if existing is not None and (
        existing.status in ("pending", "running")
        or (existing.started_at and existing.started_at > timezone.now() - datetime.timedelta(hours=20))
    ):
        return existing.pk  # under way, or made today already (beat fired twice, or an admin was quicker)
    return services.batch_start(actor=None, period=period).pk


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60)
def batch_resume_stalled(older_than_seconds: int | None = None) -> int:
    """Beat, every 10 minutes: a running batch without progress for 20 minutes lost a task (its
    worker died and the broker holds the message until its visibility timeout): send again the
    units and the city summary that its run has not made. Duplicates do no harm."""
    older = batches.STALLED_AFTER if older_than_seconds is None else datetime.timedelta(seconds=older_than_seconds)
    sent = 0
    for batch in batches.stalled_batches(older_than=older):
        if batch.status == "pending" or not batch.total:  # the dispatcher was lost, or died before planning
            batch_dispatch.apply_async(kwargs={"batch_id": batch.pk, "run": batch.run})
            ReportBatch.objects.filter(pk=batch.pk, run=batch.run).update(updated_at=timezone.now())
            sent += 1
            continue
        units, city = batches.missing_work(batch)
        for unit_id in units:
            batch_unit.apply_async(kwargs={"batch_id": batch.pk, "run": batch.run, "unit_id": unit_id})
        if city:
            batch_city.apply_async(kwargs={"batch_id": batch.pk, "run": batch.run})
        sent += len(units) + city
        ReportBatch.objects.filter(pk=batch.pk, run=batch.run).update(updated_at=timezone.now())  # wait again
        log.warning("reports: batch %s run %s stalled; sent %s task(s) again", batch.pk, batch.run, sent)
    return sent


@shared_task(bind=True, max_retries=MAX_RETRIES, time_limit=5 * 60, soft_time_limit=4 * 60)
def report_request_render(self, request_id: int) -> None:
    """Make the PDF someone asked for (one evaluation), then mark the request done."""
    request = services.report_request_claim(request_id)
    if request is None:
        return
    try:
        rows, errors = batches.render_employee_reports([request.evaluation_id])
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            services.report_request_finish(request, error=_reason(exc))
            return
        raise self.retry(exc=exc, countdown=5 * 2**self.request.retries) from exc
    if rows:
        services.report_request_finish(request, report=rows[0])
    else:
        services.report_request_finish(request, error=next(iter(errors.values()), "no document"))
