"""Realistic data for the home page tests, written straight to the tables (each workflow has its own
tests): a month of daily reports, SKPs, an evaluation, JP, sessions, complaints and notices."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from apps.core.models import Notification
from apps.daily_reports.models import DailyReport
from apps.evaluations.models import BehaviourRating, Evaluation
from apps.evaluations.services.periods import period_open
from apps.indicators.berakhlak import CoreValue
from apps.trainings.models import Enrollment, JpEntry, TrainingProgram
from apps.trainings.services.catalogue import session_save
from tests.indicators.conftest import build_skp
from tests.public_feedback.rows import complaint

# Wed 18 Nov 2026, 09:00 WIB: no holiday near it; the filing window is Fri 13 to Wed 18 Nov.
TODAY = datetime.date(2026, 11, 18)
NOW = datetime.datetime(2026, 11, 18, 2, 0, tzinfo=datetime.UTC)
_keys = itertools.count(1)


def working_days_before_today() -> list[datetime.date]:
    """The weekdays of November 2026 before today (no holidays in the test database)."""
    days = (datetime.date(2026, 11, d) for d in range(1, TODAY.day))
    return [day for day in days if day.weekday() < 5]


def reports(employee, days, *, status="approved", **fields) -> list[DailyReport]:
    submitted = timezone.now() - datetime.timedelta(days=1) if status != "draft" else None
    return DailyReport.objects.bulk_create(
        DailyReport(employee=employee, date=day, status=status, submitted_at=submitted, **fields) for day in days
    )


def submitted_long_ago(employee, day, *, days_ago=10) -> DailyReport:
    """A report that has waited for review far longer than the configured working days."""
    return DailyReport.objects.create(
        employee=employee, date=day, status="submitted", submitted_at=timezone.now() - datetime.timedelta(days=days_ago)
    )


def final_evaluation(employee, period, *, predicate="baik", achievement="95", status="final") -> Evaluation:
    skp = employee.skps.first() or build_skp(employee)
    evaluation = Evaluation.objects.create(
        employee=employee, period=period, skp=skp, status=status, achievement=Decimal(achievement), predicate=predicate
    )
    BehaviourRating.objects.bulk_create(
        BehaviourRating(evaluation=evaluation, value=v, rating="sesuai") for v in CoreValue.values
    )
    return evaluation


def october(admin_user):
    return period_open(actor=admin_user, year=2026, kind="periodic", number=10)


def jp(employee, amount, *, year=2026) -> JpEntry:
    n = next(_keys)
    return JpEntry.objects.create(
        employee=employee,
        year=year,
        jp=Decimal(amount),
        source="external",
        source_key=f"home-test:{n}",
        title=f"Kursus {n}",
    )


def program(name="Pelayanan Prima", jp_=24) -> TrainingProgram:
    return TrainingProgram.objects.create(name=name, path="klasikal", method="workshop", jp=Decimal(jp_))


def session(admin_user, of, *, starts=datetime.date(2026, 12, 7), deadline=datetime.date(2026, 12, 1)):
    return session_save(
        actor=admin_user,
        program=of,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=1),
        capacity=40,
        registration_deadline=deadline,
        place="Aula BKPSDM",
    )


def enroll(employee, session_, *, source="self", nominated_by=None) -> Enrollment:
    return Enrollment.objects.create(
        session=session_, employee=employee, status="registered", source=source, nominated_by=nominated_by
    )


def complaint_about(employee, *, substantiated=None, status="ditanggapi", **fields):
    return complaint(employee=employee, substantiated=substantiated, status=status, **fields)


def notice(user, title="Laporan Anda disetujui", *, read=False) -> Notification:
    return Notification.objects.create(
        user=user,
        key=f"home-test:{next(_keys)}",
        title=title,
        url="/laporan/",
        read_at=timezone.now() if read else None,
    )


def approved_skp(employee, supervisor_user):
    return build_skp(employee, approve_by=supervisor_user)
