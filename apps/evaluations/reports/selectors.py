"""Reads of the reports: documents within the user's scope, the verification lookup, batches, and
daily-report compliance for many people at once (one query whatever their number)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from apps.core import access
from apps.core.workdays import WorkCalendar
from apps.daily_reports.models import DailyReport, ReportStatus

from ..models import EvaluationPeriod, EvaluationStatus
from .models import GeneratedReport, ReportBatch, ReportKind, ReportRequest

# An evaluation that the pejabat penilai has finalised: what the reports print.
FINALISED = (
    EvaluationStatus.FINAL,
    EvaluationStatus.ACKNOWLEDGED,
    EvaluationStatus.OBJECTED,
    EvaluationStatus.DECIDED,
)
# A day counts as reported when its report was submitted (waiting for review) or approved.
FILED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


# --- Daily-report compliance ---------------------------------------------------------------------
@dataclass(frozen=True)
class Compliance:
    """Working days of the period (up to today) with a submitted or approved daily report."""

    filed: int
    days: int

    @property
    def percent(self) -> float | None:
        return round(100 * self.filed / self.days, 1) if self.days else None


def working_days(period: EvaluationPeriod, *, today: datetime.date | None = None) -> list[datetime.date]:
    """The period's working days up to today (the whole period once it is over): one query."""
    last = min(period.ends_on, today or timezone.localdate())
    if last < period.starts_on:
        return []
    calendar = WorkCalendar()
    calendar.load(period.starts_on, last)
    span = (last - period.starts_on).days + 1
    days = (period.starts_on + datetime.timedelta(days=n) for n in range(span))
    return [day for day in days if calendar.is_working_day(day)]


def compliance_by_employee(employee_ids, days: list[datetime.date]) -> dict[int, Compliance]:
    """{employee id: Compliance} for every id given (0 filed when there is no report)."""
    ids = list(employee_ids)
    filed = dict.fromkeys(ids, 0)
    if ids and days:
        rows = (
            DailyReport.objects.filter(employee_id__in=ids, date__in=days, status__in=FILED)
            .values("employee_id")
            .annotate(n=Count("id"))
            .values_list("employee_id", "n")
        )
        filed.update(rows)
    return {pk: Compliance(filed[pk], len(days)) for pk in ids}


def filed_by_unit(days: list[datetime.date]) -> dict[int, int]:
    """{unit id: reported working days summed over the unit's active members}: one query."""
    if not days:
        return {}
    rows = (
        DailyReport.objects.filter(date__in=days, status__in=FILED, employee__is_active=True)
        .values("employee__unit_id")
        .annotate(n=Count("id"))
        .values_list("employee__unit_id", "n")
    )
    return dict(rows)


# --- Documents within scope ----------------------------------------------------------------------
def _reports() -> QuerySet[GeneratedReport]:
    return GeneratedReport.objects.select_related("employee", "employee__unit", "unit", "period")


def reports_visible_to(user) -> QuerySet[GeneratedReport]:
    """Admins and leaders: every document. A supervisor: their own, their (indirect)
    subordinates' and those of the units they head (or lead as Plt/Plh). An ASN: their own."""
    from apps.employees.hierarchy import acting_unit_ids

    reports = _reports()
    if access.is_admin(user) or access.is_leader(user):
        return reports
    me = access.employee_of(user)
    if me is None:
        return reports.none()
    visible = Q(kind=ReportKind.EMPLOYEE, employee__in=access.employees_visible_to(user).values("pk"))
    if access.is_supervisor(user):
        headed = {*me.headed_units.values_list("pk", flat=True), *acting_unit_ids(me.pk)}
        visible |= Q(kind=ReportKind.UNIT, unit_id__in=headed)
    return reports.filter(visible)


def report_list_for(user, *, period=None, kind: str | None = None) -> QuerySet[GeneratedReport]:
    reports = reports_visible_to(user)
    if period is not None:
        reports = reports.filter(period=period)
    if kind:
        reports = reports.filter(kind=kind)
    return reports.order_by("-period__year", "-period__number", "kind", "employee__name", "unit__name", "pk")


def report_get_for(user, pk) -> GeneratedReport:
    try:
        return reports_visible_to(user).get(pk=pk)
    except (GeneratedReport.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def report_for_code(code: str) -> GeneratedReport:
    """The public verification lookup: a code that matches no document is a 404."""
    if not code or len(code) > 32:
        raise Http404
    try:
        return _reports().get(code=code)
    except GeneratedReport.DoesNotExist as exc:
        raise Http404 from exc


def employee_report_of(evaluation) -> GeneratedReport | None:
    return GeneratedReport.objects.filter(
        kind=ReportKind.EMPLOYEE, employee_id=evaluation.employee_id, period_id=evaluation.period_id
    ).first()


def request_get_for(user, pk) -> ReportRequest:
    """One's own on-demand request; anyone else's is a 404."""
    requests = ReportRequest.objects.select_related("evaluation__employee", "evaluation__period", "report")
    return access.get_owned_by(user, requests, owner_field="requested_by", pk=pk)


# --- Batches and the download tables (BKPSDM) ----------------------------------------------------
def batch_list() -> QuerySet[ReportBatch]:
    return ReportBatch.objects.select_related("period", "started_by").order_by("-period__year", "-period__number")


def batch_get(pk) -> ReportBatch:
    try:
        return batch_list().get(pk=pk)
    except (ReportBatch.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def periods_for_reports() -> QuerySet[EvaluationPeriod]:
    return EvaluationPeriod.objects.order_by("-year", "kind", "-number")


def download_table(period: EvaluationPeriod, kind: str, *, search: str = "") -> QuerySet[GeneratedReport]:
    """The documents of one kind for a period, as the admin tables and their XLSX list them."""
    reports = _reports().filter(period=period, kind=kind)
    if search:
        reports = reports.filter(
            Q(employee__name__icontains=search) | Q(employee__nip__startswith=search) | Q(unit__name__icontains=search)
        )
    if kind == ReportKind.EMPLOYEE:
        return reports.order_by("employee__unit__name", "employee__name", "pk")
    return reports.order_by("unit__name", "pk")


def report_counts(period: EvaluationPeriod) -> dict[str, int]:
    counts = dict.fromkeys(ReportKind.values, 0)
    rows = GeneratedReport.objects.filter(period=period).values("kind").annotate(n=Count("id"))
    counts.update({row["kind"]: row["n"] for row in rows})
    return counts


def predicate_counts(period: EvaluationPeriod):
    """{predicate: n} of the period's finalised evaluations: one query."""
    from collections import Counter

    from ..models import Evaluation

    rows = (
        Evaluation.objects.filter(period=period, status__in=FINALISED).values_list("predicate").annotate(n=Count("id"))
    )
    return Counter(dict(rows))
