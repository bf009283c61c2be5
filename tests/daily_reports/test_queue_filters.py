"""The review queue's filters (person, from, to, each alone and together), its activity counts,
order and scope: each combination runs its own compiled query (selectors._queue_query)."""

import datetime

import pytest

from apps.daily_reports.selectors import review_queue
from tests.conftest import client_for

from .conftest import TODAY
from .test_views import _submitted

pytestmark = pytest.mark.django_db
MON, TUE, WED = datetime.date(2026, 11, 16), datetime.date(2026, 11, 17), TODAY


@pytest.fixture
def queue_world(org, today):
    reports = {
        "asn_mon": _submitted(org.asn, day=MON, n=3),
        "asn_wed": _submitted(org.asn, day=WED, n=1),
        "peer_tue": _submitted(org.asn_peer, day=TUE, n=2),
        "outsider": _submitted(org.outsider, day=TUE),  # another supervisor's: never here
    }
    return {name: report.pk for name, report in reports.items()}


def _names(world, reports):
    by_pk = {pk: name for name, pk in world.items()}
    return [by_pk[report.pk] for report in reports]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["asn_mon", "asn_wed", "peer_tue"]),
        ({"nip": "asn"}, ["asn_mon", "asn_wed"]),
        ({"date_from": TUE}, ["asn_wed", "peer_tue"]),
        ({"date_to": TUE}, ["asn_mon", "peer_tue"]),
        ({"date_from": TUE, "date_to": TUE}, ["peer_tue"]),
        ({"nip": "asn", "date_from": TUE}, ["asn_wed"]),
        ({"nip": "asn", "date_to": MON}, ["asn_mon"]),
        ({"nip": "asn", "date_from": TUE, "date_to": TUE}, []),
        ({"nip": "outsider"}, []),
    ],
)
def test_each_filter_combination_answers_its_rows(org, queue_world, filters, expected):
    if "nip" in filters:
        filters = {**filters, "nip": getattr(org, filters["nip"]).nip}
    queue = review_queue(org.supervisor.user, **filters)
    assert sorted(_names(queue_world, queue["reports"])) == expected


def test_rows_are_oldest_submission_first_with_their_counts_and_names(org, queue_world):
    reports = review_queue(org.supervisor.user)["reports"]
    assert _names(queue_world, reports) == ["asn_mon", "asn_wed", "peer_tue"]  # submitted in that order
    assert [report.n for report in reports] == [3, 1, 2]
    assert reports[0].employee.full_name == org.asn.full_name and reports[2].employee.nip == org.asn_peer.nip


def test_the_page_filters_by_person_and_date(org, queue_world):
    page = client_for(org.supervisor.user).get("/laporan/tinjau/", {"nip": org.asn_peer.nip, "date_from": "2026-11-17"})
    assert [report.pk for report in page.context["reports"]] == [queue_world["peer_tue"]]
    assert org.asn_peer.full_name in page.content.decode() and org.asn.full_name not in page.content.decode()
