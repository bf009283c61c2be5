"""The tasks of complaint handling: who is told when staff act, reminders the working day before a
deadline, escalation once overdue, auto-close after the reply; each run twice changes nothing more."""

import datetime

import pytest
from django.core import mail

from apps.core.models import Holiday, HolidayKind, Notification
from apps.public_feedback.models import Complaint, ComplaintEntry, ComplaintStatus, EntryKind
from apps.public_feedback.services import handling
from apps.public_feedback.tasks import handling as tasks
from tests.factories import EmployeeFactory

from .backoffice import CONTACT, designate, new_complaint, replied, routed, travel

D = datetime.date
THURSDAY, FRIDAY, MONDAY, TUESDAY = D(2026, 11, 12), D(2026, 11, 13), D(2026, 11, 16), D(2026, 11, 17)


def notices(user, kind=""):
    return Notification.objects.filter(user=user, key__startswith=f"complaint-{kind}")


def mails_to(user_or_address):
    address = getattr(user_or_address, "email", user_or_address)
    return [message for message in mail.outbox if address in message.to]


@pytest.fixture
def boss(org):
    """The supervisor of unit_a's head: escalations of unit_a reach them."""
    boss = EmployeeFactory(unit=org.unit_a, jabatan="Kepala Dinas")
    org.supervisor.supervisor = boss
    org.supervisor.save()
    return boss


class TestEntryNotify:
    def test_routing_tells_the_handlers_and_the_reporter_once(self, org, admin_user):
        designate(org.unit_a, org.asn)
        complaint = new_complaint(org.unit_a, **CONTACT)
        entry = handling.complaint_route(actor=admin_user, complaint=complaint, unit=org.unit_a)
        mail.outbox.clear()
        assert tasks.complaint_entry_notify(entry.pk) == 3  # the head, the designated, the reporter
        assert tasks.complaint_entry_notify(entry.pk) == 0
        for user in (org.supervisor.user, org.asn.user):
            assert notices(user, "routed").count() == 1 and len(mails_to(user)) == 1
        to_reporter = mails_to(CONTACT["reporter_email"])
        assert len(to_reporter) == 1
        assert complaint.reference in to_reporter[0].subject and org.unit_a.name in to_reporter[0].body
        assert "/pengaduan/lacak/" in to_reporter[0].body or "http" in to_reporter[0].body

    def test_a_reply_is_mailed_to_the_reporter_with_its_text(self, org, admin_user):
        complaint = routed(admin_user, new_complaint(org.unit_a, **CONTACT), org.unit_a)
        entry = handling.complaint_reply(actor=org.supervisor.user, complaint=complaint, text="Petugas sudah ditegur.")
        mail.outbox.clear()
        assert tasks.complaint_entry_notify(entry.pk) == 1
        assert "Petugas sudah ditegur." in mails_to(CONTACT["reporter_email"])[0].body

    def test_internal_notes_and_spam_are_never_mailed(self, org, admin_user):
        complaint = new_complaint(org.unit_a, **CONTACT)
        note = handling.complaint_add_note(actor=admin_user, complaint=complaint, text="Catatan internal saja")
        spam = handling.complaint_mark_spam(actor=admin_user, complaint=complaint)
        mail.outbox.clear()
        assert tasks.complaint_entry_notify(note.pk) == 0 and tasks.complaint_entry_notify(spam.pk) == 0
        assert mail.outbox == []

    def test_a_blocked_contact_gets_nothing(self, org, admin_user):
        complaint = new_complaint(org.unit_a, **CONTACT)
        entry = handling.complaint_ask_info(actor=admin_user, complaint=complaint, question="Di mana?")
        Complaint.objects.filter(pk=complaint.pk).update(is_blocked=True)
        mail.outbox.clear()
        assert tasks.complaint_entry_notify(entry.pk) == 0 and mail.outbox == []

    def test_no_email_no_mail(self, org, admin_user):
        complaint = new_complaint(org.unit_a)
        entry = handling.complaint_ask_info(actor=admin_user, complaint=complaint, question="Di mana?")
        assert tasks.complaint_entry_notify(entry.pk) == 0

    def test_a_deleted_entry_is_nothing_to_do(self, db):
        assert tasks.complaint_entry_notify(999999) == 0


class TestReminders:
    def test_the_working_day_before_a_deadline(self, org, admin_user):
        with travel(D(2026, 11, 11)):  # Wednesday: verify by Monday 16
            waiting = new_complaint(org.unit_a)
        with travel(D(2026, 11, 6)):  # Friday 6: routed, unit's deadline Friday 13
            at_unit = routed(admin_user, new_complaint(org.unit_a), org.unit_a)
        with travel(THURSDAY):
            assert tasks.remind_complaint_deadlines() == 1  # at_unit to its head
            assert notices(org.supervisor.user, "due").get().key.endswith(f"{at_unit.pk}-follow_up-2026-11-13")
        with travel(FRIDAY):
            mail.outbox.clear()
            assert tasks.remind_complaint_deadlines() == 1  # waiting, to the admin
            assert tasks.remind_complaint_deadlines() == 0
        assert notices(admin_user, "due").get().key.endswith(f"{waiting.pk}-verify-2026-11-16")
        assert len(mails_to(admin_user)) == 1 and waiting.reference in mails_to(admin_user)[0].body

    def test_a_holiday_moves_the_reminder(self, org, admin_user):
        Holiday.objects.create(date=MONDAY, name="Libur", kind=HolidayKind.LIBUR_NASIONAL)
        with travel(D(2026, 11, 11)):
            waiting = new_complaint(org.unit_a)  # Thu 12, Fri 13, Tue 17
        assert waiting.verify_due == TUESDAY
        with travel(FRIDAY):
            assert tasks.remind_complaint_deadlines() == 1  # Tuesday is the next working day

    def test_nothing_on_a_day_off(self, org, admin_user):
        with travel(D(2026, 11, 12)):
            new_complaint(org.unit_a)
        with travel(D(2026, 11, 14)):
            assert tasks.remind_complaint_deadlines() == 0

    def test_hidden_complaints_remind_nobody(self, org, admin_user):
        with travel(D(2026, 11, 11)):
            complaint = new_complaint(org.unit_a)
        Complaint.objects.filter(pk=complaint.pk).update(is_blocked=True)
        with travel(FRIDAY):
            assert tasks.remind_complaint_deadlines() == 0


class TestEscalation:
    def test_a_units_missed_deadline_reaches_the_admins_and_the_heads_supervisor_once(self, org, admin_user, boss):
        with travel(D(2026, 11, 6)):
            complaint = routed(admin_user, new_complaint(org.unit_a), org.unit_a)  # due Fri 13
        with travel(FRIDAY):
            assert tasks.escalate_overdue_complaints() == 0  # met on its day
        with travel(MONDAY):
            mail.outbox.clear()
            assert tasks.escalate_overdue_complaints() == 1
            assert tasks.escalate_overdue_complaints() == 0
        complaint.refresh_from_db()
        assert complaint.escalated_at is not None
        entry = complaint.entries.get(kind=EntryKind.ESCALATED)
        assert not entry.is_public and "13 November 2026" in entry.text
        for user in (admin_user, boss.user):
            assert notices(user, "escalated").count() == 1 and len(mails_to(user)) == 1
        assert not notices(org.supervisor.user, "escalated").exists()

    def test_a_verification_missed_goes_to_the_admins(self, org, admin_user, boss):
        with travel(D(2026, 11, 9)):
            complaint = new_complaint(org.unit_a)  # verify by Thu 12
        with travel(FRIDAY):
            assert tasks.escalate_overdue_complaints() == 1
        assert notices(admin_user, "escalated").get().key.endswith(f"{complaint.pk}-verify-2026-11-12")
        assert not notices(boss.user, "escalated").exists()

    def test_a_new_deadline_may_be_escalated_again(self, org, admin_user):
        with travel(D(2026, 11, 9)):
            complaint = new_complaint(org.unit_a)
        with travel(FRIDAY):
            tasks.escalate_overdue_complaints()
            routed(admin_user, complaint, org.unit_a)  # follow up by Fri 20
        with travel(D(2026, 11, 20)):
            assert tasks.escalate_overdue_complaints() == 0
        with travel(D(2026, 11, 23)):
            assert tasks.escalate_overdue_complaints() == 1
            assert tasks.escalate_overdue_complaints() == 0
        assert complaint.entries.filter(kind=EntryKind.ESCALATED).count() == 2

    def test_not_on_a_weekend(self, org, admin_user):
        with travel(D(2026, 11, 9)):
            new_complaint(org.unit_a)
        with travel(D(2026, 11, 14)):
            assert tasks.escalate_overdue_complaints() == 0


class TestAutoClose:
    @pytest.fixture
    def answered(self, org, admin_user):
        with travel(D(2026, 11, 2)):
            complaint = routed(admin_user, new_complaint(org.unit_a, **CONTACT), org.unit_a)
            return replied(org.supervisor.user, complaint)  # closes on Mon 16

    def test_closes_on_its_day_once_with_a_public_entry(self, answered):
        assert answered.auto_close_due == MONDAY
        with travel(FRIDAY, hour=23):
            assert tasks.auto_close_complaints() == 0
        with travel(MONDAY, hour=23):
            assert tasks.auto_close_complaints() == 1
            assert tasks.auto_close_complaints() == 0
        answered.refresh_from_db()
        assert answered.status == ComplaintStatus.SELESAI and answered.closed_at is not None
        entry = answered.entries.get(kind=EntryKind.AUTO_CLOSED)
        assert entry.is_public and entry.actor is None and "10 hari kerja" in entry.text

    def test_the_reporter_is_mailed_when_it_closes(self, answered):
        with travel(MONDAY, hour=23):
            tasks.auto_close_complaints()
        entry = answered.entries.get(kind=EntryKind.AUTO_CLOSED)
        mail.outbox.clear()
        assert tasks.complaint_entry_notify(entry.pk) == 1
        assert "Ditutup otomatis" in mails_to(CONTACT["reporter_email"])[0].subject

    def test_a_reporters_answer_keeps_it_open(self, answered):
        with travel(D(2026, 11, 10)):
            ComplaintEntry.objects.create(
                complaint=answered, kind=EntryKind.INFO_ADDED, is_public=True, by_reporter=True, text="Belum beres.",
                status_after=answered.status, at=datetime.datetime.now(datetime.UTC),
            )  # fmt: skip
        with travel(MONDAY, hour=23):
            assert tasks.auto_close_complaints() == 0
        answered.refresh_from_db()
        assert answered.status == ComplaintStatus.DITANGGAPI
