"""The objects of the scope world (tests/security/scope_world.py): every ASN's own of each kind, a
few of sup_a's, each unit's complaints, handlers, goals and announcements, the evaluations and
the trainings. Written through the services where the state matters (an SKP approved, a report
submitted, an evaluation finalised, an objection filed), directly otherwise: the tests are about
who reaches them, not how they came to be."""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile

from apps.accounts.services import api_token_create
from apps.core.models import Notification
from apps.daily_reports.models import Evidence
from apps.daily_reports.services import review
from apps.daily_reports.services.filing import routine_from_activity
from apps.dashboards.models import Announcement, AnnouncementAudience
from apps.evaluations.models import Objection
from apps.evaluations.reports.models import GeneratedReport, ReportKind, ReportRequest
from apps.evaluations.services import evaluation as ev
from apps.evaluations.services import objection as obj
from apps.evaluations.services.periods import period_open
from apps.indicators.models import Iki, IkiRealisation, Rhk, UnitGoal
from apps.indicators.services import skp as skp_services
from apps.public_feedback.models import ComplaintAttachment, UnitHandler
from apps.trainings.certificates.models import Certificate
from apps.trainings.models import (
    Enrollment,
    ExternalLearning,
    Mentoring,
    MentoringSession,
    NeedProposal,
    NeedsSurvey,
    TrainingProgram,
    TrainingSession,
)
from tests.evaluations.conftest import BEHAVIOURS_SESUAI
from tests.fuzz.world import report_with_activity
from tests.indicators.conftest import build_skp
from tests.public_feedback.conftest import make_service, submit_complaint

NOW = datetime.datetime(2026, 11, 18, 2, 0, tzinfo=datetime.UTC)  # Wed 18 Nov 2026, 09:00 WIB
TODAY = datetime.date(2026, 11, 18)  # inside the filing window: Fri 13, Mon 16, Tue 17, Wed 18 Nov
PDF = b"%PDF-1.4\n%scope test\n"


def employee_objects(world, owner, supervisor):
    employee, objects = world.people[owner], world.objects
    approved = build_skp(employee, approve_by=supervisor.user)  # 2026, approved: realisation, revision 1
    draft = build_skp(employee, year=2027)
    submitted = build_skp(employee, year=2025)
    _submit(submitted)
    iki = Iki.objects.filter(rhk__skp=approved).first()
    realisation = IkiRealisation.objects.create(
        iki=iki,
        period=10,
        value=Decimal(5),
        entered_by=employee.user,
        evidence=ContentFile(PDF, name="bukti.pdf"),
        evidence_name="bukti.pdf",
        evidence_type="application/pdf",
    )
    draft_report = report_with_activity(employee, TODAY)
    activity = draft_report.activities.get()
    evidence = Evidence.objects.create(
        activity=activity,
        file=ContentFile(PDF, name="bukti.pdf"),
        original_name="bukti.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    submitted_report = report_with_activity(employee, datetime.date(2026, 11, 16), submit=True)
    approved_report = report_with_activity(employee, datetime.date(2026, 11, 13), submit=True)
    review.daily_report_approve(actor=supervisor.user, report=approved_report)
    routine = routine_from_activity(actor=employee.user, activity=activity)
    token, _key = api_token_create(actor=employee.user, name=f"token {owner}")
    notice = Notification.objects.create(user=employee.user, key=f"scope:{owner}", title=f"Pemberitahuan {owner}")
    rhk = Rhk.objects.filter(skp=draft).first()
    objects.update(
        {
            (owner, "employee"): employee,
            (owner, "skp_approved"): approved,
            (owner, "skp_draft"): draft,
            (owner, "skp_submitted"): submitted,
            (owner, "rhk_draft"): rhk,
            (owner, "iki_draft"): rhk.iki.first(),
            (owner, "iki_approved"): iki,
            (owner, "realisation"): realisation,
            (owner, "report_draft"): draft_report,
            (owner, "activity_draft"): activity,
            (owner, "evidence"): evidence,
            (owner, "routine"): routine,
            (owner, "report_submitted"): submitted_report,
            (owner, "report_approved"): approved_report,
            (owner, "api_token"): token,
            (owner, "notification"): notice,
        }
    )


def _submit(skp):
    skp_services.skp_submit(actor=skp.employee.user, skp=skp)
    skp.refresh_from_db()


def supervisor_objects(world):
    """sup_a files and plans too: their own team and the Plt must not reach up (chief_a reviews them)."""
    sup = world.people["sup_a"]
    world.objects[("sup_a", "employee")] = sup
    world.objects[("sup_a", "report_submitted")] = report_with_activity(sup, datetime.date(2026, 11, 16), submit=True)
    skp = build_skp(sup, year=2025)
    _submit(skp)
    world.objects[("sup_a", "skp_submitted")] = skp


def unit_objects(world, x):
    unit, bidang, admin = world.units[x], world.units[f"{x}1"], world.users["admin"]
    complaint, _code = submit_complaint(
        service=make_service(bidang),
        status="diteruskan",
        handling_unit=bidang,
        reporter_name=f"Pelapor {x}",
        reporter_email=f"pelapor.{x}@example.test",
        contact_consent=True,
    )
    attachment = ComplaintAttachment.objects.create(
        complaint=complaint,
        file=ContentFile(PDF, name="lampiran.pdf"),
        original_name="lampiran.pdf",
        content_type="application/pdf",
        size=len(PDF),
    )
    handler = UnitHandler.objects.create(unit=bidang, employee=world.people[f"handler_{x}"], designated_by=admin)
    goal = UnitGoal.objects.create(unit=bidang, year=2026, statement=f"Sasaran Bidang {x.upper()}1")
    announcement = Announcement.objects.create(
        title=f"Sosialisasi Dinas {x.upper()}",
        body="Isi pengumuman.",
        audience=AnnouncementAudience.UNITS,
        unit_ids=sorted(world.subtree(unit)),
        starts_at=NOW - datetime.timedelta(days=1),
        published_by=admin,
    )
    world.objects.update(
        {
            (f"{x}1", "complaint"): complaint,
            (f"{x}1", "attachment"): attachment,
            (f"{x}1", "handler"): handler,
            (f"{x}1", "goal"): goal,
            (f"{x}1", "unit"): bidang,
            (x, "announcement"): announcement,
        }
    )


def evaluations(world):
    admin = world.users["admin"]
    world.periods = {
        name: period_open(actor=admin, year=2026, kind="periodic", number=number)
        for name, number in (("final", 10), ("objected", 9), ("draft", 11), ("start", 8))
    }
    for x in ("a", "b"):
        owner, evaluator = f"asn_{x}", world.people[f"sup_{x}"].user
        employee = world.people[owner]
        evaluations = {}
        for name in ("final", "objected", "draft"):
            evaluation = ev.evaluation_start(actor=evaluator, employee=employee, period=world.periods[name])
            if name != "draft":
                ev.evaluation_save(
                    actor=evaluator,
                    evaluation=evaluation,
                    rating_hasil=evaluation.proposed_rating or "sesuai",
                    rating_reason="Sesuai capaian.",
                    rating_perilaku="sesuai",
                    feedback="Pertahankan.",
                    behaviours=BEHAVIOURS_SESUAI,
                )
                evaluation = ev.evaluation_finalise(actor=evaluator, evaluation=evaluation)
            evaluations[name] = evaluation
        objection = obj.objection_file(
            actor=employee.user, evaluation=evaluations["objected"], reason="Belum dihitung."
        )
        report = GeneratedReport.objects.create(
            kind=ReportKind.EMPLOYEE,
            employee=employee,
            period=world.periods["final"],
            file=ContentFile(PDF, name="laporan.pdf"),
            code=f"SCOPE{x.upper()}{employee.pk}",
            sha256="0" * 64,
            size=len(PDF),
            generated_at=NOW,
        )
        request = ReportRequest.objects.create(requested_by=employee.user, evaluation=evaluations["final"])
        world.objects.update(
            {
                (owner, "evaluation_final"): evaluations["final"],
                (owner, "evaluation_draft"): evaluations["draft"],
                (owner, "evaluation_objected"): evaluations["objected"],
                (owner, "objection"): Objection.objects.get(pk=objection.pk),
                (owner, "generated_report"): report,
                (owner, "report_request"): request,
            }
        )


def trainings_shared(world):
    program = TrainingProgram.objects.create(
        name="Pelayanan Prima", path="klasikal", method="pelatihan_manajerial", jp=Decimal(24)
    )
    world.program = program
    world.past_session = TrainingSession.objects.create(
        program=program,
        starts_on=datetime.date(2026, 10, 5),
        ends_on=datetime.date(2026, 10, 7),
        capacity=10,
        registration_deadline=datetime.date(2026, 10, 1),
        place="Aula BKPSDM",
        status="closed",
    )
    world.session = TrainingSession.objects.create(
        program=program,
        starts_on=datetime.date(2026, 12, 7),
        ends_on=datetime.date(2026, 12, 9),
        capacity=10,
        registration_deadline=datetime.date(2026, 12, 1),
        place="Aula BKPSDM",
        seats_taken=2,
    )
    world.survey = NeedsSurvey.objects.create(
        year=2027, opens_on=datetime.date(2026, 11, 1), closes_on=datetime.date(2026, 11, 30)
    )


def trainings(world):
    for x, other in (("a", "b"), ("b", "a")):
        owner = f"asn_{x}"
        employee, admin = world.people[owner], world.users["admin"]
        registered = Enrollment.objects.create(session=world.session, employee=employee, status="registered")
        completed = Enrollment.objects.create(
            session=world.past_session,
            employee=employee,
            status="completed",
            completed_at=NOW - datetime.timedelta(days=40),
        )
        certificate = Certificate.objects.create(
            enrollment=completed,
            file=ContentFile(PDF, name="sertifikat.pdf"),
            code=f"SRT{x.upper()}{employee.pk}",
            sha256="0" * 64,
            size=len(PDF),
            generated_at=NOW,
        )
        external = ExternalLearning.objects.create(
            employee=employee,
            title=f"Kursus daring {x}",
            organiser="LAN",
            started_on=datetime.date(2026, 9, 1),
            ended_on=datetime.date(2026, 9, 2),
            jp_claimed=Decimal(8),
            certificate=ContentFile(PDF, name="sertifikat.pdf"),
            certificate_name="sertifikat.pdf",
            certificate_type="application/pdf",
        )
        # the mentor is the ASN of the other unit: a participant reads the pairing across units
        mentoring = Mentoring.objects.create(
            mentor=world.people[f"asn_{other}"],
            mentee=employee,
            starts_on=datetime.date(2026, 11, 1),
            ends_on=datetime.date(2026, 12, 31),
            goals="Menyusun telaahan staf.",
            created_by=admin,
        )
        session = MentoringSession.objects.create(
            mentoring=mentoring,
            date=datetime.date(2026, 11, 10),
            minutes=90,
            notes="Membahas draf.",
            logged_by=employee.user,
        )
        need = NeedProposal.objects.create(
            survey=world.survey,
            employee=employee,
            proposed_by=employee.user,
            text=f"Pelatihan naskah dinas untuk {owner}",
        )
        world.objects.update(
            {
                (owner, "enrollment_registered"): registered,
                (owner, "enrollment_completed"): completed,
                (owner, "certificate"): certificate,
                (owner, "external"): external,
                (owner, "mentoring"): mentoring,
                (owner, "mentoring_session"): session,
                (owner, "need"): need,
            }
        )
