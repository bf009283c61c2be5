"""Evaluation pages: the supervisor evaluates, the employee responds, the decider decides; refusals,
what a failed form keeps, and query counts that do not grow with the team."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from apps.evaluations.models import Evaluation, EvaluationStatus
from apps.indicators.berakhlak import CoreValue
from apps.indicators.models import Iki
from apps.indicators.services.realisation import realisation_add
from tests.conftest import client_for
from tests.factories import EmployeeFactory
from tests.indicators.conftest import build_skp

pytestmark = pytest.mark.django_db
DEC_1 = datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC)


def form_post(**overrides):
    data = {
        "rating_hasil": "sesuai",
        "rating_reason": "",
        "rating_perilaku": "sesuai",
        "feedback": "Pertahankan ketelitian arsip.",
        "action": "save",
    }
    for value in CoreValue.values:
        data[f"b_{value}"], data[f"n_{value}"] = "sesuai", ""
    return {**data, **overrides}


@pytest.fixture
def started(org, skp, period):
    realisation_add(actor=org.asn.user, iki=Iki.objects.get(rhk__skp=skp), period=11, value=Decimal(9))
    with time_machine.travel(DEC_1, tick=False):
        client = client_for(org.supervisor.user)
        response = client.post(f"/evaluasi/mulai/{period.pk}/{org.asn.nip}/")
    evaluation = Evaluation.objects.get(employee=org.asn)
    assert response["Location"] == f"/evaluasi/{evaluation.pk}/nilai/"
    return evaluation


def test_the_whole_round_through_the_pages(org, started, period):
    boss = client_for(org.supervisor.user)
    page = boss.get("/evaluasi/tim/").content.decode()
    assert org.asn.full_name in page and "Lanjutkan" in page
    assert client_for(org.asn.user).get(f"/evaluasi/{started.pk}/").status_code == 404  # a draft is not shown yet
    with time_machine.travel(DEC_1, tick=False):
        response = boss.post(f"/evaluasi/{started.pk}/nilai/", form_post(action="finalise"))
    assert response.status_code == 302
    started.refresh_from_db()
    assert started.status == EvaluationStatus.FINAL and started.predicate == "baik"
    mine = client_for(org.asn.user)
    page = mine.get(f"/evaluasi/{started.pk}/").content.decode()
    assert "Baik" in page and "Terima evaluasi" in page and "belum ada data" in page
    assert mine.post(f"/evaluasi/{started.pk}/terima/").status_code == 302
    started.refresh_from_db()
    assert started.status == EvaluationStatus.ACKNOWLEDGED


def test_a_rating_without_its_reason_is_refused_and_the_form_keeps_everything(org, started):
    response = client_for(org.supervisor.user).post(
        f"/evaluasi/{started.pk}/nilai/", form_post(rating_hasil="di_atas", feedback="Teliti dan cepat.")
    )
    page = response.content.decode()
    assert response.status_code == 400 and "tuliskan alasannya" in page and "Teliti dan cepat." in page
    started.refresh_from_db()
    assert started.rating_hasil == ""


def test_html_in_feedback_is_text(org, started):
    nasty = '<link rel="attachment" href="file:///etc/passwd"><script>alert(1)</script>'
    with time_machine.travel(DEC_1, tick=False):
        client_for(org.supervisor.user).post(
            f"/evaluasi/{started.pk}/nilai/", form_post(feedback=nasty, action="finalise")
        )
    page = client_for(org.asn.user).get(f"/evaluasi/{started.pk}/").content.decode()
    assert "&lt;link rel=&quot;attachment&quot;" in page and "<script>alert(1)" not in page


def test_strangers_and_wrong_roles(org, started, period):
    assert client_for(org.supervisor_b.user).get(f"/evaluasi/{started.pk}/nilai/").status_code == 404
    assert client_for(org.outsider.user).get(f"/evaluasi/{started.pk}/").status_code == 404
    assert client_for(org.supervisor_b.user).post(f"/evaluasi/mulai/{period.pk}/{org.asn.nip}/").status_code == 404
    assert client_for(org.asn.user).get("/evaluasi/tim/").status_code == 403
    assert client_for(org.supervisor.user).get(f"/evaluasi/{started.pk}/terima/").status_code == 405


def test_an_objection_needs_a_reason_and_reaches_the_decider(org, started):
    head = EmployeeFactory(unit=org.unit_a)
    org.supervisor.supervisor = head
    org.supervisor.save()
    with time_machine.travel(DEC_1, tick=False):
        client_for(org.supervisor.user).post(f"/evaluasi/{started.pk}/nilai/", form_post(action="finalise"))
        mine = client_for(org.asn.user)
        response = mine.post(f"/evaluasi/{started.pk}/keberatan/", {"reason": ""})
        assert response.status_code == 400 and "Tuliskan alasan" in response.content.decode()
        mine.post(f"/evaluasi/{started.pk}/keberatan/", {"reason": "Kegiatan lapangan belum dihitung."})
    decider = client_for(head.user)
    assert org.asn.full_name in decider.get("/evaluasi/keberatan/").content.decode()
    objection = started.objection
    response = decider.post(
        f"/evaluasi/keberatan/{objection.pk}/", {"decision": "upheld", "decision_reason": "Sesuai bukti."}
    )
    assert response.status_code == 302
    assert client_for(org.supervisor.user).get(f"/evaluasi/keberatan/{objection.pk}/").status_code == 404


def test_a_subordinate_without_an_approved_skp_is_explained(org, skp, period):
    page = client_for(org.supervisor.user).get("/evaluasi/tim/").content.decode()
    assert "belum ada SKP yang disetujui" in page  # asn_peer has none
    response = client_for(org.supervisor.user).post(f"/evaluasi/mulai/{period.pk}/{org.asn_peer.nip}/", follow=True)
    assert "belum punya SKP 2026" in response.content.decode()


@pytest.mark.parametrize("size", [1, 10, 50])
def test_team_page_query_count_does_not_grow(org, period, size, django_assert_max_num_queries):
    people = [org.asn, org.asn_peer] + [
        EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor) for _ in range(size - 2)
    ]
    if size == 1:
        org.asn_peer.is_active = False
        org.asn_peer.save()
    for person in people[:size]:
        build_skp(person, approve_by=org.supervisor.user)
    client = client_for(org.supervisor.user)
    client.get("/evaluasi/tim/")
    with django_assert_max_num_queries(20):
        response = client.get("/evaluasi/tim/")
    assert len(response.context["rows"]) == size


def test_admin_opens_and_closes_periods_and_the_leader_rates_a_unit(admin_user, leader_user, org, period):
    client = client_for(admin_user)
    assert client.post("/evaluasi/periode/", {"year": "2026", "kind": "periodic", "number": "13"}).status_code == 400
    assert client.post("/evaluasi/periode/", {"year": "2026", "kind": "annual", "number": ""}).status_code == 302
    assert client.post(f"/evaluasi/periode/{period.pk}/tutup/").status_code == 302
    period.refresh_from_db()
    assert not period.is_open
    leader = client_for(leader_user)
    response = leader.post("/evaluasi/unit/nilai/", {"unit": org.unit_a.pk, "periode": period.pk, "result": "istimewa"})
    assert response.status_code == 302
    page = leader.get(f"/evaluasi/unit/?unit={org.unit_a.pk}&periode={period.pk}").content.decode()
    assert "Istimewa" in page


def test_the_team_page_warns_when_the_unit_does_not_fit_the_curve(org, started, leader_user, period):
    client_for(leader_user).post(
        "/evaluasi/unit/nilai/", {"unit": org.unit_a.pk, "periode": period.pk, "result": "baik"}
    )
    client_for(org.supervisor.user).post(f"/evaluasi/{started.pk}/nilai/", form_post())  # a draft "Baik"
    page = client_for(org.supervisor.user).get(f"/evaluasi/tim/?periode={period.pk}").content.decode()
    assert "belum sesuai kurva" in page and "Butuh Perbaikan atau Kurang" in page
    started.refresh_from_db()
    assert started.predicate == "baik"  # nothing changed by the warning
