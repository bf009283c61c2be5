"""The public complaint API: anonymous, the same rules and limits as the form, the public view."""

import json

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from apps.public_feedback.models import (
    Channel,
    Complaint,
    ComplaintAttachment,
    ComplaintEntry,
    EntryKind,
    FeedbackSettings,
)
from apps.public_feedback.services import codes
from tests.public_feedback.conftest import submit_complaint
from tests.public_feedback.helpers import php_as_jpg, png_upload

pytestmark = pytest.mark.django_db
CREATE = reverse("api:public-complaint-create")


def detail(code):
    return reverse("api:public-complaint-detail", args=[code])


@pytest.fixture
def api():
    return APIClient(enforce_csrf_checks=True)


def test_anonymous_post_creates_a_complaint_and_returns_the_code_once(api, public_service):
    body = {"kind": "aspirasi", "service": public_service.code, "description": "Mohon jam layanan diperpanjang."}
    response = api.post(CREATE, body, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    complaint = Complaint.objects.get(reference=data["reference"])
    assert complaint.channel == Channel.API and complaint.unit == public_service.unit
    assert codes.code_hash(data["tracking_code"]) == complaint.code_hash
    assert data["status"] == "baru" and data["status_label"]


def test_a_signed_in_browser_session_needs_no_csrf_token_either(api, public_service, personas):
    api.force_login(personas["asn"])
    response = api.post(CREATE, {"kind": "pengaduan", "description": "Dari sesi pegawai"}, format="json")
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "pengaduan", "description": ""}, "description"),
        ({"kind": "pengaduan", "description": "a" * 100_000}, "description"),
        ({"kind": "keluhan", "description": "x"}, "kind"),
        ({"kind": "pengaduan", "description": "x", "reporter_email": "a@b.id"}, "contact_consent"),
        ({"kind": "pengaduan", "description": "x", "service": "tidak-ada"}, "service"),
        ({"kind": "pengaduan", "description": "x", "occurred_on": "kemarin"}, "occurred_on"),
        ({"kind": "pengaduan", "description": ["a", "b"]}, "description"),
        ({"kind": {"x": 1}, "description": "x"}, "kind"),
    ],
)
def test_same_rules_as_the_form(api, body, field):
    response = api.post(CREATE, body, format="json")
    assert response.status_code == 400 and field in response.json()
    assert not Complaint.objects.exists()


def test_long_description_message_names_the_limit(api):
    response = api.post(CREATE, {"kind": "pengaduan", "description": "a" * 100_000}, format="json")
    assert "5.000" in response.json()["description"][0]


def test_not_json_is_a_400(api):
    response = api.generic("POST", CREATE, "{not json", content_type="application/json")
    assert response.status_code == 400


def test_naming_a_person_makes_it_rahasia(api):
    response = api.post(CREATE, {"kind": "pengaduan", "description": "x", "subject_text": "Pak Joko"}, format="json")
    assert Complaint.objects.get(reference=response.json()["reference"]).is_confidential


def test_attachments_through_multipart(api):
    ok = api.post(
        CREATE, {"kind": "pengaduan", "description": "Foto", "attachments": [png_upload()]}, format="multipart"
    )
    assert ok.status_code == 201
    assert Complaint.objects.get().attachments.count() == 1
    php = api.post(CREATE, {"kind": "pengaduan", "description": "x", "attachments": [php_as_jpg()]}, format="multipart")
    assert php.status_code == 400 and "bukan foto" in php.json()["attachments"][0]
    four = api.post(
        CREATE,
        {"kind": "pengaduan", "description": "x", "attachments": [png_upload(f"{n}.png") for n in range(4)]},
        format="multipart",
    )
    assert four.status_code == 400 and "Paling banyak 3" in four.json()["attachments"][0]
    assert Complaint.objects.count() == 1


def test_429_past_the_volume_where_the_form_would_ask_a_captcha(api):
    FeedbackSettings.objects.update_or_create(pk=1, defaults={"captcha_after": 3, "complaints_per_hour": 10})
    statuses = [
        api.post(CREATE, {"kind": "pengaduan", "description": f"n{n}"}, format="json").status_code for n in range(5)
    ]
    assert statuses == [201, 201, 201, 429, 429]
    response = api.post(CREATE, {"kind": "pengaduan", "description": "x"}, format="json")
    assert response.json()["detail"].startswith("Terlalu banyak")


def test_the_form_and_the_api_share_one_counter(api, client):
    from tests.public_feedback.helpers import form_data

    FeedbackSettings.objects.update_or_create(pk=1, defaults={"captcha_after": 1000, "complaints_per_hour": 4})
    for _ in range(4):
        assert client.post(reverse("pengaduan:complaint-create"), form_data()).status_code == 302
    assert api.post(CREATE, {"kind": "pengaduan", "description": "x"}, format="json").status_code == 429


@pytest.fixture
def answered(org):
    complaint, code = submit_complaint(
        reporter_name="NAMA-PELAPOR-XYZ",
        reporter_email="kontak.rahasia@example.test",
        reporter_phone="081377776666",
        contact_consent=True,
        status="ditanggapi",
        handling_unit=org.unit_a,
        uploads=[png_upload("punya-saya.png")],
    )
    head = org.supervisor.user
    now = timezone.now()
    note = ComplaintEntry.objects.create(
        complaint=complaint, kind=EntryKind.NOTE, text="CATATAN-INTERNAL-API", at=now, actor=head
    )
    ComplaintEntry.objects.create(
        complaint=complaint, kind=EntryKind.REPLY, is_public=True, text="Sudah kami perbaiki.", at=now, actor=head
    )
    hidden = ComplaintAttachment(
        complaint=complaint, entry=note, original_name="INTERNAL-FILE.pdf", content_type="application/pdf", size=9
    )
    hidden.file.save("pengaduan/x.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    hidden.save()
    return complaint, code


def test_public_view_has_no_contact_data_no_internal_notes_no_staff_names(api, org, answered):
    complaint, code = answered
    response = api.get(detail(code.lower()))
    assert response.status_code == 200
    data = response.json()
    assert data["reference"] == complaint.reference and data["status"] == "ditanggapi"
    assert [item["kind"] for item in data["timeline"]] == ["submitted", "reply"]
    assert data["timeline"][1]["by"] == org.unit_a.name
    assert [a["name"] for a in data["attachments"]] == ["punya-saya.png"]
    text = json.dumps(data)
    for secret in (
        "NAMA-PELAPOR-XYZ",
        "kontak.rahasia@example.test",
        "081377776666",
        "CATATAN-INTERNAL-API",
        "INTERNAL-FILE",
        org.supervisor.name,
        org.supervisor.user.username,
        complaint.code_hash,
    ):
        assert secret not in text
    assert not {"reporter_name", "reporter_email", "reporter_phone", "employee", "substantiated"} & set(data)


def test_wrong_codes_are_404_then_429(api, answered):
    _complaint, code = answered
    limit = FeedbackSettings.current().lookups_per_hour
    for _ in range(limit):
        response = api.get(detail(codes.issue().code))
        assert response.status_code == 404 and response.json()["detail"] == "Kode pelacakan tidak ditemukan."
    assert api.get(detail(code)).status_code == 429


def test_junk_codes_never_500(api):
    for junk in ["x", "%3Cscript%3E", "ADU-" + "Z" * 300, "'; DROP TABLE x; --", "ADU-0000-0000-0000-0000"]:
        assert api.get(f"/api/v1/public/complaints/{junk}/").status_code in (404, 429)
