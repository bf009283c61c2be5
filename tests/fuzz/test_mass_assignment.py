"""Mass assignment: the main writes, each with a valid payload plus forged ownership, status, unit,
reviewer and role fields. The server decides those; after the request nothing forged has stuck."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from apps.accounts.models import Role, User
from apps.daily_reports.models import DailyReport, Evidence, ReportStatus
from apps.dashboards.models import Announcement
from apps.employees.models import Employee
from apps.indicators.models import Skp, SkpStatus
from apps.public_feedback.models import Complaint, ComplaintStatus
from apps.trainings.models import Enrollment
from tests.conftest import client_for
from tests.daily_reports.test_api import png_bytes
from tests.dashboards.test_announcements_manage import form_data as announcement_data
from tests.public_feedback import helpers

from .world import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def forged(world):
    """Every forged field, pointing at someone or something that is not the server's choice."""
    org = world.org
    return {
        "employee": org.outsider.pk,
        "employee_id": org.outsider.pk,
        "status": "approved",
        "unit": org.unit_b.pk,
        "unit_id": org.unit_b.pk,
        "reviewed_by": org.supervisor_b.pk,
        "is_staff": "on",
        "is_superuser": "on",
        "role": Role.ADMIN,
        "user": world.personas["admin"].pk,
        "published_by": org.outsider.user.pk,
    }


def roles_unchanged(world):
    for user in User.objects.filter(pk__in=[u.pk for u in world.personas.values() if u]):
        persona = next(u for u in world.personas.values() if u and u.pk == user.pk)
        assert (user.is_staff, user.is_superuser, user.role) == (persona.is_staff, persona.is_superuser, persona.role)


def test_activity_create(world, forged):
    data = {"description": "Rapat", "iki": "", "quantity": "", "starts_at": "09:00", "ends_at": "10:00"}
    response = client_for(world.org.asn.user).post(
        f"/laporan/hari/{TODAY}/kegiatan/", {**data, "place": "kantor"} | forged
    )
    assert response.status_code in {200, 302}, response.content[:500]
    report = DailyReport.objects.get(pk=world.report.pk)
    assert (report.employee, report.status, report.reviewed_by) == (world.org.asn, ReportStatus.DRAFT, None)
    assert report.activities.filter(description="Rapat").exists()
    assert not DailyReport.objects.filter(employee=world.org.outsider).exists()
    roles_unchanged(world)


def test_daily_report_api_create(world, forged):
    day = TODAY - datetime.timedelta(days=1)
    activity = {"description": "Surat", "starts_at": "07:00", "ends_at": "08:00", "place": "kantor"} | forged
    body = {"date": str(day), "activities": [activity]} | forged
    response = client_for(world.org.asn.user).post("/api/v1/daily-reports/", body, content_type="application/json")
    assert response.status_code == 201, response.content[:500]
    report = DailyReport.objects.get(date=day)
    assert (report.employee, report.status, report.reviewed_by) == (world.org.asn, ReportStatus.DRAFT, None)
    assert report.activities.get().unit != str(world.org.unit_b.pk)
    roles_unchanged(world)


@pytest.mark.parametrize("api", [False, True])
def test_evidence_upload(world, forged, api):
    other = world.peer_report.activities.get()
    data = {"file": SimpleUploadedFile("bukti.png", png_bytes(), "image/png"), "activity": other.pk} | forged
    url = f"/api/v1/daily-reports/activities/{world.activity.pk}/evidence/" if api else None
    url = url or f"/laporan/kegiatan/{world.activity.pk}/bukti/"
    response = client_for(world.org.asn.user).post(url, data)
    assert response.status_code in {201, 302}, response.content[:500]
    assert Evidence.objects.get().activity == world.activity
    assert not other.evidence.exists()
    roles_unchanged(world)


def test_skp_create_and_report_stay_the_servers(world, forged):
    response = client_for(world.org.asn.user).post("/skp/baru/", {"year": 2028, "start": "blank"} | forged)
    assert response.status_code == 302, response.content[:500]
    skp = Skp.objects.get(year=2028)
    assert (skp.employee, skp.status, skp.approved_by) == (world.org.asn, SkpStatus.DRAFT, None)
    roles_unchanged(world)


def test_rhk_update_keeps_the_plan(world, forged):
    rhk = world.draft_skp.rhk.first()
    data = {"text": "Tersusunnya laporan", "kind": "utama", "weight": "", "skp": world.approved_skp.pk} | forged
    response = client_for(world.org.asn.user).post(f"/skp/rhk/{rhk.pk}/ubah/", data)
    assert response.status_code in {200, 302, 400}
    rhk.refresh_from_db()
    skp = Skp.objects.get(pk=world.draft_skp.pk)
    assert (rhk.skp_id, skp.employee, skp.status) == (world.draft_skp.pk, world.org.asn, SkpStatus.DRAFT)
    roles_unchanged(world)


def test_complaint_form(world, forged):
    response = client_for(None).post("/pengaduan/", helpers.form_data() | forged | {"unit": ""})
    assert response.status_code == 302, response.content[:500]
    complaint = Complaint.objects.exclude(pk=world.complaint.pk).get()
    assert (complaint.status, complaint.employee, complaint.handling_unit) == (ComplaintStatus.BARU, None, None)
    roles_unchanged(world)


def test_complaint_api(world, forged):
    body = {"kind": "pengaduan", "description": "Antrean panjang sekali."} | forged
    body |= {"unit": None, "handling_unit": world.org.unit_b.pk, "is_blocked": True, "channel": "telepon"}
    response = APIClient().post("/api/v1/public/complaints/", body, format="json")
    assert response.status_code == 201, response.content[:500]
    complaint = Complaint.objects.exclude(pk=world.complaint.pk).get()
    assert (complaint.status, complaint.employee, complaint.handling_unit) == (ComplaintStatus.BARU, None, None)
    assert not complaint.is_blocked and complaint.channel != "telepon"


def test_api_token_create_on_the_profile(world, forged):
    response = client_for(world.org.asn.user).post(reverse("accounts:api-token-create"), {"name": "skrip"} | forged)
    assert response.status_code < 500
    roles_unchanged(world)


def test_employee_update_by_admin_leaves_the_account_alone(world, forged):
    org = world.org
    data = {
        "nip": org.asn.nip, "name": "Nama Baru", "employment_type": "pns", "golongan": "III/b",
        "jabatan": "Pengolah Data", "jabatan_kind": "pelaksana", "unit": org.unit_a.pk,
        "supervisor_nip": org.supervisor.nip,
    }  # fmt: skip
    data |= {key: value for key, value in forged.items() if key not in {"unit", "status"}}
    response = client_for(world.personas["admin"]).post(f"/pegawai/{org.asn.nip}/ubah/", data)
    assert response.status_code == 302, response.content[:500]
    employee = Employee.objects.get(pk=org.asn.pk)
    assert employee.name == "Nama Baru" and employee.user_id == org.asn.user_id
    roles_unchanged(world)


def test_announcement_create(world, forged):
    data = announcement_data(starts_at="2026-11-18T10:00") | forged
    response = client_for(world.personas["admin"]).post(reverse("announcements:announcement-create"), data)
    assert response.status_code == 302, response.content[:500]
    assert Announcement.objects.get().published_by == world.personas["admin"]
    roles_unchanged(world)


@pytest.mark.parametrize("api", [False, True])
def test_training_enrol(world, forged, api):
    url = f"/api/v1/trainings/sessions/{world.session.pk}/enroll/" if api else None
    url = url or f"/pelatihan/sesi/{world.session.pk}/daftar/"
    response = client_for(world.org.asn.user).post(url, forged)
    assert response.status_code in {200, 201, 302}, response.content[:500]
    assert [e.employee for e in Enrollment.objects.all()] == [world.org.asn]
    assert Enrollment.objects.get().nominated_by is None
    roles_unchanged(world)
