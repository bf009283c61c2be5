"""Rendering documents and the monthly batch that renders them all (DESIGN.md "Reliability rules").

1. ``dispatch`` (one task): claims the batch run, plans one task per unit (largest first, so two
   workers finish together) plus one for the city, and records the expected total.
2. ``run_unit`` (one task per unit): renders the finalised evaluations of the unit's direct members
   in chunks of ``CHUNK`` people per WeasyPrint document (CSS and fonts once per chunk, the pages
   split into one PDF each), then the unit document. Each chunk is stored in one transaction that
   also moves the counters, so a worker killed mid-unit loses at most the chunk in hand; the task,
   delivered again (acks_late) or re-sent by ``resume_stalled``, skips what its run already made,
   and gives the unit up after ``MAX_UNIT_STARTS`` starts in one run (a unit that kills its worker).
3. ``run_city``: the city summary.

Chunks stay small on purpose: WeasyPrint's layout gets slower per page and its memory grows with
the length of a document (measured in bench/README.md), while the fixed cost it saves is paid once
per chunk already at 20 people.
"""

from __future__ import annotations

import datetime
import logging

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import override

from apps.employees.models import Employee, OrgUnit

from ..models import Evaluation, EvaluationPeriod
from . import builders, builders_org, pdf, services
from .models import BatchStatus, GeneratedReport, ReportBatch, ReportBatchFailure, ReportKind
from .selectors import FINALISED
from .services import Rendered

log = logging.getLogger(__name__)
CHUNK = 20
# A running batch without progress for this long lost a task (its worker died): resend the rest.
STALLED_AFTER = datetime.timedelta(minutes=20)
# Retries are bounded by the task, but a unit whose render kills its worker (memory, a crash in a
# C library) comes back after every death (acks_late, task_reject_on_worker_lost) and again from
# the stalled-batch sweep. After this many starts in one run the unit is given up and recorded.
MAX_UNIT_STARTS = 8


def _finalised(period: EvaluationPeriod):
    return Evaluation.objects.filter(period=period, status__in=FINALISED)


# --- Rendering (the batch and on-demand requests) ---------------------------------------------------
def render_employee_reports(evaluation_ids, *, batch: ReportBatch | None = None, run: int | None = None):
    """Render and store the reports of these evaluations (one period) in one WeasyPrint document.
    Returns (stored rows, {evaluation pk: reason} for those that could not be made)."""
    query = Evaluation.objects.filter(pk__in=list(evaluation_ids)).order_by("employee__name", "pk")
    evaluations = builders.evaluations_for_reports(query)
    if not evaluations:
        return [], {}
    now = timezone.now()
    stamps = {e.pk: builders.Stamp(services.new_code(), now) for e in evaluations}
    with override("id"), pdf.gc_paused():
        parts, errors = builders.employee_parts(evaluations, stamps)
        good = [e for e in evaluations if e.pk in parts]
        titles = {f"e{e.pk}": builders.employee_title(e) for e in good}
        try:
            html = builders.document_html([parts[e.pk] for e in good], title=next(iter(titles.values()), ""))
            by_key = {f"e{e.pk}": parts[e.pk] for e in good}

            def alone(key):
                return builders.document_html([by_key[key]], title=titles[key])

            pdfs = pdf.render_split(html, titles, created=now, alone=alone) if good else {}
        except Exception as exc:  # one person's page broke the document: render them one by one
            if len(good) < 2:
                return [], {**errors, **{e.pk: f"{type(exc).__name__}: {exc}"[:1000] for e in good}}
            rows = []
            for evaluation in good:
                stored, failed = render_employee_reports([evaluation.pk], batch=batch, run=run)
                rows += stored
                errors.update(failed)
            return rows, errors
    items = [
        Rendered(
            kind=ReportKind.EMPLOYEE,
            period=e.period,
            pdf=pdfs[f"e{e.pk}"],
            code=stamps[e.pk].code,
            generated_at=now,
            employee_id=e.employee_id,
            folder_unit_id=e.employee.unit_id,
        )
        for e in good
    ]
    return services.reports_store(items, batch=batch, run=run), errors


def render_unit_report(unit: OrgUnit, period: EvaluationPeriod, *, batch=None, run=None) -> GeneratedReport:
    now = timezone.now()
    stamp = builders.Stamp(services.new_code(), now)
    with override("id"), pdf.gc_paused():
        pieces = builders_org.unit_pieces(unit, period, stamp=stamp)
        document = pdf.render_pieces(pieces, title=builders_org.unit_title(unit, period), created=now)
    item = Rendered(ReportKind.UNIT, period, document, stamp.code, now, unit_id=unit.pk, folder_unit_id=unit.pk)
    return services.reports_store([item], batch=batch, run=run)[0]


def render_city_report(period: EvaluationPeriod, *, batch=None, run=None) -> GeneratedReport:
    now = timezone.now()
    stamp = builders.Stamp(services.new_code(), now)
    with override("id"), pdf.gc_paused():
        part = builders_org.city_part(period, stamp=stamp)
        title = builders_org.city_title(period)
        document = pdf.render_pdf(builders.document_html([part], title=title), title=title, created=now)
    return services.reports_store([Rendered(ReportKind.CITY, period, document, stamp.code, now)], batch=batch, run=run)[
        0
    ]


# --- The batch -------------------------------------------------------------------------------------------
def plan_units(period: EvaluationPeriod) -> list[int]:
    """Every active unit with active members, and every unit of a finalised evaluation; largest
    (most evaluations) first."""
    sizes = dict(
        _finalised(period)
        .values_list("employee__unit_id")
        .annotate(n=Count("id"))
        .values_list("employee__unit_id", "n")
    )
    staffed = Employee.objects.filter(is_active=True, unit__is_active=True).order_by().values_list("unit_id", flat=True)
    units = set(sizes) | set(staffed.distinct())
    return sorted(units, key=lambda pk: (-sizes.get(pk, 0), pk))


def dispatch(*, batch_id: int, run: int) -> list[int]:
    """Claim the run and plan it; returns the unit ids to send one task each (empty when the run
    is finished or stale). A dispatcher delivered twice plans and sends again: harmless."""
    claimed = ReportBatch.objects.filter(pk=batch_id, run=run, status__in=[BatchStatus.PENDING, BatchStatus.RUNNING])
    if not claimed.update(status=BatchStatus.RUNNING, updated_at=timezone.now()):
        return []
    batch = services.batch_current(batch_id, run)
    units = plan_units(batch.period)
    total = _finalised(batch.period).filter(employee__unit_id__in=units).count() + len(units) + 1
    ReportBatch.objects.filter(pk=batch_id, run=run).update(units=units, total=total, updated_at=timezone.now())
    return units


def _made(batch: ReportBatch, run: int, kind: str):
    """This run's documents of one kind."""
    return GeneratedReport.objects.filter(batch=batch, batch_run=run, period=batch.period, kind=kind)


def _made_units(batch: ReportBatch, run: int) -> set[int]:
    return set(_made(batch, run, ReportKind.UNIT).values_list("unit_id", flat=True))


def _failed_keys(batch: ReportBatch, run: int) -> set[str]:
    return set(ReportBatchFailure.objects.filter(batch=batch, run=run).values_list("key", flat=True))


def _failure(evaluation: Evaluation | None, reason: str, *, unit_id=None) -> dict:
    if evaluation is not None:
        key, kind = f"employee:{evaluation.employee_id}", ReportKind.EMPLOYEE
        return {"key": key, "kind": kind, "employee_id": evaluation.employee_id, "unit_id": None, "reason": reason}
    key = f"unit:{unit_id}" if unit_id else "city"
    kind = ReportKind.UNIT if unit_id else ReportKind.CITY
    return {"key": key, "kind": kind, "employee_id": None, "unit_id": unit_id, "reason": reason}


def pending_evaluations(batch: ReportBatch, run: int, unit_id: int) -> list[int]:
    """The unit's finalised evaluations whose report this run has neither made nor given up on."""
    done = set(
        _made(batch, run, ReportKind.EMPLOYEE).filter(employee__unit_id=unit_id).values_list("employee_id", flat=True)
    )
    failed = _failed_keys(batch, run)
    rows = _finalised(batch.period).filter(employee__unit_id=unit_id).order_by("employee__name", "pk")
    return [
        pk
        for pk, employee_id in rows.values_list("pk", "employee_id")
        if employee_id not in done and f"employee:{employee_id}" not in failed
    ]


def run_unit(*, batch_id: int, run: int, unit_id: int) -> int:
    """Render a unit's employee documents and then the unit's own; returns how many were made."""
    batch = services.batch_current(batch_id, run)
    unit = OrgUnit.objects.select_related("parent", "head").get(pk=unit_id)
    services.orphans_remove(batch.period, unit.pk)
    made = 0
    pending = pending_evaluations(batch, run, unit.pk)
    for start in range(0, len(pending), CHUNK):
        services.batch_current(batch_id, run)  # a newer run started: stop here
        rows, errors = render_employee_reports(pending[start : start + CHUNK], batch=batch, run=run)
        if errors:
            failed = Evaluation.objects.filter(pk__in=errors).only("pk", "employee_id")
            services.failures_record(batch, run, [_failure(e, errors[e.pk]) for e in failed])
        made += len(rows)
    if not _made(batch, run, ReportKind.UNIT).filter(unit_id=unit.pk).exists():
        render_unit_report(unit, batch.period, batch=batch, run=run)
        made += 1
    return made


def unit_started(*, batch_id: int, run: int, unit_id: int | str) -> int:
    """Count one more start of a unit's task (``unit_id="city"``: the city's) in this run; returns
    the count (kept in the cache: losing it only gives the unit a few more tries)."""
    key = f"reports:unit-starts:{batch_id}:{run}:{unit_id}"
    try:
        cache.add(key, 0, timeout=7 * 24 * 3600)
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=7 * 24 * 3600)
        return 1
    except Exception:  # the guard must never stop the work it guards (the cache table is missing)
        log.warning("reports: cannot count the starts of unit %s", unit_id, exc_info=True)
        return 0


def run_city(*, batch_id: int, run: int) -> None:
    batch = services.batch_current(batch_id, run)
    if not _made(batch, run, ReportKind.CITY).exists():
        render_city_report(batch.period, batch=batch, run=run)


def give_up_unit(*, batch_id: int, run: int, unit_id: int, reason: str) -> None:
    """After the last retry: every document of the unit still missing in this run is a failure."""
    batch = services.batch_current(batch_id, run)
    ids = pending_evaluations(batch, run, unit_id)
    entries = [_failure(e, reason) for e in Evaluation.objects.filter(pk__in=ids).only("pk", "employee_id")]
    if not _made(batch, run, ReportKind.UNIT).filter(unit_id=unit_id).exists():
        entries.append(_failure(None, reason, unit_id=unit_id))
    services.failures_record(batch, run, entries)


def give_up_city(*, batch_id: int, run: int, reason: str) -> None:
    batch = services.batch_current(batch_id, run)
    services.failures_record(batch, run, [_failure(None, reason)])


def stalled_batches(*, older_than: datetime.timedelta = STALLED_AFTER) -> list[ReportBatch]:
    """Batches pending or running without a change for ``older_than``."""
    cutoff = timezone.now() - older_than
    active = [BatchStatus.PENDING, BatchStatus.RUNNING]
    return list(ReportBatch.objects.filter(status__in=active, updated_at__lte=cutoff))


def missing_work(batch: ReportBatch) -> tuple[list[int], bool]:
    """(units whose document this run has not made or given up on, whether the city is missing)."""
    run = batch.run
    failed = _failed_keys(batch, run)
    made = _made_units(batch, run)
    units = [pk for pk in batch.units if pk not in made and f"unit:{pk}" not in failed]
    return units, not _made(batch, run, ReportKind.CITY).exists() and "city" not in failed
