"""Role personas shared by every test (healthchecks' alice/bob/charlie, in SIKAP's roles).

unit_a:  supervisor (head) <- asn, asn_peer
unit_b:  outsider (an ASN of another unit, with their own supervisor_b)
admin:   BKPSDM admin (no employee record)
leader:  pimpinan (no employee record)
"""

from dataclasses import dataclass

import pytest
from django.test import Client

from apps.accounts.models import Role
from apps.employees.models import Employee, JabatanKind, OrgUnit

from .factories import PASSWORD, EmployeeFactory, OrgUnitFactory, UserFactory


@dataclass
class Org:
    unit_a: OrgUnit
    unit_b: OrgUnit
    supervisor: Employee
    asn: Employee
    asn_peer: Employee
    supervisor_b: Employee
    outsider: Employee


@pytest.fixture
def org(db) -> Org:
    unit_a = OrgUnitFactory(name="Bidang Uji A")
    unit_b = OrgUnitFactory(name="Bidang Uji B")
    supervisor = EmployeeFactory(unit=unit_a, jabatan="Kepala Bidang Uji A", jabatan_kind=JabatanKind.ADMINISTRATOR)
    asn = EmployeeFactory(unit=unit_a, supervisor=supervisor)
    asn_peer = EmployeeFactory(unit=unit_a, supervisor=supervisor)
    supervisor_b = EmployeeFactory(unit=unit_b, jabatan="Kepala Bidang Uji B", jabatan_kind=JabatanKind.ADMINISTRATOR)
    outsider = EmployeeFactory(unit=unit_b, supervisor=supervisor_b)
    OrgUnit.objects.filter(pk=unit_a.pk).update(head=supervisor)
    OrgUnit.objects.filter(pk=unit_b.pk).update(head=supervisor_b)
    return Org(unit_a, unit_b, supervisor, asn, asn_peer, supervisor_b, outsider)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin.uji", role=Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def leader_user(db):
    return UserFactory(username="pimpinan.uji", role=Role.LEADER)


@pytest.fixture
def personas(org, admin_user, leader_user) -> dict:
    """role name -> User, including ``anonymous`` as None."""
    return {
        "anonymous": None,
        "asn": org.asn.user,
        "supervisor": org.supervisor.user,
        "admin": admin_user,
        "leader": leader_user,
        "outsider": org.outsider.user,
    }


@pytest.fixture(autouse=True)
def _mfa_off_by_default(settings):
    """MFA enforcement has its own tests (tests/accounts/test_mfa.py); elsewhere it is off."""
    settings.SIKAP_MFA_ENFORCED = False


@pytest.fixture(autouse=True)
def _outbox_unpaused():
    """A test that made a send fail (a dead broker) must not pause the next test's sends."""
    from apps.core import outbox

    outbox.pause.reset()


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def password():
    return PASSWORD
