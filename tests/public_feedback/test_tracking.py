"""Tracking by code: the reporter's view (public entries only), the session key, wrong codes."""

import random

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from apps.core.models import RateHit
from apps.public_feedback.models import ComplaintAttachment, ComplaintEntry, EntryKind, FeedbackSettings
from apps.public_feedback.services import codes
from tests.public_feedback.conftest import submit_complaint
from tests.public_feedback.helpers import png_upload

pytestmark = pytest.mark.django_db
TRACK = reverse("pengaduan:complaint-track")


def detail_url(complaint):
    return reverse("pengaduan:complaint-detail", args=[complaint.reference])


def track(client, code):
    return client.post(TRACK, {"code": code})


@pytest.fixture
def handled(org, public_service):
    """A complaint routed to unit_a and answered by its head, with internal traffic around it."""
    complaint, code = submit_complaint(
        service=public_service,
        uploads=[png_upload("bukti-saya.png")],
        reporter_email="rahasia.pelapor@example.test",
        reporter_phone="081299990000",
        contact_consent=True,
        status="ditanggapi",
        handling_unit=org.unit_a,
    )
    now = timezone.now()
    head = org.supervisor.user
    ComplaintEntry.objects.create(complaint=complaint, kind=EntryKind.ROUTED, is_public=True, at=now, actor=head)
    note = ComplaintEntry.objects.create(
        complaint=complaint, kind=EntryKind.NOTE, is_public=False, text="CATATAN-INTERNAL-XYZ", at=now, actor=head
    )
    ComplaintEntry.objects.create(
        complaint=complaint, kind=EntryKind.LINKED, is_public=False, text="PEGAWAI-TERKAIT-XYZ", at=now, actor=head
    )
    ComplaintEntry.objects.create(
        complaint=complaint,
        kind=EntryKind.REPLY,
        is_public=True,
        text="Loket tambahan dibuka mulai Senin.",
        at=now,
        actor=head,
    )
    internal_file = ComplaintAttachment(
        complaint=complaint, entry=note, original_name="internal.pdf", content_type="application/pdf", size=9
    )
    internal_file.file.save("pengaduan/internal.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    internal_file.save()
    return complaint, code, internal_file


def test_the_code_opens_the_tracking_page_keyed_by_the_session(client, handled):
    complaint, code, _ = handled
    response = track(client, code.lower().replace("-", " "))
    assert response.status_code == 302 and response.url == detail_url(complaint)
    assert code not in response.url and codes.normalise(code) not in response.url
    page = client.get(detail_url(complaint)).content.decode()
    assert complaint.reference in page and "Loket tambahan dibuka mulai Senin." in page


def test_the_reporter_sees_public_entries_only_and_no_names_or_contacts(client, org, handled):
    complaint, code, internal_file = handled
    track(client, code)
    page = client.get(detail_url(complaint)).content.decode()
    assert "CATATAN-INTERNAL-XYZ" not in page and "PEGAWAI-TERKAIT-XYZ" not in page
    assert "Catatan internal" not in page and "internal.pdf" not in page
    assert org.unit_a.name in page  # who replied: the unit ...
    assert org.supervisor.name not in page and org.supervisor.user.username not in page  # ... never the person
    assert "rahasia.pelapor@example.test" not in page and "081299990000" not in page
    assert "bukti-saya.png" in page
    own = complaint.attachments.get(original_name="bukti-saya.png")
    download = client.get(reverse("pengaduan:attachment-download", args=[complaint.reference, own.pk]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    hidden = client.get(reverse("pengaduan:attachment-download", args=[complaint.reference, internal_file.pk]))
    assert hidden.status_code == 404


def test_without_the_code_in_this_session_nothing_is_shown(client, handled):
    complaint, _code, _ = handled
    response = client.get(detail_url(complaint))
    assert response.status_code == 302 and response.url == TRACK
    own = complaint.attachments.get(original_name="bukti-saya.png")
    assert client.get(reverse("pengaduan:attachment-download", args=[complaint.reference, own.pk])).status_code == 404
    # an unknown reference answers the same way as a known one
    assert client.get(reverse("pengaduan:complaint-detail", args=["PGD-1999-000001"])).url == TRACK


def test_one_code_never_opens_another_complaint(client, handled):
    complaint, code, _ = handled
    other, _other_code = submit_complaint(description="PENGADUAN-ORANG-LAIN")
    track(client, code)
    assert client.get(detail_url(other)).status_code == 302
    other_file = ComplaintAttachment.objects.filter(complaint=other).first()
    assert other_file is None
    own = complaint.attachments.get(original_name="bukti-saya.png")
    # a file of this complaint asked under the other reference: not found
    assert client.get(reverse("pengaduan:attachment-download", args=[other.reference, own.pk])).status_code == 404


def test_ending_tracking_forgets_the_session(client, handled):
    complaint, code, _ = handled
    track(client, code)
    assert client.post(reverse("pengaduan:complaint-track-end")).status_code == 302
    assert client.get(detail_url(complaint)).status_code == 302


def test_tracking_expires_after_an_hour_of_inactivity(client, handled):
    import time_machine

    complaint, code, _ = handled
    track(client, code)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=61)):
        assert client.get(detail_url(complaint)).status_code == 302


def test_wrong_codes_are_limited_per_address_then_429(client, handled):
    _complaint, code, _ = handled
    limit = FeedbackSettings.current().lookups_per_hour
    for _ in range(limit):
        response = track(client, codes.issue().code)
        assert response.status_code == 200 and "tidak ditemukan" in response.content.decode()
    assert track(client, codes.issue().code).status_code == 429
    assert track(client, code).status_code == 429  # even the right code waits: no guessing on
    # another address is not affected
    other = client.__class__(REMOTE_ADDR="10.20.30.40")
    assert track(other, code).status_code == 302
    assert RateHit.objects.filter(scope="pengaduan.lacak").count() == limit


def test_three_hundred_random_codes_never_500(client, handled):
    rng = random.Random(8)
    alphabet = codes.ALPHABET + "ILOU-<>'\" ;%\x00"
    statuses = []
    for n in range(300):
        length = rng.choice([0, 5, 16, 19, 23, 80, 81, 500])
        guess = "".join(rng.choice(alphabet) for _ in range(length))
        response = client.post(TRACK, {"code": guess}, REMOTE_ADDR=f"10.50.{n // 200}.{n % 200}")
        statuses.append(response.status_code)
    assert set(statuses) <= {200, 429}
    assert 200 in statuses


def test_get_on_actions_is_405(client, handled):
    complaint, _code, _ = handled
    for name in ("complaint-add-info", "complaint-reopen", "complaint-confirm", "complaint-rate"):
        assert client.get(reverse(f"pengaduan:{name}", args=[complaint.reference])).status_code == 405
