"""Mentoring: pairing (an admin or the mentee's supervisor), logging meetings (mentor or mentee),
approval by the mentee's supervisor or an admin, which credits non-klasikal JP once."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from apps.trainings.models import JpEntry, Mentoring, MentoringSession
from apps.trainings.services import mentoring as service
from tests.conftest import client_for
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db
NOV_18 = datetime.datetime(2026, 11, 18, 2, tzinfo=datetime.UTC)
START, END = datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)
MY_LIST_QUERIES = 10
DETAIL_QUERIES = 12  # 11 for the mentee; a supervisor's menu asks once about complaint handling
APPROVALS_QUERIES = 10  # the menu asks once whether a unit head handles complaints
PAIRINGS_QUERIES = 7


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOV_18, tick=False):
        yield


@pytest.fixture
def mentor(org):
    """An experienced employee of another unit."""
    return EmployeeFactory(unit=org.unit_b, supervisor=org.supervisor_b, jabatan="Analis Kebijakan Ahli Madya")


@pytest.fixture
def pairing(org, mentor, admin_user):
    return service.mentoring_create(
        actor=admin_user, mentor=mentor, mentee=org.asn, starts_on=START, ends_on=END, goals="Menyusun kajian kebijakan"
    )


def pair_post(mentee_, mentor_, **overrides):
    return {
        "mentee": mentee_.nip,
        "mentor": mentor_.nip,
        "starts_on": "2026-10-01",
        "ends_on": "2026-12-31",
        "goals": "Mampu menyusun telaahan staf sendiri",
        "competency": "",
        **overrides,
    }


def log(pairing, by, day=datetime.date(2026, 11, 10), minutes=90, notes="Membahas kerangka kajian"):
    return service.session_log(actor=by.user, mentoring=pairing, date=day, minutes=minutes, notes=notes)


class TestPairing:
    def test_admin_pairs_anyone(self, org, mentor, admin_user):
        client = client_for(admin_user)
        assert client.get("/mentoring/baru/").status_code == 200
        response = client.post("/mentoring/baru/", pair_post(org.asn, mentor))
        pairing = Mentoring.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/mentoring/{pairing.pk}/"
        assert (pairing.mentor, pairing.mentee, pairing.created_by) == (mentor, org.asn, admin_user)
        assert org.asn.full_name in client.get("/mentoring/pasangan/").content.decode()

    def test_a_supervisor_pairs_only_the_people_they_evaluate(self, org, mentor):
        client = client_for(org.supervisor.user)
        assert client.post("/mentoring/baru/", pair_post(org.asn, mentor)).status_code == 302
        response = client.post("/mentoring/baru/", pair_post(org.outsider, mentor))
        assert response.status_code == 400
        assert "pegawai yang Anda nilai" in response.content.decode()
        assert Mentoring.objects.count() == 1

    @pytest.mark.parametrize(
        "overrides, field, words",
        [
            ({"mentor": "SAME"}, "mentor", "orang yang sama"),
            ({"ends_on": "2026-09-30"}, "ends_on", "sebelum tanggal mulai"),
            ({"goals": "  "}, "goals", "Tulis tujuan"),
            ({"mentor": "199001012015011999"}, "mentor", "Tidak ada pegawai aktif"),
            ({"mentor": "INACTIVE"}, "mentor", "Tidak ada pegawai aktif"),
        ],
    )
    def test_bad_input_is_refused_on_its_field_and_keeps_what_was_typed(
        self, org, mentor, admin_user, overrides, field, words
    ):
        if overrides.get("mentor") == "SAME":
            overrides["mentor"] = org.asn.nip
        if overrides.get("mentor") == "INACTIVE":
            overrides["mentor"] = EmployeeFactory(unit=org.unit_b, is_active=False).nip
        response = client_for(admin_user).post("/mentoring/baru/", pair_post(org.asn, mentor, **overrides))
        page = response.content.decode()
        assert response.status_code == 400
        assert words in page and f'id="id_{field}_error"' in page
        assert org.asn.nip in page  # the typed NIP stays
        assert not Mentoring.objects.exists()

    def test_an_overlapping_pairing_of_the_same_two_is_refused(self, org, mentor, pairing, admin_user):
        with pytest.raises(ValidationError) as exc:
            service.mentoring_create(
                actor=admin_user, mentor=mentor, mentee=org.asn, starts_on=END, ends_on=END, goals="Lagi"
            )
        assert "sudah menjadi mentor" in " ".join(exc.value.messages)

    def test_who_may_pair(self, org, mentor, leader_user):
        for user in (org.asn.user, leader_user):
            assert client_for(user).get("/mentoring/baru/").status_code == 403
            assert client_for(user).post("/mentoring/baru/", pair_post(org.asn, mentor)).status_code == 403
        with pytest.raises(PermissionDenied):
            service.mentoring_create(
                actor=org.asn.user, mentor=mentor, mentee=org.asn_peer, starts_on=START, ends_on=END, goals="x"
            )
        assert client_for(org.supervisor.user).get("/mentoring/pasangan/").status_code == 403
        response = client_for(None).get("/mentoring/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert not Mentoring.objects.exists()


class TestSeeingAndLogging:
    def test_mentor_and_mentee_both_see_it_and_log(self, org, mentor, pairing):
        for person in (org.asn, mentor):
            client = client_for(person.user)
            assert "Menyusun kajian kebijakan" in client.get("/mentoring/").content.decode()
            assert "Catat sesi" in client.get(f"/mentoring/{pairing.pk}/").content.decode()
        response = client_for(mentor.user).post(
            f"/mentoring/{pairing.pk}/sesi/", {"date": "2026-11-10", "minutes": "90", "notes": "Kerangka kajian"}
        )
        assert response.status_code == 302
        session = MentoringSession.objects.get()
        assert (session.minutes, session.logged_by, session.approved_at) == (90, mentor.user, None)
        page = client_for(org.asn.user).get(f"/mentoring/{pairing.pk}/").content.decode()
        assert "Kerangka kajian" in page and "Menunggu persetujuan" in page

    def test_the_supervisor_sees_but_does_not_log_and_others_get_404(self, org, pairing):
        supervisor = client_for(org.supervisor.user)
        page = supervisor.get(f"/mentoring/{pairing.pk}/").content.decode()
        assert "Menyusun kajian" in page and "Catat sesi" not in page
        post = {"date": "2026-11-10", "minutes": "60", "notes": "x"}
        assert supervisor.post(f"/mentoring/{pairing.pk}/sesi/", post).status_code == 403
        for outsider in (org.asn_peer, org.outsider):
            assert client_for(outsider.user).get(f"/mentoring/{pairing.pk}/").status_code == 404
            assert client_for(outsider.user).post(f"/mentoring/{pairing.pk}/sesi/", post).status_code == 404
        assert client_for(org.asn.user).get(f"/mentoring/{pairing.pk}/sesi/").status_code == 405
        assert not MentoringSession.objects.exists()

    @pytest.mark.parametrize(
        "overrides, field, words",
        [
            ({"date": "2026-09-30"}, "date", "di luar masa mentoring"),
            ({"date": "2026-11-19"}, "date", "belum tiba"),
            ({"minutes": "0"}, "minutes", ""),
            ({"minutes": "601"}, "minutes", ""),
            ({"notes": ""}, "notes", "Tulis catatan"),
        ],
    )
    def test_a_refused_session_keeps_what_was_typed(self, org, pairing, overrides, field, words):
        post = {"date": "2026-11-10", "minutes": "75", "notes": "Latihan menulis ringkasan", **overrides}
        response = client_for(org.asn.user).post(f"/mentoring/{pairing.pk}/sesi/", post)
        page = response.content.decode()
        assert response.status_code == 400
        assert words in page and f'id="id_{field}_error"' in page
        assert f'value="{post["minutes"]}"' in page and (post["notes"] or "") in page
        assert not MentoringSession.objects.exists()

    def test_one_session_per_day_so_mentor_and_mentee_never_count_a_meeting_twice(self, org, mentor, pairing):
        log(pairing, mentor)
        with pytest.raises(ValidationError) as exc:
            log(pairing, org.asn)
        assert "sudah dicatat" in " ".join(exc.value.messages)
        with pytest.raises(ValidationError):
            service.session_log(actor=mentor.user, mentoring=pairing, date=None, minutes=None, notes="")
        assert MentoringSession.objects.count() == 1


class TestApproval:
    def test_the_supervisor_approves_and_the_mentee_gets_non_klasikal_jp_once(self, org, mentor, pairing):
        session = log(pairing, mentor)  # 90 minutes = 2 JP
        supervisor = client_for(org.supervisor.user)
        page = supervisor.get("/mentoring/persetujuan/").content.decode()
        assert org.asn.full_name in page and "90 menit (2 JP)" in page
        url = f"/mentoring/sesi/{session.pk}/setujui/"
        response = supervisor.post(url, {"next": "approvals"})
        assert response.status_code == 302 and response["Location"] == "/mentoring/persetujuan/"
        again = supervisor.post(url, follow=True)
        assert "sudah disetujui sebelumnya" in again.content.decode()
        credit = JpEntry.objects.get()
        assert (credit.employee, credit.year, credit.jp, credit.source, credit.source_key) == (
            org.asn,
            2026,
            Decimal(2),
            "mentoring",
            f"mentoring-session:{session.pk}",
        )
        assert credit.counts_toward_pppk_cap and mentor.full_name in credit.title
        session.refresh_from_db()
        assert session.approved_by == org.supervisor.user
        assert "Tidak ada sesi yang menunggu" in supervisor.get("/mentoring/persetujuan/").content.decode()
        assert "Mentoring oleh" in client_for(org.asn.user).get("/jp/").content.decode()

    def test_an_admin_approves_too(self, org, mentor, pairing, admin_user):
        session = log(pairing, org.asn)
        assert service.session_approve(actor=admin_user, session=session) is True
        assert service.session_approve(actor=admin_user, session=session) is False
        assert JpEntry.objects.count() == 1

    def test_nobody_approves_their_own_session_or_someone_elses_team(self, org, mentor, pairing, leader_user):
        session = log(pairing, org.asn)
        url = f"/mentoring/sesi/{session.pk}/setujui/"
        assert client_for(org.asn.user).post(url).status_code == 403  # the mentee
        assert client_for(mentor.user).post(url).status_code == 403  # the mentor is not the mentee's supervisor
        assert client_for(org.supervisor_b.user).post(url).status_code == 404  # another team
        assert client_for(org.asn_peer.user).post(url).status_code == 404
        assert client_for(leader_user).post(url).status_code == 403  # leaders read, never approve
        assert client_for(org.supervisor.user).get(url).status_code == 405
        assert not JpEntry.objects.exists()

    def test_a_supervisor_who_mentors_does_not_approve_what_they_logged(self, org, admin_user):
        pairing = service.mentoring_create(
            actor=org.supervisor.user, mentor=org.supervisor, mentee=org.asn, starts_on=START, ends_on=END, goals="x"
        )
        own = log(pairing, org.supervisor)
        assert client_for(org.supervisor.user).post(f"/mentoring/sesi/{own.pk}/setujui/").status_code == 403
        assert own.pk not in [
            s.pk for s in client_for(org.supervisor.user).get("/mentoring/persetujuan/").context["sessions"]
        ]
        by_mentee = log(pairing, org.asn, day=datetime.date(2026, 11, 11))
        assert client_for(org.supervisor.user).post(f"/mentoring/sesi/{by_mentee.pk}/setujui/").status_code == 302
        assert client_for(admin_user).post(f"/mentoring/sesi/{own.pk}/setujui/").status_code == 302
        assert JpEntry.objects.count() == 2

    def test_pages_for_the_wrong_role(self, org, admin_user, leader_user):
        assert client_for(admin_user).get("/mentoring/").status_code == 403  # no employee record
        assert client_for(org.asn.user).get("/mentoring/persetujuan/").status_code == 403
        assert client_for(leader_user).get("/mentoring/persetujuan/").status_code == 403
        assert client_for(org.asn.user).get("/mentoring/pasangan/").status_code == 403
        assert client_for(admin_user).get("/mentoring/persetujuan/").status_code == 200


class TestQueryCounts:
    @pytest.mark.parametrize("rows", [1, 20])
    def test_lists_do_not_grow(self, org, admin_user, rows, django_assert_max_num_queries):
        pairings = []
        for n in range(rows):
            mentor = EmployeeFactory(unit=org.unit_b)
            pairing = service.mentoring_create(
                actor=admin_user, mentor=mentor, mentee=org.asn, starts_on=START, ends_on=END, goals=f"Tujuan {n}"
            )
            pairings.append(pairing)
            log(pairing, mentor)
        first = pairings[0]
        for n in range(1, rows):  # the first pairing gets `rows` sessions
            log(first, org.asn, day=START + datetime.timedelta(days=n))
        checks = [
            (org.asn.user, "/mentoring/", MY_LIST_QUERIES),
            (org.asn.user, f"/mentoring/{first.pk}/", DETAIL_QUERIES),
            (org.supervisor.user, "/mentoring/persetujuan/", APPROVALS_QUERIES),
            (admin_user, "/mentoring/pasangan/", PAIRINGS_QUERIES),
            (org.supervisor.user, f"/mentoring/{first.pk}/", DETAIL_QUERIES),
        ]
        for user, url, most in checks:
            client = client_for(user)
            with django_assert_max_num_queries(most):
                assert client.get(url).status_code == 200, url
