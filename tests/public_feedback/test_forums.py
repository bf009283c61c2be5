"""Public forums from start to end: BKPSDM schedules one, citizens send input before it (limited per
address, honeypot, length), an admin hides one input, marks it held, publishes minutes and follow-up
actions, and the public page shows them; nothing private from complaints ever appears."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.core.models import RateHit
from apps.public_feedback.models import Forum, ForumFollowUp, ForumInput, ForumStatus
from apps.public_feedback.services import forums
from tests.conftest import client_for
from tests.public_feedback.rows import CONTACT, complaint

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 5, 4, 2, tzinfo=datetime.UTC)  # Monday 09.00 in Palembang
FORUM_DAY = datetime.date(2026, 5, 12)


def _schedule_form(unit, **overrides):
    data = {
        "topic": "Forum Konsultasi Publik Layanan Adminduk",
        "kind": "komunikasi",
        "unit": unit.pk,
        "day": FORUM_DAY.isoformat(),
        "start_time": "09:00",
        "end_time": "11:30",
        "place": "Aula Kantor Disdukcapil, Jl. Merdeka 1",
        "online_url": "https://zoom.example.test/j/123",
        "description": "Membahas antrean perekaman KTP-el.",
    }
    return {**data, **overrides}


@pytest.fixture
def admin(personas):
    return client_for(personas["admin"])


def _forum(unit, *, starts_in=datetime.timedelta(days=8), **fields):
    values = {"topic": "Sosialisasi PBG", "unit": unit, "starts_at": timezone.now() + starts_in, "place": "Aula"}
    return Forum.objects.create(**{**values, **fields})


def _send(client, forum, text="Mohon loket khusus lansia.", name="", ip="10.1.1.1", **extra):
    return client.post(
        reverse("forum:forum-detail", args=[forum.pk]), {"name": name, "text": text, **extra}, REMOTE_ADDR=ip
    )


def test_the_whole_forum_flow(admin, org):
    anonymous = client_for(None)
    with time_machine.travel(NOW, tick=False):
        response = admin.post(reverse("kelola_forum:forum-create"), _schedule_form(org.unit_a))
        forum = Forum.objects.get()
        assert response.status_code == 302 and response.url == reverse("kelola_forum:forum-detail", args=[forum.pk])
        assert forum.status == ForumStatus.SCHEDULED and forum.created_by.username == "admin.uji"
        assert timezone.localtime(forum.starts_at).hour == 9 and timezone.localtime(forum.ends_at).minute == 30

        listing = anonymous.get(reverse("forum:forum-list")).content.decode()
        assert "Forum Konsultasi Publik Layanan Adminduk" in listing
        page = anonymous.get(reverse("forum:forum-detail", args=[forum.pk])).content.decode()
        assert "https://zoom.example.test/j/123" in page and 'name="text"' in page

        response = _send(anonymous, forum, text="Tambah loket perekaman di kecamatan.", name="Andi", ip="10.0.0.1")
        assert response.status_code == 302
        _send(anonymous, forum, text="Iklan pinjaman online, hubungi kami", ip="10.0.0.2")
        assert ForumInput.objects.count() == 2
        spam = ForumInput.objects.get(text__startswith="Iklan")
        assert admin.post(reverse("kelola_forum:input-moderate", args=[spam.pk]), {"hidden": "1"}).status_code == 302
        spam.refresh_from_db()
        assert spam.is_hidden  # hidden, never deleted

        # not yet started: it cannot be marked held
        admin.post(reverse("kelola_forum:forum-held", args=[forum.pk]))
        forum.refresh_from_db()
        assert forum.status == ForumStatus.SCHEDULED

    with time_machine.travel(NOW + datetime.timedelta(days=8, hours=5), tick=False):
        # started: input is closed, the admin marks it held and publishes minutes and follow-ups
        assert _send(anonymous, forum, text="Terlambat").status_code == 400
        assert ForumInput.objects.count() == 2
        assert admin.post(reverse("kelola_forum:forum-held", args=[forum.pk])).status_code == 302
        admin.post(reverse("kelola_forum:minutes-save", args=[forum.pk]), {"minutes": "Draf notulen."})
        assert "Draf notulen" not in anonymous.get(reverse("forum:forum-detail", args=[forum.pk])).content.decode()
        admin.post(
            reverse("kelola_forum:follow-up-create", args=[forum.pk]),
            {"action": "Membuka loket perekaman KTP-el di 18 kecamatan", "unit": org.unit_a.pk, "due_on": "2026-08-31"},
        )
        response = admin.post(
            reverse("kelola_forum:minutes-save", args=[forum.pk]),
            {"minutes": "Warga meminta loket tambahan.\n\nDinas menyanggupi.", "publish": "1"},
        )
        assert response.status_code == 302
        follow_up = ForumFollowUp.objects.get()
        admin.post(reverse("kelola_forum:follow-up-done", args=[follow_up.pk]), {"done": "1"})
        follow_up.refresh_from_db()
        assert follow_up.done_at == timezone.localdate()

        page = anonymous.get(reverse("forum:forum-detail", args=[forum.pk])).content.decode()
        assert "Warga meminta loket tambahan." in page and "Dinas menyanggupi." in page
        assert "Membuka loket perekaman KTP-el di 18 kecamatan" in page and "Selesai" in page
        assert "Tambah loket perekaman di kecamatan." in page and "Andi" in page
        assert "Iklan pinjaman" not in page  # the hidden input
        assert 'name="text"' not in page
        listing = anonymous.get(reverse("forum:forum-list")).content.decode()
        assert "Telah berlangsung" in listing and "notulen terbit" in listing


def test_follow_ups_appear_only_with_published_minutes(org):
    forum = _forum(org.unit_a, starts_in=-datetime.timedelta(days=1), status=ForumStatus.HELD)
    ForumFollowUp.objects.create(forum=forum, action="Menambah kursi tunggu")
    page = client_for(None).get(reverse("forum:forum-detail", args=[forum.pk])).content.decode()
    assert "Menambah kursi tunggu" not in page and "sedang disusun" in page


def test_input_is_rate_limited_per_address(org):
    forum = _forum(org.unit_a)
    client = client_for(None)
    for i in range(forums.INPUTS_PER_HOUR):
        assert _send(client, forum, text=f"Masukan {i}", ip="10.5.5.5").status_code == 302
    response = _send(client, forum, text="Satu lagi", ip="10.5.5.5")
    assert response.status_code == 429
    assert ForumInput.objects.count() == forums.INPUTS_PER_HOUR
    assert _send(client, forum, text="Dari alamat lain", ip="10.5.5.6").status_code == 302
    assert not RateHit.objects.filter(key__contains="10.5.5.5").exists()  # keys are hashed


def test_honeypot_length_and_empty_input_store_nothing(org):
    forum = _forum(org.unit_a)
    client = client_for(None)
    response = _send(client, forum, text="Kunjungi situs kami", website="http://spam.test", ip="10.6.0.1")
    assert response.status_code == 302  # answered like a success
    response = _send(client, forum, text="x" * 100_000, ip="10.6.0.2")
    assert response.status_code == 400 and "2000" in response.content.decode()
    response = _send(client, forum, text="   ", ip="10.6.0.3")
    assert response.status_code == 400 and "Tulis masukan Anda." in response.content.decode()
    response = _send(client, forum, text="<script>alert(1)</script>' OR 1=1 --", name="<b>Budi</b>", ip="10.6.0.4")
    assert response.status_code == 302
    assert ForumInput.objects.count() == 1
    page = client.get(reverse("forum:forum-detail", args=[forum.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page and "<b>Budi</b>" not in page


def test_no_input_for_a_cancelled_forum(org, admin):
    forum = _forum(org.unit_a)
    assert admin.post(reverse("kelola_forum:forum-cancel", args=[forum.pk])).status_code == 302
    forum.refresh_from_db()
    assert forum.status == ForumStatus.CANCELLED
    response = _send(client_for(None), forum)
    assert response.status_code == 400 and not ForumInput.objects.exists()
    assert "Masukan untuk forum ini sudah ditutup." in response.content.decode()
    page = client_for(None).get(reverse("forum:forum-detail", args=[forum.pk])).content.decode()
    assert "Forum ini dibatalkan." in page
    # a second cancel is refused politely
    response = admin.post(reverse("kelola_forum:forum-cancel", args=[forum.pk]), follow=True)
    assert response.status_code == 200 and "masih terjadwal" in response.content.decode()


def test_schedule_needs_a_place_or_link_and_a_future_time(admin, org):
    with time_machine.travel(NOW, tick=False):
        response = admin.post(reverse("kelola_forum:forum-create"), _schedule_form(org.unit_a, place="", online_url=""))
        assert response.status_code == 400 and "tautan daring" in response.content.decode()
        response = admin.post(reverse("kelola_forum:forum-create"), _schedule_form(org.unit_a, day="2026-05-01"))
        assert response.status_code == 400 and "sudah lewat" in response.content.decode()
        response = admin.post(reverse("kelola_forum:forum-create"), _schedule_form(org.unit_a, end_time="08:00"))
        assert response.status_code == 400 and "setelah waktu mulai" in response.content.decode()
        response = admin.post(reverse("kelola_forum:forum-create"), _schedule_form(org.unit_a, topic=""))
        assert response.status_code == 400
        assert not Forum.objects.exists()
        assert 'value="Aula Kantor Disdukcapil, Jl. Merdeka 1"' in response.content.decode()  # input kept


def test_edit_a_forum(admin, org):
    with time_machine.travel(NOW, tick=False):
        forum = _forum(org.unit_a)
        assert admin.get(reverse("kelola_forum:forum-update", args=[forum.pk])).status_code == 200
        response = admin.post(
            reverse("kelola_forum:forum-update", args=[forum.pk]),
            _schedule_form(org.unit_b, topic="Topik baru", start_time="13:00", end_time=""),
        )
        assert response.status_code == 302
        forum.refresh_from_db()
        assert forum.topic == "Topik baru" and forum.unit == org.unit_b and forum.ends_at is None
        assert timezone.localtime(forum.starts_at).hour == 13


def test_staff_pages_are_for_admins_only(personas, org):
    forum = _forum(org.unit_a)
    item = ForumInput.objects.create(forum=forum, text="Masukan")
    for role in ("asn", "supervisor", "leader"):
        client = client_for(personas[role])
        assert client.get(reverse("kelola_forum:forum-list")).status_code == 403
        assert client.get(reverse("kelola_forum:forum-detail", args=[forum.pk])).status_code == 403
        assert client.post(reverse("kelola_forum:input-moderate", args=[item.pk]), {"hidden": "1"}).status_code == 403
    assert client_for(None).get(reverse("kelola_forum:forum-list")).status_code == 302
    admin = client_for(personas["admin"])
    assert admin.get(reverse("kelola_forum:forum-list")).status_code == 200
    assert admin.get(reverse("kelola_forum:forum-detail", args=[forum.pk])).status_code == 200
    assert admin.get(reverse("kelola_forum:forum-detail", args=[forum.pk + 1000])).status_code == 404
    assert admin.get(reverse("kelola_forum:forum-cancel", args=[forum.pk])).status_code == 405
    item.refresh_from_db()
    assert not item.is_hidden


def test_forum_pages_show_nothing_of_complaints(org):
    """The forum list and page sit next to the complaints on the citizens' site: a rahasia
    complaint's text and reporters' contact values never reach them."""
    complaint(unit=org.unit_a, is_confidential=True, description="RAHASIA: pungli loket 4")
    forum = _forum(org.unit_a)
    client = client_for(None)
    for url in (reverse("forum:forum-list"), reverse("forum:forum-detail", args=[forum.pk])):
        text = client.get(url).content.decode()
        for secret in ["RAHASIA", "pungli", *CONTACT.values()]:
            assert secret not in text
    assert client.get(reverse("forum:forum-detail", args=[999999])).status_code == 404
