"""The training calendar: the month page and the personal iCalendar feed (RFC 5545)."""

import datetime

import pytest
import time_machine
from django.core import signing
from django.urls import reverse

from apps.trainings import calendar
from apps.trainings.models import Enrollment, EnrollmentStatus, SessionStatus, TrainingProgram, TrainingSession
from apps.trainings.services.catalogue import session_save
from apps.trainings.services.enrollment import cancel, enroll
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
NOV_18 = datetime.datetime(2026, 11, 18, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
DEC = "2026-12"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOV_18, tick=False):
        yield


@pytest.fixture
def december(org, admin_user, program, make_session):
    """Pelayanan Prima 7-9 Dec (the ASN registered); Literasi Digital 30 Nov-2 Dec online (the ASN
    waits for a seat behind the peer); a cancelled session on 15 Dec; a session in January."""
    prima = make_session(capacity=5)
    enroll(actor=org.asn.user, session=prima, employee=org.asn)
    digital = TrainingProgram.objects.create(name="Literasi Digital", path="non_klasikal", method="e-learning", jp=8)
    online = session_save(
        actor=admin_user,
        program=digital,
        starts_on=datetime.date(2026, 11, 30),
        ends_on=datetime.date(2026, 12, 2),
        capacity=1,
        registration_deadline=datetime.date(2026, 11, 27),
        online_url="https://meet.example.test/literasi",
        facilitator="Dr. Rina; Tim TIK, Diskominfo",
    )
    enroll(actor=org.asn_peer.user, session=online, employee=org.asn_peer)
    enroll(actor=org.asn.user, session=online, employee=org.asn)
    cancelled = make_session(starts=datetime.date(2026, 12, 15), days=1, deadline=datetime.date(2026, 12, 10))
    TrainingSession.objects.filter(pk=cancelled.pk).update(status=SessionStatus.CANCELLED)
    january = make_session(starts=datetime.date(2027, 1, 11), days=2, deadline=datetime.date(2027, 1, 4))
    return {"prima": prima, "online": online, "cancelled": cancelled, "january": january}


def days_with(context, session) -> list[int]:
    return [
        day.date.day
        for week in context["weeks"]
        for day in week
        if day and any(event.session.pk == session.pk for event in day.events)
    ]


class TestMonthPage:
    def test_sessions_appear_on_every_day_they_run_with_own_enrollments_marked(self, org, december):
        response = client_for(org.asn.user).get(reverse("trainings:calendar"), {"bulan": DEC})
        assert response.status_code == 200
        context = response.context
        assert days_with(context, december["prima"]) == [7, 8, 9]
        assert days_with(context, december["online"]) == [1, 2]  # 30 Nov is November's
        assert days_with(context, december["cancelled"]) == []
        assert days_with(context, december["january"]) == []
        page = response.content.decode()
        prima_url = reverse("trainings:session-detail", args=[december["prima"].pk])
        assert page.count(f'href="{prima_url}"') == 3 + 1  # three days, and the agenda
        assert "Anda terdaftar" in page and "Anda di daftar tunggu" in page
        assert context["mine"] == 2
        [eighth] = [day for week in context["weeks"] for day in week if day and day.date.day == 8]
        [event] = eighth.events
        assert event.status == EnrollmentStatus.REGISTERED
        assert "tcal-mine" in event.css and "tcal-cont-before" in event.css and "tcal-cont-after" in event.css

    def test_weeks_start_on_monday_and_the_neighbouring_months_are_blank(self, org, december):
        context = client_for(org.asn.user).get(reverse("trainings:calendar"), {"bulan": DEC}).context
        first_week = context["weeks"][0]
        assert first_week[0] is None  # Monday 30 November
        assert first_week[1].date == datetime.date(2026, 12, 1)  # a Tuesday
        assert [d.weekday() for d in context["weekday_names"]] == [0, 1, 2, 3, 4, 5, 6]
        assert first_week[5].weekend and not first_week[4].weekend

    def test_previous_and_next_month_links(self, org):
        page = client_for(org.asn.user).get(reverse("trainings:calendar"), {"bulan": DEC}).content.decode()
        assert "?bulan=2026-11" in page and "?bulan=2027-01" in page

    @pytest.mark.parametrize("bad", ["", "2026-13", "12-2026", "1999-01", "x"])
    def test_a_bad_month_shows_the_current_one(self, org, bad):
        response = client_for(org.asn.user).get(reverse("trainings:calendar"), {"bulan": bad})
        assert response.status_code == 200
        assert response.context["month"] == datetime.date(2026, 11, 1)

    def test_the_feed_address_is_shown_to_the_asn_only(self, org, admin_user, december):
        page = client_for(org.asn.user).get(reverse("trainings:calendar"), {"bulan": DEC}).content.decode()
        token = calendar.feed_token(org.asn.user)
        assert f"http://testserver/pelatihan/kalender.ics?token={token}" in page
        assert "Salin" in page
        response = client_for(admin_user).get(reverse("trainings:calendar"), {"bulan": DEC})
        assert response.status_code == 200 and "feed_url" not in response.context
        assert "kalender.ics" not in response.content.decode()
        assert days_with(response.context, december["prima"]) == [7, 8, 9]  # the admin sees every session

    def test_anonymous_is_sent_to_log_in(self, db):
        response = client_for(None).get(reverse("trainings:calendar"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_a_fixed_number_of_queries_whatever_the_number_of_sessions(
        self, org, make_session, django_assert_max_num_queries
    ):
        client = client_for(org.asn.user)
        make_session(capacity=3, starts=datetime.date(2026, 12, 1), days=1)
        with django_assert_max_num_queries(7) as one:
            client.get(reverse("trainings:calendar"), {"bulan": DEC})
        for n in range(12):
            session = make_session(capacity=3, starts=datetime.date(2026, 12, 2 + 2 * n), days=3)
            if n % 3 == 0:
                Enrollment.objects.create(session=session, employee=org.asn, status=EnrollmentStatus.REGISTERED)
        with django_assert_max_num_queries(len(one.captured_queries)):
            response = client.get(reverse("trainings:calendar"), {"bulan": DEC})
        assert len(response.context["agenda"]) == 13 and response.context["mine"] == 4


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def events_of(text: str) -> list[dict]:
    events, current = [], None
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _sep, value = line.partition(":")
            current[name] = value
    return events


def feed(token):
    return client_for(None).get(reverse("trainings:calendar-feed"), {"token": token} if token is not None else {})


class TestFeed:
    def test_the_users_sessions_as_all_day_events(self, org, december):
        response = feed(calendar.feed_token(org.asn.user))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        text = response.content.decode()
        assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
        events = events_of(text)
        assert len(events) == 2  # Pelayanan Prima and the waiting-list place; not the cancelled one
        online, prima = events  # in date order
        enrollment = Enrollment.objects.get(session=december["prima"], employee=org.asn)
        assert prima["UID"] == f"enrollment-{enrollment.pk}@127.0.0.1"
        assert prima["DTSTART;VALUE=DATE"] == "20261207"
        assert prima["DTEND;VALUE=DATE"] == "20261210"  # the day after the last one
        assert prima["SUMMARY"] == "Pelayanan Prima"
        assert prima["LOCATION"] == "Aula BKPSDM"
        assert prima["STATUS"] == "CONFIRMED"
        assert prima["URL"] == f"http://127.0.0.1:8000/pelatihan/sesi/{december['prima'].pk}/"
        assert "Status Anda: Terdaftar" in prima["DESCRIPTION"]
        assert prima["DTSTAMP"].endswith("Z") and len(prima["DTSTAMP"]) == 16
        # online: the link is the location; commas and semicolons escaped; waiting list is tentative
        assert online["LOCATION"] == "https://meet.example.test/literasi"
        assert online["SUMMARY"] == "Literasi Digital (daftar tunggu)"
        assert online["STATUS"] == "TENTATIVE"
        assert "Fasilitator: Dr. Rina\\; Tim TIK\\, Diskominfo" in online["DESCRIPTION"]
        assert "\\n" in online["DESCRIPTION"]

    def test_lines_end_in_crlf_and_are_folded_at_75_octets(self, org, december):
        TrainingProgram.objects.filter(pk=december["prima"].program_id).update(
            name="Pelatihan Kepemimpinan Pengawas — Angkatan II: pelayanan publik berbasis data dan kolaborasi ÄÖÜ 漢字"
        )
        raw = feed(calendar.feed_token(org.asn.user)).content
        assert b"\n" not in raw.replace(b"\r\n", b"")  # no bare LF
        assert b"\r" not in raw.replace(b"\r\n", b"")  # no bare CR
        lines = raw.split(b"\r\n")
        assert max(len(line) for line in lines) <= 75
        assert any(line.startswith(b" ") for line in lines)  # something was folded
        for line in lines:
            line.decode("utf-8")  # never folded inside a character
        summary = [line for line in unfold(raw.decode()) if line.startswith("SUMMARY:Pelatihan")]
        assert summary == [
            "SUMMARY:Pelatihan Kepemimpinan Pengawas — Angkatan II: pelayanan publik berbasis data dan "
            "kolaborasi ÄÖÜ 漢字"
        ]

    def test_uids_are_stable_and_only_own_enrollments_are_listed(self, org, december):
        token = calendar.feed_token(org.asn.user)
        first = feed(token).content
        assert feed(token).content == first  # nothing changed, nothing moves
        peer = events_of(feed(calendar.feed_token(org.asn_peer.user)).content.decode())
        assert [event["SUMMARY"] for event in peer] == ["Literasi Digital"]  # the peer holds the seat
        # the peer cancels: the ASN moves up, keeps the same UID, and the event is confirmed now
        before = {e["UID"]: e for e in events_of(first.decode())}
        cancel(actor=org.asn_peer.user, enrollment=Enrollment.objects.get(employee=org.asn_peer))
        after = {e["UID"]: e for e in events_of(feed(token).content.decode())}
        assert after.keys() == before.keys()
        assert sorted(e["STATUS"] for e in after.values()) == ["CONFIRMED", "CONFIRMED"]
        assert events_of(feed(calendar.feed_token(org.asn_peer.user)).content.decode()) == []

    def test_the_same_user_always_gets_the_same_token(self, org):
        assert calendar.feed_token(org.asn.user) == calendar.feed_token(org.asn.user)
        assert calendar.feed_token(org.asn.user) != calendar.feed_token(org.asn_peer.user)

    @pytest.mark.parametrize(
        "make_token",
        [
            lambda user: None,
            lambda user: "",
            lambda user: "garbage",
            lambda user: signing.dumps(user.pk),  # signed without the feed's salt
            lambda user: signing.dumps(user.pk, salt="something.else"),
            lambda user: calendar.feed_token(user)[:-2] + "xx",  # tampered signature
            lambda user: signing.dumps(str(user.pk), salt=calendar.FEED_SALT),  # not an id
            lambda user: signing.dumps(999999, salt=calendar.FEED_SALT),  # nobody
        ],
        ids=["missing", "empty", "garbage", "no-salt", "other-salt", "tampered", "not-an-id", "nobody"],
    )
    def test_a_bad_token_is_a_404(self, org, make_token):
        assert feed(make_token(org.asn.user)).status_code == 404

    def test_an_inactive_account_has_no_feed(self, org):
        token = calendar.feed_token(org.asn.user)
        org.asn.user.is_active = False
        org.asn.user.save()
        assert feed(token).status_code == 404

    def test_a_user_without_an_employee_gets_an_empty_calendar(self, admin_user):
        response = feed(calendar.feed_token(admin_user))
        assert response.status_code == 200 and events_of(response.content.decode()) == []

    def test_only_get_and_head(self, org):
        url = f"{reverse('trainings:calendar-feed')}?token={calendar.feed_token(org.asn.user)}"
        assert client_for(None).head(url).status_code == 200
        assert client_for(None).post(url).status_code == 405


class TestSerializer:
    def test_text_escaping(self):
        assert calendar.ics_text("a\\b; c, d\r\ne\nf\x07") == "a\\\\b\\; c\\, d\\ne\\nf"

    def test_folding_counts_octets_and_keeps_characters_whole(self):
        line = "DESCRIPTION:" + "é" * 100  # two octets each
        folded = calendar.ics_fold(line)
        parts = folded.split("\r\n")
        assert all(len(part.encode()) <= 75 for part in parts)
        assert all(part.startswith(" ") for part in parts[1:])
        assert folded.replace("\r\n ", "") == line
        assert calendar.ics_fold("SUMMARY:short") == "SUMMARY:short"
        exact = "X" * 75
        assert calendar.ics_fold(exact) == exact and calendar.ics_fold(exact + "Y") == exact + "\r\n Y"
