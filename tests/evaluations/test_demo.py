"""The demo evaluations: past months with a spread of predicates, the month just ended in progress,
a few objections with their decider, and the demo accounts' evaluations ready to be used."""

import datetime
from collections import Counter

import pytest
import time_machine
from django.core.management import call_command

from apps.core.demo import DEMO_ACCOUNTS
from apps.evaluations.models import Evaluation, EvaluationPeriod, Objection
from apps.evaluations.predicate import predicate_for

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_realistic_evaluation_history():
    with time_machine.travel(datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC), tick=False):
        call_command("seed_demo", employees=120, months=2, verbosity=0)
    periods = list(EvaluationPeriod.objects.order_by("number").values_list("number", "status"))
    assert periods == [(n, "closed") for n in range(1, 11)] + [(11, "open")]
    evaluations = list(Evaluation.objects.select_related("period", "employee"))
    assert {e.period.number for e in evaluations} == {10, 11}
    for e in evaluations:
        assert e.predicate == predicate_for(e.rating_hasil, e.rating_perilaku)
        assert e.behaviours.count() == 7 if e.pk == evaluations[0].pk else True
        if e.rating_hasil != e.proposed_rating and e.proposed_rating:
            assert e.rating_reason  # a rating other than the proposal always has its reason
    spread = Counter(e.predicate for e in evaluations)
    assert spread["baik"] > spread["sangat_baik"] > 0 and len(spread) >= 3
    october = [e for e in evaluations if e.period.number == 10]
    assert all(e.status in ("acknowledged", "decided") for e in october)
    mine = Evaluation.objects.get(employee__nip=DEMO_ACCOUNTS["asn"], period__number=11)
    assert mine.status == "final" and mine.objection_deadline and mine.breakdown["rhk"]
    for objection in Objection.objects.select_related("evaluation__evaluator"):
        assert objection.decider_id == objection.evaluation.evaluator.supervisor_id
