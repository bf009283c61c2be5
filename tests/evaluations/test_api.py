"""The evaluation API: scope per role (out of scope is 404), an employee's own draft hidden until it
is finalised, filters with 400s in Indonesian, the evaluation in full (BerAKHLAK, breakdown,
objection, history), token auth, and query counts that do not grow."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts import services as account_services
from apps.employees.models import Employee
from apps.evaluations.models import EvaluationStatus, ObjectionDecision
from apps.evaluations.predicate import Predicate
from apps.evaluations.serializers import STEP_LABELS, EvaluationListQuery
from apps.evaluations.services import evaluation as ev
from apps.evaluations.services import objection as obj
from apps.evaluations.services.periods import period_open
from apps.indicators.models import Iki
from apps.indicators.services.realisation import realisation_add
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.indicators.conftest import build_skp

from .conftest import BEHAVIOURS_SESUAI

pytestmark = pytest.mark.django_db

LIST = "/api/v1/evaluations/"
DEC_1 = datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC)  # Tue 1 Dec 2026, 09:00 WIB


@pytest.fixture(autouse=True)
def _first_of_december():
    with time_machine.travel(DEC_1, tick=False):
        yield


def detail_url(pk):
    return f"{LIST}{pk}/"


def listed(client, query=""):
    response = client.get(f"{LIST}{query}")
    assert response.status_code == 200, response.content
    return response.json()


def ids(payload):
    return {row["id"] for row in payload["results"]}


def evaluate(employee, period, *, done=Decimal(9), hasil="sesuai", perilaku="sesuai", finalise=True):
    """An evaluation written through the services by the employee's supervisor: an approved SKP
    (120 documents a year, 10 due in November), ``done`` of them realised in November, rated and,
    with ``finalise``, finalised."""
    supervisor = employee.supervisor.user
    skp = build_skp(employee, year=period.year, approve_by=supervisor)
    realisation_add(actor=employee.user, iki=Iki.objects.get(rhk__skp=skp), period=period.number, value=done)
    evaluation = ev.evaluation_start(actor=supervisor, employee=employee, period=period)
    ev.evaluation_save(actor=supervisor, evaluation=evaluation, rating_hasil=hasil, rating_perilaku=perilaku,
                       rating_reason="" if hasil == evaluation.proposed_rating else "Di luar target.",
                       feedback="Pertahankan ketelitian.", behaviours=BEHAVIOURS_SESUAI)  # fmt: skip
    if finalise:
        ev.evaluation_finalise(actor=supervisor, evaluation=evaluation)
    evaluation.refresh_from_db()
    return evaluation


@pytest.fixture
def head(org):
    """The supervisor's own supervisor, so that objections have an Atasan Pejabat Penilai."""
    boss = EmployeeFactory(unit=org.unit_a)
    Employee.objects.filter(pk=org.supervisor.pk).update(supervisor=boss)
    org.supervisor.refresh_from_db()
    return boss


class TestScope:
    def test_asn_sees_only_own_and_404_for_anothers(self, org, period):
        own, peer = evaluate(org.asn, period), evaluate(org.asn_peer, period)
        client = client_for(org.asn.user)
        assert ids(listed(client)) == {own.pk}
        assert client.get(detail_url(own.pk)).status_code == 200
        assert client.get(detail_url(peer.pk)).status_code == 404

    def test_supervisor_sees_the_team_including_indirect_subordinates(self, org, period):
        junior = EmployeeFactory(unit=org.unit_a, supervisor=org.asn)  # org.asn supervises someone now
        # the junior's SKP first: once org.asn's is approved, the junior's RHK must support one of it
        mine = {evaluate(junior, period).pk, evaluate(org.asn, period).pk, evaluate(org.asn_peer, period).pk}
        outsider = evaluate(org.outsider, period)
        client = client_for(org.supervisor.user)
        assert ids(listed(client)) == mine
        assert client.get(detail_url(outsider.pk)).status_code == 404

    def test_outsider_gets_nothing_of_another_unit(self, org, period):
        own = evaluate(org.asn, period)
        client = client_for(org.outsider.user)
        assert listed(client)["results"] == []
        assert client.get(detail_url(own.pk)).status_code == 404

    @pytest.mark.parametrize("role", ["admin", "leader"])
    def test_admin_and_leader_see_all(self, org, personas, period, role):
        expected = {evaluate(org.asn, period).pk, evaluate(org.outsider, period).pk}
        client = client_for(personas[role])
        assert ids(listed(client)) == expected
        assert all(client.get(detail_url(pk)).status_code == 200 for pk in expected)

    def test_anonymous_is_401(self, org, period):
        evaluation = evaluate(org.asn, period)
        assert Client().get(LIST).status_code == 401
        assert Client().get(detail_url(evaluation.pk)).status_code == 401

    def test_personal_token_authenticates(self, org, period):
        own, _ = evaluate(org.asn, period), evaluate(org.asn_peer, period)
        _, key = account_services.api_token_create(actor=org.asn.user, name="skrip")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        assert ids(listed(client)) == {own.pk}
        assert client.get(detail_url(own.pk)).json()["id"] == own.pk
        assert Client(HTTP_AUTHORIZATION="Bearer sikap_bogus").get(LIST).status_code == 401


class TestDrafts:
    def test_the_employee_does_not_see_their_draft_until_it_is_finalised(self, org, period):
        draft = evaluate(org.asn, period, finalise=False)
        client = client_for(org.asn.user)
        assert listed(client)["results"] == [] and listed(client, "?status=draft")["results"] == []
        assert client.get(detail_url(draft.pk)).status_code == 404
        ev.evaluation_finalise(actor=org.supervisor.user, evaluation=draft)
        assert ids(listed(client)) == {draft.pk}
        assert client.get(detail_url(draft.pk)).json()["status"] == EvaluationStatus.FINAL

    @pytest.mark.parametrize("role", ["supervisor", "admin", "leader"])
    def test_the_evaluator_and_those_above_see_drafts(self, org, personas, period, role):
        draft = evaluate(org.asn, period, finalise=False)
        client = client_for(personas[role])
        row = listed(client)["results"][0]
        assert row["id"] == draft.pk and row["status"] == "draft" and row["status_label"] == "Draf"
        assert row["finalised_at"] is None and row["objection_deadline"] is None
        assert client.get(detail_url(draft.pk)).json()["status"] == "draft"

    def test_a_supervisor_sees_the_teams_drafts_but_not_their_own(self, org, period, head):
        team = evaluate(org.asn, period, finalise=False)  # first: see the indirect-subordinates test
        own = evaluate(org.supervisor, period, finalise=False)
        client = client_for(org.supervisor.user)
        assert ids(listed(client)) == {team.pk}
        assert client.get(detail_url(own.pk)).status_code == 404
        assert client_for(head.user).get(detail_url(own.pk)).status_code == 200


class TestList:
    def test_item_fields(self, org, period):
        evaluation = evaluate(org.asn, period, hasil="di_atas")
        row = listed(client_for(org.asn.user))["results"][0]
        assert row == {
            "id": evaluation.pk,
            "employee": {"nip": org.asn.nip, "name": org.asn.name,
                         "unit": {"id": org.unit_a.pk, "name": "Bidang Uji A", "kind": org.unit_a.kind}},
            "evaluator": {"nip": org.supervisor.nip, "name": org.supervisor.name},
            "period": {"id": period.pk, "label": "November 2026", "year": 2026, "kind": "periodic", "number": 11},
            "status": "final", "status_label": "Difinalkan",
            "achievement": "90.00",
            "proposed_rating": "sesuai", "proposed_rating_label": "Sesuai Ekspektasi",
            "rating_hasil": "di_atas", "rating_hasil_label": "Di Atas Ekspektasi",
            "rating_perilaku": "sesuai", "rating_perilaku_label": "Sesuai Ekspektasi",
            "predicate": "baik", "predicate_label": "Baik",
            "finalised_at": row["finalised_at"],
            "objection_deadline": "2026-12-15",  # 10 working days after Tue 1 Dec
        }  # fmt: skip
        assert row["finalised_at"].startswith("2026-12-01T09:00")  # Asia/Jakarta

    def test_a_draft_without_ratings_reads_null(self, org, period):
        skp = build_skp(org.asn, approve_by=org.supervisor.user)
        evaluation = ev.evaluation_start(actor=org.supervisor.user, employee=org.asn, period=period)
        assert evaluation.skp_id == skp.pk
        row = listed(client_for(org.supervisor.user))["results"][0]
        assert row["achievement"] == "0.00" and row["proposed_rating"] == "di_bawah"
        for name in ("rating_hasil", "rating_perilaku", "predicate"):
            assert row[name] is None and row[f"{name}_label"] is None

    def test_filters_by_year_period_nip_status_and_predicate(self, org, period, admin_user):
        with time_machine.travel(datetime.datetime(2025, 12, 1, 2, tzinfo=datetime.UTC), tick=False):
            last_year = period_open(actor=admin_user, year=2025, kind="periodic", number=11)
            old = evaluate(org.asn, last_year)
        good = evaluate(org.asn, period)
        best = evaluate(org.asn_peer, period, hasil="di_atas", perilaku="di_atas")
        october = period_open(actor=admin_user, year=2026, kind="periodic", number=10)
        draft = ev.evaluation_start(actor=org.supervisor.user, employee=org.asn, period=october)
        client = client_for(org.supervisor.user)
        rows = listed(client)["results"]  # newest period first, then by name
        november = sorted([good, best], key=lambda e: e.employee.name)
        assert [r["id"] for r in rows] == [november[0].pk, november[1].pk, draft.pk, old.pk]
        assert ids(listed(client, "?year=2025")) == {old.pk}
        assert ids(listed(client, f"?period={period.pk}")) == {good.pk, best.pk}
        assert ids(listed(client, f"?period={period.pk}&nip={org.asn.nip}")) == {good.pk}
        assert ids(listed(client, "?status=draft")) == {draft.pk}
        assert ids(listed(client, "?predicate=sangat_baik")) == {best.pk}
        assert ids(listed(client, "?predicate=baik&year=2026")) == {good.pk}
        assert listed(client, f"?nip={org.outsider.nip}")["results"] == []
        assert len(listed(client, "?year=&period=&status=&predicate=&nip=")["results"]) == 4  # empty means any

    def test_paginated_like_the_other_lists(self, org, period):
        evaluate(org.asn, period)
        payload = listed(client_for(org.asn.user))
        assert set(payload) == {"count", "next", "previous", "results"} and payload["count"] == 1
        assert client_for(org.asn.user).get(f"{LIST}?page=abc").status_code == 404  # DRF: no such page

    @pytest.mark.parametrize(
        "query, field, message",
        [("?year=abc", "year", "Tahun harus berupa angka"), ("?year=1800", "year", "antara 2000 dan 2100"),
         ("?period=abc", "period", "id periode evaluasi"), ("?period=0", "period", "id periode evaluasi"),
         ("?period=1.5", "period", "id periode evaluasi"), ("?period=" + "9" * 30, "period", "id periode evaluasi"),
         ("?period=999999", "period", "Periode evaluasi 999999 tidak ada"),
         ("?status=selesai", "status", "Status “selesai” tidak dikenal"),
         ("?predicate=hebat", "predicate", "Predikat “hebat” tidak dikenal"),
         ("?nip=" + "9" * 30, "nip", "NIP paling panjang 18")],
    )  # fmt: skip
    def test_bad_filters_are_400_in_indonesian(self, org, query, field, message):
        response = client_for(org.asn.user).get(f"{LIST}{query}")
        assert response.status_code == 400
        assert message in response.json()[field][0]

    def test_the_messages_name_every_choice(self):
        fields = EvaluationListQuery().fields
        for name, choices in (("status", EvaluationStatus), ("predicate", Predicate)):
            message = str(fields[name].error_messages["invalid_choice"])
            assert all(value in message for value in choices.values), name

    def test_query_count_does_not_grow_with_the_page(self, org, period, django_assert_max_num_queries):
        client = client_for(org.supervisor.user)
        evaluate(org.asn, period)
        with CaptureQueriesContext(connection) as one:
            assert len(listed(client)["results"]) == 1
        for n in range(14):
            employee = EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor)
            evaluate(employee, period, done=Decimal(n), finalise=n % 2 == 0)
        with django_assert_max_num_queries(len(one)):
            assert len(listed(client)["results"]) == 15
        assert len(one) <= 10


class TestDetail:
    def test_the_evaluation_in_full(self, org, period, head):
        evaluation = evaluate(org.asn, period)
        data = client_for(org.asn.user).get(detail_url(evaluation.pk)).json()
        assert data["id"] == evaluation.pk and data["skp"] == evaluation.skp_id and data["predicate"] == "baik"
        assert data["feedback"] == "Pertahankan ketelitian." and data["rating_reason"] == ""
        assert data["acknowledged_at"] is None and data["objection"] is None
        assert len(data["behaviours"]) == 7
        assert data["behaviours"][0] == {"value": "pelayanan", "label": "Berorientasi Pelayanan", "rating": "sesuai",
                                         "rating_label": "Sesuai Ekspektasi", "note": ""}  # fmt: skip
        rhk = data["breakdown"]["rhk"][0]
        assert data["breakdown"]["explanation"] and rhk["kind"] == "utama" and rhk["percent"] == "90.00"
        assert rhk["iki"][0] == {
            "text": "Surat diproses", "unit": "dokumen", "target": "10.00", "realisation": "9.00",
            "percent": "90.00", "explanation": rhk["iki"][0]["explanation"],
        }  # fmt: skip
        assert "9" in rhk["iki"][0]["explanation"]
        assert [(s["action"], s["action_label"]) for s in data["steps"]] == [
            ("started", "Evaluasi dimulai"), ("finalised", "Evaluasi difinalkan")]  # fmt: skip
        assert data["steps"][0]["actor"] == org.supervisor.full_name

    def test_the_objection_and_its_decision(self, org, period, head):
        evaluation = evaluate(org.asn, period)
        objection = obj.objection_file(actor=org.asn.user, evaluation=evaluation, reason="Kegiatan lapangan belum.")
        client = client_for(org.asn.user)
        data = client.get(detail_url(evaluation.pk)).json()
        assert data["status"] == "objected" and data["status_label"] == "Keberatan diajukan"
        assert data["objection"] == {
            "reason": "Kegiatan lapangan belum.", "filed_at": data["objection"]["filed_at"],
            "decider": {"nip": head.nip, "name": head.name},
            "decision": None, "decision_label": None, "decision_reason": "", "decided_at": None,
        }  # fmt: skip
        obj.objection_decide(actor=head.user, objection=objection, decision=ObjectionDecision.CHANGED,
                             reason="Bukti lapangan sah.", rating_hasil="di_atas",
                             rating_perilaku="di_atas")  # fmt: skip
        data = client.get(detail_url(evaluation.pk)).json()
        assert data["predicate"] == "sangat_baik" and data["predicate_label"] == "Sangat Baik"
        assert data["objection"]["decision"] == "changed" and data["objection"]["decision_label"] == "Evaluasi diubah"
        assert data["objection"]["decision_reason"] == "Bukti lapangan sah." and data["objection"]["decided_at"]
        assert [s["action"] for s in data["steps"]] == ["started", "finalised", "objected", "objection_changed"]
        assert data["steps"][2]["note"] == "Kegiatan lapangan belum."
        assert data["steps"][3]["action_label"] == "Keberatan diputus: evaluasi diubah"

    def test_every_step_the_services_write_has_a_label(self, org, period):
        evaluation = evaluate(org.asn, period)
        ev.evaluation_acknowledge(actor=org.asn.user, evaluation=evaluation)
        data = client_for(org.asn.user).get(detail_url(evaluation.pk)).json()
        assert data["status"] == "acknowledged" and data["acknowledged_at"]
        assert data["steps"][-1]["action_label"] == "Evaluasi diterima pegawai"
        assert set(STEP_LABELS) >= {"started", "finalised", "acknowledged", "objected"} | {
            f"objection_{d}" for d in ObjectionDecision.values
        }

    def test_a_malformed_or_missing_id_is_404(self, org, period):
        client = client_for(org.asn.user)
        assert client.get(detail_url(999999)).status_code == 404
        assert client.get(f"{LIST}abc/").status_code == 404

    def test_query_count_does_not_grow_with_the_history(self, org, period, head, django_assert_max_num_queries):
        client = client_for(org.supervisor.user)
        short = evaluate(org.asn_peer, period, finalise=False)  # one step, no objection
        with CaptureQueriesContext(connection) as one:
            assert len(client.get(detail_url(short.pk)).json()["steps"]) == 1
        long = evaluate(org.asn, period)
        objection = obj.objection_file(actor=org.asn.user, evaluation=long, reason="Belum dihitung.")
        obj.objection_decide(actor=head.user, objection=objection, decision="upheld", reason="Sudah sesuai.")
        with django_assert_max_num_queries(len(one)):
            data = client.get(detail_url(long.pk)).json()
        assert len(data["steps"]) == 4 and data["objection"]["decision"] == "upheld"
        assert len(one) <= 10


def test_schema_documents_the_evaluation_endpoints(personas):
    schema = client_for(personas["asn"]).get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/evaluations/:" in text and "/api/v1/evaluations/{id}/:" in text
    assert "predicate_label" in text and "objection_deadline" in text and "breakdown" in text
