"""Privacy on the public surfaces of intake and tracking: a rahasia complaint and a reporter's
contact never appear on the landing page, the form, the code page of someone else, the tracking
form, or through the public API without the code."""

import pytest
from django.test import Client
from django.urls import reverse

from apps.public_feedback.models import Complaint
from apps.public_feedback.selectors.public import landing_figures
from tests.public_feedback.conftest import submit_complaint
from tests.public_feedback.helpers import form_data

pytestmark = pytest.mark.django_db
SECRET_TEXT = "ISI-RAHASIA-PENGADUAN-123"
CONTACT = "pelapor.rahasia@example.test"
PHONE = "081255554444"


@pytest.fixture
def rahasia(public_service):
    complaint, code = submit_complaint(
        service=public_service,
        description=SECRET_TEXT,
        subject_text="Pak Anu",
        reporter_name="Nama Pelapor Rahasia",
        reporter_email=CONTACT,
        reporter_phone=PHONE,
        contact_consent=True,
    )
    assert complaint.is_confidential
    return complaint, code


def assert_clean(page: str, complaint: Complaint):
    for secret in (SECRET_TEXT, CONTACT, PHONE, "Nama Pelapor Rahasia", "Pak Anu", complaint.reference):
        assert secret not in page


@pytest.mark.parametrize(
    "name", ["pengaduan:landing", "pengaduan:complaint-create", "pengaduan:complaint-track", "account_login"]
)
def test_public_pages_never_show_a_rahasia_complaint_or_contact(rahasia, name):
    complaint, _code = rahasia
    response = Client().get(reverse(name))
    assert response.status_code == 200
    assert_clean(response.content.decode(), complaint)


def test_another_visitors_pages_show_nothing_of_it(rahasia):
    complaint, _code = rahasia
    visitor = Client(REMOTE_ADDR="10.3.3.3")
    for url in (
        reverse("pengaduan:complaint-detail", args=[complaint.reference]),
        reverse("pengaduan:complaint-sent"),
    ):
        response = visitor.get(url, follow=True)
        assert_clean(response.content.decode(), complaint)
    api = visitor.get(reverse("api:public-complaint-detail", args=["ADU-0000-0000-0000-0000"]))
    assert api.status_code == 404 and SECRET_TEXT not in api.content.decode()


def test_the_reporters_own_tracking_page_never_shows_their_contact(rahasia):
    complaint, code = rahasia
    reporter = Client()
    reporter.post(reverse("pengaduan:complaint-track"), {"code": code})
    page = reporter.get(reverse("pengaduan:complaint-detail", args=[complaint.reference])).content.decode()
    assert SECRET_TEXT in page  # their own words
    assert CONTACT not in page and PHONE not in page and "Nama Pelapor Rahasia" not in page


def test_the_code_page_shows_only_the_submitters_own_complaint(client, public_service):
    client.post(reverse("pengaduan:complaint-create"), form_data(reporter_email=CONTACT, contact_consent="on"))
    page = client.get(reverse("pengaduan:complaint-sent")).content.decode()
    assert CONTACT not in page  # "the code was sent to your email", not the address


def test_landing_counts_are_aggregates_only(rahasia, client):
    figures = landing_figures()
    assert figures.received == 1 and figures.finished == 0 and figures.on_time_share is None
    page = client.get(reverse("pengaduan:landing")).content.decode()
    for label in ("Sampaikan pengaduan", "Lacak pengaduan", "Isi survei kepuasan", "Forum publik"):
        assert label in page


def test_login_page_links_citizens_to_the_landing(client):
    page = client.get(reverse("account_login")).content.decode()
    assert reverse("pengaduan:landing") in page and "Warga? Sampaikan pengaduan atau survei" in page
