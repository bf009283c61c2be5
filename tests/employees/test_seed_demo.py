import pytest
from django.core.management import call_command
from django.test import Client

from apps.accounts.models import User
from apps.core import access
from apps.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from apps.employees.models import Employee, OrgUnit
from apps.employees.nip import parse_nip
from tests.module_db import module_data

seeded_city = module_data(lambda: call_command("seed_demo", employees=250, verbosity=0))


@pytest.fixture
def demo_city(seeded_city, db):
    pass


def test_demo_city_has_the_palembang_tree(demo_city):
    root = OrgUnit.objects.get(parent__isnull=True)
    assert root.name == "Pemerintah Kota Palembang"
    assert OrgUnit.objects.filter(kind="kecamatan").count() == 18
    assert OrgUnit.objects.filter(kind="kelurahan").count() == 107


def test_demo_employees_have_valid_unique_nips_and_supervisors(demo_city):
    employees = list(Employee.objects.all())
    assert len(employees) >= 250
    for employee in employees:
        parse_nip(employee.nip, pppk=employee.employment_type != "pns")
    without_supervisor = [e for e in employees if e.supervisor_id is None]
    assert [e.jabatan for e in without_supervisor] == ["Sekretaris Daerah"]


@pytest.mark.parametrize("role", ["asn", "supervisor", "admin", "leader"])
def test_each_demo_account_logs_in_and_has_its_role(demo_city, role):
    user = User.objects.get(username=DEMO_ACCOUNTS[role])
    assert access.primary_role(user) == role
    client = Client()
    response = client.post("/accounts/login/", {"login": DEMO_ACCOUNTS[role], "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_seed_demo_if_empty_leaves_existing_data_alone(demo_city):
    before = Employee.objects.count()
    call_command("seed_demo", if_empty=True, verbosity=0)
    assert Employee.objects.count() == before
