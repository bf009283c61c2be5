"""``filing.activities_add``: several activities in one go, judged with exactly the rules (and the
messages) of ``filing.activity_save`` as if saved one by one, written all together or not at all,
at a cost that does not grow with the number of activities."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.daily_reports.models import Activity, DailyReport, ReportSettings
from apps.daily_reports.services import filing, review
from apps.indicators.models import Iki
from tests.indicators.conftest import build_skp

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db


def item(start, end, **fields):
    """One activity: ``start``/``end`` as (hour, minute)."""
    return {"description": "Mengagendakan surat masuk", "iki": None, "quantity": None, "starts_at": at(*start),
            "ends_at": at(*end), "place": "kantor", **fields}  # fmt: skip


def half_hours(n, first=(7, 0)):
    """n back-to-back half-hour activities from ``first``."""
    start = datetime.datetime.combine(TODAY, at(*first))
    rows = []
    for k in range(n):
        begin, end = start + datetime.timedelta(minutes=30 * k), start + datetime.timedelta(minutes=30 * k + 30)
        rows.append(item((begin.hour, begin.minute), (end.hour, end.minute), description=f"Kegiatan {k + 1}"))
    return rows


@pytest.fixture
def report(org, today):
    return filing.report_open(actor=org.asn.user, day=TODAY)


@pytest.fixture
def iki(org, today):
    return Iki.objects.select_related("rhk__skp").get(rhk__skp=build_skp(org.asn, approve_by=org.supervisor.user))


def refusal_of_single_save(actor, report, fields) -> dict:
    with pytest.raises(ValidationError) as exc:
        filing.activity_save(actor=actor, report=report, **fields)
    return exc.value.message_dict


def refusal_of_batch(actor, report, items, index) -> dict:
    with pytest.raises(filing.ActivitiesRefused) as exc:
        filing.activities_add(actor=actor, report=report, items=items)
    return exc.value.by_item[index]


class TestSameRulesAsOneByOne:
    @pytest.mark.parametrize(
        "fields",
        [
            {"description": "   "},
            {"description": ""},
            {"starts_at": at(10), "ends_at": at(10)},
            {"starts_at": at(11), "ends_at": at(10)},
            {"place": "kafe"},
            {"quantity": Decimal(-1)},
            {"quantity": Decimal(10) ** 12},
            {"quantity": Decimal("999999999.99") + Decimal("0.01")},
            {"description": " ", "starts_at": at(11), "ends_at": at(10), "place": "kafe", "quantity": Decimal(-1)},
        ],
        ids=["blank", "empty", "no-duration", "ends-first", "place", "negative", "10^12", "just-too-much", "all"],
    )
    def test_a_bad_activity_is_refused_with_the_same_messages(self, org, report, fields):
        bad = item((8, 0), (9, 0), **fields)
        single = refusal_of_single_save(org.asn.user, report, bad)
        assert refusal_of_batch(org.asn.user, report, [bad], 0) == single
        assert not report.activities.exists()

    @pytest.mark.parametrize(
        "quantity, field", [(None, "quantity"), (Decimal(0), "quantity"), (Decimal(-1), "quantity")]
    )  # fmt: skip
    def test_an_indicator_needs_a_quantity_above_zero(self, org, report, iki, quantity, field):
        bad = item((8, 0), (9, 0), iki=iki, quantity=quantity)
        single = refusal_of_single_save(org.asn.user, report, bad)
        assert field in single and refusal_of_batch(org.asn.user, report, [bad], 0) == single

    def test_someone_elses_indicator_and_a_blank_description(self, org, iki, today):
        peer_report = filing.report_open(actor=org.asn_peer.user, day=TODAY)
        bad = item((8, 0), (9, 0), description=" ", iki=iki, quantity=Decimal(1))
        single = refusal_of_single_save(org.asn_peer.user, peer_report, bad)
        assert set(single) == {"description", "iki"}
        assert refusal_of_batch(org.asn_peer.user, peer_report, [bad], 0) == single

    def test_an_indicator_of_an_skp_not_yet_approved(self, org, report):
        iki = Iki.objects.select_related("rhk__skp").get(rhk__skp=build_skp(org.asn))
        bad = item((8, 0), (9, 0), iki=iki, quantity=Decimal(1))
        single = refusal_of_single_save(org.asn.user, report, bad)
        assert "belum disetujui" in single["iki"][0]
        assert refusal_of_batch(org.asn.user, report, [bad], 0) == single

    def test_the_extremes_of_the_quantity_are_accepted(self, org, report, iki):
        added = filing.activities_add(actor=org.asn.user, report=report, items=[
            item((8, 0), (9, 0), iki=iki, quantity=Decimal("999999999.99")),
            item((9, 0), (10, 0), quantity=Decimal(0)),
        ])  # fmt: skip
        assert [a.quantity for a in added] == [Decimal("999999999.99"), Decimal(0)]
        assert [a.unit for a in added] == ["dokumen", ""]

    def test_an_overlap_with_a_saved_activity_names_the_earliest(self, org, report):
        filing.activity_save(actor=org.asn.user, report=report, **item((9, 0), (10, 0), description="Rapat"))
        filing.activity_save(actor=org.asn.user, report=report, **item((8, 0), (9, 0), description="Apel pagi"))
        bad = item((8, 30), (9, 30))
        single = refusal_of_single_save(org.asn.user, report, bad)
        assert "Apel pagi" in single["starts_at"][0] and "08:00–09:00" in single["starts_at"][0]
        assert refusal_of_batch(org.asn.user, report, [bad], 0) == single
        assert filing.activities_add(actor=org.asn.user, report=report, items=[item((10, 0), (11, 0))])  # touching

    def test_a_13th_activity_that_overlaps_another(self, org, report):
        assert filing.activities_add(actor=org.asn.user, report=report, items=half_hours(12))  # 07:00-13:00
        bad = item((12, 45), (13, 30), description="Kegiatan ketiga belas")
        single = refusal_of_single_save(org.asn.user, report, bad)
        assert list(single) == ["starts_at"] and "Kegiatan 12" in single["starts_at"][0]
        assert refusal_of_batch(org.asn.user, report, [bad], 0) == single
        assert report.activities.count() == 12

    def test_the_configured_maximum_counts_the_batch_too(self, org, report):
        ReportSettings.objects.update_or_create(pk=1, defaults={"max_activities": 12})
        filing.activities_add(actor=org.asn.user, report=report, items=half_hours(11))
        # the 12th fits, the 13th (which also overlaps the 12th) is refused for both reasons
        items = [item((12, 30), (13, 0)), item((12, 45), (13, 30))]
        errors = refusal_of_batch(org.asn.user, report, items, 1)
        filing.activity_save(actor=org.asn.user, report=report, **items[0])
        assert errors == refusal_of_single_save(org.asn.user, report, items[1])
        assert set(errors) == {"starts_at", "description"} and "paling banyak 12" in errors["description"][0]


class TestInOrderAllOrNothing:
    def test_an_overlap_inside_the_batch_writes_nothing(self, org, report):
        before = DailyReport.objects.get(pk=report.pk).updated_at
        items = [item((8, 0), (9, 0), description="Apel pagi"), item((9, 0), (10, 0)), item((8, 30), (10, 0))]
        with pytest.raises(filing.ActivitiesRefused) as exc:
            filing.activities_add(actor=org.asn.user, report=report, items=items)
        assert list(exc.value.by_item) == [2]
        assert "Apel pagi" in exc.value.by_item[2]["starts_at"][0]  # the earliest of the two it overlaps
        assert "bertabrakan" in " ".join(exc.value.messages)  # still a ValidationError for generic callers
        assert not Activity.objects.exists() and DailyReport.objects.get(pk=report.pk).updated_at == before

    def test_every_refused_item_is_reported_and_a_refused_one_takes_no_time(self, org, report):
        items = [
            item((8, 0), (9, 0), description=" "),  # refused: so it does not hold 08:00-09:00
            item((8, 30), (9, 30)),  # fine
            item((9, 0), (10, 0)),  # overlaps the one before
            item((11, 0), (10, 0)),  # ends first
        ]
        with pytest.raises(filing.ActivitiesRefused) as exc:
            filing.activities_add(actor=org.asn.user, report=report, items=items)
        assert sorted(exc.value.by_item) == [0, 2, 3]
        assert list(exc.value.by_item[0]) == ["description"] and list(exc.value.by_item[3]) == ["ends_at"]
        assert not Activity.objects.exists()

    def test_all_are_saved_with_one_insert(self, org, report, iki):
        with CaptureQueriesContext(connection) as queries:
            added = filing.activities_add(actor=org.asn.user, report=report, items=[
                item((8, 0), (9, 30), description="  Memproses surat keluar ", iki=iki, quantity=Decimal(4)),
                item((7, 30), (8, 0), description="Apel pagi", place="lapangan"),
            ])  # fmt: skip
        assert all(a.pk for a in added) and [a.description for a in added] == ["Memproses surat keluar", "Apel pagi"]
        stored = list(report.activities.order_by("starts_at").values_list("description", "unit", "place", "iki_id"))
        assert stored == [("Apel pagi", "", "lapangan", None), ("Memproses surat keluar", "dokumen", "kantor", iki.pk)]
        inserts = [q["sql"] for q in queries if q["sql"].lstrip().startswith('INSERT INTO "daily_reports_activity"')]
        assert len(inserts) == 1

    @pytest.mark.parametrize("count", [1, 10, 20])
    def test_the_cost_does_not_grow_with_the_batch(self, org, today, count):
        costs = []
        for employee, n in ((org.asn, 1), (org.asn_peer, count)):
            report = filing.report_open(actor=employee.user, day=TODAY)
            with CaptureQueriesContext(connection) as queries:
                filing.activities_add(actor=employee.user, report=report, items=half_hours(n))
            costs.append(len(queries))
        assert costs[0] == costs[1] <= 5  # settings, holidays, the report's activities, INSERT, UPDATE

    def test_nothing_to_add_writes_nothing(self, org, report):
        assert filing.activities_add(actor=org.asn.user, report=report, items=[]) == []


class TestTheReportItself:
    def test_someone_elses_report(self, org, report):
        with pytest.raises(ValidationError) as exc:
            filing.activities_add(actor=org.asn_peer.user, report=report, items=[item((8, 0), (9, 0))])
        assert not isinstance(exc.value, filing.ActivitiesRefused)
        assert exc.value.messages == ["Hanya pemilik laporan yang dapat mengubahnya."]

    def test_a_submitted_report_is_locked(self, org, report):
        filing.activities_add(actor=org.asn.user, report=report, items=[item((8, 0), (9, 0))])
        review.daily_report_submit(actor=org.asn.user, report=report)
        with pytest.raises(ValidationError) as exc:
            filing.activities_add(actor=org.asn.user, report=report, items=[item((9, 0), (10, 0))])
        assert "terkunci" in exc.value.messages[0]

    def test_a_draft_past_its_window_but_a_returned_report_stays_open(self, org):
        import time_machine

        with time_machine.travel(datetime.datetime(2026, 11, 12, 9, tzinfo=datetime.UTC), tick=False):
            draft = filing.report_open(actor=org.asn.user, day=datetime.date(2026, 11, 12))
            returned = filing.report_open(actor=org.asn_peer.user, day=datetime.date(2026, 11, 12))
            filing.activities_add(actor=org.asn_peer.user, report=returned, items=[item((8, 0), (9, 0))])
            review.daily_report_submit(actor=org.asn_peer.user, report=returned)
            review.daily_report_return(actor=org.supervisor.user, report=returned, note="Perbaiki")
        with time_machine.travel(datetime.datetime(2026, 11, 18, 9, tzinfo=datetime.UTC), tick=False):
            with pytest.raises(ValidationError) as exc:
                filing.activities_add(actor=org.asn.user, report=draft, items=[item((9, 0), (10, 0))])
            assert "lewat batas" in exc.value.messages[0] and not isinstance(exc.value, filing.ActivitiesRefused)
            returned.refresh_from_db()
            assert filing.activities_add(actor=org.asn_peer.user, report=returned, items=[item((9, 0), (10, 0))])
