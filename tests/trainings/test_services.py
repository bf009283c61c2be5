"""Enrollment, waiting list, attendance, completion and the JP rules, against the real database."""

import datetime
import threading
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from apps.employees.models import EmploymentType, JabatanKind
from apps.trainings.models import Enrollment, EnrollmentStatus, JpEntry, TrainingSession, TrainingSettings
from apps.trainings.services import attendance, ledger
from apps.trainings.services.enrollment import cancel, eligibility_problems, enroll
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
NOV_18 = datetime.datetime(2026, 11, 18, 2, tzinfo=datetime.UTC)


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOV_18, tick=False):
        yield


class TestCatalogue:
    def test_capacity_zero_and_end_before_start_are_refused(self, make_session):
        with pytest.raises(ValidationError) as exc:
            make_session(capacity=0)
        assert "Kapasitas" in messages_of(exc)
        with pytest.raises(ValidationError) as exc:
            make_session(days=-1)
        assert "sebelum tanggal mulai" in messages_of(exc)
        assert not TrainingSession.objects.exists()


class TestEligibility:
    def test_jabatan_kind_unit_and_golongan_range(self, org, program):
        program.jabatan_kinds = [JabatanKind.PELAKSANA]
        program.min_golongan, program.max_golongan = "II/a", "III/b"
        program.save()
        assert eligibility_problems(org.asn, program) == []  # pelaksana, III/a
        assert "jenis jabatan" in eligibility_problems(org.supervisor, program)[0]
        org.asn.golongan = "III/c"
        assert "golongan" in eligibility_problems(org.asn, program)[0]
        program.units.add(org.unit_b)
        org.asn.golongan = "III/a"
        assert "unit kerja" in eligibility_problems(org.asn, program)[0]


class TestEnrollment:
    def test_full_session_waitlists_and_a_cancellation_promotes_the_first_in_line(self, org, make_session):
        session = make_session(capacity=1)
        first = enroll(actor=org.asn.user, session=session, employee=org.asn)
        second = enroll(actor=org.asn_peer.user, session=session, employee=org.asn_peer)
        third = enroll(actor=org.outsider.user, session=session, employee=org.outsider)
        assert (first.status, second.status, third.status) == ("registered", "waitlisted", "waitlisted")
        promoted = cancel(actor=org.asn.user, enrollment=first)
        assert promoted.pk == second.pk
        session.refresh_from_db()
        assert session.seats_taken == 1
        assert Enrollment.objects.get(pk=second.pk).status == EnrollmentStatus.REGISTERED
        assert Enrollment.objects.get(pk=third.pk).status == EnrollmentStatus.WAITLISTED

    def test_cancelling_with_nobody_waiting_frees_the_seat(self, org, make_session):
        session = make_session(capacity=3)
        enrollment = enroll(actor=org.asn.user, session=session, employee=org.asn)
        cancel(actor=org.asn.user, enrollment=enrollment)
        session.refresh_from_db()
        assert session.seats_taken == 0
        with pytest.raises(ValidationError):
            cancel(actor=org.asn.user, enrollment=enrollment)

    def test_refusals(self, org, make_session, admin_user):
        session = make_session()
        enroll(actor=org.asn.user, session=session, employee=org.asn)
        with pytest.raises(ValidationError) as exc:
            enroll(actor=org.asn.user, session=session, employee=org.asn)
        assert "sudah terdaftar" in messages_of(exc)
        overlapping = make_session(starts=datetime.date(2026, 12, 8), days=2)
        with pytest.raises(ValidationError) as exc:
            enroll(actor=org.asn.user, session=overlapping, employee=org.asn)
        assert "bertabrakan" in messages_of(exc)
        late = make_session(starts=datetime.date(2026, 12, 20), deadline=datetime.date(2026, 11, 17))
        with pytest.raises(ValidationError) as exc:
            enroll(actor=org.asn_peer.user, session=late, employee=org.asn_peer)
        assert "ditutup" in messages_of(exc)
        assert enroll(actor=admin_user, session=late, employee=org.asn_peer, source="assigned").status == "registered"

    def test_who_may_enroll_whom(self, org, make_session):
        session = make_session()
        with pytest.raises(PermissionDenied):
            enroll(actor=org.asn_peer.user, session=session, employee=org.asn)
        with pytest.raises(PermissionDenied):
            enroll(actor=org.supervisor_b.user, session=session, employee=org.asn, source="nominated")
        nominated = enroll(actor=org.supervisor.user, session=session, employee=org.asn, source="nominated")
        assert nominated.nominated_by == org.supervisor.user
        cancel(actor=org.supervisor.user, enrollment=nominated)  # the supervisor withdraws the nomination


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_seat_never_both_get_it(org, make_session):
    """Two real transactions on two connections at the same moment: the row lock on the session
    serialises them, one gets the seat and the other the waiting list."""
    session = make_session(capacity=1)
    barrier, results = threading.Barrier(2), {}

    def attempt(employee):
        try:
            barrier.wait()
            results[employee.pk] = enroll(actor=employee.user, session=session, employee=employee).status
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(e,)) for e in (org.asn, org.asn_peer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == ["registered", "waitlisted"]
    session.refresh_from_db()
    assert session.seats_taken == 1


class TestAttendanceAndCompletion:
    @pytest.fixture
    def running(self, org, make_session, admin_user):
        session = make_session(capacity=5, starts=datetime.date(2026, 11, 16), deadline=datetime.date(2026, 11, 16))
        with time_machine.travel(datetime.datetime(2026, 11, 10, 2, tzinfo=datetime.UTC), tick=False):
            a = enroll(actor=org.asn.user, session=session, employee=org.asn)
            b = enroll(actor=org.asn_peer.user, session=session, employee=org.asn_peer)
        return session, a, b

    def test_checkin_with_the_code_and_its_refusals(self, org, admin_user, running):
        session, _a, _b = running
        code = attendance.checkin_code_issue(actor=admin_user, session=session, minutes=60)
        with pytest.raises(ValidationError) as exc:
            attendance.checkin(actor=org.asn.user, session=session, code="WRONG1")
        assert "salah" in messages_of(exc)
        assert attendance.checkin(actor=org.asn.user, session=session, code=code.lower()).by_checkin
        later = time_machine.travel(datetime.datetime(2026, 11, 18, 4, tzinfo=datetime.UTC), tick=False)
        with later, pytest.raises(ValidationError) as exc:
            attendance.checkin(actor=org.asn.user, session=session, code=code)
        assert "kedaluwarsa" in messages_of(exc)
        with pytest.raises(ValidationError):
            attendance.checkin(actor=org.outsider.user, session=session, code=code)

    def test_completion_credits_jp_once_to_those_who_attended_enough(self, org, admin_user, running):
        session, a, b = running
        for day in attendance.session_days(session):
            attendance.attendance_mark(actor=admin_user, enrollment=a, day=day, present=True)
        attendance.attendance_mark(actor=admin_user, enrollment=b, day=session.starts_on, present=True)  # 1 of 3 days
        assert attendance.session_complete(actor=admin_user, session=session) == {"completed": 1, "not_completed": 1}
        attendance.session_complete(actor=admin_user, session=session)  # again: nothing more
        assert list(JpEntry.objects.values_list("employee_id", "jp")) == [(org.asn.pk, Decimal("24.0"))]
        assert ledger.summary(org.asn, 2026).total == Decimal(24)
        with pytest.raises(PermissionDenied):
            attendance.session_complete(actor=org.supervisor.user, session=session)


class TestJpRules:
    def test_pns_floor_of_20(self, org):
        ledger.credit(employee=org.asn, year=2026, jp=Decimal(12), source="external", source_key="x:1", title="Kursus")
        summary = ledger.summary(org.asn, 2026)
        assert summary.below_floor and summary.target == 20 and "Kurang 8" in summary.message
        ledger.credit(employee=org.asn, year=2026, jp=Decimal(8), source="external", source_key="x:2", title="Kursus")
        assert not ledger.summary(org.asn, 2026).below_floor

    def test_pppk_ceiling_of_24_and_orientation_outside_it(self, org):
        pppk = EmployeeFactory(unit=org.unit_a, employment_type=EmploymentType.PPPK, golongan="IX")
        ledger.credit(
            employee=pppk,
            year=2026,
            jp=Decimal(30),
            source="session",
            source_key="e:1",
            title="Orientasi",
            counts_toward_pppk_cap=False,
        )
        assert not ledger.summary(pppk, 2026).over_ceiling
        ledger.credit(employee=pppk, year=2026, jp=Decimal(25), source="session", source_key="e:2", title="Bimtek")
        summary = ledger.summary(pppk, 2026)
        assert summary.over_ceiling and "Melebihi batas 24" in summary.message

    def test_summaries_of_many_equal_each_summary(self, org, django_assert_num_queries):
        pppk = EmployeeFactory(unit=org.unit_a, employment_type=EmploymentType.PPPK, golongan="IX")
        ledger.credit(employee=org.asn, year=2026, jp=Decimal(12), source="external", source_key="x:1", title="K")
        ledger.credit(employee=pppk, year=2026, jp=Decimal(30), source="session", source_key="e:1", title="B")
        ledger.credit(employee=pppk, year=2025, jp=Decimal(5), source="session", source_key="e:2", title="B")
        people = [org.asn, pppk, org.asn_peer]
        TrainingSettings.current()  # made on first use
        with django_assert_num_queries(2):  # the settings, the totals
            many = ledger.summaries(people, 2026)
        assert many == {person.pk: ledger.summary(person, 2026) for person in people}
        assert many[org.asn_peer.pk].total == 0 and many[pppk.pk].over_ceiling

    def test_minutes_per_jp_is_configurable(self):
        assert ledger.jp_from_minutes(90) == Decimal("2.0")
        TrainingSettings.objects.update_or_create(pk=1, defaults={"minutes_per_jp": 60})
        assert ledger.jp_from_minutes(90) == Decimal("1.5")

    def test_credit_is_once_per_source(self, org):
        first = ledger.credit(
            employee=org.asn, year=2026, jp=Decimal(2), source="mentoring", source_key="m:1", title="M"
        )
        again = ledger.credit(
            employee=org.asn, year=2026, jp=Decimal(9), source="mentoring", source_key="m:1", title="M"
        )
        assert first.pk == again.pk and JpEntry.objects.count() == 1
