"""The city's JP coverage per perangkat daerah, the PPPK above the ceiling, and the XLSX download."""

import datetime
import io
from decimal import Decimal
from itertools import count

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from apps.employees.models import EmploymentType, OrgUnitKind
from apps.trainings.coverage import city_coverage, pppk_over_ceiling
from apps.trainings.models import JpSource, TrainingSettings
from apps.trainings.services.ledger import credit
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db
YEAR = 2026
_keys = count(1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 18, 3, tzinfo=datetime.UTC), tick=False):
        yield


def jp(employee, amount, *, year=YEAR, counts=True):
    credit(
        employee=employee,
        year=year,
        jp=Decimal(amount),
        source=JpSource.EXTERNAL,
        source_key=f"test:{next(_keys)}",
        title="Kursus",
        counts_toward_pppk_cap=counts,
    )


@pytest.fixture
def city(db):
    """Pemerintah Kota Uji -> Dinas Alpha (with a bidang below it), Badan Beta, Dinas Kosong.

    Dinas Alpha: PNS with 24, exactly 20 and 8 JP (one more 30 JP in another year: not counted),
    an inactive PNS with 50 JP (not counted); PPPK with 30 counted JP (over), with 20 counted + 10
    that do not count (not over), and with exactly 24 (not over: the ceiling itself is allowed).
    Badan Beta: one PNS without JP. Dinas Kosong: nobody.
    """
    root = OrgUnitFactory(name="Pemerintah Kota Uji", kind=OrgUnitKind.PEMERINTAH)
    alpha = OrgUnitFactory(name="Dinas Alpha", parent=root)
    bidang = OrgUnitFactory(name="Bidang Alpha Satu", parent=alpha, kind=OrgUnitKind.BIDANG)
    beta = OrgUnitFactory(name="Badan Beta", parent=root, kind=OrgUnitKind.BADAN)
    empty = OrgUnitFactory(name="Dinas Kosong", parent=root)
    pns = [EmployeeFactory(unit=alpha), EmployeeFactory(unit=bidang), EmployeeFactory(unit=alpha)]
    for person, amount in zip(pns, (24, 20, 8), strict=True):
        jp(person, amount)
    jp(pns[2], 30, year=YEAR - 1)
    gone = EmployeeFactory(unit=alpha, is_active=False)
    jp(gone, 50)
    over = EmployeeFactory(unit=bidang, employment_type=EmploymentType.PPPK, name="Pppk Lewat Batas")
    jp(over, 18)
    jp(over, 12)
    mixed = EmployeeFactory(unit=alpha, employment_type=EmploymentType.PPPK_PARUH_WAKTU, name="Pppk Campuran")
    jp(mixed, 20)
    jp(mixed, 10, counts=False)
    at_ceiling = EmployeeFactory(unit=alpha, employment_type=EmploymentType.PPPK, name="Pppk Pas Batas")
    jp(at_ceiling, 24)
    beta_pns = EmployeeFactory(unit=beta)
    return {"alpha": alpha, "beta": beta, "empty": empty, "over": over, "beta_pns": beta_pns}


def row_of(coverage, unit):
    [row] = [row for row in coverage["rows"] if row.unit is not None and row.unit.pk == unit.pk]
    return row


class TestFigures:
    def test_per_perangkat_daerah(self, city):
        coverage = city_coverage(year=YEAR)
        alpha = row_of(coverage, city["alpha"])
        assert (alpha.pns, alpha.pns_reached, alpha.share, alpha.pns_below) == (3, 2, 66, 1)  # 20 itself reaches
        assert alpha.average == Decimal("17.3")  # (24 + 20 + 8) / 3, this year only, active only
        assert (alpha.pppk, alpha.pppk_over) == (3, 1)  # only counted JP, strictly above 24
        beta = row_of(coverage, city["beta"])
        assert (beta.pns, beta.pns_reached, beta.share, beta.average, beta.pppk_over) == (1, 0, 0, Decimal("0.0"), 0)
        empty = row_of(coverage, city["empty"])
        assert (empty.pns, empty.share, empty.average) == (0, None, None)

    def test_perangkat_daerah_in_name_order_and_the_city_total(self, org, city):
        coverage = city_coverage(year=YEAR)
        names = [row.unit.name for row in coverage["rows"]]
        assert names == sorted(names)
        assert {"Dinas Alpha", "Badan Beta", "Dinas Kosong", "Bidang Uji A", "Bidang Uji B"} == set(names)
        total = coverage["city"]
        assert total.pns == 4 + 5  # the personas' five are PNS without JP
        assert total.pns_reached == 2 and total.pppk_over == 1

    def test_another_year(self, city):
        alpha = row_of(city_coverage(year=YEAR - 1), city["alpha"])
        assert (alpha.pns_reached, alpha.average) == (1, Decimal("10.0"))

    def test_employees_of_an_inactive_unit_are_shown_apart(self, city):
        closed = OrgUnitFactory(name="UPT Lama", is_active=False)
        EmployeeFactory(unit=closed)
        coverage = city_coverage(year=YEAR)
        assert coverage["rows"][-1].unit is None and coverage["rows"][-1].pns == 1

    def test_the_pppk_above_the_ceiling(self, city):
        found = pppk_over_ceiling(year=YEAR)
        assert [(p.name, p.jp_counted, p.jp_over, p.perangkat_daerah) for p in found["people"]] == [
            ("Pppk Lewat Batas", Decimal("30.0"), Decimal("6.0"), "Dinas Alpha")
        ]
        assert pppk_over_ceiling(year=YEAR, unit_id=city["beta"].pk)["people"] == []
        assert pppk_over_ceiling(year=YEAR, unit_id=city["alpha"].pk)["unit"] == city["alpha"]


class TestPages:
    @pytest.mark.parametrize("role", ["admin", "leader"])
    def test_admins_and_leaders_read_the_table(self, personas, city, role):
        response = client_for(personas[role]).get(reverse("trainings:coverage"), {"tahun": YEAR})
        assert response.status_code == 200
        page = response.content.decode()
        assert "Dinas Alpha" in page and "66 %" in page and "17,3" in page
        pppk_link = reverse("trainings:coverage-pppk") + f"?tahun={YEAR}&amp;unit={city['alpha'].pk}"
        assert pppk_link in page

    @pytest.mark.parametrize("role", ["asn", "supervisor"])
    def test_others_are_refused(self, personas, role):
        for name in ("trainings:coverage", "trainings:coverage-export", "trainings:coverage-pppk"):
            assert client_for(personas[role]).get(reverse(name)).status_code == 403

    def test_anonymous_is_sent_to_log_in(self, db):
        assert client_for(None).get(reverse("trainings:coverage")).status_code == 302

    @pytest.mark.parametrize("year", ["", "abc", "1900", "2300"])
    def test_a_bad_year_is_this_year(self, admin_user, year):
        response = client_for(admin_user).get(reverse("trainings:coverage"), {"tahun": year})
        assert response.status_code == 200 and response.context["year"] == 2026

    def test_the_pppk_list_page(self, admin_user, city):
        url = reverse("trainings:coverage-pppk")
        page = client_for(admin_user).get(url, {"tahun": YEAR}).content.decode()
        assert "Pppk Lewat Batas" in page and "+6" in page and "Pppk Campuran" not in page
        assert reverse("employees:employee-detail", args=[city["over"].nip]) in page
        page = client_for(admin_user).get(url, {"tahun": YEAR, "unit": city["beta"].pk}).content.decode()
        assert "Pppk Lewat Batas" not in page and "Tidak ada PPPK" in page
        assert client_for(admin_user).get(url, {"unit": "x"}).status_code == 200

    def test_the_xlsx_download(self, admin_user, city):
        response = client_for(admin_user).get(reverse("trainings:coverage-export"), {"tahun": YEAR})
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="cakupan-jp-{YEAR}.xlsx"'
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("Perangkat daerah", "PNS", "PNS dengan JP >= 20")
        assert ("Dinas Alpha", 3, 2, 66, 17.3, 3, 1) in rows
        assert rows[-1][0] == "Seluruh Kota Palembang" and rows[-1][1:3] == (4, 2)

    def test_a_unit_name_is_never_a_formula_in_the_download(self, admin_user, city):
        OrgUnitFactory(name='=HYPERLINK("http://evil.test")', parent=city["alpha"].parent)
        response = client_for(admin_user).get(reverse("trainings:coverage-export"))
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cell = next(c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=HYPERLINK"))
        assert cell.data_type == "s"


def grow(n: int) -> None:
    """``n`` employees across three perangkat daerah, each with JP entries (PNS and PPPK)."""
    root = OrgUnitFactory(name="Pemerintah Kota Ukur", kind=OrgUnitKind.PEMERINTAH)
    units = [OrgUnitFactory(parent=root) for _ in range(3)]
    for i in range(n):
        kind = EmploymentType.PPPK if i % 4 == 0 else EmploymentType.PNS
        person = EmployeeFactory(unit=units[i % 3], employment_type=kind, user=None)
        jp(person, 10 + i % 20)
        jp(person, 5, counts=i % 2 == 0)


# Request overhead (session, user, the user's employee record, unread notices) plus the settings,
# the unit tree and the one grouped query (the PPPK list: its people, in one query).
COVERAGE_QUERIES = 7


@pytest.mark.parametrize("n", [1, 10, 50])
@pytest.mark.parametrize("name", ["trainings:coverage", "trainings:coverage-pppk", "trainings:coverage-export"])
def test_a_fixed_number_of_queries_whatever_the_number_of_employees(admin_user, n, name, django_assert_max_num_queries):
    grow(n)
    TrainingSettings.current()  # the row exists in a running system (the first call creates it)
    client = client_for(admin_user)
    with django_assert_max_num_queries(COVERAGE_QUERIES):
        response = client.get(reverse(name), {"tahun": YEAR})
    assert response.status_code == 200
    if name == "trainings:coverage":
        assert response.context["city"].pns + response.context["city"].pppk == n
