"""Every response carries the browser-side defences: a Content-Security-Policy with
frame-ancestors, ``X-Content-Type-Options: nosniff``, a Referrer-Policy, and no server version.

Every named URL for every role (the permission matrix's placeholder arguments: mostly refusals and
404s, which must be defended as well as pages) is checked by the one walk of
tests/security/test_safe_methods.py; here: error pages, the citizens' public pages and file
downloads (attachments, never rendered inline by the browser).
"""

import datetime
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.daily_reports.models import Activity
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "pengaduan:landing",
    "pengaduan:complaint-create",
    "pengaduan:complaint-track",
    "forum:forum-list",
    "forum:statistics",
    "survei:survey-start",
    "open311:discovery",
    "open311:service-list",
    "account_login",
    "account_reset_password",
]


def problems(response):
    found = []
    csp = response.headers.get("Content-Security-Policy", "")
    if "frame-ancestors" not in csp:
        found.append(f"CSP without frame-ancestors: {csp!r}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        found.append(f"X-Content-Type-Options {response.headers.get('X-Content-Type-Options')!r}")
    if not response.headers.get("Referrer-Policy"):
        found.append("no Referrer-Policy")
    if re.search(r"\d", response.headers.get("Server", "")):
        found.append(f"Server header names a version: {response.headers['Server']!r}")
    return found


def assert_defended(response, label=""):
    assert problems(response) == [], f"{label} {response.status_code}: {problems(response)}"


@pytest.mark.parametrize("role", ["anonymous", "asn"])
def test_error_pages_are_defended(role, personas):
    client = client_for(personas[role])
    missing = client.get("/tidak-ada-halaman-ini/")
    assert missing.status_code == 404
    assert_defended(missing, "404")
    not_allowed = client.get(reverse("core:notification-read"))
    assert not_allowed.status_code == (405 if role == "asn" else 302)
    assert_defended(not_allowed, "405")
    api_refused = client.get(reverse("api:me"), HTTP_ACCEPT="application/json")
    assert api_refused.status_code == (200 if role == "asn" else 401)
    assert_defended(api_refused, "api")


def test_forbidden_page_is_defended(personas):
    response = client_for(personas["asn"]).get(reverse("core:holiday-list"))
    assert response.status_code == 403
    assert_defended(response, "403")


def test_public_pages_are_defended(personas):
    client = client_for(None)
    for name in PUBLIC_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_defended(response, name)


def test_evidence_download_is_an_attachment(org):
    """An uploaded file is sent as an attachment with nosniff, so a file posing as a PDF is never
    rendered by the browser as a page of the site."""
    client = client_for(org.asn.user)
    with time_machine.travel(datetime.datetime(2026, 11, 18, 9, 0, tzinfo=datetime.UTC), tick=False):
        day = reverse("daily_reports:report-day", args=["2026-11-18"])
        activity = {"description": "Rapat", "starts_at": "08:00", "ends_at": "09:00", "place": "kantor"}
        client.post(day + "kegiatan/", activity)
        pk = Activity.objects.get().pk
        pdf = SimpleUploadedFile("notulen.pdf", b"%PDF-1.4 isi", "application/pdf")
        assert client.post(reverse("daily_reports:evidence-upload", args=[pk]), {"file": pdf}).status_code == 302
        evidence = Activity.objects.get().evidence.get()
        for reader in (org.asn.user, org.supervisor.user):
            response = client_for(reader).get(reverse("daily_reports:evidence-download", args=[evidence.pk]))
            assert response.status_code == 200
            assert response["Content-Disposition"].startswith("attachment;")
            assert_defended(response, "evidence")


def test_exports_are_attachments(personas):
    client = client_for(personas["admin"])
    for name in ("employees:employee-export", "employees:import-template", "reports:downloads-export"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert response["Content-Disposition"].startswith("attachment;"), name
        assert_defended(response, name)
