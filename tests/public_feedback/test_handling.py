"""Every staff transition of a complaint: what it writes, who may, from which status, and the
Indonesian reason when it is refused (services/handling.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.core.models import Holiday, OutboxMessage
from apps.public_feedback.models import Complaint, ComplaintStatus, EntryKind
from apps.public_feedback.services import handling

from .backoffice import new_complaint, replied, routed, travel

MONDAY = datetime.date(2026, 11, 16)
NOTIFY = "apps.public_feedback.tasks.handling.complaint_entry_notify"


@pytest.fixture
def today(db):
    with travel(MONDAY):
        yield MONDAY


@pytest.fixture
def complaint(org, today):
    return new_complaint(org.unit_a)


def last_entry(complaint):
    return complaint.entries.order_by("-at", "-pk").first()


def message_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


class TestRoute:
    def test_routes_to_the_unit_with_its_deadline_and_a_public_entry(self, org, admin_user, complaint):
        entry = handling.complaint_route(actor=admin_user, complaint=complaint, unit=org.unit_b, note="Mohon cek")
        complaint.refresh_from_db()
        assert complaint.status == ComplaintStatus.DITERUSKAN
        assert complaint.handling_unit == org.unit_b and complaint.routed_at is not None
        assert complaint.follow_up_due == datetime.date(2026, 11, 23)  # 5 working days after Monday
        assert (entry.kind, entry.is_public, entry.text, entry.actor) == (
            EntryKind.ROUTED,
            True,
            org.unit_b.name,
            admin_user,
        )
        note = last_entry(complaint)
        assert (note.kind, note.is_public, note.text) == (EntryKind.NOTE, False, "Mohon cek")
        assert OutboxMessage.objects.filter(task_name=NOTIFY, kwargs={"entry_id": entry.pk}).exists()

    def test_the_follow_up_deadline_skips_holidays(self, org, admin_user, complaint):
        Holiday.objects.create(date=datetime.date(2026, 11, 18), name="Libur daerah", kind="libur_daerah")
        handling.complaint_route(actor=admin_user, complaint=complaint, unit=org.unit_a)
        complaint.refresh_from_db()
        assert complaint.follow_up_due == datetime.date(2026, 11, 24)

    def test_from_perlu_info_and_again_to_another_unit(self, org, admin_user, complaint):
        handling.complaint_ask_info(actor=admin_user, complaint=complaint, question="Kapan kejadiannya?")
        routed(admin_user, complaint, org.unit_a)
        routed(admin_user, complaint, org.unit_b)
        assert complaint.handling_unit == org.unit_b
        assert complaint.entries.filter(kind=EntryKind.ROUTED).count() == 2

    def test_not_twice_to_the_same_unit(self, org, admin_user, complaint):
        routed(admin_user, complaint, org.unit_a)
        with pytest.raises(ValidationError) as exc:
            handling.complaint_route(actor=admin_user, complaint=complaint, unit=org.unit_a)
        assert "sudah ditangani" in message_of(exc)

    def test_an_inactive_unit_is_refused(self, org, admin_user, complaint):
        org.unit_b.is_active = False
        org.unit_b.save()
        with pytest.raises(ValidationError) as exc:
            handling.complaint_route(actor=admin_user, complaint=complaint, unit=org.unit_b)
        assert exc.value.message_dict == {"unit": ["Pilih unit kerja yang aktif."]}

    def test_only_admins_triage(self, org, leader_user, complaint):
        for user in (org.supervisor.user, leader_user, org.asn.user):
            with pytest.raises(PermissionDenied) as exc:
                handling.complaint_route(actor=user, complaint=complaint, unit=org.unit_a)
            assert str(exc.value) == "Hanya admin BKPSDM yang dapat memverifikasi dan meneruskan pengaduan."
        complaint.refresh_from_db()
        assert complaint.status == ComplaintStatus.BARU and not complaint.entries.filter(kind=EntryKind.ROUTED)

    def test_a_closed_complaint_is_not_routed(self, org, admin_user, complaint):
        handling.complaint_out_of_scope(actor=admin_user, complaint=complaint, reason="Urusan pusat.")
        with pytest.raises(ValidationError) as exc:
            handling.complaint_route(actor=admin_user, complaint=complaint, unit=org.unit_a)
        assert message_of(exc) == (
            f"Pengaduan {complaint.reference} berstatus “Bukan wewenang”, sehingga tidak dapat diteruskan."
        )

    def test_routing_a_blocked_contacts_complaint_shows_it_again(self, org, admin_user, complaint):
        Complaint.objects.filter(pk=complaint.pk).update(is_blocked=True)
        complaint.refresh_from_db()
        routed(admin_user, complaint, org.unit_a)
        assert complaint.is_blocked is False

    def test_a_stale_copy_is_told_what_happened(self, org, admin_user, complaint):
        stale = Complaint.objects.get(pk=complaint.pk)
        handling.complaint_mark_spam(actor=admin_user, complaint=complaint)
        with pytest.raises(ValidationError) as exc:
            handling.complaint_route(actor=admin_user, complaint=stale, unit=org.unit_a)
        assert "baru saja diubah orang lain" in message_of(exc) and "spam" in message_of(exc)
        assert not stale.entries.filter(kind=EntryKind.ROUTED).exists()


class TestVerification:
    def test_ask_info_is_public_and_waits_for_the_reporter(self, admin_user, complaint):
        entry = handling.complaint_ask_info(actor=admin_user, complaint=complaint, question="  Di loket berapa?  ")
        complaint.refresh_from_db()
        assert complaint.status == ComplaintStatus.PERLU_INFO
        assert (entry.kind, entry.is_public, entry.text) == (EntryKind.INFO_REQUESTED, True, "Di loket berapa?")

    def test_ask_info_needs_a_question(self, admin_user, complaint):
        with pytest.raises(ValidationError) as exc:
            handling.complaint_ask_info(actor=admin_user, complaint=complaint, question="   ")
        assert exc.value.message_dict == {"question": ["Tulis informasi apa yang diperlukan."]}

    def test_a_100000_character_text_is_refused(self, admin_user, complaint):
        with pytest.raises(ValidationError) as exc:
            handling.complaint_ask_info(actor=admin_user, complaint=complaint, question="x" * 100_000)
        assert exc.value.message_dict == {"question": ["Paling banyak 5000 karakter."]}

    def test_out_of_scope_closes_with_a_public_reason(self, admin_user, complaint):
        entry = handling.complaint_out_of_scope(actor=admin_user, complaint=complaint, reason="Wewenang BPN.")
        complaint.refresh_from_db()
        assert complaint.status == ComplaintStatus.BUKAN_WEWENANG and complaint.is_closed
        assert complaint.close_reason == "Wewenang BPN." and complaint.closed_at is not None
        assert (entry.is_public, entry.text) == (True, "Wewenang BPN.")

    def test_out_of_scope_needs_a_reason(self, admin_user, complaint):
        with pytest.raises(ValidationError) as exc:
            handling.complaint_out_of_scope(actor=admin_user, complaint=complaint, reason="")
        assert exc.value.message_dict == {"reason": ["Tulis alasan dan ke mana pelapor dapat mengadu."]}

    def test_spam_is_hidden_and_internal(self, admin_user, complaint):
        entry = handling.complaint_mark_spam(actor=admin_user, complaint=complaint, reason="iklan")
        complaint.refresh_from_db()
        assert complaint.status == ComplaintStatus.SPAM and not complaint.is_public
        assert (entry.kind, entry.is_public) == (EntryKind.SPAM, False)

    def test_triage_is_refused_once_routed(self, org, admin_user, complaint):
        routed(admin_user, complaint, org.unit_a)
        for service, kwargs, verb in (
            (handling.complaint_ask_info, {"question": "?"}, "dimintakan informasi tambahan"),
            (handling.complaint_out_of_scope, {"reason": "x"}, "dinyatakan bukan wewenang"),
            (handling.complaint_mark_spam, {}, "diarsipkan sebagai spam"),
        ):
            with pytest.raises(ValidationError) as exc:
                service(actor=admin_user, complaint=complaint, **kwargs)
            assert message_of(exc).endswith(f"berstatus “Ditangani unit kerja”, sehingga tidak dapat {verb}.")


class TestHandling:
    @pytest.fixture
    def at_unit(self, org, admin_user, complaint):
        return routed(admin_user, complaint, org.unit_a)

    def test_a_reply_starts_the_auto_close_clock(self, org, at_unit):
        entry = handling.complaint_reply(actor=org.supervisor.user, complaint=at_unit, text="Sudah ditindaklanjuti.")
        at_unit.refresh_from_db()
        assert at_unit.status == ComplaintStatus.DITANGGAPI and at_unit.responded_at is not None
        assert at_unit.auto_close_due == datetime.date(2026, 11, 30)  # 10 working days after Monday
        assert (entry.kind, entry.is_public, entry.actor) == (EntryKind.REPLY, True, org.supervisor.user)

    def test_a_second_reply_restarts_it(self, org, at_unit):
        replied(org.supervisor.user, at_unit)
        with travel(datetime.date(2026, 11, 20)):
            replied(org.supervisor.user, at_unit, "Tambahan.")
        assert at_unit.auto_close_due == datetime.date(2026, 12, 4)

    def test_a_reply_needs_text(self, org, at_unit):
        with pytest.raises(ValidationError) as exc:
            handling.complaint_reply(actor=org.supervisor.user, complaint=at_unit, text="")
        assert exc.value.message_dict == {"text": ["Tulis tanggapan untuk pelapor."]}

    def test_no_reply_before_routing(self, org, admin_user, complaint):
        with pytest.raises(ValidationError) as exc:
            handling.complaint_reply(actor=admin_user, complaint=complaint, text="Halo")
        assert "berstatus “Menunggu verifikasi”, sehingga tidak dapat ditanggapi." in message_of(exc)

    def test_a_designated_handler_may_act(self, org, at_unit):
        from .backoffice import designate

        designate(org.unit_a, org.asn, by=org.supervisor.user)
        handling.complaint_reply(actor=org.asn.user, complaint=at_unit, text="Kami cek.")
        assert last_entry(at_unit).actor == org.asn.user

    def test_the_handler_of_another_unit_may_not(self, org, at_unit):
        with pytest.raises(PermissionDenied) as exc:
            handling.complaint_reply(actor=org.supervisor_b.user, complaint=at_unit, text="Bukan unit saya")
        assert str(exc.value) == "Hanya petugas unit yang menangani pengaduan ini atau admin BKPSDM."

    def test_leaders_never_act(self, leader_user, at_unit):
        with pytest.raises(PermissionDenied):
            handling.complaint_add_note(actor=leader_user, complaint=at_unit, text="Catatan")

    def test_a_note_is_internal_in_any_status(self, org, admin_user, at_unit):
        handling.complaint_resolve(actor=org.supervisor.user, complaint=at_unit)
        entry = handling.complaint_add_note(actor=admin_user, complaint=at_unit, text="Arsip rapat.")
        at_unit.refresh_from_db()
        assert (entry.kind, entry.is_public, at_unit.status) == (EntryKind.NOTE, False, ComplaintStatus.SELESAI)

    def test_a_note_needs_text(self, org, at_unit):
        with pytest.raises(ValidationError) as exc:
            handling.complaint_add_note(actor=org.supervisor.user, complaint=at_unit, text=" ")
        assert exc.value.message_dict == {"text": ["Tulis isi catatan."]}

    def test_resolve_from_routed_or_replied(self, org, at_unit):
        replied(org.supervisor.user, at_unit)
        entry = handling.complaint_resolve(actor=org.supervisor.user, complaint=at_unit, text="Terima kasih.")
        at_unit.refresh_from_db()
        assert at_unit.status == ComplaintStatus.SELESAI and at_unit.closed_at is not None
        assert (entry.kind, entry.is_public, entry.text) == (EntryKind.RESOLVED, True, "Terima kasih.")

    def test_resolve_is_refused_twice(self, org, at_unit):
        handling.complaint_resolve(actor=org.supervisor.user, complaint=at_unit)
        with pytest.raises(ValidationError) as exc:
            handling.complaint_resolve(actor=org.supervisor.user, complaint=at_unit)
        assert "berstatus “Selesai”, sehingga tidak dapat dinyatakan selesai." in message_of(exc)
        assert at_unit.entries.filter(kind=EntryKind.RESOLVED).count() == 1

    def test_close_unresolved_needs_a_public_reason(self, org, at_unit):
        with pytest.raises(ValidationError) as exc:
            handling.complaint_close_unresolved(actor=org.supervisor.user, complaint=at_unit, reason="")
        assert exc.value.message_dict == {"reason": ["Tulis alasan pengaduan ditutup tanpa terselesaikan."]}
        entry = handling.complaint_close_unresolved(
            actor=org.supervisor.user, complaint=at_unit, reason="Anggaran belum tersedia."
        )
        at_unit.refresh_from_db()
        assert at_unit.status == ComplaintStatus.TIDAK_SELESAI and at_unit.close_reason == "Anggaran belum tersedia."
        assert (entry.kind, entry.is_public) == (EntryKind.CLOSED_UNRESOLVED, True)

    def test_close_unresolved_is_refused_before_routing(self, admin_user, complaint):
        with pytest.raises(ValidationError) as exc:
            handling.complaint_close_unresolved(actor=admin_user, complaint=complaint, reason="x")
        assert "sehingga tidak dapat ditutup." in message_of(exc)


class TestLinkEmployee:
    @pytest.fixture
    def at_unit(self, org, admin_user, complaint):
        return routed(admin_user, complaint, org.unit_a)

    def test_link_and_substantiate(self, org, at_unit):
        entry = handling.complaint_link_employee(
            actor=org.supervisor.user, complaint=at_unit, employee=org.asn, substantiated=True
        )
        at_unit.refresh_from_db()
        assert at_unit.employee == org.asn and at_unit.substantiated is True and not at_unit.is_public
        assert (entry.kind, entry.is_public) == (EntryKind.LINKED, False)
        assert org.asn.nip in entry.text and "terbukti" in entry.text

    def test_a_handler_links_only_people_of_the_unit(self, org, at_unit):
        with pytest.raises(ValidationError) as exc:
            handling.complaint_link_employee(
                actor=org.supervisor.user, complaint=at_unit, employee=org.outsider, substantiated=False
            )
        assert exc.value.message_dict == {"nip": ["Pegawai ini bukan bagian dari unit yang menangani pengaduan."]}

    def test_admins_link_anyone(self, org, admin_user, at_unit):
        handling.complaint_link_employee(
            actor=admin_user, complaint=at_unit, employee=org.outsider, substantiated=False
        )
        at_unit.refresh_from_db()
        assert at_unit.employee == org.outsider and at_unit.substantiated is False

    def test_the_verdict_is_required(self, org, at_unit):
        with pytest.raises(ValidationError) as exc:
            handling.complaint_link_employee(
                actor=org.supervisor.user, complaint=at_unit, employee=org.asn, substantiated=None
            )
        assert exc.value.message_dict == {"substantiated": ["Pilih apakah pengaduan terbukti."]}

    def test_not_on_spam(self, org, admin_user, complaint):
        handling.complaint_mark_spam(actor=admin_user, complaint=complaint)
        with pytest.raises(ValidationError) as exc:
            handling.complaint_link_employee(
                actor=admin_user, complaint=complaint, employee=org.asn, substantiated=True
            )
        assert "sehingga tidak dapat dikaitkan dengan pegawai." in message_of(exc)


def test_available_actions_follow_role_and_status(org, admin_user, leader_user, complaint):
    assert handling.available_actions(admin_user, complaint) == {
        "route",
        "ask_info",
        "out_of_scope",
        "spam",
        "note",
        "link",
    }
    assert handling.available_actions(leader_user, complaint) == set()
    routed(admin_user, complaint, org.unit_a)
    head = org.supervisor.user
    assert handling.available_actions(head, complaint) == {
        "route",
        "reply",
        "resolve",
        "close_unresolved",
        "note",
        "link",
    } - {"route"}
    assert handling.available_actions(org.supervisor_b.user, complaint) == set()
    assert handling.available_actions(admin_user, complaint) >= {"route", "reply", "resolve"}


def test_every_transition_records_its_actor_in_the_audit_trail(org, admin_user, complaint):
    from pghistory.models import Context

    routed(admin_user, complaint, org.unit_a)
    actions = {context.metadata.get("action"): context.metadata.get("actor") for context in Context.objects.all()}
    assert actions.get("complaint_route") == admin_user.pk


class TestActingHead:
    """A unit's Plt/Plh handles its complaints for the dates of the assignment, as its head does."""

    def acting(self, org, today, *, days=(0, 30)):
        from apps.employees.models import ActingAssignment

        return ActingAssignment.objects.create(
            employee=org.outsider,
            unit=org.unit_a,
            kind="plt",
            starts_on=today + datetime.timedelta(days=days[0]),
            ends_on=today + datetime.timedelta(days=days[1]),
        )

    def test_the_plt_sees_is_notified_of_and_replies_to_the_units_complaints(self, org, admin_user, today):
        from apps.core import access
        from apps.public_feedback.selectors.handlers import handler_users

        self.acting(org, today)
        complaint = routed(admin_user, new_complaint(org.unit_a), org.unit_a)
        plt = org.outsider.user
        assert org.unit_a.pk in access.handled_unit_ids(plt)
        assert access.can(plt, "complaint.handle", complaint)
        assert access.scope(plt, Complaint.objects.all()).filter(pk=complaint.pk).exists()
        assert plt in handler_users(org.unit_a)  # told of new complaints and deadlines
        replied(plt, complaint)
        assert last_entry(complaint).actor == plt

    def test_an_ended_assignment_gives_nothing(self, org, admin_user, today):
        from apps.core import access
        from apps.public_feedback.selectors.handlers import handler_users

        self.acting(org, today, days=(-40, -10))
        complaint = routed(admin_user, new_complaint(org.unit_a), org.unit_a)
        plt = org.outsider.user
        assert org.unit_a.pk not in access.handled_unit_ids(plt)
        assert not access.scope(plt, Complaint.objects.all()).filter(pk=complaint.pk).exists()
        assert plt not in handler_users(org.unit_a)
        with pytest.raises(PermissionDenied):
            replied(plt, complaint)
