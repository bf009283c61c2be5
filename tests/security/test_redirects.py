"""Open-redirect payloads in ``next`` never send anyone off the site.

Every view that reads ``next`` (grep -rn '"next"' apps, allauth's and Django's own): login (with the
right password; MFA is off in tests), the login page of someone signed in already, logout, the
language switch, marking notifications read, and marking an announcement read. The other views that
read ``next`` compare it with a fixed word ("queue", "team", "approvals") and redirect to a name.
"""

from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tests.conftest import client_for
from tests.dashboards.announcement_support import NOW, publish

pytestmark = pytest.mark.django_db

PAYLOADS = [
    "//evil.example",
    "https://evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "%2F%2Fevil.example",
    "https:/evil.example",
    "///evil.example",
    "/%09/evil.example",
    " //evil.example",
    "https://testserver@evil.example",
]
HOST = "testserver"


def assert_stays(response, payload):
    assert response.status_code in {301, 302, 303}, (payload, response.status_code)
    location = response["Location"]
    # as a browser reads it: backslashes are slashes, tabs and newlines are dropped
    read = location.replace("\\", "/").replace("\t", "").replace("\n", "").strip()
    target = urlsplit(urljoin(f"http://{HOST}/somewhere/", read))
    assert target.scheme in {"http", "https"} and target.hostname == HOST, (payload, location)
    assert url_has_allowed_host_and_scheme(location, allowed_hosts={HOST}), (payload, location)
    assert "evil" not in target.netloc, (payload, location)


@pytest.fixture
def asn_client(org):
    return client_for(org.asn.user)


def test_login(org, password):
    for payload in PAYLOADS:
        client = Client()
        data = {"login": org.asn.user.username, "password": password, "next": payload}
        assert_stays(client.post(reverse("account_login") + "?next=" + payload, data), payload)
        assert client.session.get("_auth_user_id") == str(org.asn.user.pk), payload


def test_login_page_of_someone_signed_in(asn_client):
    for payload in PAYLOADS:
        assert_stays(asn_client.get(reverse("account_login"), {"next": payload}), payload)


def test_logout(org):
    for payload in PAYLOADS:
        for user in (org.asn.user, None):
            assert_stays(client_for(user).post(reverse("account_logout"), {"next": payload}), payload)


def test_set_language(asn_client):
    for payload in PAYLOADS:
        response = asn_client.post(reverse("set_language"), {"language": "en", "next": payload})
        assert_stays(response, payload)
        # with no next, the Referer is used: the same rule holds for it
        response = asn_client.post(reverse("set_language"), {"language": "id"}, HTTP_REFERER=payload)
        assert_stays(response, payload)


def test_notification_read(asn_client):
    for payload in PAYLOADS:
        assert_stays(asn_client.post(reverse("core:notification-read"), {"next": payload}), payload)


def test_announcement_read(org, admin_user):
    with time_machine.travel(NOW, tick=False):
        announcement = publish(admin_user)
        client = client_for(org.asn.user)
        url = reverse("announcements:announcement-read", args=[announcement.pk])
        for payload in PAYLOADS:
            assert_stays(client.post(url, {"next": payload}), payload)
