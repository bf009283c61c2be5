"""Training reminders (apps/trainings/reminders.py), against the real database: the day before a
session, and the last quarter's JP gap for PNS below the floor."""

import datetime
from decimal import Decimal
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.schedules import crontab
from django.core import mail
from django.urls import reverse

from apps.core.models import Notification
from apps.employees.models import EmploymentType
from apps.trainings import reminders, tasks
from apps.trainings.models import Enrollment, EnrollmentStatus, JpSource, SessionStatus, TrainingSession
from apps.trainings.services.enrollment import enroll
from apps.trainings.services.ledger import credit
from asn_kinerja.celery import app
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
WIB = ZoneInfo("Asia/Jakarta")
_keys = count(1)


def wib(year, month, day, hour=7):
    return datetime.datetime(year, month, day, hour, tzinfo=WIB)


def run(task, when):
    with time_machine.travel(when, tick=False):
        return task()


def notices(prefix: str) -> list[Notification]:
    return list(Notification.objects.filter(key__startswith=prefix).order_by("user_id"))


def mail_to(user) -> list:
    return [message for message in mail.outbox if message.to == [user.email]]


# --- the day before a session --------------------------------------------------------------------


@pytest.fixture
def seventh(org, make_session):
    """Pelayanan Prima from Monday 7 December (3 days), capacity 2: the ASN and the peer hold the
    seats, the outsider waits; another session starts on the 8th."""
    with time_machine.travel(wib(2026, 11, 18, 10), tick=False):
        session = make_session(capacity=2)
        for person in (org.asn, org.asn_peer, org.outsider):
            enroll(actor=person.user, session=session, employee=person)
        later = make_session(starts=datetime.date(2026, 12, 8), days=1)
        enroll(actor=org.supervisor.user, session=later, employee=org.supervisor)
    return session


class TestDayBefore:
    def test_registered_participants_are_reminded_once_the_day_before(self, org, seventh):
        assert run(tasks.remind_sessions_tomorrow, wib(2026, 12, 6)) == 2  # Sunday morning
        reminded = notices("training-reminder-")
        assert {n.user_id for n in reminded} == {org.asn.user_id, org.asn_peer.user_id}
        enrollment = Enrollment.objects.get(session=seventh, employee=org.asn)
        notice = next(n for n in reminded if n.user_id == org.asn.user_id)
        assert notice.key == f"training-reminder-{enrollment.pk}-20261207"
        assert notice.title == "Besok: Pelayanan Prima"
        assert "Senin, 7 Desember 2026" in notice.body and "Aula BKPSDM" in notice.body
        assert notice.url == reverse("trainings:session-detail", args=[seventh.pk])
        [message] = mail_to(org.asn.user)
        assert message.subject == "Pengingat pelatihan besok: Pelayanan Prima"
        assert message.body.startswith(f"Yth. {org.asn.full_name},")
        assert f"http://127.0.0.1:8000/pelatihan/sesi/{seventh.pk}/" in message.body
        assert mail_to(org.outsider.user) == []  # waiting list: no seat, no reminder
        assert mail_to(org.supervisor.user) == []  # starts the day after tomorrow

    def test_running_again_sends_nothing_twice(self, org, seventh):
        run(tasks.remind_sessions_tomorrow, wib(2026, 12, 6))
        sent = len(mail.outbox)
        assert run(tasks.remind_sessions_tomorrow, wib(2026, 12, 6, 15)) == 0
        assert len(mail.outbox) == sent and len(notices("training-reminder-")) == 2

    def test_the_next_day_reminds_the_next_session(self, org, seventh):
        run(tasks.remind_sessions_tomorrow, wib(2026, 12, 6))
        assert run(tasks.remind_sessions_tomorrow, wib(2026, 12, 7)) == 1
        assert len(mail_to(org.supervisor.user)) == 1

    def test_nobody_on_other_days(self, seventh):
        assert run(tasks.remind_sessions_tomorrow, wib(2026, 12, 5)) == 0
        assert run(tasks.remind_sessions_tomorrow, wib(2026, 12, 7, 6)) == 1  # the 8th's session only
        assert mail.outbox[0].to == [Enrollment.objects.get(session__starts_on="2026-12-08").employee.user.email]

    def test_cancelled_sessions_cancelled_enrollments_and_inactive_accounts_get_nothing(self, org, seventh):
        Enrollment.objects.filter(session=seventh, employee=org.asn_peer).update(status=EnrollmentStatus.CANCELLED)
        org.asn.user.is_active = False
        org.asn.user.save()
        assert run(tasks.remind_sessions_tomorrow, wib(2026, 12, 6)) == 0
        org.asn.user.is_active = True
        org.asn.user.save()
        TrainingSession.objects.filter(pk=seventh.pk).update(status=SessionStatus.CANCELLED)
        assert run(tasks.remind_sessions_tomorrow, wib(2026, 12, 6)) == 0
        assert mail.outbox == []

    def test_a_moved_session_is_announced_again(self, org, seventh):
        run(tasks.remind_sessions_tomorrow, wib(2026, 12, 6))
        TrainingSession.objects.filter(pk=seventh.pk).update(
            starts_on=datetime.date(2026, 12, 14), ends_on=datetime.date(2026, 12, 16)
        )
        assert run(tasks.remind_sessions_tomorrow, wib(2026, 12, 13)) == 2
        assert len(mail_to(org.asn.user)) == 2

    def test_an_account_without_email_gets_the_notice_only(self, org, seventh):
        org.asn.user.email = ""
        org.asn.user.save()
        assert run(tasks.remind_sessions_tomorrow, wib(2026, 12, 6)) == 2
        assert mail_to(org.asn_peer.user) and all(message.to != [""] for message in mail.outbox)
        assert len(mail.outbox) == 1

    def test_a_fixed_number_of_queries_whatever_the_number_of_participants(
        self, org, make_session, django_assert_max_num_queries
    ):
        with time_machine.travel(wib(2026, 11, 18, 10), tick=False):
            session = make_session(capacity=30, starts=datetime.date(2026, 12, 14))
        for _ in range(15):
            person = EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor)
            Enrollment.objects.create(session=session, employee=person, status=EnrollmentStatus.REGISTERED)
        # the enrollments, one INSERT for every notice; mail goes over one connection (no query)
        with django_assert_max_num_queries(2), time_machine.travel(wib(2026, 12, 13), tick=False):
            assert reminders.remind_sessions_tomorrow() == 15
        assert len(mail.outbox) == 15


# --- the last quarter ----------------------------------------------------------------------------


def jp(employee, amount, *, year=2026):
    credit(
        employee=employee,
        year=year,
        jp=Decimal(amount),
        source=JpSource.EXTERNAL,
        source_key=f"test:{next(_keys)}",
        title="Kursus",
    )


@pytest.fixture
def learners(org):
    """The ASN has 8 JP (gap 12), the peer 19.5 (gap 0.5), the supervisor exactly 20 (none); the
    outsider has 30 JP of last year only (gap 20); a PPPK with none is never told; nor is a PNS
    without an account."""
    jp(org.asn, 8)
    jp(org.asn_peer, 19.5)
    jp(org.supervisor, 20)
    jp(org.outsider, 30, year=2025)
    pppk = EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor, employment_type=EmploymentType.PPPK)
    EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor, user=None)
    return {"pppk": pppk}


class TestLastQuarter:
    def test_pns_below_the_floor_are_told_their_gap_on_the_first_of_october(self, org, learners):
        assert run(tasks.remind_jp_below_floor, wib(2026, 10, 1, 8)) == 4  # asn, peer, outsider, supervisor_b
        told = {n.user_id: n for n in notices("jp-below-floor-2026-10")}
        assert set(told) == {org.asn.user_id, org.asn_peer.user_id, org.outsider.user_id, org.supervisor_b.user_id}
        asn = told[org.asn.user_id]
        assert asn.title == "JP Anda tahun 2026 masih kurang 12 JP"
        assert "baru mengumpulkan 8 JP dari kewajiban 20 JP" in asn.body and "31 Desember 2026" in asn.body
        assert asn.url == reverse("trainings:catalogue")
        assert told[org.asn_peer.user_id].title == "JP Anda tahun 2026 masih kurang 0,5 JP"
        assert told[org.outsider.user_id].title == "JP Anda tahun 2026 masih kurang 20 JP"  # last year's do not count
        [message] = mail_to(org.asn.user)
        assert message.subject == asn.title and "http://127.0.0.1:8000/pelatihan/" in message.body
        assert mail_to(learners["pppk"].user) == [] and mail_to(org.supervisor.user) == []

    def test_once_a_month(self, org, learners):
        run(tasks.remind_jp_below_floor, wib(2026, 10, 1, 8))
        sent = len(mail.outbox)
        assert run(tasks.remind_jp_below_floor, wib(2026, 10, 1, 9)) == 0
        assert run(tasks.remind_jp_below_floor, wib(2026, 10, 15, 8)) == 0
        assert len(mail.outbox) == sent
        jp(org.asn, 12)  # the ASN catches up in October
        assert run(tasks.remind_jp_below_floor, wib(2026, 11, 1, 8)) == 3
        assert org.asn.user_id not in {n.user_id for n in notices("jp-below-floor-2026-11")}
        assert run(tasks.remind_jp_below_floor, wib(2026, 12, 1, 8)) == 3

    @pytest.mark.parametrize("month", [1, 6, 9])
    def test_nothing_before_the_last_quarter(self, learners, month):
        assert run(tasks.remind_jp_below_floor, wib(2026, month, 1, 8)) == 0
        assert notices("jp-below-floor-") == [] and mail.outbox == []

    def test_a_fixed_number_of_queries_whatever_the_number_of_people(
        self, org, learners, django_assert_max_num_queries
    ):
        for _ in range(20):
            jp(EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor), 5)
        reminders.TrainingSettings.current()
        # the settings, the people (with their JP), one INSERT for every notice
        with django_assert_max_num_queries(3):
            assert reminders.remind_jp_below_floor(datetime.date(2026, 10, 1)) == 24


def test_the_beat_schedule_runs_both_at_the_agreed_times():
    schedule = app.conf.beat_schedule
    daily = schedule["trainings-remind-sessions-tomorrow"]
    assert daily["task"] == "apps.trainings.tasks.remind_sessions_tomorrow"
    assert daily["schedule"] == crontab(hour=7, minute=0)
    quarter = schedule["trainings-remind-jp-below-floor"]
    assert quarter["task"] == "apps.trainings.tasks.remind_jp_below_floor"
    assert quarter["schedule"] == crontab(hour=8, minute=0, day_of_month=1, month_of_year="10-12")
    assert quarter["schedule"].month_of_year == {10, 11, 12}
