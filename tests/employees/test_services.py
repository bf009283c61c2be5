import datetime

import pytest
from allauth.usersessions.models import UserSession
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from apps.accounts import services as account_services
from apps.accounts.models import ApiToken
from apps.employees import hierarchy, services
from apps.employees.models import Employee, OrgUnit
from tests.factories import EmployeeFactory, OrgUnitFactory


def valid_fields(unit, **extra):
    return {
        "nip": "199003152015031002", "name": "Budi Santoso", "employment_type": "pns", "golongan": "III/b",
        "jabatan": "Pengolah Data dan Informasi", "jabatan_kind": "pelaksana", "unit": unit, **extra,
    }  # fmt: skip


@pytest.mark.django_db
class TestEmployeeCreateUpdate:
    def test_birth_date_gender_and_tmt_come_from_the_nip(self, org, admin_user):
        employee = services.employee_create(actor=admin_user, **valid_fields(org.unit_a, supervisor=org.supervisor))
        assert employee.birth_date == datetime.date(1990, 3, 15)
        assert employee.gender == "L"
        assert employee.tmt_cpns == datetime.date(2015, 3, 1)

    @pytest.mark.parametrize(
        "nip", ["19900315201503100", "1990031520150310021", "19900315201503100X", "199002302015031002",
                "199003152015033002", "199003152015031000", "199003152005031002"],
    )  # fmt: skip
    def test_malformed_nips_are_refused_on_the_nip_field(self, org, admin_user, nip):
        with pytest.raises(ValidationError) as excinfo:
            services.employee_create(actor=admin_user, **valid_fields(org.unit_a, nip=nip))
        assert "nip" in excinfo.value.error_dict
        assert not Employee.objects.filter(nip=nip).exists()

    def test_duplicate_nip_is_a_clear_message(self, org, admin_user):
        with pytest.raises(ValidationError) as excinfo:
            services.employee_create(actor=admin_user, **valid_fields(org.unit_a, nip=org.asn.nip))
        assert "sudah terdaftar" in excinfo.value.error_dict["nip"][0].message

    def test_pppk_golongan_must_be_roman_and_pns_must_be_pangkat(self, org, admin_user):
        with pytest.raises(ValidationError) as excinfo:
            services.employee_create(actor=admin_user, **valid_fields(org.unit_a, employment_type="pppk"))
        assert "golongan" in excinfo.value.error_dict
        employee = services.employee_create(
            actor=admin_user, **valid_fields(org.unit_a, employment_type="pppk", golongan="IX")
        )
        assert employee.pangkat == "Golongan IX"

    def test_supervisor_cannot_be_self_or_a_subordinate(self, org, admin_user):
        grandchild = EmployeeFactory(unit=org.unit_a, supervisor=org.asn)
        for bad in (org.supervisor, org.asn, grandchild):
            with pytest.raises(ValidationError) as excinfo:
                services.employee_update(actor=admin_user, employee=org.supervisor, supervisor=bad)
            assert "lingkaran" in excinfo.value.error_dict["supervisor"][0].message
        org.supervisor.refresh_from_db()
        assert org.supervisor.supervisor_id is None

    def test_moving_to_a_new_supervisor_moves_the_reporting_line(self, org, admin_user):
        services.employee_update(actor=admin_user, employee=org.asn, supervisor=org.supervisor_b)
        assert org.asn.pk in hierarchy.all_subordinate_ids(org.supervisor_b.pk)
        assert org.asn.pk not in hierarchy.all_subordinate_ids(org.supervisor.pk)


@pytest.mark.django_db
class TestDeactivateAndInvite:
    def test_deactivation_ends_sessions_and_tokens(self, org, admin_user, password):
        client = Client()
        client.post("/accounts/login/", {"login": org.asn.nip, "password": password})
        assert client.get("/").status_code == 200
        assert UserSession.objects.filter(user=org.asn.user).exists()
        _, key = account_services.api_token_create(actor=org.asn.user, name="uji")
        services.employee_deactivate(actor=admin_user, employee=org.asn)
        assert client.get("/").status_code == 302
        assert not UserSession.objects.filter(user=org.asn.user).exists()
        assert not ApiToken.objects.filter(user=org.asn.user, revoked_at__isnull=True).exists()
        assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401

    def test_invitation_creates_an_account_that_logs_in_with_the_nip(
        self, org, admin_user, django_capture_on_commit_callbacks
    ):
        employee = EmployeeFactory(
            unit=org.unit_a, supervisor=org.supervisor, user=None, work_email="baru@example.test"
        )
        with django_capture_on_commit_callbacks(execute=True):
            user = services.employee_account_invite(actor=admin_user, employee=employee)
        assert user.username == employee.nip and not user.has_usable_password()
        assert len(mail.outbox) == 1 and employee.nip in mail.outbox[0].body
        link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/key/" in line)
        client = Client()
        response = client.get(link.split("8000", 1)[1], follow=True)
        new = "Pegawai-Baru-2026!"
        client.post(response.redirect_chain[-1][0], {"password1": new, "password2": new})
        assert Client().post("/accounts/login/", {"login": employee.nip, "password": new}).status_code == 302

    def test_invitation_needs_a_work_email(self, org, admin_user):
        employee = EmployeeFactory(unit=org.unit_a, user=None, work_email="")
        with pytest.raises(ValidationError):
            services.employee_account_invite(actor=admin_user, employee=employee)


@pytest.mark.django_db
class TestActingAndUnits:
    def test_plt_window_is_validated(self, org, admin_user):
        today = datetime.date(2026, 11, 23)
        with pytest.raises(ValidationError) as excinfo:
            services.acting_assignment_create(
                actor=admin_user, employee=org.outsider, unit=org.unit_a, kind="plt", starts_on=today,
                ends_on=today - datetime.timedelta(days=1),
            )  # fmt: skip
        assert "ends_on" in excinfo.value.error_dict
        services.acting_assignment_create(
            actor=admin_user, employee=org.outsider, unit=org.unit_a, kind="plt", starts_on=today,
            ends_on=today + datetime.timedelta(days=10),
        )  # fmt: skip
        with pytest.raises(ValidationError):
            services.acting_assignment_create(
                actor=admin_user, employee=org.asn_peer, unit=org.unit_a, kind="plh",
                starts_on=today + datetime.timedelta(days=5), ends_on=today + datetime.timedelta(days=20),
            )  # fmt: skip

    def test_unit_cannot_move_under_its_own_subtree_and_subtree_follows_a_move(self, admin_user):
        root = OrgUnitFactory(name="Root")
        dinas = OrgUnitFactory(name="Dinas", parent=root)
        bidang = OrgUnitFactory(name="Bidang", parent=dinas)
        seksi = OrgUnitFactory(name="Seksi", parent=bidang)
        dinas.parent = seksi
        with pytest.raises(ValidationError):
            services.org_unit_save(actor=admin_user, unit=dinas)
        other = OrgUnitFactory(name="Badan", parent=root)
        bidang.parent = other
        services.org_unit_save(actor=admin_user, unit=bidang)
        assert set(hierarchy.unit_subtree_ids(other.pk)) == {other.pk, bidang.pk, seksi.pk}
        assert [u.name for u in hierarchy.unit_ancestors(seksi)] == ["Bidang", "Badan", "Root"]


@pytest.mark.django_db
def test_subtree_and_ancestors_are_one_query_each_whatever_the_depth(django_assert_num_queries):
    parent = None
    units = []
    for depth in range(12):
        parent = OrgUnit.objects.create(name=f"U{depth}", kind="bidang", parent=parent)
        units.append(parent)
    with django_assert_num_queries(1):
        assert len(hierarchy.unit_subtree_ids(units[0].pk)) == 12
    with django_assert_num_queries(2):  # the CTE, then the rows themselves
        assert len(hierarchy.unit_ancestors(units[-1])) == 11
