"""What the reporter may do on the tracking page, and when (the state rules and the windows)."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import Role
from apps.core.models import Holiday, Notification, OutboxMessage
from apps.public_feedback.models import ComplaintStatus, EntryKind, FeedbackSettings
from apps.public_feedback.services import tracking
from apps.public_feedback.tasks.intake import reporter_action_notify
from tests.factories import UserFactory
from tests.public_feedback.conftest import submit_complaint
from tests.public_feedback.helpers import jpeg_upload, php_as_jpg, png_upload

pytestmark = pytest.mark.django_db
WIB = datetime.timezone(datetime.timedelta(hours=7))


@pytest.fixture
def tracked(client):
    """``tracked(**state)`` -> a complaint in that state whose code this client has proven."""

    def make(**state):
        complaint, code = submit_complaint(**state)
        client.post(reverse("pengaduan:complaint-track"), {"code": code})
        return complaint

    return make


def url(name, complaint):
    return reverse(f"pengaduan:{name}", args=[complaint.reference])


def test_add_info_at_perlu_info_goes_back_to_verification(client, tracked):
    Holiday.objects.all().delete()
    complaint = tracked(status="perlu_info", verify_due=datetime.date(2026, 1, 1))
    with time_machine.travel(datetime.datetime(2026, 3, 13, 9, 0, tzinfo=WIB), tick=False):  # Friday
        response = client.post(
            url("complaint-add-info", complaint), {"text": "Nomor antrean saya 57.", "attachments": [jpeg_upload()]}
        )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.BARU
    assert complaint.verify_due == datetime.date(2026, 3, 18)  # Mon, Tue, Wed
    entry = complaint.entries.get(kind=EntryKind.INFO_ADDED)
    assert entry.is_public and entry.by_reporter and entry.text == "Nomor antrean saya 57."
    assert complaint.attachments.filter(entry=entry).count() == 1
    assert OutboxMessage.objects.filter(task_name__endswith="reporter_action_notify", kwargs={"entry_id": entry.pk})


def test_add_info_keeps_the_state_while_handled_and_refuses_when_closed(client, tracked, org):
    complaint = tracked(status="diteruskan", handling_unit=org.unit_a)
    client.post(url("complaint-add-info", complaint), {"text": "Tambahan."})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.DITERUSKAN
    closed = tracked(status="bukan_wewenang", closed_at=timezone.now())
    response = client.post(url("complaint-add-info", closed), {"text": "Tambahan."})
    assert response.status_code == 200 and not closed.entries.filter(kind=EntryKind.INFO_ADDED).exists()


def test_add_info_needs_something_and_checks_files(client, tracked):
    complaint = tracked()
    empty = client.post(url("complaint-add-info", complaint), {"text": "  "})
    assert empty.status_code == 200 and "Tulis informasi tambahan" in empty.content.decode()
    bad = client.post(url("complaint-add-info", complaint), {"text": "foto", "attachments": [php_as_jpg()]})
    assert (
        bad.status_code == 200 and "bukan foto" in bad.content.decode() and "pilih lagi" in bad.content.decode().lower()
    )
    four = client.post(
        url("complaint-add-info", complaint), {"attachments": [png_upload(f"{n}.png") for n in range(4)]}
    )
    assert "Paling banyak 3 lampiran" in four.content.decode()
    assert not complaint.entries.filter(kind=EntryKind.INFO_ADDED).exists()


def test_confirm_only_after_a_reply(client, tracked, org):
    early = tracked(status="diteruskan", handling_unit=org.unit_a)
    response = client.post(url("complaint-confirm", early))
    assert response.status_code == 200 and "setelah pengaduan ditanggapi" in response.content.decode()
    answered = tracked(status="ditanggapi", handling_unit=org.unit_a, auto_close_due=datetime.date(2026, 12, 1))
    assert client.post(url("complaint-confirm", answered)).status_code == 302
    answered.refresh_from_db()
    assert answered.status == ComplaintStatus.SELESAI and answered.closed_at and answered.auto_close_due is None
    assert answered.entries.filter(kind=EntryKind.RESOLVED, is_public=True, by_reporter=True).exists()
    # twice (a double click): refused the second time
    assert client.post(url("complaint-confirm", answered)).status_code == 200


def test_reopen_after_a_reply_goes_back_to_the_unit(client, tracked, org):
    Holiday.objects.all().delete()
    complaint = tracked(status="ditanggapi", handling_unit=org.unit_a)
    missing = client.post(url("complaint-reopen", complaint), {"reason": ""})
    assert "Tuliskan alasan" in missing.content.decode()
    with time_machine.travel(datetime.datetime(2026, 3, 13, 9, 0, tzinfo=WIB), tick=False):  # Friday
        client.post(url("complaint-reopen", complaint), {"reason": "Loket tambahan belum dibuka."})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.DITERUSKAN and complaint.reopen_count == 1
    assert complaint.follow_up_due == datetime.date(2026, 3, 20)  # 5 working days
    assert complaint.entries.get(kind=EntryKind.REOPENED).text == "Loket tambahan belum dibuka."


def test_reopen_window_counts_working_days_across_holidays(org):
    """Closed on Friday 13 March 2026, reopen_days=2, Monday a holiday: the last day is Wednesday."""
    Holiday.objects.all().delete()
    Holiday.objects.create(date=datetime.date(2026, 3, 16), name="Libur uji")
    FeedbackSettings.objects.update_or_create(pk=1, defaults={"reopen_days": 2})
    closed_at = datetime.datetime(2026, 3, 13, 15, 0, tzinfo=WIB)
    complaint, _ = submit_complaint(status="selesai", handling_unit=org.unit_a, closed_at=closed_at)
    assert tracking.reopen_deadline(complaint) == datetime.date(2026, 3, 18)
    with time_machine.travel(datetime.datetime(2026, 3, 18, 16, 0, tzinfo=WIB), tick=False):
        assert tracking.REOPEN in tracking.allowed_actions(complaint)
    with time_machine.travel(datetime.datetime(2026, 3, 19, 8, 0, tzinfo=WIB), tick=False):
        assert tracking.REOPEN not in tracking.allowed_actions(complaint)
        with pytest.raises(Exception, match="sudah lewat"):
            tracking.complaint_reopen(complaint=complaint, reason="Belum beres")
    with time_machine.travel(datetime.datetime(2026, 3, 18, 16, 0, tzinfo=WIB), tick=False):
        tracking.complaint_reopen(complaint=complaint, reason="Belum beres")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.DITERUSKAN and complaint.closed_at is None


@pytest.mark.parametrize("status", ["baru", "perlu_info", "diteruskan", "bukan_wewenang", "spam"])
def test_reopen_refused_in_other_states(status, org):
    complaint, _ = submit_complaint(status=status, handling_unit=org.unit_a, closed_at=timezone.now())
    assert tracking.REOPEN not in tracking.allowed_actions(complaint)
    with pytest.raises(Exception, match="tidak dapat dibuka kembali"):
        tracking.complaint_reopen(complaint=complaint, reason="Alasan")


def test_rate_once_when_closed(client, tracked, org):
    open_one = tracked(status="ditanggapi", handling_unit=org.unit_a)
    assert "setelah pengaduan ditutup" in client.post(url("complaint-rate", open_one), {"rating": "4"}).content.decode()
    closed = tracked(status="tidak_selesai", handling_unit=org.unit_a, closed_at=timezone.now())
    for bad in ("0", "6", "x", ""):
        response = client.post(url("complaint-rate", closed), {"rating": bad})
        assert response.status_code == 200 and "Pilih nilai 1 sampai 5" in response.content.decode()
    assert client.post(url("complaint-rate", closed), {"rating": "2", "comment": "Lambat."}).status_code == 302
    closed.refresh_from_db()
    assert (closed.rating, closed.rating_comment) == (2, "Lambat.") and closed.rated_at
    again = client.post(url("complaint-rate", closed), {"rating": "5"})
    assert "sudah memberi penilaian" in again.content.decode()
    closed.refresh_from_db()
    assert closed.rating == 2 and closed.entries.filter(kind=EntryKind.RATED).count() == 1


def test_the_page_offers_only_allowed_actions(client, tracked, org):
    new = tracked()
    page = client.get(url("complaint-detail", new)).content.decode()
    assert "Tambahkan informasi" in page and "Buka kembali" not in page and "Kirim penilaian" not in page
    answered = tracked(status="ditanggapi", handling_unit=org.unit_a)
    page = client.get(url("complaint-detail", answered)).content.decode()
    assert "Ya, sudah selesai" in page and "Buka kembali" in page
    done = tracked(status="selesai", handling_unit=org.unit_a, closed_at=timezone.now())
    page = client.get(url("complaint-detail", done)).content.decode()
    assert "Kirim penilaian" in page and "Tambahkan informasi" not in page
    for label in ("5 — Sangat puas", "1 — Tidak puas"):
        assert label in page


def test_reporter_actions_notify_the_unit_handlers_or_the_admins(org, admin_user):
    routed, _ = submit_complaint(status="ditanggapi", handling_unit=org.unit_a)
    entry = tracking.complaint_reopen(complaint=routed, reason="Belum beres")
    assert reporter_action_notify(entry.pk) == 1
    notice = Notification.objects.get(user=org.supervisor.user)
    assert routed.reference in notice.title
    assert reporter_action_notify(entry.pk) == 0  # idempotent
    waiting, _ = submit_complaint(status="perlu_info")
    other_admin = UserFactory(role=Role.ADMIN)
    info, _notes = tracking.complaint_add_info(complaint=waiting, text="Ini tambahan saya")
    assert reporter_action_notify(info.pk) == 2
    assert set(Notification.objects.filter(key=f"complaint-entry-{info.pk}").values_list("user", flat=True)) == {
        admin_user.pk,
        other_admin.pk,
    }


def test_information_after_a_reply_postpones_the_auto_close(org):
    Holiday.objects.all().delete()
    complaint, _ = submit_complaint(
        status="ditanggapi", handling_unit=org.unit_a, auto_close_due=datetime.date(2026, 3, 16)
    )
    with time_machine.travel(datetime.datetime(2026, 3, 13, 9, 0, tzinfo=WIB), tick=False):  # Friday
        tracking.complaint_add_info(complaint=complaint, text="Loketnya masih tutup.")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.DITANGGAPI
    assert complaint.auto_close_due == datetime.date(2026, 3, 27)  # 10 working days from Friday
