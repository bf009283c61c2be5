"""Recommendations from the latest evaluation and the JP gap, with their reasons; the team page and
its one-click nomination."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.employees.models import EmploymentType, JabatanKind
from apps.evaluations.models import BehaviourRating, Evaluation, EvaluationPeriod
from apps.evaluations.services import evaluation as ev
from apps.evaluations.services.periods import period_open
from apps.indicators.berakhlak import CoreValue
from apps.indicators.models import Iki
from apps.indicators.services.realisation import realisation_add
from apps.trainings import recommendations
from apps.trainings.models import Competency, Enrollment, JpEntry, TrainingProgram
from apps.trainings.services.catalogue import session_save
from apps.trainings.services.enrollment import eligibility_problems
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrgUnitFactory
from tests.indicators.conftest import build_skp

pytestmark = pytest.mark.django_db
DEC_1 = datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC)  # Tue 1 Dec 2026, 09:00 WIB


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(DEC_1, tick=False):
        yield


def competency(name, kind="manajerial"):
    return Competency.objects.get_or_create(name=name, defaults={"kind": kind})[0]


def program(name, *competencies, jp=16, **extra):
    made = TrainingProgram.objects.create(name=name, path="klasikal", method="workshop", jp=Decimal(jp), **extra)
    made.competencies.add(*competencies)
    return made


def session(admin_user, of, *, starts=datetime.date(2026, 12, 14), deadline=datetime.date(2026, 12, 10)):
    return session_save(
        actor=admin_user,
        program=of,
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=1),
        capacity=10,
        registration_deadline=deadline,
        place="Aula BKPSDM",
    )


@pytest.fixture
def catalogue(admin_user):
    """Time management and team work (written in another case) with sessions; a program for
    fungsional only; Pelayanan Prima with a session, unrelated to the gaps below."""
    waktu, tim = competency("Manajemen Waktu"), competency("kerja sama TIM", "sosial_kultural")
    time_program = program("Manajemen Waktu dan Prioritas Kerja", waktu)
    team_program = program("Kerja Sama Tim Lintas Bidang", tim)
    other = program("Pelayanan Prima", competency("Pelayanan Prima"), jp=24)
    program("Manajemen Waktu untuk Fungsional", waktu, jabatan_kinds=[JabatanKind.FUNGSIONAL])
    open_session = session(admin_user, time_program)
    session(admin_user, time_program, starts=datetime.date(2026, 12, 2), deadline=datetime.date(2026, 11, 30))
    session(admin_user, other, starts=datetime.date(2027, 1, 11), deadline=datetime.date(2027, 1, 4))
    return {"time": time_program, "team": team_program, "other": other, "session": open_session}


def final_evaluation(employee, period, *, predicate="baik", achievement="95", breakdown=None, weak=()):
    """A finalised evaluation written straight to the database (the workflow has its own tests)."""
    skp = employee.skps.first() or build_skp(employee)
    evaluation = Evaluation.objects.create(
        employee=employee,
        period=period,
        skp=skp,
        status="final",
        achievement=Decimal(achievement),
        predicate=predicate,
        breakdown=breakdown or {},
    )
    BehaviourRating.objects.bulk_create(
        BehaviourRating(evaluation=evaluation, value=v, rating="di_bawah" if v in weak else "sesuai")
        for v in CoreValue.values
    )
    return evaluation


def month(admin_user, number, year=2026):
    return period_open(actor=admin_user, year=year, kind="periodic", number=number)


class TestReasons:
    def test_from_the_finalised_evaluation_through_the_real_workflow(self, org, admin_user, catalogue):
        """Butuh Perbaikan, IKI waktu at 60 %, Kolaboratif Di Bawah, no JP yet: the reasons as shown."""
        skp = build_skp(
            org.asn,
            rhk=[("Terselesaikannya surat tepat waktu", [("Surat selesai dalam 3 hari", 120, "higher", True)], None)],
            approve_by=org.supervisor.user,
        )
        Iki.objects.filter(rhk__skp=skp).update(aspect="waktu")
        realisation_add(actor=org.asn.user, iki=Iki.objects.get(rhk__skp=skp), period=11, value=Decimal(6))
        period = month(admin_user, 11)
        evaluation = ev.evaluation_start(actor=org.supervisor.user, employee=org.asn, period=period)
        behaviours = dict.fromkeys(CoreValue.values, ("sesuai", ""))
        behaviours[CoreValue.KOLABORATIF] = ("di_bawah", "Jarang hadir rapat koordinasi.")
        ev.evaluation_save(
            actor=org.supervisor.user,
            evaluation=evaluation,
            rating_hasil="di_bawah",
            rating_reason="",
            rating_perilaku="sesuai",
            feedback="Perbaiki ketepatan waktu.",
            behaviours=behaviours,
        )
        ev.evaluation_finalise(actor=org.supervisor.user, evaluation=evaluation)

        rec = recommendations.recommendations_for(org.asn)

        assert rec.evaluation.pk == evaluation.pk
        assert [gap.text for gap in rec.gaps] == [
            "karena predikat kinerja November 2026 Butuh Perbaikan",
            "karena capaian aspek waktu 60\u00a0% (di bawah 80\u00a0%)",
            "karena perilaku Kolaboratif dinilai Di Bawah Ekspektasi",
            "karena JP 2026 baru 0 dari kewajiban 20 JP",
        ]
        assert [(item.program.name, [gap.kind for gap in item.reasons]) for item in rec.items] == [
            ("Manajemen Waktu dan Prioritas Kerja", ["predicate", "aspect", "jp"]),
            ("Kerja Sama Tim Lintas Bidang", ["predicate", "value"]),
            ("Pelayanan Prima", ["jp"]),
        ]
        time_item = rec.items[0]
        assert [option.session.pk for option in time_item.sessions] == [catalogue["session"].pk]  # deadline passed
        assert rec.items[1].sessions == []
        assert rec.unmet == ["Manajemen Proyek", "Komunikasi Efektif"]
        assert time_item.reason_text.startswith("karena predikat kinerja November 2026 Butuh Perbaikan; karena")

    def test_aspect_below_the_threshold_only_and_the_latest_finalised_evaluation(self, org, admin_user, catalogue):
        skp = build_skp(org.asn, rhk=[("Layanan", [("Surat tepat waktu", 12, "higher", True)], None)])
        Iki.objects.filter(rhk__skp=skp).update(aspect="waktu")
        breakdown = {"rhk": [{"text": "Layanan", "iki": [{"text": "Surat tepat waktu", "percent": "80.00"}]}]}
        low = {"rhk": [{"text": "Layanan", "iki": [{"text": "Surat tepat waktu", "percent": "79.90"}]}]}
        final_evaluation(org.asn, month(admin_user, 9), predicate="sangat_kurang", breakdown=low)
        latest = final_evaluation(org.asn, month(admin_user, 10), breakdown=breakdown)
        Evaluation.objects.create(employee=org.asn, period=month(admin_user, 11), skp=skp, breakdown=low)  # a draft
        JpEntry.objects.create(employee=org.asn, year=2026, jp=20, source="external", source_key="x:1", title="Kursus")

        rec = recommendations.recommendations_for(org.asn)

        assert rec.evaluation.pk == latest.pk
        assert rec.gaps == [] and rec.items == []  # exactly 80 % is not below 80 %; 20 JP meet the floor

        Evaluation.objects.filter(pk=latest.pk).update(breakdown=low)
        rec = recommendations.recommendations_for(org.asn)
        assert [gap.text for gap in rec.gaps] == ["karena capaian aspek waktu 79,9\u00a0% (di bawah 80\u00a0%)"]
        assert [item.program.name for item in rec.items] == ["Manajemen Waktu dan Prioritas Kerja"]

    def test_a_poor_predicate_without_a_weak_spot_points_to_performance_management(self, org, admin_user):
        basics = program("Penyusunan SKP dan Manajemen Kinerja", competency("Manajemen Kinerja", "teknis"))
        final_evaluation(org.asn, month(admin_user, 10), predicate="kurang")
        JpEntry.objects.create(employee=org.asn, year=2026, jp=24, source="external", source_key="x:2", title="Kursus")

        rec = recommendations.recommendations_for(org.asn)

        assert [(item.program, item.reasons[0].text) for item in rec.items] == [
            (basics, "karena predikat kinerja Oktober 2026 Kurang/Misconduct")
        ]

    def test_berakhlak_values_map_to_their_competencies(self, org, admin_user):
        service = program("Pelayanan Prima", competency("Pelayanan Prima"))
        complaints = program("Penanganan Pengaduan SP4N-LAPOR!", competency("Penanganan Keluhan", "teknis"))
        org.asn.employment_type = EmploymentType.PPPK  # no JP floor for PPPK
        org.asn.save()
        final_evaluation(org.asn, month(admin_user, 10), weak=[CoreValue.BERORIENTASI_PELAYANAN])

        rec = recommendations.recommendations_for(org.asn)

        assert [gap.text for gap in rec.gaps] == ["karena perilaku Berorientasi Pelayanan dinilai Di Bawah Ekspektasi"]
        assert [item.program for item in rec.items] == [service, complaints]  # same reasons: by name

    def test_jp_gap_only_brings_programs_with_jp_and_an_open_session(self, org, admin_user, catalogue):
        free = program("Seminar tanpa JP", jp=0)
        session(admin_user, free)
        JpEntry.objects.create(employee=org.asn, year=2026, jp=8, source="external", source_key="x:3", title="Kursus")

        rec = recommendations.recommendations_for(org.asn)

        assert rec.evaluation is None
        assert [gap.text for gap in rec.gaps] == ["karena JP 2026 baru 8 dari kewajiban 20 JP"]
        assert [item.program.name for item in rec.items] == ["Manajemen Waktu dan Prioritas Kerja", "Pelayanan Prima"]


class TestEligibility:
    def test_the_prefetched_rule_agrees_with_the_service(self, org):
        parent = OrgUnitFactory(name="Dinas Induk")
        org.unit_a.parent = parent
        org.unit_a.save()
        cases = [
            {},
            {"jabatan_kinds": [JabatanKind.PELAKSANA]},
            {"jabatan_kinds": [JabatanKind.FUNGSIONAL]},
            {"min_golongan": "III/b"},
            {"max_golongan": "III/a"},
            {"min_golongan": "II/a", "max_golongan": "II/d"},
        ]
        people = [org.asn, org.supervisor, EmployeeFactory(unit=org.unit_a, golongan="")]
        for index, extra in enumerate(cases):
            for units in ([], [parent], [org.unit_b]):
                item = program(f"Program {index} {len(units)}", **extra)
                item.units.set(units)
                item = TrainingProgram.objects.prefetch_related("units").get(pk=item.pk)
                for person in people:
                    chain = recommendations._unit_chains([person.unit_id])[person.unit_id]
                    expected = eligibility_problems(person, item) == []
                    assert recommendations.is_eligible(person, item, chain) is expected, (extra, units, person)


class TestQueryCount:
    def _count(self, callable_):
        with CaptureQueriesContext(connection) as queries:
            callable_()
        return len(queries)

    def test_fixed_whatever_the_catalogue_and_the_team(self, org, admin_user, catalogue):
        period = month(admin_user, 10)
        final_evaluation(org.asn, period, predicate="butuh_perbaikan", weak=[CoreValue.KOLABORATIF])
        recommendations.recommendations_for(org.asn)  # the settings rows are created on first use
        small = self._count(lambda: recommendations.recommendations_for(org.asn))
        team_small = self._count(lambda: recommendations.team_recommendations(org.supervisor))
        for n in range(6):
            extra = program(f"Kerja Sama Tim {n}", competency("Kerja Sama Tim"), competency(f"Kompetensi {n}"))
            extra.units.add(org.unit_a)
            session(admin_user, extra)
        for _n in range(3):
            final_evaluation(EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor), period, weak=["adaptif"])
        assert len(recommendations.recommendations_for(org.asn).items) == 9  # 7 for team work, 2 for JP
        assert self._count(lambda: recommendations.recommendations_for(org.asn)) == small
        assert self._count(lambda: recommendations.team_recommendations(org.supervisor)) == team_small


class TestPages:
    def test_own_page_shows_the_reasons(self, org, admin_user, catalogue):
        final_evaluation(org.asn, month(admin_user, 10), predicate="butuh_perbaikan", weak=[CoreValue.KOLABORATIF])
        response = client_for(org.asn.user).get(reverse("trainings:recommendation-list"))
        assert response.status_code == 200
        body = response.content.decode()
        assert "karena predikat kinerja Oktober 2026 Butuh Perbaikan" in body
        assert "Kerja Sama Tim Lintas Bidang" in body
        assert "Usulkan" not in body

    def test_team_page_nominates_in_one_click_with_the_reason(self, org, admin_user, catalogue):
        final_evaluation(org.asn, month(admin_user, 10), predicate="butuh_perbaikan", weak=[CoreValue.KOLABORATIF])
        target = session(admin_user, catalogue["team"])
        client = client_for(org.supervisor.user)
        page = client.get(reverse("trainings:recommendation-team"))
        assert page.status_code == 200 and "Usulkan" in page.content.decode()

        response = client.post(
            reverse("trainings:recommendation-nominate"), {"employee": org.asn.pk, "session": target.pk}
        )

        assert response.status_code == 302 and response["Location"].endswith(f"#pegawai-{org.asn.pk}")
        enrollment = Enrollment.objects.get(employee=org.asn, session=target)
        assert (enrollment.source, enrollment.status, enrollment.nominated_by) == (
            "nominated",
            "registered",
            org.supervisor.user,
        )
        assert enrollment.reason.startswith("karena predikat kinerja Oktober 2026 Butuh Perbaikan")
        again = client.post(
            reverse("trainings:recommendation-nominate"), {"employee": org.asn.pk, "session": target.pk}, follow=True
        )
        assert "sudah terdaftar" in again.content.decode()
        assert Enrollment.objects.filter(employee=org.asn, session=target).count() == 1

    def test_nomination_refusals(self, org, catalogue):
        url = reverse("trainings:recommendation-nominate")
        data = {"employee": org.asn.pk, "session": catalogue["session"].pk}
        assert client_for(org.supervisor.user).get(url).status_code == 405
        assert client_for(org.asn_peer.user).post(url, data).status_code == 403  # not a supervisor
        outsider = {"employee": org.outsider.pk, "session": catalogue["session"].pk}
        assert client_for(org.supervisor.user).post(url, outsider).status_code == 404  # not in the team
        indirect = EmployeeFactory(unit=org.unit_a, supervisor=org.asn)
        below = {"employee": indirect.pk, "session": catalogue["session"].pk}
        assert client_for(org.supervisor.user).post(url, below).status_code == 403  # visible, not direct
        assert client_for(None).post(url, data).status_code == 302
        assert not Enrollment.objects.exists()


def test_gap_counts_count_each_person_once_per_competency(org, admin_user):
    period = month(admin_user, 10)
    final_evaluation(org.asn, period, predicate="butuh_perbaikan", weak=[CoreValue.KOLABORATIF, CoreValue.HARMONIS])
    final_evaluation(org.asn_peer, period, weak=[CoreValue.HARMONIS])
    counts = recommendations.gap_counts()
    assert counts == {"kerja sama tim": 1, "komunikasi efektif": 2}
    assert EvaluationPeriod.objects.count() == 1
