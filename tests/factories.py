import datetime

import factory
from factory.django import DjangoModelFactory

from apps.accounts.models import Role, User
from apps.core.demo import DEMO_PASSWORD
from apps.employees.models import Employee, JabatanKind, OrgUnit, OrgUnitKind
from apps.employees.nip import make_nip

PASSWORD = DEMO_PASSWORD


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.test")
    role = Role.ASN
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrgUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    name = factory.Sequence(lambda n: f"Dinas Uji {n}")
    kind = OrgUnitKind.DINAS


class EmployeeFactory(DjangoModelFactory):
    class Meta:
        model = Employee

    nip = factory.Sequence(
        lambda n: make_nip(
            birth_date=datetime.date(1970 + n % 20, 1 + n % 12, 1 + n % 28),
            tmt_cpns=datetime.date(2010, 1 + n % 12, 1),
            gender="L" if n % 2 else "P",
            sequence=1 + n % 999,
        )
    )
    name = factory.Faker("name", locale="id_ID")
    gender = factory.LazyAttribute(lambda e: "L" if e.nip[14] == "1" else "P")
    birth_date = factory.LazyAttribute(lambda e: datetime.date(int(e.nip[:4]), int(e.nip[4:6]), int(e.nip[6:8])))
    golongan = "III/a"
    jabatan = "Pengadministrasi Perkantoran"
    jabatan_kind = JabatanKind.PELAKSANA
    unit = factory.SubFactory(OrgUnitFactory)
    user = factory.SubFactory(UserFactory, username=factory.SelfAttribute("..nip"))
