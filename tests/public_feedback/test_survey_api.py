"""POST /api/v1/public/surveys/: anonymous, the page's rules and limits, JSON answers."""

import datetime
import itertools

import pytest
import time_machine
from django.urls import reverse
from rest_framework.test import APIClient

from apps.public_feedback.models import ELEMENTS, SkmResponse
from apps.public_feedback.services import surveys as services
from tests.public_feedback.conftest import make_service

pytestmark = pytest.mark.django_db
URL = "/api/v1/public/surveys/"
_addresses = itertools.count(1)


@pytest.fixture(autouse=True)
def _morning():
    with time_machine.travel(datetime.datetime(2026, 3, 10, 2, 0, tzinfo=datetime.UTC), tick=True):
        yield


@pytest.fixture
def unit(org):
    make_service(org.unit_a)
    return org.unit_a


def app() -> APIClient:
    number = next(_addresses)
    return APIClient(REMOTE_ADDR=f"10.88.{number // 250}.{number % 250}")


def body(unit, **overrides):
    return {"unit": unit.pk, **dict.fromkeys(ELEMENTS, 4), **overrides}


def test_url_name():
    assert reverse("api:public-survey-create") == URL


def test_created_anonymously_with_a_device_id(unit):
    client = app()
    response = client.post(
        URL, body(unit, u2=1, gender="L", suggestion="Bagus", device_id="kiosk-loket-01"), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["unit"] == unit.pk and response.json()["answered_on"] == "2026-03-10"
    stored = SkmResponse.objects.get()
    assert stored.scores() == [4, 1, 4, 4, 4, 4, 4, 4, 4] and stored.gender == "L" and stored.suggestion == "Bagus"
    assert services.DEVICE_COOKIE not in response.cookies  # the app names its device
    again = client.post(URL, body(unit, device_id="kiosk-loket-01"), format="json")
    assert again.status_code == 409 and "sudah mengisi survei" in again.json()["detail"]
    other = client.post(URL, body(unit, device_id="kiosk-loket-02"), format="json")
    assert other.status_code == 201
    assert SkmResponse.objects.count() == 2


def test_without_device_id_the_cookie_is_the_device(unit):
    client = app()
    first = client.post(URL, body(unit), format="json")
    assert first.status_code == 201
    cookie = first.cookies[services.DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert client.post(URL, body(unit), format="json").status_code == 409  # the client kept the cookie
    assert app().post(URL, body(unit), format="json").status_code == 201  # another phone


@pytest.mark.parametrize("bad", [0, 5, "x", None, [3], {"a": 1}, True, 3.5, "' OR 1=1 --"])
def test_bad_scores_answer_400_with_the_field(unit, bad):
    response = app().post(URL, body(unit, u5=bad), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["u5"]
    assert "pertanyaan 5" in response.json()["u5"][0]
    assert SkmResponse.objects.count() == 0


def test_missing_scores_and_long_suggestion(unit):
    data = body(unit, suggestion="x" * 2001)
    del data["u9"]
    response = app().post(URL, data, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"u9", "suggestion"}


def test_unknown_unit_and_bad_device_id(unit, org):
    client = app()
    for value in (999999, 10**30, "abc", None, [1], org.unit_b.pk):
        assert client.post(URL, body(unit) | {"unit": value}, format="json").status_code == 404
    short = client.post(URL, body(unit, device_id="abc"), format="json")
    assert short.status_code == 400 and "device_id" in short.json()
    assert client.post(URL, ["not", "an", "object"], format="json").status_code == 404


def test_form_encoded_body_is_accepted(unit):
    assert app().post(URL, {k: str(v) for k, v in body(unit).items()}).status_code == 201


def test_rate_limited_with_429(unit):
    client = app()
    for number in range(services.SUBMISSIONS_PER_HOUR):
        client.post(URL, body(unit, device_id=f"device-{number:04d}"), format="json")
    response = client.post(URL, body(unit, device_id="one-more-device"), format="json")
    assert response.status_code == 429
    assert response.json()["detail"]
    assert SkmResponse.objects.count() == services.SUBMISSIONS_PER_HOUR


def test_honeypot_stores_nothing(unit):
    assert app().post(URL, body(unit, situs_web="spam"), format="json").status_code == 201
    assert SkmResponse.objects.count() == 0


def test_get_is_not_allowed():
    assert app().get(URL).status_code == 405
