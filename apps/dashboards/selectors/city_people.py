"""The last step of the drill-down: the staff of one unit, then one person (within the reader's
scope: the view loads the person through ``access.get_employee_for``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from apps.core.workdays import working_days_between
from apps.daily_reports.models import DailyReport, ReportStatus
from apps.employees.models import Employee
from apps.evaluations.models import Evaluation
from apps.evaluations.predicate import Predicate
from apps.public_feedback.selectors.complaints import employee_evidence
from apps.trainings.models import JpEntry

PEOPLE_SHOWN = 300
FILED = Q(status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.RETURNED])


@dataclass
class Person:
    employee: Employee
    filed: int
    approved: int
    returned: int
    expected: int
    predicate: str
    jp: float

    @property
    def predicate_label(self) -> str:
        return str(Predicate(self.predicate).label) if self.predicate in Predicate.values else ""

    @property
    def compliance(self) -> float | None:
        return round(min(self.filed, self.expected) * 100 / self.expected, 1) if self.expected else None


def _expected(start: datetime.date, end: datetime.date) -> int:
    """Working days from start to end, both counted (none when the range is empty)."""
    return max(0, working_days_between(start - datetime.timedelta(days=1), end))


def people_in(unit, start: datetime.date, end: datetime.date, period) -> tuple[list[Person], int]:
    """(The unit's own active staff, least compliant first, at most PEOPLE_SHOWN; how many there
    are). Four queries, however many people and reports."""
    staff = Employee.objects.filter(unit=unit, is_active=True)
    total = staff.count()
    employees = list(staff.order_by("name")[:PEOPLE_SHOWN])
    ids = [e.pk for e in employees]
    reports = (
        DailyReport.objects.filter(employee_id__in=ids, date__gte=start, date__lte=end)
        .values("employee_id")
        .annotate(
            filed=Count("id", filter=FILED),
            approved=Count("id", filter=Q(status=ReportStatus.APPROVED)),
            returned=Count("id", filter=Q(status=ReportStatus.RETURNED)),
        )
        .order_by()
    )
    counts = {row["employee_id"]: row for row in reports}
    predicates = {}
    if period is not None:
        predicates = dict(
            Evaluation.objects.filter(period=period, employee_id__in=ids).values_list("employee_id", "predicate")
        )
    jp = dict(
        JpEntry.objects.filter(employee_id__in=ids, year=end.year)
        .values("employee_id")
        .annotate(total=Sum("jp"))
        .order_by()
        .values_list("employee_id", "total")
    )
    expected = _expected(start, end)
    people = []
    for employee in employees:
        row = counts.get(employee.pk, {})
        people.append(
            Person(
                employee,
                row.get("filed", 0),
                row.get("approved", 0),
                row.get("returned", 0),
                expected,
                predicates.get(employee.pk, ""),
                float(jp.get(employee.pk) or 0),
            )
        )
    people.sort(key=lambda p: (p.compliance if p.compliance is not None else 101, p.employee.name))
    return people, total


def person_summary(employee: Employee, start: datetime.date, end: datetime.date) -> dict:
    """One person's figures for the range: daily-report compliance, SKP progress, JP of the year,
    the latest evaluations and complaints linked to them."""
    from .homes_asn import own_skp

    figures = DailyReport.objects.filter(employee=employee, date__gte=start, date__lte=end).aggregate(
        filed=Count("id", filter=FILED),
        approved=Count("id", filter=Q(status=ReportStatus.APPROVED)),
        returned=Count("id", filter=Q(status=ReportStatus.RETURNED)),
    )
    person = Person(
        employee,
        figures["filed"],
        figures["approved"],
        figures["returned"],
        _expected(start, end),
        "",
        float(JpEntry.objects.filter(employee=employee, year=end.year).aggregate(t=Sum("jp"))["t"] or 0),
    )
    evaluations = list(
        Evaluation.objects.filter(employee=employee).select_related("period").order_by("-period__ends_on")[:4]
    )
    return {
        "person": person,
        "evaluations": evaluations,
        "complaints": employee_evidence(employee, start, end),
        **own_skp(employee),
    }
