"""The public SKM survey: choosing the unit, the nine questions in the official wording, bad scores,
one response per device per unit per day, the honeypot and the per-address limit."""

import datetime
import itertools
import re
import threading
import time

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from apps.core.models import RateHit
from apps.core.ratelimit import key_of
from apps.employees.models import OrgUnit, OrgUnitKind
from apps.public_feedback.models import ELEMENTS, SkmResponse
from apps.public_feedback.services import surveys as services
from apps.public_feedback.skm_questions import questions
from tests.factories import OrgUnitFactory
from tests.public_feedback.conftest import make_service

pytestmark = pytest.mark.django_db
WIB = datetime.timezone(datetime.timedelta(hours=7))
MORNING = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=WIB)
_addresses = itertools.count(1)


@pytest.fixture(autouse=True)
def _a_tuesday_morning():
    with time_machine.travel(MORNING, tick=True):
        yield


@pytest.fixture
def unit(org):
    make_service(org.unit_a, name="Pembuatan KTP elektronik")
    make_service(org.unit_a, name="Kartu Keluarga", keywords="kk")
    return org.unit_a


def citizen() -> Client:
    """A phone of its own on its own address (so limits of other tests never apply)."""
    number = next(_addresses)
    return Client(REMOTE_ADDR=f"10.77.{number // 250}.{number % 250}")


def answers(**overrides):
    data = dict.fromkeys(ELEMENTS, "3") | {"suggestion": "", "situs_web": ""}
    return data | overrides


def form_url(unit):
    return reverse("survei:survey-form", args=[unit.pk])


def test_start_lists_units_that_serve_the_public(unit, org):
    response = citizen().get(reverse("survei:survey-start"))
    assert response.status_code == 200
    assert [u.pk for u in response.context["units"]] == [unit.pk]  # unit_b has no service
    html = response.content.decode()
    assert "Pembuatan KTP elektronik" in html and form_url(unit) in html


def test_start_search_matches_names_services_and_keywords(unit, org):
    other = OrgUnitFactory(name="Dinas Perhubungan")
    make_service(other, name="Uji KIR kendaraan", keywords="kir")
    client = citizen()
    assert [u.pk for u in client.get(reverse("survei:survey-start"), {"q": "ktp"}).context["units"]] == [unit.pk]
    assert [u.pk for u in client.get(reverse("survei:survey-start"), {"q": "kk"}).context["units"]] == [unit.pk]
    assert [u.pk for u in client.get(reverse("survei:survey-start"), {"q": "perhub"}).context["units"]] == [other.pk]
    nothing = client.get(reverse("survei:survey-start"), {"q": "<script>" + "x" * 500})
    assert nothing.status_code == 200 and nothing.context["units"] == []
    assert "<script>x" not in nothing.content.decode()


def test_without_services_every_perangkat_daerah_is_listed(db):
    root = OrgUnit.objects.create(name="Pemerintah Kota Uji", kind=OrgUnitKind.PEMERINTAH)
    dinas = OrgUnit.objects.create(name="Dinas Kesehatan", kind=OrgUnitKind.DINAS, parent=root)
    OrgUnit.objects.create(name="Bidang P2P", kind=OrgUnitKind.BIDANG, parent=dinas)
    OrgUnit.objects.create(name="Dinas Lama", kind=OrgUnitKind.DINAS, parent=root, is_active=False)
    response = citizen().get(reverse("survei:survey-start"))
    assert [u.name for u in response.context["units"]] == ["Dinas Kesehatan"]


def test_form_shows_the_official_wording_and_sets_the_device_cookie(unit):
    response = citizen().get(form_url(unit))
    assert response.status_code == 200
    html = response.content.decode()
    for question in questions():
        assert question.text in html
        for answer in question.answers:
            assert answer in html
    assert html.count('type="radio"') == 36
    cookie = response.cookies[services.DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 365 * 24 * 3600
    assert "Pembuatan KTP elektronik" in html  # the unit's services to choose from


def test_valid_answer_is_stored_with_a_hashed_device_key(unit):
    client = citizen()
    client.get(form_url(unit))
    token = client.cookies[services.DEVICE_COOKIE].value
    service = unit.public_services.get(name="Kartu Keluarga")
    response = client.post(
        form_url(unit),
        answers(
            u1="4",
            u9="1",
            gender="P",
            age_band="30-39",
            education="s1",
            occupation="wirausaha",
            service=str(service.pk),
            suggestion="Loket tambah satu lagi",
        ),
    )
    assert response.status_code == 302 and response["Location"] == reverse("survei:survey-thanks", args=[unit.pk])
    stored = SkmResponse.objects.get()
    assert stored.scores() == [4, 3, 3, 3, 3, 3, 3, 3, 1]
    assert (stored.gender, stored.age_band, stored.education, stored.occupation) == ("P", "30-39", "s1", "wirausaha")
    assert stored.service == service and stored.suggestion == "Loket tambah satu lagi"
    assert stored.answered_on == datetime.date(2026, 3, 10)
    assert stored.device_key == key_of(f"skm-device:{token}") and token not in stored.device_key
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Terima kasih" in thanks.content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "Jawaban pertanyaan 3 harus salah satu dari empat pilihan (nilai 1-4)."),
        ("5", "Jawaban pertanyaan 3 harus salah satu dari empat pilihan (nilai 1-4)."),
        ("tiga", "Jawaban pertanyaan 3 harus salah satu dari empat pilihan (nilai 1-4)."),
        ("3.0", "Jawaban pertanyaan 3 harus salah satu dari empat pilihan (nilai 1-4)."),
        ("' OR 1=1 --", "Jawaban pertanyaan 3 harus salah satu dari empat pilihan (nilai 1-4)."),
        ("", "Pilih satu jawaban untuk pertanyaan 3."),
    ],
)
def test_bad_scores_get_clear_messages_and_keep_the_input(unit, value, message):
    response = citizen().post(form_url(unit), answers(u3=value, u1="4", suggestion="tetap di sini"))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "tetap di sini" in html  # the rest of the answer is kept
    assert re.search(r'<input type="radio" name="u1" value="4" [^>]*checked>', html)
    assert SkmResponse.objects.count() == 0


def test_missing_scores_name_each_question(unit):
    data = answers()
    del data["u2"], data["u7"]
    response = citizen().post(form_url(unit), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Pilih satu jawaban untuk pertanyaan 2." in html and "Pilih satu jawaban untuk pertanyaan 7." in html
    assert 'href="#q-u2"' in html


def test_suggestion_too_long_and_bad_profile(unit):
    response = citizen().post(form_url(unit), answers(suggestion="x" * 100_000, gender="X", service="999999"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Saran paling banyak 2000 karakter (sekarang 100000)." in html
    assert "Pilih salah satu pilihan yang tersedia." in html and "Pilih layanan dari daftar." in html
    assert SkmResponse.objects.count() == 0


def test_same_device_same_day_refused_politely(unit):
    client = citizen()
    client.get(form_url(unit))
    assert client.post(form_url(unit), answers()).status_code == 302
    again = client.post(form_url(unit), answers(u1="1"))
    assert again.status_code == 409
    assert "sudah mengisi survei untuk unit layanan ini hari ini" in again.content.decode()
    assert SkmResponse.objects.count() == 1
    shown = client.get(form_url(unit))  # the page says so before the citizen starts again
    assert "sudah mengisi survei" in shown.content.decode() and 'type="radio"' not in shown.content.decode()


def test_next_day_and_other_unit_allowed(unit, org):
    make_service(org.unit_b)
    client = citizen()
    client.get(form_url(unit))
    assert client.post(form_url(unit), answers()).status_code == 302
    assert client.post(form_url(org.unit_b), answers()).status_code == 302  # another unit, same day
    with time_machine.travel(MORNING + datetime.timedelta(days=1), tick=False):
        assert client.post(form_url(unit), answers()).status_code == 302
    assert sorted(SkmResponse.objects.values_list("unit_id", "answered_on")) == sorted(
        [
            (unit.pk, datetime.date(2026, 3, 10)),
            (org.unit_b.pk, datetime.date(2026, 3, 10)),
            (unit.pk, datetime.date(2026, 3, 11)),
        ]
    )


def test_a_browser_without_cookies_gets_a_new_device_each_time(unit):
    client = citizen()
    assert client.post(form_url(unit), answers()).status_code == 302
    first = client.cookies[services.DEVICE_COOKIE].value
    client.cookies[services.DEVICE_COOKIE] = "\x00bad"  # a forged value is replaced, never trusted
    assert client.post(form_url(unit), answers()).status_code == 302
    assert client.cookies[services.DEVICE_COOKIE].value not in (first, "\x00bad")


def test_honeypot_thanks_and_stores_nothing(unit):
    response = citizen().post(form_url(unit), answers(situs_web="http://spam.example"))
    assert response.status_code == 302
    assert SkmResponse.objects.count() == 0


def test_rate_limit_per_address(unit):
    client = citizen()
    for _ in range(services.SUBMISSIONS_PER_HOUR):
        client.post(form_url(unit), answers(u1="9"))  # invalid tries count too
    response = client.post(form_url(unit), answers())
    assert response.status_code == 429
    assert SkmResponse.objects.count() == 0
    assert RateHit.objects.filter(scope=services.RATE_SCOPE).count() == services.SUBMISSIONS_PER_HOUR
    with time_machine.travel(MORNING + datetime.timedelta(hours=2), tick=False):
        assert client.post(form_url(unit), answers()).status_code == 302


def test_units_not_surveyed_and_unknown_units_are_404(unit, org):
    client = citizen()
    for pk in (org.unit_b.pk, 999999, 10**30):
        assert client.get(reverse("survei:survey-form", args=[pk])).status_code == 404
        assert client.post(reverse("survei:survey-form", args=[pk]), answers()).status_code == 404
        assert client.get(reverse("survei:survey-thanks", args=[pk])).status_code == 404


def test_other_methods_refused(unit):
    assert citizen().put(form_url(unit)).status_code == 405
    assert citizen().post(reverse("survei:survey-start")).status_code == 405


def test_the_database_constraint_is_the_last_line(unit):
    row = dict.fromkeys(ELEMENTS, 3) | {"unit": unit, "answered_on": datetime.date(2026, 3, 10), "device_key": "k"}
    SkmResponse.objects.create(**row)
    with pytest.raises(IntegrityError), transaction.atomic():
        SkmResponse.objects.create(**row)


def test_service_refuses_bad_scores_from_any_caller(unit):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.survey_submit(unit=unit, scores=dict.fromkeys(ELEMENTS, 5), device_key="k")
    with pytest.raises(ValidationError):
        services.survey_submit(unit=unit, scores=dict.fromkeys(ELEMENTS, 3), device_key="k", profile={"gender": "X"})
    assert SkmResponse.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_racing_requests_the_loser_gets_the_friendly_message(unit):
    """A first request has inserted but not committed; the second one's check sees nothing, its
    insert waits on the unique index and then fails: the IntegrityError becomes the message."""
    from django.core.exceptions import ValidationError
    from django.db import connections

    scores = dict.fromkeys(ELEMENTS, 3)
    inserted, release = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                services.survey_submit(unit=unit, scores=scores, device_key="same-phone")
                inserted.set()
                release.wait(10)
        finally:
            connections.close_all()

    def second():
        try:
            services.survey_submit(unit=unit, scores=scores, device_key="same-phone")
            outcome["second"] = "stored"
        except ValidationError as exc:
            outcome["second"] = exc.code
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    assert inserted.wait(10)
    two = threading.Thread(target=second)
    two.start()
    time.sleep(1.0)  # the second request is now blocked on the first one's uncommitted row
    release.set()
    one.join(10)
    two.join(10)
    assert outcome == {"second": "duplicate"}
    assert SkmResponse.objects.count() == 1
