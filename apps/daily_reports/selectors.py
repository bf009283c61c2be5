"""Reads of daily reports, scoped by apps/core/access.py; every page a fixed number of queries."""

import datetime

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

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


# What a row of the queue reads (the page's query count is tested: a field read beyond these
# would cost a query per row and fail that test). The employee row is wide; the queue needs a name.
QUEUE_FIELDS = (
    *("id", "employee_id", "date", "status", "submitted_at"),
    *("employee__id", "employee__nip", "employee__name", "employee__gelar_depan", "employee__gelar_belakang"),
)


def review_queue(user, *, nip: str = "", date_from=None, date_to=None) -> dict:
    """The reviewer's direct subordinates' submitted reports, oldest first, each marked overdue
    when it has waited longer than the configured working days. Fixed query count: the reports
    (the team is a subquery), the settings and the holiday table.

    Each report also carries the labels its row of the queue shows, in the active language
    (``day_label``, ``pick_label``, ``waited_label``): a queue of 50 spans a few days and waits,
    so each distinct date and wait is formatted and translated once, not once per row."""
    me = access.employee_of(user)
    if me is None:
        return {"reports": [], "overdue": 0, "team": []}
    team = hierarchy.direct_subordinates(me.pk)
    reports = (
        DailyReport.objects.filter(employee__in=team.values("pk"), status=ReportStatus.SUBMITTED)
        .select_related("employee")
        .only(*QUEUE_FIELDS)
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
    sent = {report.pk: timezone.localtime(report.submitted_at).date() for report in reports}
    if reports:
        calendar.load(min(sent.values()), today)
    waits, days = {}, {}  # by submission day and by report day: each computed once
    pick = gettext("Pilih laporan %(name)s %(day)s")
    for report in reports:
        sent_on = sent[report.pk]
        if sent_on not in waits:
            n = working_days_between(sent_on, today, calendar=calendar)
            waits[sent_on] = (n, ngettext("%(n)s hari kerja", "%(n)s hari kerja", n) % {"n": n})
        report.waited, report.waited_label = waits[sent_on]
        report.overdue = report.waited > limit
        if report.date not in days:
            days[report.date] = (date_format(report.date, "D, j M Y"), date_format(report.date, "j F"))
        report.day_label, short = days[report.date]
        report.pick_label = pick % {"name": report.employee.full_name, "day": short}
    return {
        "reports": reports,
        "overdue": sum(r.overdue for r in reports),
        "team": team.order_by("name"),  # lazy: not read unless someone asks
        "limit": limit,
    }
