"""The API's report answers are written out by hand (``serializers.report_detail_data``) for speed;
``DailyReportDetailSerializer`` is what the OpenAPI schema documents. These tests hold the two
equal, key by key and value by value, over reports in every state: with and without activities,
indicators, evidence, history and a review, in both languages."""

import datetime
import json
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from apps.daily_reports import selectors
from apps.daily_reports.models import Activity, ReportStatus
from apps.daily_reports.serializers import DailyReportDetailSerializer, report_detail_data
from apps.daily_reports.services import filing, review
from apps.indicators.models import Iki
from tests.conftest import client_for
from tests.indicators.conftest import build_skp

from .conftest import TODAY, at
from .test_api import detail_url, file_day, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def iki(org, today):
    skp = build_skp(org.asn, approve_by=org.supervisor.user)
    return Iki.objects.select_related("rhk__skp").get(rhk__skp=skp)


def both(report_id, user):
    """(hand-written, DRF) answers for the report as ``user`` may see it, as JSON would carry them."""
    report = selectors.report_get_for(user, report_id)
    activities = selectors.activities_of(report)
    report.activity_count = len(activities)
    events = selectors.events_of(report)
    request = RequestFactory().get("/", HTTP_HOST="testserver")
    fast = report_detail_data(report, activities=activities, events=events, request=request)
    context = {"request": request, "activities": activities, "events": events}
    drf = DailyReportDetailSerializer(report, context=context).data
    as_json = JSONRenderer().render
    return json.loads(as_json(fast)), json.loads(as_json(drf))


def test_a_draft_without_activities(org, today):
    report = filing.report_open(actor=org.asn.user, day=TODAY)
    fast, drf = both(report.pk, org.asn.user)
    assert fast == drf
    assert fast["activities"] == [] and fast["events"] == [] and fast["submitted_at"] is None


def test_a_report_with_evidence_history_and_a_review(org, today, iki):
    org.asn.gelar_depan, org.asn.gelar_belakang = "Dr.", "S.E."
    org.asn.save()
    report = filing.report_open(actor=org.asn.user, day=TODAY)
    for start, end, quantity, linked, place in (
        (at(7, 30), at(8), None, False, "kantor"),
        (at(8), at(9, 45), Decimal("4.5"), True, "lapangan"),
        (at(10), at(12), Decimal("999999999.99"), True, "rumah"),
    ):
        filing.activity_save(actor=org.asn.user, report=report, description=f"Kegiatan {start:%H%M}",
                             iki=iki if linked else None, quantity=quantity, starts_at=start, ends_at=end,
                             place=place)  # fmt: skip
    asn = client_for(org.asn.user)
    first = Activity.objects.get(report=report, starts_at=at(8))
    assert upload(asn, first.pk).status_code == 201
    assert upload(asn, first.pk, name="kedua.png").status_code == 201
    review.daily_report_submit(actor=org.asn.user, report=report)
    review.daily_report_return(actor=org.supervisor.user, report=report, note="Lengkapi bukti; 'kutip' & <b>")
    review.daily_report_submit(actor=org.asn.user, report=report)
    review.daily_report_approve(actor=org.supervisor.user, report=report)
    for language in ("id", "en"):
        with translation.override(language):
            for viewer in (org.asn.user, org.supervisor.user):
                fast, drf = both(report.pk, viewer)
                assert fast == drf, language
    assert fast["status"] == ReportStatus.APPROVED and fast["reviewed_by"]["nip"] == org.supervisor.nip
    assert [len(a["evidence"]) for a in fast["activities"]] == [0, 2, 0]
    assert [a["quantity"] for a in fast["activities"]] == [None, "4.50", "999999999.99"]
    assert [e["action"] for e in fast["events"]] == ["submitted", "returned", "submitted", "approved"]
    assert fast["submitted_at"].endswith("+07:00")  # in the deployment's time zone, as DRF writes it


def test_what_filing_answers_is_what_the_serializer_gives(org, today, iki):
    asn = client_for(org.asn.user)
    response = file_day(asn, day=datetime.date(2026, 11, 17), activities=[
        {"description": "Apel", "iki": None, "quantity": None, "starts_at": "07:30", "ends_at": "08:00"},
        {"description": "Surat", "iki": iki.pk, "quantity": "2.345", "starts_at": "08:00", "ends_at": "09:00"},
    ])  # fmt: skip
    assert response.status_code == 400  # three decimals: the input serializer's words, nothing written
    response = file_day(asn, day=datetime.date(2026, 11, 17), activities=[
        {"description": "Apel", "iki": None, "quantity": None, "starts_at": "07:30", "ends_at": "08:00"},
        {"description": "Surat", "iki": iki.pk, "quantity": "2.5", "starts_at": "08:00", "ends_at": "09:00"},
    ])  # fmt: skip
    assert response.status_code == 201, response.content
    fast, drf = both(response.json()["id"], org.asn.user)
    assert fast == drf
    assert response.json() == drf
    assert asn.get(detail_url(response.json()["id"]), HTTP_HOST="testserver").json() == response.json()
