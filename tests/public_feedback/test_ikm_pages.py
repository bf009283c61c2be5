"""The staff IKM pages (/kelola/ikm/): who reads which unit, the figures they show, the SKM report
PDF, and the IKM reaching evaluations and the training impact page."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from apps.employees.models import OrgUnit, OrgUnitKind
from apps.evaluations.models import EvaluationPeriod
from apps.evaluations.selectors import EVIDENCE_SOURCES
from apps.public_feedback.models import UnitHandler
from apps.public_feedback.selectors.ikm_outcomes import participants_ikm
from apps.trainings.impact import ParticipantWindow
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrgUnitFactory

from .test_ikm import HAND, make_responses

pytestmark = pytest.mark.django_db
MARCH = "2026-T1"
NOW = datetime.datetime(2026, 4, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _april_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def rated(org):
    """unit_a: the three hand-computed responses (IKM 81.48, B) with suggestions; unit_b: all 1s."""
    make_responses(org.unit_a, HAND[:2], on=datetime.date(2026, 3, 10), suggestion="Antrean <script>alert(1)</script>")
    make_responses(org.unit_a, HAND[2:], on=datetime.date(2026, 2, 3), gender="P", education="s1")
    make_responses(org.unit_b, [[1] * 9], on=datetime.date(2026, 3, 10))
    return org


def url(name, *args, period=MARCH):
    return reverse(name, args=args) + (f"?periode={period}" if period else "")


def test_admin_and_leader_read_every_unit(rated, admin_user, leader_user):
    for user in (admin_user, leader_user):
        response = client_for(user).get(url("ikm:ikm-list"))
        assert response.status_code == 200
        rows = response.context["rows"]
        by_unit = {row.unit.pk: row.ikm for row in rows}
        assert by_unit[rated.unit_a.pk].value == Decimal("81.48")
        assert by_unit[rated.unit_b.pk].value == Decimal("25.00")
        assert [row.unit.pk for row in rows][:2] == [rated.unit_a.pk, rated.unit_b.pk]  # best first
        assert "81,48" in response.content.decode()


def test_unit_head_reads_only_their_unit(rated):
    client = client_for(rated.supervisor.user)
    response = client.get(url("ikm:ikm-list"))
    assert response.status_code == 200
    assert [row.unit.pk for row in response.context["rows"]] == [rated.unit_a.pk]
    assert client.get(url("ikm:unit-detail", rated.unit_a.pk)).status_code == 200
    assert client.get(url("ikm:unit-detail", rated.unit_b.pk)).status_code == 404
    assert client.get(url("ikm:unit-pdf", rated.unit_b.pk)).status_code == 404
    assert client.get(f"/kelola/ikm/unit/{10**30}/").status_code == 404


def test_head_reads_the_units_below(rated):
    seksi = OrgUnitFactory(name="Seksi Uji", kind=OrgUnitKind.SEKSI, parent=rated.unit_a)
    response = client_for(rated.supervisor.user).get(url("ikm:unit-detail", seksi.pk))
    assert response.status_code == 200


def test_designated_handler_reads_that_unit(rated):
    UnitHandler.objects.create(unit=rated.unit_b, employee=rated.asn)
    client = client_for(rated.asn.user)
    assert [row.unit.pk for row in client.get(url("ikm:ikm-list")).context["rows"]] == [rated.unit_b.pk]
    assert client.get(url("ikm:unit-detail", rated.unit_b.pk)).status_code == 200
    assert client.get(url("ikm:unit-detail", rated.unit_a.pk)).status_code == 404


def test_plain_asn_and_anonymous_are_refused(rated):
    asn = client_for(rated.asn.user)
    for name, args in (
        ("ikm:ikm-list", ()),
        ("ikm:unit-detail", (rated.unit_a.pk,)),
        ("ikm:unit-pdf", (rated.unit_a.pk,)),
    ):
        assert asn.get(url(name, *args)).status_code == 403
        anonymous = client_for(None).get(url(name, *args))
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_pages_are_read_only(rated, leader_user, admin_user):
    for user in (leader_user, admin_user):
        client = client_for(user)
        for name, args in (
            ("ikm:ikm-list", ()),
            ("ikm:unit-detail", (rated.unit_a.pk,)),
            ("ikm:unit-pdf", (rated.unit_a.pk,)),
        ):
            assert client.post(url(name, *args)).status_code == 405


def test_unit_detail_figures(rated, admin_user):
    response = client_for(admin_user).get(url("ikm:unit-detail", rated.unit_a.pk))
    assert response.status_code == 200
    report = response.context["report"]
    assert report.ikm.respondents == 3 and report.ikm.value == Decimal("81.48")
    assert [row.total for row in report.elements] == [11, 10, 8, 11, 8, 10, 12, 8, 10]
    assert [str(row.nrr) for row in report.elements][:3] == ["3.667", "3.333", "2.667"]
    assert report.elements[6].value == Decimal("100.00") and report.elements[6].grade == "A"
    assert [row.code for row in report.weakest] == ["U3", "U5", "U8"]
    html = response.content.decode()
    assert "Persyaratan" in html and "<svg" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert response.context["page"].paginator.count == 2  # two suggestions


def test_period_selects_the_responses(rated, admin_user):
    client = client_for(admin_user)
    march = client.get(url("ikm:unit-detail", rated.unit_a.pk, period="2026-03")).context["report"]
    assert march.ikm.respondents == 2
    bad = client.get(url("ikm:unit-detail", rated.unit_a.pk, period="2026-99"))
    assert bad.status_code == 200 and bad.context["period"].code == "2026"  # unknown code: this year


def test_list_query_count_is_constant(rated, admin_user, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(admin_user)
    client.get(url("ikm:ikm-list"))
    with CaptureQueriesContext(connection) as first:
        client.get(url("ikm:ikm-list"))
    for index in range(6):
        make_responses(OrgUnitFactory(), [[1 + (index + k) % 4] * 9 for k in range(20)], on=datetime.date(2026, 3, 1))
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert len(client.get(url("ikm:ikm-list")).context["rows"]) == 8


def test_detail_query_count_is_constant(rated, admin_user, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(admin_user)
    client.get(url("ikm:unit-detail", rated.unit_a.pk))
    with CaptureQueriesContext(connection) as first:
        client.get(url("ikm:unit-detail", rated.unit_a.pk))
    make_responses(rated.unit_a, [[2] * 9] * 40, on=datetime.date(2026, 1, 20), suggestion="Perbaiki parkir")
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(url("ikm:unit-detail", rated.unit_a.pk)).status_code == 200


def test_skm_report_pdf(rated, admin_user, settings):
    response = client_for(admin_user).get(url("ikm:unit-pdf", rated.unit_a.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="laporan-skm-')
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    squashed = " ".join(text.split())
    assert "LAPORAN HASIL SURVEI KEPUASAN MASYARAKAT" in squashed
    assert rated.unit_a.name in squashed
    assert "81,48" in squashed and "Baik" in squashed
    assert settings.SIKAP_GOVERNMENT_NAME.upper() in squashed.upper()
    assert "Antrean <script>" in squashed  # the suggestion as text, never markup
    assert reader.metadata.title.startswith("Laporan Hasil Survei Kepuasan Masyarakat")


def test_pdf_of_a_unit_without_responses(org, admin_user):
    response = client_for(admin_user).get(url("ikm:unit-pdf", org.unit_b.pk))
    assert response.status_code == 200
    text = " ".join(PdfReader(io.BytesIO(response.content)).pages[0].extract_text().split())
    assert "Belum ada responden" in text


# --- the IKM reaching evaluations (and, ready for a batch hook, the training impact page) ---------------


def _period():
    return EvaluationPeriod.objects.create(
        year=2026, number=1, count=4, starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2026, 3, 31)
    )


def test_evidence_of_the_employees_own_unit(rated):
    found = EVIDENCE_SOURCES["ikm"](rated.asn, _period())
    assert found["value"].startswith("81,48") and "B" in found["value"]
    assert rated.unit_a.name in found["detail"] and "3 responden" in found["detail"]


def test_evidence_falls_back_to_the_nearest_rated_ancestor(rated):
    bidang = OrgUnit.objects.create(name="Bidang Pelayanan", kind=OrgUnitKind.BIDANG, parent=rated.unit_a)
    seksi = OrgUnit.objects.create(name="Seksi Loket", kind=OrgUnitKind.SEKSI, parent=bidang)
    employee = EmployeeFactory(unit=seksi)
    found = EVIDENCE_SOURCES["ikm"](employee, _period())
    assert found["value"].startswith("81,48")
    assert "unit induk" in found["detail"] and rated.unit_a.name in found["detail"]


def test_evidence_without_any_responses_reads_none(org):
    assert EVIDENCE_SOURCES["ikm"](EmployeeFactory(unit=OrgUnitFactory()), _period()) is None


def test_training_impact_ikm_before_and_after(org, django_assert_max_num_queries):
    make_responses(org.unit_a, [[2] * 9], on=datetime.date(2025, 11, 5))  # before: 50.00
    make_responses(org.unit_a, [[4] * 9], on=datetime.date(2026, 2, 5))  # after: 100.00
    seksi = OrgUnit.objects.create(name="Seksi Uji", kind=OrgUnitKind.SEKSI, parent=org.unit_a)
    windows = [
        ParticipantWindow(
            1,
            org.unit_a.pk,
            datetime.date(2025, 10, 1),
            datetime.date(2025, 12, 31),
            datetime.date(2026, 1, 1),
            datetime.date(2026, 3, 31),
        ),
        ParticipantWindow(
            2,
            seksi.pk,
            datetime.date(2025, 10, 1),
            datetime.date(2025, 12, 31),
            datetime.date(2026, 1, 1),
            datetime.date(2026, 3, 31),
        ),
        ParticipantWindow(3, org.unit_b.pk, None, None, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
    ]
    with django_assert_max_num_queries(2):
        found = participants_ikm(None, windows)
    assert (found["before"], found["after"]) == ("50,00", "100,00")
    assert "2 peserta" in found["detail"]
    assert participants_ikm(None, windows[2:]) is None
