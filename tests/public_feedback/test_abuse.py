"""Abuse defences, all server-side: per-address limits in the database, honeypot, fill time,
captcha after suspicious volume, blocklist."""

import datetime

import pytest
from captcha.models import CaptchaStore
from django.test import Client
from django.urls import reverse

from apps.core.models import RateHit
from apps.public_feedback.models import Complaint, ContactBlock, ContactKind, FeedbackSettings
from apps.public_feedback.selectors.public import landing_figures
from apps.public_feedback.services import abuse
from tests.public_feedback.conftest import submit_complaint
from tests.public_feedback.helpers import form_data, started_token

pytestmark = pytest.mark.django_db
CREATE = reverse("pengaduan:complaint-create")


def configure(**values):
    FeedbackSettings.objects.update_or_create(pk=1, defaults=values)


def test_thirty_complaints_a_minute_from_one_address_get_429_after_the_limit(client):
    configure(complaints_per_hour=10, captcha_after=1000)
    statuses = [client.post(CREATE, form_data(description=f"Pengaduan nomor {n}")).status_code for n in range(30)]
    assert statuses == [302] * 10 + [429] * 20
    assert Complaint.objects.count() == 10
    assert "Terlalu banyak" in client.post(CREATE, form_data()).content.decode()
    # another address may still send
    assert Client(REMOTE_ADDR="10.0.0.99").post(CREATE, form_data()).status_code == 302
    # the counters are rows in PostgreSQL keyed by a hash, never the address itself
    assert not RateHit.objects.filter(key__contains="127.0.0.1").exists()


def test_captcha_is_asked_after_the_configured_volume(client):
    configure(captcha_after=2, complaints_per_hour=50)
    assert 'name="captcha_1"' not in client.get(CREATE).content.decode()
    for n in range(2):
        assert client.post(CREATE, form_data(description=f"Kiriman {n}")).status_code == 302
    page = client.get(CREATE).content.decode()
    assert 'name="captcha_1"' in page and "/captcha/image/" in page and 'for="id_captcha_1"' in page
    refused = client.post(CREATE, form_data(description="Tanpa captcha"))
    assert refused.status_code == 200 and "Ketik huruf" in refused.content.decode()
    wrong = client.post(CREATE, {**form_data(), "captcha_0": "nokey", "captcha_1": "xxxx"})
    assert wrong.status_code == 200
    assert Complaint.objects.count() == 2
    store = CaptchaStore.objects.create(challenge="ABCDE", response="abcde")
    solved = client.post(
        CREATE, {**form_data(description="Dengan captcha"), "captcha_0": store.hashkey, "captcha_1": "abcde"}
    )
    assert solved.status_code == 302 and Complaint.objects.count() == 3


def test_honeypot_refuses_and_counts_the_attempt(client):
    response = client.post(CREATE, form_data(**{abuse.HONEYPOT_FIELD: "http://spam.example"}))
    assert response.status_code == 200 and "harus dikosongkan" in response.content.decode()
    assert not Complaint.objects.exists()
    assert RateHit.objects.filter(scope=abuse.SUBMIT_SCOPE).count() == 1


def test_honeypot_is_hidden_from_people(client):
    page = client.get(CREATE).content.decode()
    start = page.index('class="pub-hp"')
    assert 'aria-hidden="true"' in page[start - 20 : start + 40]
    assert 'tabindex="-1"' in page[start : start + 600]


def test_minimum_fill_time(client):
    configure(min_fill_seconds=4)
    fast = client.post(CREATE, form_data(**{abuse.TIMESTAMP_FIELD: started_token(seconds_ago=1)}))
    assert fast.status_code == 200 and "terlalu cepat" in fast.content.decode()
    assert not Complaint.objects.exists()
    assert client.post(CREATE, form_data(**{abuse.TIMESTAMP_FIELD: started_token(seconds_ago=5)})).status_code == 302


@pytest.mark.parametrize("token", ["", "garbage", "1700000000", None])
def test_missing_or_forged_timestamp_is_refused_and_replaced(client, token):
    data = form_data(**{abuse.TIMESTAMP_FIELD: token, "location": "Pasar 16"})
    response = client.post(CREATE, data)
    page = response.content.decode()
    assert response.status_code == 200 and "Formulir ini" in page
    assert 'value="Pasar 16"' in page  # what was typed stays
    fresh = page.split(f'name="{abuse.TIMESTAMP_FIELD}" value="')[1].split('"')[0]
    assert abuse.timestamp_is_valid(fresh)
    assert not Complaint.objects.exists()


def test_an_old_form_is_refused(client):
    old = started_token(seconds_ago=int(datetime.timedelta(days=2).total_seconds()))
    response = client.post(CREATE, form_data(**{abuse.TIMESTAMP_FIELD: old}))
    assert response.status_code == 200 and "terlalu lama" in response.content.decode()


def test_suspicious_attempts_count_toward_the_limit(client):
    configure(complaints_per_hour=3, captcha_after=1000)
    for _ in range(3):
        client.post(CREATE, form_data(**{abuse.HONEYPOT_FIELD: "bot"}))
    assert client.post(CREATE, form_data()).status_code == 429


def test_a_typo_of_a_person_does_not_count(client):
    configure(complaints_per_hour=2, captcha_after=1000)
    for _ in range(5):
        assert client.post(CREATE, form_data(description="")).status_code == 200
    assert client.post(CREATE, form_data()).status_code == 302


def test_blocked_contacts_are_kept_but_hidden_from_counts():
    ContactBlock.objects.create(kind=ContactKind.EMAIL, value="banjir@example.test")
    before = landing_figures().received
    complaint, _code = submit_complaint(reporter_email="banjir@example.test", contact_consent=True)
    assert Complaint.objects.filter(pk=complaint.pk, is_blocked=True).exists()
    assert landing_figures().received == before
    submit_complaint()
    assert landing_figures().received == before + 1


@pytest.mark.parametrize(
    ("stored", "typed", "blocked"),
    [
        ("081234567890", "+62 812-3456-7890", True),
        ("+62 812 3456 7890", "081234567890", True),
        ("081234567890", "081234567891", False),
    ],
)
def test_blocklist_matches_phones_however_written(stored, typed, blocked):
    ContactBlock.objects.create(kind=ContactKind.PHONE, value=stored)
    assert abuse.contact_blocked(phone=typed) is blocked


def test_limits_hold_per_scope_and_expire_after_the_window():
    import time_machine
    from django.utils import timezone

    configure(complaints_per_hour=2)
    for _ in range(2):
        abuse.record_submission("10.7.7.7")
    assert abuse.submission_limited("10.7.7.7")
    assert not abuse.lookup_limited("10.7.7.7")
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=61)):
        assert not abuse.submission_limited("10.7.7.7")
