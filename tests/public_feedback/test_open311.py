"""Open311 GeoReport v2: the spec's field names and types, its query parameters, its error format,
and that nothing private (rahasia, about a person, blocked, spam, contact data, tracking codes)
ever leaves through it."""

import datetime
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.public_feedback.models import Complaint, ComplaintStatus
from apps.public_feedback.selectors.open_data import public_complaints
from tests.factories import EmployeeFactory
from tests.public_feedback.conftest import make_service
from tests.public_feedback.rows import CONTACT, complaint

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = {
    "service_code": str,
    "service_name": str,
    "description": str,
    "metadata": bool,
    "type": str,
    "keywords": str,
    "group": str,
}
REQUEST_FIELDS = {
    "service_request_id": str,
    "status": str,
    "status_notes": str,
    "service_name": str,
    "service_code": str,
    "description": str,
    "agency_responsible": str,
    "service_notice": str,
    "requested_datetime": str,
    "updated_datetime": str,
    "expected_datetime": (str, type(None)),
    "address": str,
    "address_id": str,
    "zipcode": str,
    "lat": (float, type(None)),
    "long": (float, type(None)),
    "media_url": str,
}


def _get(name, *args, **params):
    response = Client().get(reverse(f"open311:{name}", args=args), params)
    assert response["Content-Type"].startswith("application/json")
    return response, json.loads(response.content)


def _ids(body):
    return [row["service_request_id"] for row in body]


def _w3(value: str) -> datetime.datetime:
    moment = datetime.datetime.fromisoformat(value)
    assert moment.tzinfo is not None, f"{value} has no offset"
    return moment


@pytest.fixture
def service(org):
    return make_service(org.unit_a, code="ktp-el", name="Pembuatan KTP elektronik", keywords="ktp,e-ktp")


def test_services_have_every_field_of_the_spec(service, org):
    make_service(org.unit_b, code="lama", name="Layanan lama", is_active=False)
    response, body = _get("service-list")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert [row["service_code"] for row in body] == ["ktp-el"]  # the inactive one is not offered
    row = body[0]
    assert set(row) == set(SERVICE_FIELDS)
    for name, kind in SERVICE_FIELDS.items():
        assert isinstance(row[name], kind), name
    assert row["metadata"] is False and row["type"] == "realtime"
    assert row["service_name"] == "Pembuatan KTP elektronik" and row["group"] == org.unit_a.name
    assert row["keywords"] == "ktp,e-ktp"


def test_requests_have_every_field_of_the_spec_with_its_type(service, org):
    now = timezone.now()
    open_one = complaint(
        service=service,
        location="Kantor Disdukcapil lt. 2",
        submitted_at=now - datetime.timedelta(days=3),
        status=ComplaintStatus.DITERUSKAN,
        handling_unit=org.unit_b,
        routed_at=now - datetime.timedelta(days=2),
        follow_up_due=timezone.localdate() + datetime.timedelta(days=4),
    )
    closed_one = complaint(
        service=service,
        submitted_at=now - datetime.timedelta(days=5),
        status=ComplaintStatus.SELESAI,
        closed_at=now - datetime.timedelta(hours=5),
    )
    response, body = _get("request-list")
    assert response.status_code == 200
    assert _ids(body) == [open_one.reference, closed_one.reference]  # newest first
    for row in body:
        assert set(row) == set(REQUEST_FIELDS)
        for name, kind in REQUEST_FIELDS.items():
            assert isinstance(row[name], kind), f"{name}: {row[name]!r}"
        assert row["media_url"] == ""  # attachments are never public
        assert row["service_code"] == "ktp-el" and row["service_name"] == "Pembuatan KTP elektronik"
        _w3(row["requested_datetime"]), _w3(row["updated_datetime"])
    first, second = body
    assert first["status"] == "open" and first["status_notes"] == "Ditangani unit kerja"
    assert first["agency_responsible"] == org.unit_b.name  # the unit it was routed to
    assert first["address"] == "Kantor Disdukcapil lt. 2"
    assert first["description"] == open_one.description  # the citizen's text, in full
    assert _w3(first["expected_datetime"]).date() == open_one.follow_up_due
    assert _w3(first["updated_datetime"]) == open_one.routed_at.replace(microsecond=0)
    assert second["status"] == "closed" and second["expected_datetime"] is None
    assert second["agency_responsible"] == org.unit_a.name  # not routed: the service's unit
    assert _w3(second["updated_datetime"]) == closed_one.closed_at.replace(microsecond=0)  # spec: when closed
    assert _w3(second["requested_datetime"]) == closed_one.submitted_at.replace(microsecond=0)


def test_one_request_is_a_one_element_list_by_its_reference(service):
    row = complaint(service=service)
    response, body = _get("request-detail", row.reference)
    assert response.status_code == 200
    assert _ids(body) == [row.reference] and set(body[0]) == set(REQUEST_FIELDS)


def test_filters_service_code_status_and_dates(service, org):
    other = make_service(org.unit_b, code="pbb", name="Pajak Bumi dan Bangunan")
    now = timezone.now()
    ktp_open = complaint(service=service, submitted_at=now - datetime.timedelta(days=1))
    ktp_closed = complaint(
        service=service,
        submitted_at=now - datetime.timedelta(days=10),
        status="tidak_selesai",
        closed_at=now - datetime.timedelta(days=2),
    )
    out_of_scope = complaint(
        service=other,
        submitted_at=now - datetime.timedelta(days=20),
        status="bukan_wewenang",
        closed_at=now - datetime.timedelta(days=19),
    )
    old = complaint(service=other, submitted_at=now - datetime.timedelta(days=120))

    assert _ids(_get("request-list")[1]) == [ktp_open.reference, ktp_closed.reference, out_of_scope.reference]
    assert _ids(_get("request-list", service_code="ktp-el")[1]) == [ktp_open.reference, ktp_closed.reference]
    assert _ids(_get("request-list", service_code="ktp-el,pbb", status="closed")[1]) == [
        ktp_closed.reference,
        out_of_scope.reference,
    ]
    assert _ids(_get("request-list", status="open")[1]) == [ktp_open.reference]
    assert len(_get("request-list", status="open,closed")[1]) == 3
    start = (now - datetime.timedelta(days=15)).astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    end = (now - datetime.timedelta(days=5)).astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert _ids(_get("request-list", start_date=start, end_date=end)[1]) == [ktp_closed.reference]
    # an offset sent unencoded ("+" read as a space) and a plain date are understood too
    old_start = timezone.localtime(old.submitted_at - datetime.timedelta(days=1)).replace(microsecond=0)
    response = Client().get(reverse("open311:request-list") + f"?start_date={old_start.isoformat()}")
    assert _ids(json.loads(response.content)) == [old.reference]
    day = timezone.localdate(old.submitted_at).isoformat()
    assert _ids(_get("request-list", start_date=day, end_date=day)[1]) == [old.reference]
    # service_request_id overrides everything else, the 90-day window included
    body = _get(
        "request-list", service_request_id=f"{old.reference}, {ktp_open.reference},PGD-0000-000000", status="closed"
    )[1]
    assert _ids(body) == [ktp_open.reference, old.reference]


def test_at_most_1000_requests(service):
    now = timezone.now()
    rows = [complaint(service=service, submitted_at=now - datetime.timedelta(minutes=1))]
    template = rows[0]
    Complaint.objects.bulk_create(
        [
            Complaint(
                reference=f"PGD-2026-5{i:05d}",
                code_hash=f"{i:064d}",
                kind="pengaduan",
                service=service,
                description="x",
                submitted_at=now - datetime.timedelta(minutes=2 + i),
                verify_due=template.verify_due,
            )
            for i in range(1005)
        ]
    )
    body = _get("request-list")[1]
    assert len(body) == 1000 and body[0]["service_request_id"] == template.reference


@pytest.mark.parametrize(
    "params",
    [
        {"start_date": "kemarin"},
        {"end_date": "2026-13-45T00:00:00Z"},
        {"status": "pending"},
        {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},  # more than 90 days
        {"start_date": "2026-03-01T00:00:00Z", "end_date": "2026-02-01T00:00:00Z"},  # end before start
    ],
)
def test_bad_parameters_answer_the_spec_error_array(params):
    response, body = _get("request-list", **params)
    assert response.status_code == 400
    assert isinstance(body, list) and len(body) == 1
    assert set(body[0]) == {"code", "description"} and body[0]["code"] == 400
    assert isinstance(body[0]["description"], str) and body[0]["description"]


def test_unknown_request_is_a_404_error_array_and_writes_are_refused(service):
    response, body = _get("request-detail", "PGD-2026-999999")
    assert response.status_code == 404 and body[0]["code"] == 404 and body[0]["description"]
    response = Client().post(reverse("open311:request-list"), {"service_code": "ktp-el"})
    assert response.status_code == 405 and json.loads(response.content)[0]["code"] == 405


def test_discovery_points_at_this_endpoint():
    response, body = _get("discovery")
    assert response.status_code == 200
    endpoint = body["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2") and endpoint["formats"] == ["application/json"]


def test_nothing_private_ever_appears(service, org, submit_complaint):
    """A rahasia complaint, one naming a civil servant, one linked to an employee, a blocked one and
    spam: none listed, none found by reference; no contact value or tracking code anywhere."""
    public = complaint(service=service)
    hidden = [
        complaint(service=service, is_confidential=True, description="RAHASIA pungutan liar di loket"),
        complaint(service=service, subject_text="Pak Budi di loket 3", description="TENTANG ORANG kasar"),
        complaint(service=service, employee=EmployeeFactory(unit=org.unit_a), description="TERKAIT PEGAWAI"),
        complaint(service=service, is_blocked=True, description="DIBLOKIR kiriman"),
        complaint(service=service, status=ComplaintStatus.SPAM, description="SPAM promosi"),
    ]
    submitted, code = submit_complaint(
        service=service,
        reporter_email="warga.asli@contoh.test",
        reporter_phone="081211112222",
        reporter_name="Warga Asli",
        contact_consent=True,
    )
    everything = ",".join(row.reference for row in [public, submitted, *hidden])
    bodies = [
        _get("request-list")[0],
        _get("request-list", service_request_id=everything)[0],
        _get("service-list")[0],
        *(_get("request-detail", row.reference)[0] for row in [public, submitted]),
    ]
    # the query is the model's own rule
    assert set(public_complaints()) == {c for c in Complaint.objects.all() if c.is_public}
    listed = _ids(json.loads(bodies[1].content))
    assert sorted(listed) == sorted([public.reference, submitted.reference])
    for row in hidden:
        assert _get("request-detail", row.reference)[0].status_code == 404
    secrets = [*CONTACT.values(), "warga.asli@contoh.test", "081211112222", "Warga Asli", code, submitted.code_hash]
    secrets += [row.description for row in hidden] + [row.reference for row in hidden] + ["Pak Budi"]
    for response in bodies:
        text = response.content.decode()
        for secret in secrets:
            assert secret not in text


def test_query_count_does_not_grow_with_the_rows(service, org):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(reverse("open311:request-list")).status_code == 200
        return len(queries)

    complaint(service=service, handling_unit=org.unit_b)
    few = count()
    for _ in range(25):
        complaint(service=service, handling_unit=org.unit_a)
    assert count() == few <= 3
