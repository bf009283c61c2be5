"""Reads of daily reports, scoped by apps/core/access.py; every page a fixed number of queries."""

import datetime

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from apps.core import access
from apps.core.workdays import WorkCalendar, working_days_between
from apps.employees import hierarchy
from apps.indicators.models import Iki

from .models import Activity, DailyReport, Evidence, ReportSettings, ReportStatus, RoutineActivity


def _reports() -> QuerySet[DailyReport]:
    return DailyReport.objects.select_related("employee", "employee__unit", "reviewed_by")


def report_get_for(user, pk) -> DailyReport:
    return access.get_object_for(user, _reports(), pk=pk)


def own_report(user, day: datetime.date) -> DailyReport | None:
    employee = access.employee_of(user)
    if employee is None:
        return None
    return _reports().filter(employee=employee, date=day).first()


def activities_of(report: DailyReport | None) -> list[Activity]:
    if report is None:
        return []
    evidence = Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
    return list(report.activities.select_related("iki").prefetch_related(evidence).order_by("starts_at", "pk"))


def activity_get_for(user, pk) -> Activity:
    return access.get_object_for(
        user,
        Activity.objects.select_related("report", "report__employee", "iki"),
        employee_field="report__employee",
        pk=pk,
    )


def evidence_get_for(user, pk) -> Evidence:
    return access.get_object_for(
        user, Evidence.objects.select_related("activity__report"), employee_field="activity__report__employee", pk=pk
    )


def routines_of(user) -> QuerySet[RoutineActivity]:
    employee = access.employee_of(user)
    if employee is None:
        return RoutineActivity.objects.none()
    return RoutineActivity.objects.filter(employee=employee).select_related("iki")


def routine_get_for(user, pk) -> RoutineActivity:
    return access.get_object_for(user, RoutineActivity.objects.all(), pk=pk)


def iki_choices(employee, year: int) -> QuerySet[Iki]:
    """The indicators an activity may serve: those of the employee's approved SKP of the year."""
    return (
        Iki.objects.filter(rhk__skp__employee=employee, rhk__skp__year=year, rhk__skp__approved_at__isnull=False)
        .select_related("rhk")
        .order_by("rhk__kind", "rhk__position", "position", "pk")
    )


def recent_reports(user, limit: int = 10) -> list[DailyReport]:
    employee = access.employee_of(user)
    if employee is None:
        return []
    return list(DailyReport.objects.filter(employee=employee).annotate(n=Count("activities")).order_by("-date")[:limit])


def review_queue(user, *, nip: str = "", date_from=None, date_to=None) -> dict:
    """The reviewer's direct subordinates' submitted reports, oldest first, each marked overdue
    when it has waited longer than the configured working days. Fixed query count."""
    me = access.employee_of(user)
    if me is None:
        return {"reports": [], "overdue": 0, "team": []}
    team = list(hierarchy.direct_subordinates(me.pk).order_by("name"))
    reports = (
        DailyReport.objects.filter(employee__in=team, status=ReportStatus.SUBMITTED)
        .select_related("employee")
        .annotate(n=Count("activities"))
        .order_by("submitted_at", "pk")
    )
    if nip:
        reports = reports.filter(employee__nip=nip)
    if date_from:
        reports = reports.filter(date__gte=date_from)
    if date_to:
        reports = reports.filter(date__lte=date_to)
    reports = list(reports[:500])
    today = timezone.localdate()
    limit = ReportSettings.current().review_days
    calendar = WorkCalendar()
    if reports:
        calendar.load(min(timezone.localtime(r.submitted_at).date() for r in reports), today)
    for report in reports:
        report.waited = working_days_between(timezone.localtime(report.submitted_at).date(), today, calendar=calendar)
        report.overdue = report.waited > limit
    return {"reports": reports, "overdue": sum(r.overdue for r in reports), "team": team, "limit": limit}
