"""The security audit log (apps/core/audit.py): every security-relevant event is one row with its
UTC time, actor, IP address and object, and no password, token or code reaches a row or a log."""

import datetime
import logging

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.services import api_token_create
from apps.core.models import AuditAction, AuditEvent
from apps.daily_reports.models import Evidence
from apps.employees import services as employee_services
from apps.public_feedback.models import ComplaintStatus
from apps.public_feedback.services import handling, privacy
from tests.accounts.test_mfa import activate_totp, login
from tests.conftest import client_for
from tests.daily_reports.conftest import today  # noqa: F401  (fixture)
from tests.daily_reports.test_views import _submitted
from tests.evaluations.conftest import period  # noqa: F401  (fixture)
from tests.public_feedback.conftest import submit_complaint

pytestmark = pytest.mark.django_db
IP = "203.0.113.7"


def only(action) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, [str(event) for event in events]
    return events[0]


def client_from(ip=IP) -> Client:
    return Client(REMOTE_ADDR=ip)


def recent(event: AuditEvent) -> None:
    """Stored as an aware time, in UTC in the database, a moment ago."""
    assert event.at.utcoffset() == datetime.timedelta(0)
    assert timezone.now() - event.at < datetime.timedelta(minutes=1)


class TestSignIn:
    def test_login_ok_failed_and_logout_with_address_and_actor(self, org, password):
        user = org.asn.user
        client = client_from()
        login(client, user.username, "salah-sekali-123")
        failed = only(AuditAction.LOGIN_FAILED)
        assert failed.ip == IP and failed.actor is None and failed.details == {"login": user.username}
        login(client, user.username, password)
        ok = only(AuditAction.LOGIN)
        assert (ok.actor, ok.actor_label, ok.ip) == (user, user.username, IP)
        assert (ok.object_type, ok.object_id) == ("accounts.User", str(user.pk))
        recent(ok)
        client.post("/accounts/logout/")
        assert only(AuditAction.LOGOUT).actor == user

    def test_mfa_set_up_and_a_wrong_code(self, org, password, settings, django_capture_on_commit_callbacks):
        settings.SIKAP_MFA_ENFORCED = True
        user = org.supervisor.user
        client = client_from()
        login(client, user.username, password)
        with django_capture_on_commit_callbacks(execute=True):  # allauth signals after the commit
            activate_totp(client, password)
        added = AuditEvent.objects.filter(action=AuditAction.MFA_ADDED)
        assert {(e.actor, e.ip) for e in added} == {(user, IP)}
        assert sorted(e.details["kind"] for e in added) == [Authenticator.Type.RECOVERY_CODES, Authenticator.Type.TOTP]
        client.post("/accounts/logout/")
        second = client_from("198.51.100.9")
        login(second, user.username, password)
        second.post("/accounts/2fa/authenticate/", {"code": "000000"})
        assert only(AuditAction.MFA_FAILED).ip == "198.51.100.9"

    def test_password_change(self, org, password):
        client = client_from()
        login(client, org.asn.user.username, password)
        new = "Sungai-Musi-Pagi-2026"
        response = client.post(
            "/accounts/password/change/", {"oldpassword": password, "password1": new, "password2": new}
        )
        assert response.status_code == 302
        assert only(AuditAction.PASSWORD_CHANGED).actor == org.asn.user


class TestRolesAndAccounts:
    def test_role_change_in_the_django_admin_names_before_and_after(self, org, admin_user):
        user = org.asn.user
        client = client_for(admin_user)
        page = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
        assert page.status_code == 200
        form = page.context["adminform"].form
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        data.update({"role": "admin", "is_staff": "on", "date_joined_0": "2026-01-05", "date_joined_1": "08:00:00"})
        data.pop("groups", None), data.pop("user_permissions", None)
        response = client.post(reverse("admin:accounts_user_change", args=[user.pk]), data)
        assert response.status_code == 302, response.content.decode()[:3000]
        event = only(AuditAction.ROLE_CHANGED)
        assert event.actor == admin_user and event.object_id == str(user.pk)
        assert event.details == {"role": "asn -> admin", "is_staff": "False -> True"}

    def test_saving_a_user_without_a_role_change_writes_nothing(self, org):
        user = org.asn.user
        user.first_name = "Nama Baru"
        user.save()
        user.save(update_fields=["last_login"])
        assert not AuditEvent.objects.filter(action=AuditAction.ROLE_CHANGED).exists()

    def test_deactivation(self, org, admin_user):
        employee_services.employee_deactivate(actor=admin_user, employee=org.asn)
        event = only(AuditAction.ACCOUNT_DEACTIVATED)
        assert event.actor == admin_user and event.object_id == str(org.asn.user_id)


class TestWork:
    @pytest.mark.usefixtures("today")
    def test_approval_and_return_by_the_supervisor(self, org):
        first, second = _submitted(org.asn), _submitted(org.asn_peer)
        boss = client_for(org.supervisor.user)
        boss.defaults["REMOTE_ADDR"] = IP
        boss.post(f"/laporan/{first.pk}/setujui/")
        boss.post(f"/laporan/{second.pk}/kembalikan/", {"note": "Lengkapi bukti."})
        approved, returned = only(AuditAction.REPORT_APPROVED), only(AuditAction.REPORT_RETURNED)
        assert (approved.object_type, approved.object_id) == ("daily_reports.DailyReport", str(first.pk))
        assert approved.ip == IP
        assert approved.actor == returned.actor == org.supervisor.user
        assert returned.object_id == str(second.pk) and returned.details == {"employee": org.asn_peer.pk}
        boss.post(f"/laporan/{first.pk}/setujui/")  # a double click changes nothing and records nothing
        assert AuditEvent.objects.filter(action=AuditAction.REPORT_APPROVED).count() == 1

    def test_evaluation_finalised(self, org, request):
        from tests.evaluations.test_reports_pdf import finalise

        evaluation = finalise(org.asn, request.getfixturevalue("period"))
        event = only(AuditAction.EVALUATION_FINALISED)
        assert event.actor == org.supervisor.user and event.object_id == str(evaluation.pk)

    def test_complaint_status_changes_by_staff_and_by_the_system(self, org, admin_user):
        complaint, _code = submit_complaint(unit=org.unit_a)
        client = client_for(admin_user)
        client.defaults["REMOTE_ADDR"] = IP
        url = reverse("kelola_pengaduan:complaint-route", args=[complaint.pk])
        assert client.post(url, {"route-unit": org.unit_a.name, "route-note": "Segera."}).status_code == 302
        event = only(AuditAction.COMPLAINT_STATUS)
        assert event.ip == IP and event.actor == admin_user
        assert event.details == {"change": f"{ComplaintStatus.BARU} -> {ComplaintStatus.DITERUSKAN}"}
        handling.complaint_add_note(actor=admin_user, complaint=complaint, text="Catatan internal.")
        assert AuditEvent.objects.filter(action=AuditAction.COMPLAINT_STATUS).count() == 1  # a note is no change


class TestReading:
    def test_personal_data_views_on_pages_and_the_api(self, org, admin_user):
        client = client_for(org.supervisor.user)
        assert client.get(f"/pegawai/{org.asn.nip}/").status_code == 200
        assert client.get(f"/pegawai/{org.outsider.nip}/").status_code == 404  # nothing shown, nothing recorded
        assert client.get(f"/dasbor/pegawai/{org.asn.pk}/").status_code == 200
        assert client.get(f"/api/v1/employees/{org.asn.nip}/").status_code == 200
        events = AuditEvent.objects.filter(action=AuditAction.PERSONAL_DATA_VIEW).order_by("pk")
        assert [(e.object_type, e.object_id) for e in events] == [
            ("employees.Employee", org.asn.nip),
            ("employees.Employee", str(org.asn.pk)),
            ("employees.Employee", str(org.asn.pk)),
        ]
        assert {e.actor for e in events} == {org.supervisor.user}

    def test_a_reporters_identity_view(self, org, admin_user):
        complaint, _code = submit_complaint(unit=org.unit_a, reporter_name="Siti Pelapor")
        privacy.reporter_view(actor=admin_user, complaint=complaint)
        event = only(AuditAction.PERSONAL_DATA_VIEW)
        assert (event.object_type, event.details) == ("public_feedback.Complaint", {"shown": "reporter"})

    @pytest.mark.usefixtures("today")
    def test_every_download_is_recorded_with_its_view_and_object(self, org):
        from django.core.files.base import ContentFile

        report = _submitted(org.asn)
        activity = report.activities.get()
        evidence = Evidence(activity=activity, original_name="notulen.pdf", content_type="application/pdf", size=9)
        evidence.file.save("x.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
        client = client_for(org.supervisor.user)
        client.defaults["REMOTE_ADDR"] = IP
        assert client.get(f"/laporan/bukti/{evidence.pk}/").status_code == 200
        assert client.get("/pegawai/?format=csv").status_code in (200, 403)
        events = list(AuditEvent.objects.filter(action=AuditAction.DOWNLOAD).order_by("pk"))
        assert (events[0].object_type, events[0].object_id) == ("daily_reports:evidence-download", f"pk={evidence.pk}")
        assert events[0].ip == IP and "notulen.pdf" in events[0].details["file"]


def test_no_password_token_or_code_reaches_a_log_or_an_audit_row(org, password, caplog, settings):
    """Everything the app logs while people sign in, fail, set up TOTP, use an API token and a
    citizen follows a complaint, at DEBUG level: none of the secrets appears."""
    import pyotp

    settings.SIKAP_MFA_ENFORCED = True
    caplog.set_level(logging.DEBUG)
    wrong = "Kata-Sandi-Salah-991"
    secrets = [password, wrong]
    client = client_from()
    login(client, org.asn.user.username, wrong)
    login(client, org.supervisor.user.username, password)
    totp_secret = activate_totp(client, password)
    secrets += [totp_secret, pyotp.TOTP(totp_secret).now()]
    _token, raw = api_token_create(actor=org.asn.user, name="uji")
    secrets.append(raw)
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/employees/").status_code == 200
    assert Client(HTTP_AUTHORIZATION="Bearer salah-token-xyz").get("/api/v1/employees/").status_code == 401
    secrets.append("salah-token-xyz")
    _complaint, code = submit_complaint(unit=org.unit_a)
    secrets.append(code)
    assert Client().post(reverse("pengaduan:complaint-track"), {"code": code}).status_code == 302
    logged = caplog.text + "".join(str(record.args) for record in caplog.records)
    rows = " ".join(f"{event.details} {event.object_id} {event.actor_label}" for event in AuditEvent.objects.all())
    assert AuditEvent.objects.exists() and caplog.records  # something was recorded and logged
    for secret in secrets:
        assert secret not in logged, secret
        assert secret not in rows, secret
