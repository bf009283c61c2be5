"""The trainings API: the catalogue (programs, upcoming sessions with filters), self-enrollment and
cancellation through the same services as the pages (and their Indonesian refusals), the online
link only for registered participants, the JP ledger in scope, token auth, query counts, schema."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts import services as account_services
from apps.employees.models import EmploymentType
from apps.trainings.models import (
    Competency,
    Enrollment,
    EnrollmentStatus,
    SessionStatus,
    TrainingProgram,
    TrainingSession,
)
from apps.trainings.services.enrollment import enroll
from apps.trainings.services.ledger import credit
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PROGRAMS = "/api/v1/trainings/programs/"
SESSIONS = "/api/v1/trainings/sessions/"
JP = "/api/v1/jp/"
NOV_18 = datetime.datetime(2026, 11, 18, 2, tzinfo=datetime.UTC)


def enroll_url(session_id):
    return f"{SESSIONS}{session_id}/enroll/"


def cancel_url(session_id):
    return f"{SESSIONS}{session_id}/cancel/"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOV_18, tick=False):
        yield


@pytest.fixture
def asn(org):
    return client_for(org.asn.user)


def make_program(name, **fields):
    return TrainingProgram.objects.create(name=name, path="klasikal", method="bimtek", jp=Decimal(8), **fields)


def make_sessions(program, n, *, first=datetime.date(2026, 12, 7)):
    return [
        TrainingSession.objects.create(
            program=program,
            starts_on=first + datetime.timedelta(days=7 * i),
            ends_on=first + datetime.timedelta(days=7 * i + 1),
            capacity=10,
            registration_deadline=first,
            place="Aula",
        )
        for i in range(n)
    ]


class TestPrograms:
    def test_active_programs_with_jp_path_competencies_and_partner(self, org, asn, program):
        competency = Competency.objects.create(name="Pelayanan publik", kind="teknis")
        program.competencies.add(competency)
        program.partner = "LAN RI"
        program.save()
        make_program("Arsip lama", is_active=False)
        response = asn.get(PROGRAMS)
        assert response.status_code == 200
        [row] = response.json()["results"]
        assert row["name"] == "Pelayanan Prima" and row["jp"] == "24.0" and row["partner"] == "LAN RI"
        assert (row["path"], row["path_label"]) == ("klasikal", "Pelatihan klasikal")
        assert row["competencies"] == [
            {"id": competency.pk, "name": "Pelayanan publik", "kind": "teknis", "kind_label": "Teknis"}
        ]

    def test_query_count_does_not_grow(self, org, asn, django_assert_max_num_queries):
        Competency.objects.create(name="K0", kind="teknis")
        make_program("P0").competencies.add(Competency.objects.get(name="K0"))
        with CaptureQueriesContext(connection) as one:
            assert asn.get(PROGRAMS).json()["count"] == 1
        baseline = len(one)
        for n in range(1, 15):
            make_program(f"P{n}").competencies.add(Competency.objects.create(name=f"K{n}", kind="manajerial"))
        with django_assert_max_num_queries(baseline):
            assert len(asn.get(PROGRAMS).json()["results"]) == 15
        assert baseline <= 6


class TestSessions:
    def test_upcoming_scheduled_sessions_with_seats_and_own_status(self, org, asn, make_session, program):
        mine = make_session(capacity=2)
        other = make_session(starts=datetime.date(2026, 12, 20), deadline=datetime.date(2026, 12, 10))
        make_session(starts=datetime.date(2026, 11, 2), deadline=datetime.date(2026, 11, 1))  # over
        TrainingSession.objects.filter(pk=other.pk).update(status=SessionStatus.CANCELLED)
        enroll(actor=org.asn.user, session=mine, employee=org.asn)
        rows = asn.get(SESSIONS).json()["results"]
        assert [row["id"] for row in rows] == [mine.pk]
        row = rows[0]
        assert row["program"]["name"] == "Pelayanan Prima" and row["program"]["jp"] == "24.0"
        assert (row["starts_on"], row["ends_on"], row["registration_deadline"]) == ("2026-12-07", "2026-12-09",
                                                                                    "2026-12-01")  # fmt: skip
        assert (row["capacity"], row["seats_left"], row["place"]) == (2, 1, "Aula BKPSDM")
        assert row["my_enrollment"]["status"] == "registered" and row["my_enrollment"]["status_label"] == "Terdaftar"
        peer = client_for(org.asn_peer.user).get(SESSIONS).json()["results"][0]
        assert peer["my_enrollment"] is None and peer["seats_left"] == 1

    def test_the_online_link_only_for_registered_participants(self, org, asn, make_session):
        session = make_session(capacity=1)
        TrainingSession.objects.filter(pk=session.pk).update(online_url="https://meet.example.go.id/pelatihan")
        assert asn.get(SESSIONS).json()["results"][0]["online"] is True
        assert asn.get(SESSIONS).json()["results"][0]["online_url"] is None
        enroll(actor=org.asn.user, session=session, employee=org.asn)
        enroll(actor=org.asn_peer.user, session=session, employee=org.asn_peer)  # waitlisted
        assert asn.get(SESSIONS).json()["results"][0]["online_url"] == "https://meet.example.go.id/pelatihan"
        peer = client_for(org.asn_peer.user).get(SESSIONS).json()["results"][0]
        assert peer["my_enrollment"]["status"] == "waitlisted" and peer["online_url"] is None
        assert client_for(org.outsider.user).get(SESSIONS).json()["results"][0]["online_url"] is None

    def test_filters_by_program_and_start_dates(self, org, asn, make_session, program):
        other = make_program("Literasi Digital")
        first = make_session()
        later = make_session(starts=datetime.date(2027, 1, 11), deadline=datetime.date(2027, 1, 4))
        [elsewhere] = make_sessions(other, 1)

        def ids(query):
            response = asn.get(SESSIONS + query)
            assert response.status_code == 200, response.content
            return [row["id"] for row in response.json()["results"]]

        assert ids(f"?program={program.pk}") == [first.pk, later.pk]
        assert ids(f"?program={other.pk}") == [elsewhere.pk]
        assert ids("?from=2027-01-01") == [later.pk]
        assert ids("?to=2026-12-31") == [first.pk, elsewhere.pk]
        assert ids("?from=2026-12-07&to=2026-12-07&program=") == [first.pk, elsewhere.pk]

    @pytest.mark.parametrize(
        "query, field, message",
        [
            ("?program=abc", "program", "Program harus berupa ID angka"),
            ("?program=0", "program", "Program harus berupa ID angka"),
            ("?program=999999", "program", "tidak ditemukan"),
            ("?from=18-11-2026", "from", "TTTT-BB-HH"),
            ("?to=kemarin", "to", "TTTT-BB-HH"),
            ("?from=2026-12-10&to=2026-12-01", "to", "tidak boleh sebelum"),
        ],
    )
    def test_bad_filters_are_400_in_indonesian(self, org, asn, query, field, message):
        response = asn.get(SESSIONS + query)
        assert response.status_code == 400
        assert message in response.json()[field][0]

    def test_query_count_does_not_grow(self, org, asn, program, django_assert_max_num_queries):
        [first] = make_sessions(program, 1)
        enroll(actor=org.asn.user, session=first, employee=org.asn)
        with CaptureQueriesContext(connection) as one:
            assert asn.get(SESSIONS).json()["count"] == 1
        baseline = len(one)
        for session in make_sessions(make_program("Lain"), 14, first=datetime.date(2027, 2, 1)):
            Enrollment.objects.create(session=session, employee=org.asn, status=EnrollmentStatus.WAITLISTED)
        with django_assert_max_num_queries(baseline):
            rows = asn.get(SESSIONS).json()["results"]
        assert len(rows) == 15 and all(row["my_enrollment"] for row in rows)
        assert baseline <= 7


class TestEnroll:
    def test_registers_then_waitlists_when_full(self, org, asn, make_session):
        session = make_session(capacity=1)
        response = asn.post(enroll_url(session.pk))
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["status"] == "registered" and data["source"] == "self" and data["waitlist_position"] is None
        assert data["session"]["seats_left"] == 0 and data["session"]["my_enrollment"]["id"] == data["id"]
        response = client_for(org.asn_peer.user).post(enroll_url(session.pk))
        assert response.status_code == 201
        assert response.json()["status"] == "waitlisted" and response.json()["waitlist_position"] == 1
        assert Enrollment.objects.get(employee=org.asn_peer).status == EnrollmentStatus.WAITLISTED

    def test_the_services_refusals_in_indonesian(self, org, asn, make_session):
        session = make_session()
        assert asn.post(enroll_url(session.pk)).status_code == 201
        response = asn.post(enroll_url(session.pk))
        assert response.status_code == 400
        assert "sudah terdaftar di sesi ini" in response.json()["non_field_errors"][0]
        closed = make_session(starts=datetime.date(2026, 11, 25), deadline=datetime.date(2026, 11, 17))
        response = asn.post(enroll_url(closed.pk))
        assert response.status_code == 400 and "Pendaftaran sudah ditutup" in response.json()["non_field_errors"][0]
        clash = make_session(starts=datetime.date(2026, 12, 8), deadline=datetime.date(2026, 12, 1))
        response = asn.post(enroll_url(clash.pk))
        assert response.status_code == 400 and "bertabrakan" in response.json()["non_field_errors"][0]

    def test_eligibility_problems_are_listed(self, org, asn, make_session, program):
        program.units.add(org.unit_b)
        response = asn.post(enroll_url(make_session().pk))
        assert response.status_code == 400
        assert response.json() == {"non_field_errors": ["Program ini untuk unit kerja lain."]}

    def test_unknown_session_404_and_an_account_without_employee_403(self, org, asn, admin_user, make_session):
        assert asn.post(enroll_url(999999)).status_code == 404
        response = client_for(admin_user).post(enroll_url(make_session().pk))
        assert response.status_code == 403 and "tidak terhubung dengan data pegawai" in response.json()["detail"]
        assert Client().post(enroll_url(999999)).status_code == 401


class TestCancel:
    def test_cancel_frees_the_seat_for_the_first_waiting(self, org, asn, make_session):
        session = make_session(capacity=1)
        asn.post(enroll_url(session.pk))
        client_for(org.asn_peer.user).post(enroll_url(session.pk))
        response = asn.post(cancel_url(session.pk))
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "cancelled" and response.json()["session"]["my_enrollment"] is None
        assert Enrollment.objects.get(employee=org.asn_peer).status == EnrollmentStatus.REGISTERED
        assert asn.post(cancel_url(session.pk)).status_code == 404  # nothing active any more

    def test_404_without_enrollment_or_session(self, org, asn, make_session, admin_user):
        session = make_session()
        response = asn.post(cancel_url(session.pk))
        assert response.status_code == 404 and response.json()["detail"] == "Anda tidak terdaftar di sesi ini."
        assert asn.post(cancel_url(999999)).status_code == 404
        assert client_for(admin_user).post(cancel_url(session.pk)).status_code == 404

    def test_a_completed_enrollment_cannot_be_cancelled(self, org, asn, make_session):
        session = make_session()
        Enrollment.objects.create(session=session, employee=org.asn, status=EnrollmentStatus.COMPLETED)
        response = asn.post(cancel_url(session.pk))
        assert response.status_code == 400 and "tidak dapat dibatalkan lagi" in response.json()["non_field_errors"][0]


def _credit(employee, year, jp, key, counts=True):
    return credit(employee=employee, year=year, jp=Decimal(jp), source="external", source_key=key,
                  title=f"Kegiatan {key}", counts_toward_pppk_cap=counts)  # fmt: skip


class TestJp:
    def test_own_entries_and_summary(self, org, asn):
        _credit(org.asn, 2026, "12", "external:1")
        _credit(org.asn, 2026, "4.5", "external:2")
        _credit(org.asn, 2025, "30", "external:3")
        _credit(org.asn_peer, 2026, "40", "external:4")
        data = asn.get(JP).json()
        assert data["employee"] == {"nip": org.asn.nip, "name": org.asn.name} and data["year"] == 2026
        assert [row["title"] for row in data["entries"]] == ["Kegiatan external:2", "Kegiatan external:1"]
        assert data["entries"][0]["jp"] == "4.5" and data["entries"][0]["source_label"]
        summary = data["summary"]
        assert (summary["total"], summary["target"], summary["is_pppk"]) == ("16.5", 20, False)
        assert summary["below_floor"] and not summary["over_ceiling"] and summary["percent"] == 82
        assert summary["message"] == "Kurang 3,5 JP dari kewajiban 20 JP."  # the text speaks Indonesian
        assert asn.get(JP + "?year=2025").json()["summary"]["total"] == "30.0"

    def test_pppk_ceiling(self, org, asn):
        org.asn.employment_type = EmploymentType.PPPK
        org.asn.save()
        _credit(org.asn, 2026, "20", "external:1")
        _credit(org.asn, 2026, "10", "external:2", counts=False)
        summary = asn.get(JP).json()["summary"]
        assert summary["is_pppk"] and summary["target"] == 24 and summary["counted"] == "20.0"
        assert summary["total"] == "30.0" and not summary["over_ceiling"]

    def test_scope_of_nip(self, org, admin_user, leader_user):
        _credit(org.asn, 2026, "8", "external:1")
        supervisor = client_for(org.supervisor.user)
        assert supervisor.get(JP + f"?nip={org.asn.nip}").json()["summary"]["total"] == "8.0"
        response = supervisor.get(JP + f"?nip={org.outsider.nip}")
        assert response.status_code == 404 and "dalam cakupan Anda" in response.json()["detail"]
        assert client_for(org.asn_peer.user).get(JP + f"?nip={org.asn.nip}").status_code == 404
        assert client_for(org.asn.user).get(JP + f"?nip={org.asn.nip}").status_code == 200
        for user in (admin_user, leader_user):
            assert client_for(user).get(JP + f"?nip={org.outsider.nip}").status_code == 200
            response = client_for(user).get(JP)
            assert response.status_code == 400 and "Sertakan NIP" in response.json()["nip"][0]

    @pytest.mark.parametrize(
        "query, field, message",
        [
            ("?year=dua-ribu", "year", "Tahun harus berupa angka"),
            ("?year=1999", "year", "antara 2000 dan 2100"),
            ("?nip=" + "1" * 19, "nip", "paling panjang 18"),
        ],
    )
    def test_bad_values_are_400(self, org, asn, query, field, message):
        response = asn.get(JP + query)
        assert response.status_code == 400 and message in response.json()[field][0]


class TestAuthAndSchema:
    def test_personal_token_authenticates(self, org, make_session):
        session = make_session()
        _, key = account_services.api_token_create(actor=org.asn.user, name="skrip")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        assert client.get(SESSIONS).json()["results"][0]["id"] == session.pk
        assert client.post(enroll_url(session.pk)).status_code == 201  # a script writes without a CSRF token
        assert client.get(JP).status_code == 200
        assert client.post(cancel_url(session.pk)).json()["status"] == "cancelled"
        assert Client(HTTP_AUTHORIZATION="Bearer sikap_bogus").get(SESSIONS).status_code == 401
        for url in (PROGRAMS, SESSIONS, JP):
            assert Client().get(url).status_code == 401

    def test_schema_documents_the_endpoints(self, org, asn):
        response = asn.get("/api/schema/", HTTP_ACCEPT="application/json")
        assert response.status_code == 200
        paths = response.json()["paths"] if response["Content-Type"].startswith("application/json") else None
        if paths is None:
            import yaml

            paths = yaml.safe_load(response.content)["paths"]
        assert "/api/v1/trainings/sessions/" in paths
        params = {p["name"] for p in paths["/api/v1/trainings/sessions/"]["get"]["parameters"]}
        assert {"program", "from", "to"} <= params
        for path in ("/api/v1/trainings/programs/", "/api/v1/trainings/sessions/{id}/enroll/",
                     "/api/v1/trainings/sessions/{id}/cancel/", "/api/v1/jp/"):  # fmt: skip
            assert path in paths
        assert {p["name"] for p in paths["/api/v1/jp/"]["get"]["parameters"]} >= {"year", "nip"}
