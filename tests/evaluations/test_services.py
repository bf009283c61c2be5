"""The evaluation workflow through the services, against the real database."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from apps.evaluations.models import EvaluationStatus, ObjectionDecision
from apps.evaluations.services import evaluation as ev
from apps.evaluations.services import objection as obj
from apps.evaluations.services.periods import period_close, period_open
from apps.indicators.models import Iki
from apps.indicators.services.realisation import realisation_add
from tests.factories import EmployeeFactory

from .conftest import BEHAVIOURS_SESUAI

pytestmark = pytest.mark.django_db
DEC_1 = datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC)


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


def rate(actor, evaluation, hasil="sesuai", perilaku="sesuai", reason="", feedback="Pertahankan ketelitian."):
    return ev.evaluation_save(
        actor=actor,
        evaluation=evaluation,
        rating_hasil=hasil,
        rating_reason=reason,
        rating_perilaku=perilaku,
        feedback=feedback,
        behaviours=BEHAVIOURS_SESUAI,
    )


@pytest.fixture
def measured(org, skp, period):
    """The ASN did 9 of November's 10 documents: 90 %, proposed Sesuai Ekspektasi."""
    realisation_add(actor=org.asn.user, iki=Iki.objects.get(rhk__skp=skp), period=11, value=Decimal(9))
    with time_machine.travel(DEC_1, tick=False):
        yield ev.evaluation_start(actor=org.supervisor.user, employee=org.asn, period=period)


def test_start_measures_the_skp_and_proposes_a_rating(measured):
    assert measured.achievement == Decimal("90.00") and measured.proposed_rating == "sesuai"
    assert measured.behaviours.count() == 7 and measured.breakdown["rhk"][0]["iki"][0]["realisation"] == "9.00"


def test_no_approved_skp_means_a_clear_message(org, period):
    with pytest.raises(ValidationError) as exc:
        ev.evaluation_start(actor=org.supervisor.user, employee=org.asn_peer, period=period)
    assert "belum punya SKP 2026" in messages_of(exc)


def test_only_the_pejabat_penilai_evaluates(org, skp, period):
    for stranger in (org.supervisor_b.user, org.asn_peer.user, org.asn.user):
        with pytest.raises(PermissionDenied):
            ev.evaluation_start(actor=stranger, employee=org.asn, period=period)


def test_a_rating_other_than_the_proposal_needs_a_reason(org, measured):
    with pytest.raises(ValidationError) as exc:
        rate(org.supervisor.user, measured, hasil="di_atas")
    assert "tuliskan alasannya" in messages_of(exc)
    rate(org.supervisor.user, measured, hasil="di_atas", reason="Memimpin digitalisasi arsip di luar target.")
    measured.refresh_from_db()
    assert measured.predicate == "baik"  # Di Atas x Sesuai


def test_finalise_needs_everything_then_freezes_and_sets_the_deadline(org, measured):
    with time_machine.travel(DEC_1, tick=False):
        with pytest.raises(ValidationError) as exc:
            ev.evaluation_finalise(actor=org.supervisor.user, evaluation=measured)
        assert "rating hasil kerja" in messages_of(exc) and "umpan balik" in messages_of(exc)
        rate(org.supervisor.user, measured)
        final = ev.evaluation_finalise(actor=org.supervisor.user, evaluation=measured)
    assert final.status == EvaluationStatus.FINAL and final.predicate == "baik"
    assert final.objection_deadline == datetime.date(2026, 12, 15)  # 10 working days after Tue 1 Dec
    with pytest.raises(ValidationError):
        rate(org.supervisor.user, final, hasil="di_bawah", reason="x")


def test_objection_within_the_deadline_goes_to_the_evaluators_supervisor(org, measured):
    head = EmployeeFactory(unit=org.unit_a)
    org.supervisor.supervisor = head
    org.supervisor.save()
    with time_machine.travel(DEC_1, tick=False):
        rate(org.supervisor.user, measured)
        ev.evaluation_finalise(actor=org.supervisor.user, evaluation=measured)
        with pytest.raises(ValidationError):
            obj.objection_file(actor=org.asn.user, evaluation=measured, reason="  ")
        objection = obj.objection_file(
            actor=org.asn.user, evaluation=measured, reason="Kegiatan lapangan belum dihitung."
        )
    assert objection.decider == head
    with pytest.raises(PermissionDenied):
        obj.objection_decide(actor=org.supervisor.user, objection=objection, decision="upheld", reason="x")
    with pytest.raises(ValidationError) as exc:
        obj.objection_decide(actor=head.user, objection=objection, decision="changed", reason="Bukti lapangan sah.")
    assert "rating yang baru" in messages_of(exc)
    obj.objection_decide(
        actor=head.user,
        objection=objection,
        decision=ObjectionDecision.CHANGED,
        reason="Bukti lapangan sah.",
        rating_hasil="di_atas",
        rating_perilaku="di_atas",
    )
    measured.refresh_from_db()
    assert measured.status == EvaluationStatus.DECIDED and measured.predicate == "sangat_baik"
    assert objection.previous == {"rating_hasil": "sesuai", "rating_perilaku": "sesuai", "predicate": "baik"}
    assert [e.action for e in measured.steps.all()] == ["started", "finalised", "objected", "objection_changed"]


def test_an_objection_after_the_deadline_is_refused(org, measured):
    with time_machine.travel(DEC_1, tick=False):
        rate(org.supervisor.user, measured)
        ev.evaluation_finalise(actor=org.supervisor.user, evaluation=measured)
    late = time_machine.travel(datetime.datetime(2026, 12, 16, 2, tzinfo=datetime.UTC), tick=False)
    with late, pytest.raises(ValidationError) as exc:
        obj.objection_file(actor=org.asn.user, evaluation=measured, reason="Terlambat")
    assert "sudah lewat (15 Desember 2026)" in messages_of(exc)


def test_acknowledge_is_for_the_employee_only(org, measured):
    with time_machine.travel(DEC_1, tick=False):
        rate(org.supervisor.user, measured)
        ev.evaluation_finalise(actor=org.supervisor.user, evaluation=measured)
    with pytest.raises(PermissionDenied):
        ev.evaluation_acknowledge(actor=org.supervisor.user, evaluation=measured)
    assert ev.evaluation_acknowledge(actor=org.asn.user, evaluation=measured).status == EvaluationStatus.ACKNOWLEDGED


def test_a_closed_period_cannot_be_finalised_or_started(org, measured, admin_user, skp):
    rate(org.supervisor.user, measured)
    period_close(actor=admin_user, period=measured.period)
    measured.period.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        ev.evaluation_finalise(actor=org.supervisor.user, evaluation=measured)
    assert "ditutup" in messages_of(exc)
    assert period_open(actor=admin_user, year=2026, kind="periodic", number=11).is_open  # reopened


def test_bad_period_numbers_are_refused(admin_user):
    with pytest.raises(ValidationError):
        period_open(actor=admin_user, year=2026, kind="periodic", number=13)
    annual = period_open(actor=admin_user, year=2026, kind="annual")
    assert (annual.starts_on, annual.ends_on, annual.achievement_period) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        None,
    )


def test_double_clicks_file_and_decide_once(org, measured):
    head = EmployeeFactory(unit=org.unit_a)
    org.supervisor.supervisor = head
    org.supervisor.save()
    with time_machine.travel(DEC_1, tick=False):
        rate(org.supervisor.user, measured)
        ev.evaluation_finalise(actor=org.supervisor.user, evaluation=measured)
        first = obj.objection_file(actor=org.asn.user, evaluation=measured, reason="Alasan")
        measured.status = EvaluationStatus.FINAL  # the second click still holds the old page's state
        second = obj.objection_file(actor=org.asn.user, evaluation=measured, reason="Alasan")
    assert first.pk == second.pk
    obj.objection_decide(actor=head.user, objection=first, decision="upheld", reason="Sesuai bukti.")
    stale = type(first).objects.get(pk=first.pk)
    stale.decided_at = None  # as a second, concurrent request would see it
    obj.objection_decide(
        actor=head.user,
        objection=stale,
        decision="changed",
        reason="x",
        rating_hasil="di_atas",
        rating_perilaku="di_atas",
    )
    measured.refresh_from_db()
    assert measured.predicate == "baik" and measured.steps.filter(action__startswith="objection_").count() == 1
