"""The impact of a program on a small dataset computed by hand: two participants and two comparable
colleagues over three periods before and three after the session, and colleagues who must not count."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.employees.models import JabatanKind, OrgUnitKind
from apps.evaluations.models import Evaluation, EvaluationPeriod
from apps.indicators.models import Skp
from apps.indicators.periods import period_range
from apps.trainings import impact
from apps.trainings.models import Enrollment, TrainingProgram, TrainingSession, TrainingSettings
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

BP, B = "butuh_perbaikan", "baik"


def periods_2026():
    made = {}
    for number in range(1, 13):
        starts, ends = period_range(2026, number)
        made[number] = EvaluationPeriod.objects.create(
            year=2026, kind="periodic", number=number, count=12, starts_on=starts, ends_on=ends
        )
    return made


def scores(employee, periods, values: dict, predicate=B, status="final"):
    """values: month -> achievement (or (achievement, predicate))."""
    skp = Skp.objects.get_or_create(employee=employee, year=2026)[0]
    for number, value in values.items():
        achievement, pred = value if isinstance(value, tuple) else (value, predicate)
        Evaluation.objects.create(
            employee=employee,
            period=periods[number],
            skp=skp,
            status=status,
            achievement=Decimal(achievement),
            predicate=pred,
        )


def run(program, starts, ends):
    return TrainingSession.objects.create(
        program=program, starts_on=starts, ends_on=ends, capacity=30, registration_deadline=starts, place="Aula"
    )


@pytest.fixture
def dataset(db):
    return build_dataset()


def build_dataset():
    """Session 6-8 April 2026. Before = Jan-Mar, after = May-Jul (April is the session's own period).

    P1 72 -> 87 (+15), P2 80 -> 86 (+6): participants 76 -> 86.5 (+10.5).
    C1 75 -> 78, C2 70 -> 73: comparables 72.5 -> 75.5 (+3). Difference-in-differences +7.5.
    """
    periods = periods_2026()
    dinas = OrgUnitFactory(name="Dinas Uji", kind=OrgUnitKind.DINAS)
    other_dinas = OrgUnitFactory(name="Dinas Lain", kind=OrgUnitKind.DINAS)
    kecamatan = OrgUnitFactory(name="Kecamatan Uji", kind=OrgUnitKind.KECAMATAN)
    pelaksana = {"jabatan_kind": JabatanKind.PELAKSANA}
    p1, p2 = EmployeeFactory(unit=dinas, name="Ayu", **pelaksana), EmployeeFactory(unit=dinas, name="Budi", **pelaksana)
    c1 = EmployeeFactory(unit=dinas, **pelaksana)
    c2 = EmployeeFactory(unit=other_dinas, **pelaksana)  # same unit kind, another dinas: comparable
    c3 = EmployeeFactory(unit=dinas, **pelaksana)  # only a draft after: not measured on both sides
    fungsional = EmployeeFactory(unit=dinas, jabatan_kind=JabatanKind.FUNGSIONAL)
    camat_staff = EmployeeFactory(unit=kecamatan, **pelaksana)
    dropout = EmployeeFactory(unit=dinas, **pelaksana)  # enrolled, not completed: no comparable
    scores(p1, periods, {1: (70, BP), 2: (72, BP), 3: (74, BP), 4: 99, 5: 85, 6: 87, 7: 89})
    scores(p2, periods, {1: 80, 2: 80, 3: 80, 5: 84, 6: 86, 7: 88})
    scores(c1, periods, {1: 75, 2: 75, 3: 75, 5: 78, 6: 78, 7: 78})
    scores(c2, periods, {1: (70, BP), 2: (70, BP), 3: (70, BP), 5: 71, 6: 73, 7: 75})
    scores(c3, periods, {1: 50, 2: 50, 3: 50})
    scores(c3, periods, {5: 100}, status="draft")
    for noise in (fungsional, camat_staff, dropout):
        scores(noise, periods, {1: 10, 2: 10, 3: 10, 5: 110, 6: 110, 7: 110})
    program = TrainingProgram.objects.create(name="Manajemen Waktu", path="klasikal", method="workshop", jp=16)
    session = run(program, datetime.date(2026, 4, 6), datetime.date(2026, 4, 8))
    for person in (p1, p2):
        Enrollment.objects.create(session=session, employee=person, status="completed")
    Enrollment.objects.create(session=session, employee=dropout, status="not_completed")
    Enrollment.objects.create(session=session, employee=c1, status="cancelled")  # cancelled: still comparable
    return {"program": program, "session": session, "p1": p1, "p2": p2, "periods": periods}


def test_before_after_against_comparables_and_the_difference_in_differences(dataset):
    result = impact.program_impact(dataset["program"])

    assert (result.before, result.after, result.change) == (Decimal(76), Decimal("86.5"), Decimal("10.5"))
    assert (result.comparable_before, result.comparable_after) == (Decimal("72.5"), Decimal("75.5"))
    assert result.comparable_change == Decimal(3)
    assert result.did == Decimal("7.5")
    assert result.without_comparables == 0
    rows = {(p.employee.name, p.before, p.after, p.change, p.comparables) for p in result.participants}
    assert rows == {("Ayu", 72, 87, 15, 2), ("Budi", 80, 86, 6, 2)}
    assert [p.employee for p in result.incentives] == [dataset["p1"]]  # +15 > 10; +6 is not
    predicates = {row["code"]: row for row in result.predicates}
    assert (predicates[BP]["before"], predicates[B]["before"], predicates[B]["after"]) == (3, 3, 6)
    assert (predicates[BP]["comparable_before"], predicates[B]["comparable_before"]) == (3, 3)
    assert (predicates[BP]["comparable_after"], predicates[B]["comparable_after"]) == (0, 6)


def test_the_window_and_the_margin_come_from_the_settings(dataset):
    """N = 2: before Feb-Mar, after May-Jun. P1 73 -> 86 (+13), P2 80 -> 85 (+5): 76.5 -> 85.5 (+9);
    C1 75 -> 78, C2 70 -> 72: 72.5 -> 75 (+2.5). Difference-in-differences +6.5."""
    TrainingSettings.objects.update_or_create(pk=1, defaults={"impact_periods": 2, "incentive_margin": Decimal(13)})

    result = impact.program_impact(dataset["program"])

    assert (result.before, result.after) == (Decimal("76.5"), Decimal("85.5"))
    assert (result.comparable_before, result.comparable_after) == (Decimal("72.5"), Decimal(75))
    assert result.did == Decimal("6.5")
    assert result.incentives == []  # +13 is not more than 13
    TrainingSettings.objects.filter(pk=1).update(incentive_margin=Decimal("12.5"))
    assert [p.employee for p in impact.program_impact(dataset["program"]).incentives] == [dataset["p1"]]


def test_a_participant_without_comparables_counts_only_on_their_side(dataset):
    lone = EmployeeFactory(unit=dataset["p1"].unit, jabatan_kind=JabatanKind.JPT_PRATAMA, name="Citra")
    scores(lone, dataset["periods"], {3: 90, 5: 96})
    Enrollment.objects.create(session=dataset["session"], employee=lone, status="completed")

    result = impact.program_impact(dataset["program"])

    assert result.without_comparables == 1
    assert (round(result.before, 2), round(result.after, 2)) == (Decimal("80.67"), Decimal("89.67"))  # /3, unrounded
    assert (result.comparable_before, result.comparable_after) == (Decimal("72.5"), Decimal("75.5"))
    assert result.did == Decimal(6)  # (269/3 - 242/3) - 3


def test_a_program_without_participants_reads_empty(db):
    program = TrainingProgram.objects.create(name="Baru", path="klasikal", method="workshop", jp=8)
    result = impact.program_impact(program)
    assert result.participants == [] and result.did is None and result.incentives == []
    assert [row["before"] for row in result.outcomes] == [None, None]


def test_fixed_query_count_whatever_the_number_of_programs(dataset):
    def count():
        with CaptureQueriesContext(connection) as queries:
            impact.program_impacts()
        return len(queries)

    impact.program_impacts()
    one = count()
    for n in range(3):
        program = TrainingProgram.objects.create(name=f"Program {n}", path="klasikal", method="workshop", jp=8)
        session = run(program, datetime.date(2026, 3 + n, 10), datetime.date(2026, 3 + n, 11))
        Enrollment.objects.create(session=session, employee=dataset["p2"], status="completed")
    assert len(impact.program_impacts()) == 4
    assert count() == one


class TestPages:
    def test_list_and_detail_with_the_voice_hook(self, dataset, admin_user, monkeypatch):
        seen = []

        def complaints(program, windows):
            seen.extend(windows)
            return {"before": 4, "after": 1, "detail": "pengaduan terbukti"}

        monkeypatch.setitem(impact.IMPACT_SOURCES, "complaints", complaints)
        client = client_for(admin_user)
        listing = client.get(reverse("trainings:impact-list")).content.decode()
        assert "Manajemen Waktu" in listing and "+7,5&nbsp;poin" in listing

        page = client.get(reverse("trainings:impact-detail", args=[dataset["program"].pk]))

        assert page.status_code == 200
        body = page.content.decode()
        assert "+7,5&nbsp;poin" in body and "86,5&nbsp;%" in body and "<svg" in body
        assert "sebelum 4 · sesudah 1" in body  # complaints, from the hook
        assert "belum ada data" in body  # IKM: nothing registered yet
        assert {(w.employee_id, w.before_start, w.before_end, w.after_start, w.after_end) for w in seen} == {
            (dataset[p].pk, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), datetime.date(2026, 5, 1),
             datetime.date(2026, 7, 31))
            for p in ("p1", "p2")
        }  # fmt: skip

    def test_access(self, dataset, org, leader_user):
        detail = reverse("trainings:impact-detail", args=[dataset["program"].pk])
        assert client_for(leader_user).get(detail).status_code == 200
        assert client_for(org.supervisor.user).get(detail).status_code == 403
        assert client_for(org.asn.user).get(reverse("trainings:impact-list")).status_code == 403
        assert client_for(None).get(detail).status_code == 302
