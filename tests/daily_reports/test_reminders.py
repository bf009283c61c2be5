"""Reminders about daily reports (apps/daily_reports/reminders.py), against the real database.

Boundaries chosen (see the module docstring): the missing-report reminder goes out from
``reminder_hour``:00 WIB on (15:00 itself included); a review is overdue when it has waited
*strictly more* than ``review_days`` working days (submitted Monday: Thursday is day 3, Friday
reminds) and escalates after strictly more than ``review_days + escalate_days`` (Tuesday next week).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.models import Holiday, HolidayKind, Notification
from apps.daily_reports import tasks
from apps.daily_reports.models import DailyReport, ReportSettings, ReportStatus
from apps.daily_reports.services import filing, review
from apps.employees.models import Employee, JabatanKind
from tests.factories import EmployeeFactory

from .conftest import at

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
# November 2026 has no holiday: Mon 16 .. Fri 20, Mon 23 .. Fri 27 are all working days.
MON, WED, THU, FRI, SAT, SUN = (datetime.date(2026, 11, d) for d in (16, 18, 19, 20, 21, 22))


def wib(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=WIB)


def run_reminders(when: datetime.datetime) -> int:
    with time_machine.travel(when, tick=False):
        return tasks.remind_missing_reports()


def run_escalation(day: datetime.date, hour: int = 9) -> int:
    with time_machine.travel(wib(day, hour), tick=False):
        return tasks.escalate_waiting_reviews()


def file_report(employee: Employee, day: datetime.date, *, submit: bool = True, hour: int = 10) -> DailyReport:
    """The employee files (and by default submits) the report of ``day``, on that day."""
    with time_machine.travel(wib(day, hour), tick=False):
        report = filing.report_open(actor=employee.user, day=day)
        filing.activity_save(
            actor=employee.user,
            report=report,
            description="Mengagendakan surat masuk",
            iki=None,
            quantity=None,
            starts_at=at(8),
            ends_at=at(9),
            place="kantor",
        )
        if submit:
            review.daily_report_submit(actor=employee.user, report=report)
    return DailyReport.objects.get(pk=report.pk)


def reminded_people(day: datetime.date = WED) -> set[int]:
    return set(Notification.objects.filter(key=f"report-missing-{day.isoformat()}").values_list("user_id", flat=True))


def mail_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


@pytest.fixture
def everyone(org) -> set[int]:
    """The users of the five employees of the ``org`` personas, all active with an account (and,
    through ``_a_head_above_the_heads``, all with someone to report to)."""
    return {e.user_id for e in (org.supervisor, org.asn, org.asn_peer, org.supervisor_b, org.outsider)}


class TestMissingReportReminder:
    @pytest.fixture(autouse=True)
    def _a_head_above_the_heads(self, org):
        """The two unit heads report to a kepala dinas, who reports to nobody in the application."""
        head = EmployeeFactory(unit=org.unit_a)
        Employee.objects.filter(pk__in=[org.supervisor.pk, org.supervisor_b.pk]).update(supervisor=head)
        org.head = head

    def test_nobody_to_report_to_means_no_reminder(self, org, everyone):
        """The top official has no atasan: nobody could review a report, so none is asked for."""
        run_reminders(wib(WED, 15, 0))
        assert org.head.user_id not in reminded_people() and reminded_people() == everyone

    def test_not_before_the_reminder_hour_then_everyone_missing_once(self, org, everyone):
        assert run_reminders(wib(WED, 14, 59)) == 0
        assert not Notification.objects.exists() and not mail.outbox

        assert run_reminders(wib(WED, 15, 0)) == 5
        assert reminded_people() == everyone
        assert len(mail.outbox) == 5

    def test_the_hour_is_configurable(self, org, everyone):
        ReportSettings.objects.update_or_create(pk=1, defaults={"reminder_hour": 17})
        assert run_reminders(wib(WED, 16, 45)) == 0
        assert run_reminders(wib(WED, 17, 0)) == 5

    def test_not_on_a_sunday(self, org):
        assert run_reminders(wib(SUN, 16)) == 0
        assert not Notification.objects.exists() and not mail.outbox

    def test_not_on_a_holiday_but_on_a_saturday_opened_as_working_day(self, org, everyone):
        Holiday.objects.create(date=WED, name="Libur daerah uji", kind=HolidayKind.LIBUR_DAERAH)
        assert run_reminders(wib(WED, 16)) == 0
        assert not Notification.objects.exists()
        assert run_reminders(wib(SAT, 16)) == 0  # an ordinary Saturday
        Holiday.objects.create(date=SAT, name="Sabtu kerja", kind=HolidayKind.HARI_KERJA_TAMBAHAN)
        assert run_reminders(wib(SAT, 16)) == 5
        assert reminded_people(SAT) == everyone

    def test_sent_once_even_when_the_task_runs_again(self, org, everyone):
        assert run_reminders(wib(WED, 15, 0)) == 5
        assert run_reminders(wib(WED, 15, 15)) == 0
        assert run_reminders(wib(WED, 23, 45)) == 0
        assert Notification.objects.count() == 5
        assert len(mail.outbox) == 5

    def test_next_working_day_is_a_new_reminder(self, org, everyone):
        run_reminders(wib(WED, 15))
        assert run_reminders(wib(THU, 15)) == 5
        assert reminded_people(THU) == everyone

    def test_submitted_and_approved_get_none_draft_and_returned_do(self, org):
        file_report(org.asn, WED)  # submitted
        approved = file_report(org.asn_peer, WED)
        with time_machine.travel(wib(WED, 11), tick=False):
            assert review.daily_report_approve(actor=org.supervisor.user, report=approved)
        file_report(org.supervisor_b, WED, submit=False)  # a draft is not a report yet
        returned = file_report(org.outsider, WED)
        with time_machine.travel(wib(WED, 12), tick=False):
            assert review.daily_report_return(actor=org.supervisor_b.user, report=returned, note="Lengkapi uraian.")
        assert DailyReport.objects.get(pk=returned.pk).status == ReportStatus.RETURNED

        assert run_reminders(wib(WED, 15)) == 3
        assert reminded_people() == {org.supervisor.user_id, org.supervisor_b.user_id, org.outsider.user_id}
        assert not mail_to(org.asn.user) and not mail_to(org.asn_peer.user)

    def test_only_active_employees_with_an_active_account(self, org):
        Employee.objects.filter(pk=org.asn.pk).update(is_active=False)
        org.asn_peer.user.is_active = False
        org.asn_peer.user.save()
        EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor, user=None)
        assert run_reminders(wib(WED, 15)) == 3
        assert reminded_people() == {org.supervisor.user_id, org.supervisor_b.user_id, org.outsider.user_id}

    def test_notice_and_mail_link_to_today(self, org, settings):
        settings.SIKAP_SITE_URL = "https://sikap.example.test"
        run_reminders(wib(WED, 15))
        notice = Notification.objects.get(user=org.asn.user)
        assert notice.key == "report-missing-2026-11-18"
        assert notice.url == reverse("daily_reports:report-today")
        assert "18 November 2026" in notice.title
        [message] = mail_to(org.asn.user)
        assert "18 November 2026" in message.subject
        assert org.asn.full_name in message.body
        assert f"https://sikap.example.test{reverse('daily_reports:report-today')}" in message.body
        assert "&#x27;" not in message.body and "&amp;" not in message.body  # plain text, not HTML-escaped

    def test_a_person_without_email_gets_the_notice_only(self, org):
        org.asn.user.email = ""
        org.asn.user.save()
        assert run_reminders(wib(WED, 15)) == 5
        assert Notification.objects.filter(user=org.asn.user).exists()
        assert len(mail.outbox) == 4

    def test_queries_do_not_grow_with_the_number_of_employees(self, org):
        for _ in range(30):
            EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor)
        ReportSettings.current()
        with CaptureQueriesContext(connection) as queries, time_machine.travel(wib(WED, 15), tick=False):
            assert tasks.remind_missing_reports() == 35
        # settings, holiday table, who is missing, one INSERT for every notice
        assert len(queries) <= 4, [q["sql"] for q in queries]
        assert len(mail.outbox) == 35


@pytest.fixture
def kadis(org) -> Employee:
    """The supervisor's own supervisor: the Atasan Pejabat Penilai of the unit_a staff."""
    head = EmployeeFactory(unit=org.unit_a, jabatan="Kepala Dinas Uji", jabatan_kind=JabatanKind.JPT_PRATAMA)
    Employee.objects.filter(pk=org.supervisor.pk).update(supervisor=head)
    return head


def notices_of(user, kind: str) -> list[Notification]:
    return list(Notification.objects.filter(user=user, key__startswith=f"report-review-{kind}-"))


class TestWaitingReviews:
    def test_thresholds_are_strictly_more_than_the_limits(self, org, kadis):
        report = file_report(org.asn, MON)  # submitted Monday 16 November

        assert run_escalation(THU) == 0  # 3 working days: the limit itself, not yet overdue
        assert not Notification.objects.filter(key__startswith="report-review-").exists()

        assert run_escalation(FRI) == 1  # 4 > 3: the pejabat penilai is reminded
        [notice] = notices_of(org.supervisor.user, "overdue")
        assert notice.url == reverse("daily_reports:report-review", args=[report.pk])
        assert org.asn.full_name in notice.title
        assert not notices_of(kadis.user, "escalated")

        assert run_escalation(datetime.date(2026, 11, 23)) == 0  # Monday: 5 = 3 + 2, not more
        assert not notices_of(kadis.user, "escalated")

        assert run_escalation(datetime.date(2026, 11, 24)) == 1  # Tuesday: 6 > 5, escalated
        [escalation] = notices_of(kadis.user, "escalated")
        assert org.asn.full_name in escalation.title and "16 November 2026" in escalation.title
        assert org.supervisor.full_name in escalation.body
        assert len(notices_of(org.supervisor.user, "overdue")) == 1  # still the one reminder

    def test_a_second_run_sends_nothing_new(self, org, kadis):
        file_report(org.asn, MON)
        file_report(org.outsider, MON)  # supervisor_b has nobody above: never escalated
        tuesday = datetime.date(2026, 11, 24)
        assert run_escalation(tuesday) == 3  # straight past both limits: 2 reminders, 1 escalation
        sent = len(mail.outbox)
        with CaptureQueriesContext(connection) as queries:
            assert run_escalation(tuesday, hour=10) == 0
        assert len(mail.outbox) == sent
        assert Notification.objects.filter(key__startswith="report-review-").count() == 3
        # holidays (today, then the days back), settings, the waiting reports, the notices written
        assert len(queries) <= 5, [q["sql"] for q in queries]

    def test_weekends_are_not_counted(self, org, kadis):
        file_report(org.asn, THU)  # Thursday 19 November
        assert run_escalation(SAT) == 0 and run_escalation(SUN) == 0  # no run does anything at weekends
        assert run_escalation(datetime.date(2026, 11, 23)) == 0  # Monday: Fri + Mon = 2
        assert run_escalation(datetime.date(2026, 11, 24)) == 0  # Tuesday: 3
        assert run_escalation(datetime.date(2026, 11, 25)) == 1  # Wednesday: 4
        assert notices_of(org.supervisor.user, "overdue")

    def test_holidays_are_not_counted(self, org, kadis):
        file_report(org.asn, MON)
        Holiday.objects.create(date=WED, name="Libur daerah uji", kind=HolidayKind.LIBUR_DAERAH)
        assert run_escalation(FRI) == 0  # Tue, Thu, Fri = 3
        assert run_escalation(datetime.date(2026, 11, 23)) == 1

    def test_a_reviewed_report_is_left_alone(self, org, kadis):
        report = file_report(org.asn, MON)
        with time_machine.travel(wib(datetime.date(2026, 11, 23), 8), tick=False):
            assert review.daily_report_approve(actor=org.supervisor.user, report=report)
        assert run_escalation(datetime.date(2026, 11, 24)) == 0
        assert not mail.outbox

    def test_the_evaluators_supervisor_gets_the_escalation_in_one_digest(self, org, kadis):
        file_report(org.asn, MON)
        file_report(org.asn_peer, MON, hour=11)
        file_report(org.outsider, MON)  # supervisor_b has nobody above: reminded, never escalated
        assert run_escalation(datetime.date(2026, 11, 24)) == 5  # 3 reminders + 2 escalations

        assert len(notices_of(org.supervisor.user, "overdue")) == 2
        assert len(notices_of(org.supervisor_b.user, "overdue")) == 1
        assert len(notices_of(kadis.user, "escalated")) == 2
        assert not notices_of(org.supervisor.user, "escalated")
        assert not Notification.objects.filter(user=org.asn.user, key__startswith="report-review-").exists()

        [to_supervisor] = mail_to(org.supervisor.user)  # one digest for both reports
        assert org.asn.full_name in to_supervisor.body and org.asn_peer.full_name in to_supervisor.body
        assert "2 laporan" in to_supervisor.subject
        [to_kadis] = mail_to(kadis.user)
        assert "Eskalasi" in to_kadis.subject
        for text in (org.asn.full_name, org.asn_peer.full_name, org.supervisor.full_name, "16 November 2026"):
            assert text in to_kadis.body
        assert org.outsider.full_name not in to_kadis.body
        assert len(mail_to(org.supervisor_b.user)) == 1
        assert len(mail.outbox) == 3

    def test_a_resubmitted_report_waits_afresh(self, org, kadis):
        report = file_report(org.asn, MON)
        assert run_escalation(FRI) == 1
        with time_machine.travel(wib(FRI, 10), tick=False):
            review.daily_report_return(actor=org.supervisor.user, report=report, note="Tambahkan bukti.")
            review.daily_report_submit(actor=org.asn.user, report=DailyReport.objects.get(pk=report.pk))
        assert run_escalation(datetime.date(2026, 11, 25)) == 0  # Wednesday: 3 days after the new submission
        assert run_escalation(datetime.date(2026, 11, 26)) == 1  # Thursday: 4, a new wait, a new reminder
        assert len(notices_of(org.supervisor.user, "overdue")) == 2

    def test_a_plt_is_reminded_too(self, org, kadis):
        from apps.employees.models import ActingAssignment, ActingKind

        plt = EmployeeFactory(unit=org.unit_a, supervisor=kadis)
        ActingAssignment.objects.create(
            employee=plt, unit=org.unit_a, kind=ActingKind.PLT, starts_on=MON, ends_on=datetime.date(2026, 12, 31)
        )
        file_report(org.asn, MON)
        assert run_escalation(FRI) == 2
        assert notices_of(plt.user, "overdue") and notices_of(org.supervisor.user, "overdue")
