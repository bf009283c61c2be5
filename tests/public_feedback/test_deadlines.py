"""Complaint deadlines in working days across weekends and the holiday table, and the overdue
flags the queue shows (services/deadlines.py)."""

import datetime

import pytest

from apps.core.models import Holiday, HolidayKind
from apps.public_feedback.models import Complaint, ComplaintStatus, FeedbackSettings
from apps.public_feedback.services import deadlines

from .backoffice import new_complaint, replied, routed, travel

D = datetime.date
FRIDAY = D(2026, 11, 13)


@pytest.fixture
def holidays(db):
    """Wednesday 18 November off, and Saturday 21 November opened as a working day."""
    Holiday.objects.create(date=D(2026, 11, 18), name="Libur daerah", kind=HolidayKind.LIBUR_DAERAH)
    Holiday.objects.create(date=D(2026, 11, 21), name="Ganti cuti bersama", kind=HolidayKind.HARI_KERJA_TAMBAHAN)


class TestDueDates:
    def test_received_on_friday_due_on_wednesday(self, db):
        assert deadlines.verify_due_from(FRIDAY) == D(2026, 11, 18)

    def test_received_on_saturday_also_on_wednesday(self, db):
        assert deadlines.verify_due_from(D(2026, 11, 14)) == D(2026, 11, 18)

    def test_a_holiday_pushes_it_and_an_extra_working_saturday_counts(self, holidays):
        assert deadlines.verify_due_from(FRIDAY) == D(2026, 11, 19)
        # Mon 16 -> Tue 17 (1), Thu 19 (2), Fri 20 (3), Sat 21 worked (4), Mon 23 (5)
        assert deadlines.follow_up_due_from(D(2026, 11, 16)) == D(2026, 11, 23)

    def test_settings_change_the_deadlines(self, db):
        FeedbackSettings.objects.update_or_create(pk=1, defaults={"verify_days": 1, "auto_close_days": 2})
        assert deadlines.verify_due_from(FRIDAY) == D(2026, 11, 16)
        assert deadlines.auto_close_due_from(FRIDAY) == D(2026, 11, 17)

    def test_the_intake_deadline_and_the_units_skip_the_holiday(self, org, admin_user, holidays):
        with travel(FRIDAY):
            complaint = new_complaint(org.unit_a)
        assert complaint.verify_due == D(2026, 11, 19)
        with travel(D(2026, 11, 17)):
            routed(admin_user, complaint, org.unit_a)
        # Tue 17 -> Thu 19, Fri 20, Sat 21, Mon 23, Tue 24
        assert complaint.follow_up_due == D(2026, 11, 24)
        with travel(D(2026, 11, 17)):
            replied(org.supervisor.user, complaint)
        assert complaint.auto_close_due == D(2026, 12, 1)  # ten working days, Saturday 21 among them


def make(status, **dues) -> Complaint:
    return Complaint(status=status, verify_due=dues.pop("verify_due", D(2026, 11, 18)), **dues)


class TestOverdue:
    def test_met_on_its_day_late_the_day_after(self, db):
        complaint = make(ComplaintStatus.BARU, verify_due=D(2026, 11, 18))
        assert not deadlines.is_overdue(complaint, D(2026, 11, 18))
        assert deadlines.is_overdue(complaint, D(2026, 11, 19))

    def test_the_running_deadline_follows_the_status(self, db):
        routed = make(ComplaintStatus.DITERUSKAN, verify_due=D(2026, 11, 1), follow_up_due=D(2026, 11, 20))
        assert not deadlines.is_overdue(routed, D(2026, 11, 19))
        assert deadlines.is_overdue(routed, D(2026, 11, 23))

    def test_replied_and_closed_complaints_are_never_overdue(self, db):
        replied = make(ComplaintStatus.DITANGGAPI, verify_due=D(2026, 1, 1), auto_close_due=D(2026, 1, 5))
        closed = make(ComplaintStatus.SELESAI, verify_due=D(2026, 1, 1))
        assert not deadlines.is_overdue(replied, D(2026, 11, 19))
        assert not deadlines.is_overdue(closed, D(2026, 11, 19))
        assert deadlines.deadline_of(closed, today=D(2026, 11, 19)) is None

    @pytest.mark.parametrize(
        ("today", "label", "overdue"),
        [
            (D(2026, 11, 13), "3 hari kerja lagi", False),  # Fri: Mon 16, Tue 17, Wed 18
            (D(2026, 11, 14), "3 hari kerja lagi", False),  # Saturday: still three working days
            (D(2026, 11, 17), "1 hari kerja lagi", False),
            (D(2026, 11, 18), "batas hari ini", False),
            (D(2026, 11, 19), "terlambat 1 hari kerja", True),
            (D(2026, 11, 23), "terlambat 3 hari kerja", True),  # Thu, Fri, Mon
        ],
    )
    def test_days_left_and_days_late_in_working_days(self, db, today, label, overdue):
        deadline = deadlines.deadline_of(make(ComplaintStatus.BARU, verify_due=D(2026, 11, 18)), today=today)
        assert (deadline.label, deadline.overdue) == (label, overdue)

    def test_a_weekend_after_a_friday_deadline_is_late_by_no_working_day(self, db):
        deadline = deadlines.deadline_of(make(ComplaintStatus.BARU, verify_due=FRIDAY), today=D(2026, 11, 14))
        assert deadline.overdue and deadline.label == "lewat batas waktu"

    def test_holidays_do_not_count_as_days_late(self, holidays):
        deadline = deadlines.deadline_of(make(ComplaintStatus.BARU, verify_due=D(2026, 11, 17)), today=D(2026, 11, 19))
        assert deadline.label == "terlambat 1 hari kerja"  # Wednesday 18 was off

    def test_auto_close_is_a_date_not_a_duty(self, db):
        complaint = make(ComplaintStatus.DITANGGAPI, auto_close_due=D(2026, 11, 20))
        deadline = deadlines.deadline_of(complaint, today=D(2026, 11, 18))
        assert (deadline.label, deadline.overdue) == ("ditutup otomatis 2 hari kerja lagi", False)

    def test_the_sql_filter_agrees_with_the_flag(self, org, admin_user):
        with travel(D(2026, 11, 2)):
            late_verify = new_complaint(org.unit_a)  # due Thu 5 Nov
            late_unit = routed(admin_user, new_complaint(org.unit_a), org.unit_a)  # due Mon 9 Nov
        with travel(D(2026, 11, 9)):
            on_time = new_complaint(org.unit_a)
        today = D(2026, 11, 9)
        flagged = set(Complaint.objects.filter(deadlines.overdue_q(today)).values_list("pk", flat=True))
        assert flagged == {late_verify.pk}
        assert [deadlines.is_overdue(c, today) for c in (late_verify, late_unit, on_time)] == [True, False, False]
        assert set(Complaint.objects.filter(deadlines.overdue_q(D(2026, 11, 10))).values_list("pk", flat=True)) == {
            late_verify.pk,
            late_unit.pk,
        }

    def test_a_page_of_deadlines_costs_one_holiday_query(self, db, django_assert_num_queries):
        rows = [make(ComplaintStatus.BARU, verify_due=D(2026, 11, day)) for day in range(2, 28)]
        with django_assert_num_queries(1):
            deadlines.with_deadlines(rows, today=D(2026, 11, 18))
        assert rows[-1].deadline.label == "7 hari kerja lagi"  # Thu 19 .. Fri 27
