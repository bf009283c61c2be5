"""The SKP API: scope per role (out of scope is 404), token auth, filters, the plan in full with
its achievement per period, 400 for bad query values, and query counts that do not grow."""

import datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts import services as account_services
from apps.employees.models import Employee
from apps.indicators.models import Aspect, Direction, Rating, RhkKind, SkpStatus
from apps.indicators.services import goals, items, realisation
from apps.indicators.services import skp as skp_services
from tests.conftest import client_for
from tests.factories import EmployeeFactory

YEAR = 2026


def plan(employee, *, year=YEAR, targets=(D(12),), rhk_count=1, approve=True, **rhk_fields):
    """An SKP made through the services: ``rhk_count`` RHK utama, each with one IKI per target
    (cumulative, higher is better), submitted and approved by the employee's supervisor."""
    actor = employee.user
    skp = skp_services.skp_create(actor=actor, employee=employee, year=year)
    for n in range(rhk_count):
        rhk = items.rhk_save(actor=actor, skp=skp, text=f"RHK {n + 1} {employee.name}", **rhk_fields)
        for m, target in enumerate(targets):
            items.iki_save(actor=actor, rhk=rhk, text=f"IKI {n + 1}.{m + 1}", aspect=Aspect.KUANTITAS,
                           target_value=target, target_unit="dokumen", direction=Direction.HIGHER,
                           cumulative=True)  # fmt: skip
    if approve:
        skp_services.skp_submit(actor=actor, skp=skp)
        skp_services.skp_approve(actor=employee.supervisor.user, skp=skp)
    return skp


def first_iki(skp):
    return skp.rhk.order_by("pk").first().iki.order_by("pk").first()


def record(skp, *values_by_period):
    """Manual realisation of the SKP's first IKI: ``(period, value)`` pairs."""
    iki = first_iki(skp)
    for period, value in values_by_period:
        realisation.realisation_add(actor=skp.employee.user, iki=iki, period=period, value=D(value))


def listed(client, query=""):
    response = client.get(f"/api/v1/skp/{query}")
    assert response.status_code == 200, response.content
    return response.json()


def nips(payload):
    return {row["employee"]["nip"] for row in payload["results"]}


@pytest.mark.django_db
class TestScope:
    def test_asn_sees_only_own_skps_and_404_for_anothers(self, org):
        own, peer = plan(org.asn), plan(org.asn_peer)
        client = client_for(org.asn.user)
        assert nips(listed(client)) == {org.asn.nip}
        assert client.get(f"/api/v1/skp/{own.pk}/").status_code == 200
        assert client.get(f"/api/v1/skp/{peer.pk}/").status_code == 404

    def test_supervisor_sees_own_and_subordinates(self, org):
        plan(org.asn), plan(org.asn_peer)
        outsider = plan(org.outsider)
        client = client_for(org.supervisor.user)
        assert nips(listed(client)) == {org.asn.nip, org.asn_peer.nip}
        assert client.get(f"/api/v1/skp/{outsider.pk}/").status_code == 404

    def test_outsider_gets_404_for_skps_of_another_unit(self, org):
        own = plan(org.asn)
        client = client_for(org.outsider.user)
        assert listed(client)["results"] == []
        assert client.get(f"/api/v1/skp/{own.pk}/").status_code == 404

    @pytest.mark.parametrize("role", ["admin", "leader"])
    def test_admin_and_leader_see_all(self, org, personas, role):
        plan(org.asn), plan(org.outsider)
        assert nips(listed(client_for(personas[role]))) == {org.asn.nip, org.outsider.nip}

    def test_anonymous_is_401(self, org):
        skp = plan(org.asn)
        assert Client().get("/api/v1/skp/").status_code == 401
        assert Client().get(f"/api/v1/skp/{skp.pk}/").status_code == 401

    def test_personal_token_authenticates(self, org):
        skp, _ = plan(org.asn), plan(org.asn_peer)
        _, key = account_services.api_token_create(actor=org.asn.user, name="skrip")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        assert nips(listed(client)) == {org.asn.nip}
        assert client.get(f"/api/v1/skp/{skp.pk}/").json()["id"] == skp.pk
        assert Client(HTTP_AUTHORIZATION="Bearer sikap_bogus").get("/api/v1/skp/").status_code == 401


@pytest.mark.django_db
class TestList:
    @time_machine.travel(datetime.datetime(2026, 4, 15, 10, tzinfo=datetime.UTC), tick=False)
    def test_item_fields_and_achievement_so_far(self, org):
        skp = plan(org.asn)
        record(skp, (1, 2), (2, 1))
        row = listed(client_for(org.asn.user))["results"][0]
        assert row["id"] == skp.pk and row["year"] == YEAR and row["revision"] == 1
        assert row["status"] == SkpStatus.APPROVED and row["status_label"] == "Disetujui"
        assert row["employee"] == {
            "nip": org.asn.nip, "name": org.asn.name,
            "unit": {"id": org.unit_a.pk, "name": "Bidang Uji A", "kind": org.unit_a.kind},
        }  # fmt: skip
        assert row["evaluator"] == {"nip": org.supervisor.nip, "name": org.supervisor.name}
        assert row["approved_at"]
        # frozen at 2026-04-15: January to March are due (3 of 12 documents), 3 done
        assert row["achievement"] == {"percent": "100.00", "proposal": Rating.SESUAI,
                                      "proposal_label": "Sesuai Ekspektasi"}  # fmt: skip

    def test_an_empty_draft_has_null_achievement(self, org):
        plan(org.asn, rhk_count=0, approve=False)
        row = listed(client_for(org.asn.user))["results"][0]
        assert row["status"] == SkpStatus.DRAFT and row["evaluator"] is None and row["approved_at"] is None
        assert row["achievement"]["percent"] is None and row["achievement"]["proposal"] is None
        assert row["achievement"]["proposal_label"]

    def test_filters_by_year_nip_and_status(self, org):
        plan(org.asn), plan(org.asn_peer, approve=False)
        plan(org.asn, year=YEAR - 1, approve=False)
        client = client_for(org.supervisor.user)
        assert len(listed(client)["results"]) == 3
        assert nips(listed(client, f"?year={YEAR}")) == {org.asn.nip, org.asn_peer.nip}
        assert [r["year"] for r in listed(client, f"?nip={org.asn.nip}")["results"]] == [YEAR, YEAR - 1]
        drafts = [(r["employee"]["nip"], r["year"]) for r in listed(client, "?status=draft")["results"]]
        assert drafts == [(org.asn_peer.nip, YEAR), (org.asn.nip, YEAR - 1)]  # newest year first
        drafts = listed(client, f"?status=draft&year={YEAR}")["results"]
        assert [r["employee"]["nip"] for r in drafts] == [org.asn_peer.nip]
        assert listed(client, f"?nip={org.outsider.nip}")["results"] == []
        assert len(listed(client, "?year=&status=")["results"]) == 3  # empty values mean "any"

    def test_paginated_like_the_employees_api(self, org):
        plan(org.asn)
        payload = listed(client_for(org.asn.user))
        assert set(payload) == {"count", "next", "previous", "results"} and payload["count"] == 1
        assert client_for(org.asn.user).get("/api/v1/skp/?page=abc").status_code == 404  # DRF: no such page

    @pytest.mark.parametrize(
        "query, field, message",
        [("?year=abc", "year", "Tahun harus berupa angka"), ("?year=1800", "year", "antara 2000 dan 2100"),
         ("?status=selesai", "status", "tidak dikenal"), ("?nip=" + "9" * 30, "nip", None)],
    )  # fmt: skip
    def test_bad_filters_are_400_in_indonesian(self, org, query, field, message):
        response = client_for(org.asn.user).get(f"/api/v1/skp/{query}")
        assert response.status_code == 400
        errors = response.json()[field]
        assert message is None or message in errors[0]

    def test_query_count_does_not_grow_with_the_page(self, org, django_assert_max_num_queries):
        client = client_for(org.supervisor.user)
        record(plan(org.asn), (1, 3))
        with CaptureQueriesContext(connection) as one:
            assert len(listed(client)["results"]) == 1
        for n in range(14):
            employee = EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor)
            skp = plan(employee, targets=(D(12), D(4))[: 1 + n % 2], rhk_count=1 + n % 3)
            record(skp, (1, n + 1), (2, 1))
        with django_assert_max_num_queries(len(one)):
            assert len(listed(client)["results"]) == 15
        assert len(one) <= 15


@pytest.mark.django_db
class TestDetail:
    @time_machine.travel(datetime.datetime(2026, 4, 15, 10, tzinfo=datetime.UTC), tick=False)
    def test_the_full_plan(self, org):
        skp = plan(org.asn, weight=D(50), approve=False)
        second = items.rhk_save(actor=org.asn.user, skp=skp, text="RHK 2 layanan", weight=D(50))
        items.iki_save(actor=org.asn.user, rhk=second, text="Kepuasan", aspect=Aspect.KUALITAS, target_value=D(90),
                       target_unit="persen", direction=Direction.HIGHER, cumulative=False)  # fmt: skip
        skp_services.skp_submit(actor=org.asn.user, skp=skp)
        skp_services.skp_approve(actor=org.supervisor.user, skp=skp)
        record(skp, (1, 2), (2, 1))
        data = client_for(org.asn.user).get(f"/api/v1/skp/{skp.pk}/").json()
        assert data["id"] == skp.pk and data["approved_by"]["nip"] == org.supervisor.nip
        assert data["submitted_at"] and data["return_note"] == ""
        first, level = data["rhk"]
        assert first["kind"] == RhkKind.UTAMA and first["text"].startswith("RHK 1") and first["weight"] == "50.00"
        assert first["supports"] == {"rhk": None, "unit_goal": None}
        iki = first["iki"][0]
        assert {k: iki[k] for k in ("text", "aspect", "target_value", "target_unit", "direction", "cumulative")} == {
            "text": "IKI 1.1", "aspect": "kuantitas", "target_value": "12.00", "target_unit": "dokumen",
            "direction": "higher", "cumulative": True}  # fmt: skip
        assert iki["period_targets"] == [{"period": p, "target": "1.00"} for p in range(1, 13)]
        assert iki["achievement"]["target"] == "3.00" and iki["achievement"]["realisation"] == "3.00"
        assert iki["achievement"]["percent"] == "100.00" and "3" in iki["achievement"]["explanation"]
        assert first["achievement"]["percent"] == "100.00"
        # a level IKI keeps its target in every period; unmeasured, it is unknown, not zero
        assert level["iki"][0]["period_targets"][5] == {"period": 6, "target": "90.00"}
        assert level["iki"][0]["achievement"]["realisation"] is None
        assert level["iki"][0]["achievement"]["percent"] is None and level["achievement"]["percent"] is None
        # weighted mean over the measured RHK only: the other one's weight is re-normalised
        achievement = data["achievement"]
        assert achievement["percent"] == "100.00" and achievement["weighted"] is True
        assert achievement["period"] is None and "dibagi ulang" in achievement["explanation"]
        assert achievement["proposal"] == Rating.SESUAI
        assert [e["value"] for e in data["expectations"]][:2] == ["pelayanan", "akuntabel"]
        assert len(data["expectations"]) == 7 and data["expectations"][0]["label"] == "Berorientasi Pelayanan"

    def test_period_gives_that_periods_achievement(self, org):
        skp = plan(org.asn)
        record(skp, (1, 2), (2, 1))
        client = client_for(org.asn.user)

        def iki_for(period):
            data = client.get(f"/api/v1/skp/{skp.pk}/?period={period}").json()
            assert data["achievement"]["period"] == period
            return data["rhk"][0]["iki"][0]["achievement"], data["achievement"]

        iki, total = iki_for(2)
        assert (iki["target"], iki["realisation"], iki["percent"]) == ("1.00", "1.00", "100.00")
        assert total["percent"] == "100.00" and total["proposal"] == Rating.SESUAI
        iki, _ = iki_for(1)  # 2 of 1 is 200 %, capped
        assert iki["percent"] == "120.00" and iki["capped"] is True
        iki, _ = iki_for(3)  # nothing counted yet in a cumulative IKI is zero done
        assert iki["realisation"] == "0.00" and iki["percent"] == "0.00"

    @pytest.mark.parametrize("period", ["99", "0", "-1", "abc", "1.5"])
    def test_bad_period_is_400_in_indonesian(self, org, period):
        skp = plan(org.asn)
        response = client_for(org.asn.user).get(f"/api/v1/skp/{skp.pk}/?period={period}")
        assert response.status_code == 400
        assert "Periode harus" in response.json()["period"][0]

    def test_out_of_scope_with_a_bad_period_is_still_404(self, org):
        skp = plan(org.outsider)
        assert client_for(org.asn.user).get(f"/api/v1/skp/{skp.pk}/?period=99").status_code == 404

    def test_supports_the_supervisors_rhk_or_a_unit_goal(self, org, admin_user):
        head = EmployeeFactory(unit=org.unit_a)
        Employee.objects.filter(pk=org.supervisor.pk).update(supervisor=head)
        org.supervisor.refresh_from_db()
        goal = goals.unit_goal_save(actor=admin_user, unit=org.unit_a, year=YEAR, statement="Layanan prima")
        boss_skp = plan(org.supervisor, unit_goal=goal)
        boss_rhk = boss_skp.rhk.get()
        skp = plan(org.asn, parent=boss_rhk)
        rhk = client_for(org.asn.user).get(f"/api/v1/skp/{skp.pk}/").json()["rhk"][0]
        assert rhk["supports"] == {
            "rhk": {"id": boss_rhk.pk, "text": boss_rhk.text, "employee_nip": org.supervisor.nip},
            "unit_goal": None,
        }
        boss = client_for(org.supervisor.user).get(f"/api/v1/skp/{boss_skp.pk}/").json()["rhk"][0]
        assert boss["supports"] == {"rhk": None, "unit_goal": {"id": goal.pk, "statement": "Layanan prima"}}

    def test_query_count_does_not_grow_with_the_plan(self, org, django_assert_max_num_queries):
        client = client_for(org.supervisor.user)
        small = plan(org.asn)
        with CaptureQueriesContext(connection) as one:
            assert client.get(f"/api/v1/skp/{small.pk}/").status_code == 200
        big = plan(org.asn_peer, targets=(D(12), D(4), D(30)), rhk_count=4)
        for iki_period in range(1, 4):
            record(big, (iki_period, 2))
        with django_assert_max_num_queries(len(one)):
            data = client.get(f"/api/v1/skp/{big.pk}/?period=2").json()
        assert len(data["rhk"]) == 4 and all(len(r["iki"]) == 3 for r in data["rhk"])
        assert len(one) <= 20


@pytest.mark.django_db
def test_schema_documents_the_skp_endpoints(personas):
    schema = client_for(personas["asn"]).get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/skp/:" in text and "/api/v1/skp/{id}/:" in text
    assert "period" in text and "proposal_label" in text
