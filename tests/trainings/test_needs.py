"""The training needs survey: BKPSDM opens it, ASN and supervisors propose, BKPSDM reads the demand
next to the evaluations' gaps and turns a competency into a program."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from apps.employees.models import JabatanKind
from apps.evaluations.models import BehaviourRating, Evaluation, EvaluationPeriod
from apps.indicators.berakhlak import CoreValue
from apps.trainings import needs
from apps.trainings.models import Competency, NeedProposal, NeedsSurvey, TrainingProgram
from tests.conftest import client_for
from tests.factories import OrgUnitFactory
from tests.indicators.conftest import build_skp

pytestmark = pytest.mark.django_db
OCT_15 = datetime.datetime(2026, 10, 15, 2, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(OCT_15, tick=False):
        yield


@pytest.fixture
def survey(admin_user):
    return needs.survey_open(
        actor=admin_user, year=2027, opens_on=datetime.date(2026, 10, 1), closes_on=datetime.date(2026, 10, 31)
    )


@pytest.fixture
def skills(db):
    return {
        name: Competency.objects.create(name=name, kind="manajerial")
        for name in ("Komunikasi Efektif", "Literasi Digital", "Manajemen Waktu")
    }


def messages_of(exc_info) -> str:
    return " ".join(exc_info.value.messages)


class TestSurvey:
    def test_only_bkpsdm_opens_it_once_a_year_with_ordered_dates(self, org, admin_user, survey):
        with pytest.raises(PermissionDenied):
            needs.survey_open(actor=org.asn.user, year=2028, opens_on=survey.opens_on, closes_on=survey.closes_on)
        with pytest.raises(ValidationError) as exc:
            needs.survey_open(actor=admin_user, year=2027, opens_on=survey.opens_on, closes_on=survey.closes_on)
        assert "sudah dibuka" in messages_of(exc)
        with pytest.raises(ValidationError) as exc:
            needs.survey_open(
                actor=admin_user, year=2028, opens_on=datetime.date(2026, 11, 2), closes_on=datetime.date(2026, 11, 1)
            )
        assert "sebelum tanggal buka" in messages_of(exc)
        assert needs.survey_current() == survey


class TestProposals:
    def test_for_oneself_and_by_the_supervisor_for_the_team(self, org, survey, skills):
        own = needs.need_propose(
            actor=org.asn.user, survey=survey, employee=org.asn, competency=skills["Literasi Digital"]
        )
        for_team = needs.need_propose(
            actor=org.supervisor.user, survey=survey, employee=org.asn, text="  Pelatihan   arsip digital "
        )
        assert own.proposed_by == org.asn.user and for_team.text == "Pelatihan arsip digital"
        assert [p.pk for p in needs.proposals_for(org.supervisor.user, survey)] == [own.pk, for_team.pk]
        assert needs.proposals_for(org.asn_peer.user, survey) == []

    def test_refusals(self, org, admin_user, survey, skills):
        with pytest.raises(PermissionDenied):
            needs.need_propose(actor=org.asn.user, survey=survey, employee=org.asn_peer, text="x")
        with pytest.raises(PermissionDenied):
            needs.need_propose(actor=org.supervisor.user, survey=survey, employee=org.outsider, text="x")
        with pytest.raises(ValidationError) as exc:
            needs.need_propose(actor=org.asn.user, survey=survey, employee=org.asn, text="   ")
        assert "Pilih kompetensi atau program" in messages_of(exc)
        needs.need_propose(actor=org.asn.user, survey=survey, employee=org.asn, competency=skills["Manajemen Waktu"])
        with pytest.raises(ValidationError) as exc:
            needs.need_propose(
                actor=org.supervisor.user, survey=survey, employee=org.asn, competency=skills["Manajemen Waktu"]
            )
        assert "sudah diusulkan" in messages_of(exc)
        with time_machine.travel(datetime.datetime(2026, 11, 2, 2, tzinfo=datetime.UTC), tick=False):
            with pytest.raises(ValidationError) as exc:
                needs.need_propose(actor=org.asn.user, survey=survey, employee=org.asn, text="Kursus")
            assert "dibuka 1 Oktober 2026 sampai 31 Oktober 2026" in messages_of(exc)

    def test_withdraw_by_the_proposer_or_the_employee_only(self, org, survey):
        proposal = needs.need_propose(actor=org.supervisor.user, survey=survey, employee=org.asn, text="Kursus")
        with pytest.raises(PermissionDenied):
            needs.need_withdraw(actor=org.asn_peer.user, proposal=proposal)
        needs.need_withdraw(actor=org.asn.user, proposal=proposal)
        assert not NeedProposal.objects.exists()


class TestDemand:
    def test_by_competency_unit_and_jabatan_kind_next_to_the_gaps(self, org, admin_user, survey, skills):
        """asn: Komunikasi (own) and a program teaching Komunikasi + Literasi (by the supervisor);
        asn_peer: Komunikasi; outsider (another unit): free text. Evaluations: asn_peer and the
        outsider are weak in Harmonis, which names Komunikasi Efektif; asn in Kolaboratif, which also
        names Kerja Sama Tim, a competency the catalogue lacks."""
        city = OrgUnitFactory(name="Pemerintah Kota Uji", kind="pemerintah")
        for unit in (org.unit_a, org.unit_b):
            unit.parent = city
            unit.save()
        course = TrainingProgram.objects.create(name="Komunikasi Digital", path="klasikal", method="workshop", jp=8)
        course.competencies.add(skills["Komunikasi Efektif"], skills["Literasi Digital"])
        org.outsider.jabatan_kind = JabatanKind.FUNGSIONAL
        org.outsider.save()
        propose = needs.need_propose
        propose(actor=org.asn.user, survey=survey, employee=org.asn, competency=skills["Komunikasi Efektif"])
        propose(actor=org.supervisor.user, survey=survey, employee=org.asn, program=course)
        propose(actor=org.asn_peer.user, survey=survey, employee=org.asn_peer, competency=skills["Komunikasi Efektif"])
        propose(actor=org.outsider.user, survey=survey, employee=org.outsider, text="Bahasa isyarat untuk loket")
        period = EvaluationPeriod.objects.create(
            year=2026, number=9, starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2026, 9, 30)
        )
        for person, value in ((org.asn, "kolaboratif"), (org.asn_peer, "harmonis"), (org.outsider, "harmonis")):
            evaluation = Evaluation.objects.create(
                employee=person, period=period, skp=build_skp(person), status="final", achievement=Decimal(95)
            )
            BehaviourRating.objects.create(evaluation=evaluation, value=value, rating="di_bawah")
            BehaviourRating.objects.create(evaluation=evaluation, value=CoreValue.LOYAL, rating="sesuai")

        data = needs.demand(survey)

        rows = [(r.name, r.demand, r.by_supervisor, r.gaps, [p.name for p in r.programs]) for r in data["competencies"]]
        assert rows == [
            ("Komunikasi Efektif", 2, 1, 3, ["Komunikasi Digital"]),
            ("Literasi Digital", 1, 1, 0, ["Komunikasi Digital"]),  # asked for: before a gap alone
            ("Kerja Sama Tim", 0, 0, 1, []),
        ]
        assert data["competencies"][2].competency is None
        assert (data["people"], data["proposals"]) == (3, 4)
        assert [(u.label, u.people, u.proposals, u.top) for u in data["units"]] == [
            ("Bidang Uji A", 2, 3, [("Komunikasi Efektif", 2), ("Literasi Digital", 1)]),
            ("Bidang Uji B", 1, 1, []),
        ]
        assert [(k.label, k.people, k.proposals) for k in data["kinds"]] == [("Fungsional", 1, 1), ("Pelaksana", 2, 3)]
        assert [p.text for p in data["texts"]] == ["Bahasa isyarat untuk loket"]


class TestProgramFromCompetency:
    def test_one_click_creates_it_once(self, org, admin_user, survey, skills):
        with pytest.raises(PermissionDenied):
            needs.program_from_competency(actor=org.asn.user, competency=skills["Manajemen Waktu"])
        program, created = needs.program_from_competency(
            actor=admin_user, competency=skills["Manajemen Waktu"], survey=survey
        )
        assert created and program.name == "Pelatihan Manajemen Waktu" and program.jp == Decimal(16)
        assert list(program.competencies.all()) == [skills["Manajemen Waktu"]]
        assert "analisis kebutuhan pelatihan 2027" in program.description
        again, created = needs.program_from_competency(actor=admin_user, competency=skills["Manajemen Waktu"])
        assert again == program and not created


class TestPages:
    def test_asn_and_supervisor_propose_through_the_page(self, org, survey, skills):
        client = client_for(org.asn.user)
        page = client.get(reverse("trainings:needs-survey"))
        assert page.status_code == 200 and "Survei untuk program tahun 2027" in page.content.decode()
        response = client.post(
            reverse("trainings:needs-propose"), {"employee": org.asn.pk, "competency": skills["Manajemen Waktu"].pk}
        )
        assert response.status_code == 302
        refused = client.post(reverse("trainings:needs-propose"), {"employee": org.asn.pk, "text": ""})
        assert refused.status_code == 400 and "Pilih kompetensi atau program" in refused.content.decode()
        stranger = client.post(reverse("trainings:needs-propose"), {"employee": org.asn_peer.pk, "text": "x"})
        assert stranger.status_code == 400  # not among the choices

        boss = client_for(org.supervisor.user)
        assert org.asn_peer.full_name in boss.get(reverse("trainings:needs-survey")).content.decode()
        boss.post(reverse("trainings:needs-propose"), {"employee": org.asn_peer.pk, "text": "Kursus SIPD"})
        proposal = NeedProposal.objects.get(employee=org.asn_peer)
        assert proposal.proposed_by == org.supervisor.user
        withdraw = reverse("trainings:needs-withdraw", args=[proposal.pk])
        assert client_for(org.outsider.user).post(withdraw).status_code == 404
        assert boss.post(withdraw).status_code == 302
        assert not NeedProposal.objects.filter(pk=proposal.pk).exists()

    def test_bkpsdm_opens_a_survey_reads_it_and_creates_a_program(self, org, admin_user, leader_user, skills):
        client = client_for(admin_user)
        assert "Belum ada survei" in client.get(reverse("trainings:needs-analysis")).content.decode()
        bad = client.post(
            reverse("trainings:needs-survey-open"), {"year": 2027, "opens_on": "2026-10-31", "closes_on": "2026-10-01"}
        )
        assert bad.status_code == 400 and "sebelum tanggal buka" in bad.content.decode()
        opened = client.post(
            reverse("trainings:needs-survey-open"), {"year": 2027, "opens_on": "2026-10-01", "closes_on": "2026-10-31"}
        )
        assert opened.status_code == 302
        survey = NeedsSurvey.objects.get(year=2027)
        needs.need_propose(actor=org.asn.user, survey=survey, employee=org.asn, competency=skills["Literasi Digital"])

        page = client.get(reverse("trainings:needs-analysis")).content.decode()
        assert "Literasi Digital" in page and "Buat program" in page
        leader_page = client_for(leader_user).get(reverse("trainings:needs-analysis")).content.decode()
        assert "Literasi Digital" in leader_page and "Buat program" not in leader_page
        assert client_for(org.asn.user).get(reverse("trainings:needs-analysis")).status_code == 403

        made = client.post(
            reverse("trainings:needs-program-create"),
            {"competency": skills["Literasi Digital"].pk, "survey": survey.pk},
        )
        program = TrainingProgram.objects.get(name="Pelatihan Literasi Digital")
        assert made.status_code == 302 and made["Location"] == reverse("trainings:session-create", args=[program.pk])
        assert client_for(leader_user).post(reverse("trainings:needs-program-create"), {}).status_code == 403
