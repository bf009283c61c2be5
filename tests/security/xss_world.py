"""The fuzz world (tests/fuzz/world.py) plus a row of every model that holds free text, each where
a persona's pages show it, and the URL arguments of those pages. Rows are written through the
services where one call does it, else with the ORM, in ordinary words; ``build_xss_world`` then
turns every free-text field into payloads (tests/security/xss_payloads.py ``poison``), lets the
services copy those rows where they keep copies (a revision snapshot, an evaluation's
breakdown), and poisons once more. The employee import reads a file of payloads, as an
attacker's spreadsheet would arrive."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from apps.accounts.models import ApiToken
from apps.core.models import FailedTask, Holiday, Notification
from apps.daily_reports.models import Evidence
from apps.daily_reports.services import filing
from apps.dashboards import summaries
from apps.dashboards.models import Announcement
from apps.employees.imports.services import employee_import_create
from apps.evaluations.reports.models import ReportBatch, ReportBatchFailure, ReportRequest
from apps.evaluations.services.evaluation import evaluation_finalise, evaluation_save, evaluation_start
from apps.evaluations.services.objection import objection_file
from apps.evaluations.services.periods import period_open
from apps.indicators.berakhlak import CoreValue
from apps.indicators.models import Iki, RhkTemplate, SkpTemplate
from apps.indicators.models.library import IkiTemplate
from apps.indicators.services import goals
from apps.indicators.services import skp as skp_services
from apps.indicators.services.realisation import realisation_add
from apps.public_feedback.models import ComplaintAttachment, Forum, ForumFollowUp, ForumInput, SkmResponse
from apps.public_feedback.services import handling
from apps.public_feedback.services.blocklist import contact_block_add
from apps.trainings.models import (
    Competency,
    Enrollment,
    ExternalLearning,
    JpEntry,
    Mentoring,
    MentoringSession,
    NeedProposal,
    NeedsSurvey,
    SessionFeedback,
)
from apps.trainings.services.catalogue import session_save
from tests.employees.test_import import csv_bytes, row
from tests.fuzz.world import NOW, TODAY, World, build_world

from .xss_payloads import DOUBLE_QUOTE, IMG, POLYGLOT, SCRIPT_BREAKOUT, SINGLE_QUOTE, poison

TEXT = "Teks biasa"


def _evaluation(world, admin):
    """A saved draft; it is finalised once its texts are payloads (``_copies_of_payloads``)."""
    org = world.org
    realisation_add(actor=org.asn.user, iki=Iki.objects.get(rhk__skp=world.approved_skp), period=11, value=Decimal(9))
    period = period_open(actor=admin, year=2026, kind="periodic", number=11)
    evaluation = evaluation_start(actor=org.supervisor.user, employee=org.asn, period=period)
    evaluation_save(
        actor=org.supervisor.user,
        evaluation=evaluation,
        rating_hasil="sesuai",
        rating_reason="",
        rating_perilaku="sesuai",
        feedback=TEXT,
        behaviours=dict.fromkeys(CoreValue.values, ("sesuai", TEXT)),
    )
    batch = ReportBatch.objects.create(period=period, status="finished", started_by=admin, started_at=NOW)
    ReportBatchFailure.objects.create(batch=batch, run=1, key="e1", kind="employee", employee=org.asn, reason=TEXT)
    request = ReportRequest.objects.create(
        requested_by=org.asn.user, evaluation=evaluation, status="failed", error=TEXT
    )
    return evaluation, batch, request


def _copies_of_payloads(world, evaluation):
    """What the services copy out of the text rows (an approved SKP's revision snapshot, the
    evaluation's breakdown per IKI), taken once those rows hold the payloads."""
    org, skp = world.org, world.approved_skp
    skp_services.skp_revise(actor=org.asn.user, skp=skp)
    skp_services.skp_submit(actor=org.asn.user, skp=skp)
    skp_services.skp_approve(actor=org.supervisor.user, skp=skp)
    evaluation.refresh_from_db()
    evaluation_finalise(actor=org.supervisor.user, evaluation=evaluation)
    return objection_file(actor=org.asn.user, evaluation=evaluation, reason=TEXT)


def _trainings(world, admin):
    org, session = world.org, world.session
    program = session.program
    competency = Competency.objects.create(name=TEXT, kind="teknis", description=TEXT)
    enrollment = Enrollment.objects.create(session=session, employee=org.asn, status="completed", reason=TEXT)
    online = session_save(  # its link shows to those registered
        actor=admin,
        program=program,
        starts_on=datetime.date(2026, 12, 14),
        ends_on=datetime.date(2026, 12, 14),
        capacity=5,
        registration_deadline=datetime.date(2026, 12, 10),
        online_url="https://example.test/kelas",
        facilitator=TEXT,
    )
    Enrollment.objects.create(session=online, employee=org.asn, status="registered", reason=TEXT)
    SessionFeedback.objects.create(enrollment=enrollment, content=4, facilitator=4, relevance=4, comment=TEXT)
    JpEntry.objects.create(employee=org.asn, year=2026, jp=Decimal(8), source="session", source_key="x:1", title=TEXT)
    external = ExternalLearning.objects.create(
        employee=org.asn,
        title=TEXT,
        organiser=TEXT,
        started_on=datetime.date(2026, 10, 1),
        ended_on=datetime.date(2026, 10, 2),
        jp_claimed=Decimal(8),
        certificate="external/sertifikat.pdf",
        certificate_name=TEXT,
        status="rejected",
        review_note=TEXT,
    )
    mentoring = Mentoring.objects.create(
        mentor=org.supervisor,
        mentee=org.asn,
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 12, 31),
        goals=TEXT,
        competency=competency,
        created_by=org.supervisor.user,
    )
    MentoringSession.objects.create(
        mentoring=mentoring, date=datetime.date(2026, 11, 10), minutes=60, notes=TEXT, logged_by=org.asn.user
    )
    survey = NeedsSurvey.objects.create(
        year=2027, opens_on=datetime.date(2026, 11, 1), closes_on=datetime.date(2026, 12, 15)
    )
    NeedProposal.objects.create(
        survey=survey, employee=org.asn, proposed_by=org.asn.user, competency=competency, program=program, text=TEXT
    )
    return enrollment, external, mentoring, online


def _public(world, admin):
    org, complaint = world.org, world.complaint
    handling.complaint_route(actor=admin, complaint=complaint, unit=org.unit_a, note=TEXT)
    handling.complaint_reply(actor=org.supervisor.user, complaint=complaint, text=TEXT)
    ComplaintAttachment.objects.create(
        complaint=complaint, file="complaints/foto.jpg", original_name=TEXT, content_type="image/jpeg", size=10
    )
    contact_block_add(actor=admin, kind="email", value="spam@example.test", reason=TEXT)
    forums = []
    for days, held in ((7, False), (-7, True)):  # one to come (it takes input), one held with minutes
        forum = Forum.objects.create(
            topic=TEXT,
            description=TEXT,
            unit=org.unit_a,
            starts_at=NOW + datetime.timedelta(days=days),
            place=TEXT,
            online_url="https://example.test/forum",
            minutes=TEXT,
            created_by=admin,
        )
        if held:
            Forum.objects.filter(pk=forum.pk).update(status="terlaksana", minutes_published_at=NOW)
        ForumInput.objects.create(forum=forum, name=TEXT, text=TEXT)
        ForumFollowUp.objects.create(forum=forum, action=TEXT, unit=org.unit_a, due_on=TODAY)
        forums.append(forum)
    scores = {f"u{n}": 3 for n in range(1, 10)}
    SkmResponse.objects.create(unit=org.unit_a, answered_on=TODAY, device_key="d" * 64, suggestion=TEXT, **scores)
    return forums


def _indicators(world, admin):
    org = world.org
    goal = goals.unit_goal_save(actor=admin, unit=org.unit_a, year=2026, statement=TEXT)
    goals.unit_goal_indicator_add(actor=admin, goal=goal, text=TEXT, target_value=Decimal(10), target_unit=TEXT)
    template = SkpTemplate.objects.create(jabatan=org.asn.jabatan, jabatan_kind=org.asn.jabatan_kind, description=TEXT)
    rhk = RhkTemplate.objects.create(template=template, text=TEXT)
    IkiTemplate.objects.create(rhk=rhk, text=TEXT, target_value=Decimal(12), target_unit=TEXT)
    return goal


def _everyday(world, admin):
    org, personas = world.org, world.personas
    Evidence.objects.create(
        activity=world.activity, file="evidence/bukti.pdf", original_name=TEXT, content_type="application/pdf", size=10
    )
    filing.routine_from_activity(actor=org.asn.user, activity=world.activity)
    holiday = Holiday.objects.create(date=datetime.date(2026, 11, 20), name=TEXT, kind="cuti_bersama")
    announcement = Announcement.objects.create(
        title=TEXT, body=TEXT, starts_at=NOW - datetime.timedelta(days=1), published_by=admin
    )
    FailedTask.objects.create(
        task_name="x", task_id="x", arguments=TEXT, exception_type="x", exception_message=TEXT, failed_at=NOW
    )
    for user in filter(None, personas.values()):
        Notification.objects.create(user=user, key="xss", title=TEXT, body=TEXT, url="/")
        ApiToken.objects.create(user=user, name=TEXT, key_hash=f"{user.pk:064d}", hint="abcd")
    rows = [  # what the file says comes back in the preview and in its error messages
        row(1, unit=org.unit_a.name, NAMA=IMG, JABATAN=POLYGLOT, GELAR_BELAKANG=SINGLE_QUOTE),
        row(2, unit=DOUBLE_QUOTE, NAMA=SCRIPT_BREAKOUT, GOLONGAN=IMG, EMAIL=DOUBLE_QUOTE),
    ]
    import_ = employee_import_create(actor=admin, uploaded_file=SimpleUploadedFile("pegawai.csv", csv_bytes(rows)))
    return holiday, announcement, import_


def build_xss_world(org, personas, admin) -> tuple[World, dict[str, list[dict]], dict[str, int]]:
    """The poisoned world; per URL name, every set of URL arguments worth opening ("?": a query);
    and per free-text field, how many rows hold a payload."""
    world = build_world(org, personas, admin)
    evaluation, batch, request = _evaluation(world, admin)
    enrollment, external, mentoring, online = _trainings(world, admin)
    forums = _public(world, admin)
    goal = _indicators(world, admin)
    holiday, announcement, import_ = _everyday(world, admin)
    poison()
    objection = _copies_of_payloads(world, evaluation)
    stored = poison()  # again: the rows written since
    summaries.refresh_recent()

    pages = {name: [kwargs] for name, kwargs in world.kwargs.items()}
    one = {
        "announcements:announcement-detail": {"pk": announcement.pk},
        "announcements:announcement-update": {"pk": announcement.pk},
        "core:holiday-update": {"pk": holiday.pk},
        "dashboards:person": {"pk": org.asn.pk},
        "employees:employee-detail": {"nip": org.asn.nip},
        "employees:import-preview": {"uuid": import_.uuid},
        "evaluations:evaluation-detail": {"pk": evaluation.pk},
        "evaluations:evaluation-edit": {"pk": evaluation.pk},
        "evaluations:objection-decide": {"pk": objection.pk},
        "ikm:unit-detail": {"unit_pk": org.unit_a.pk},
        "indicators:goal-update": {"pk": goal.pk},
        "indicators:skp-revision": {"pk": world.approved_skp.pk, "number": 2},
        "reports:batch-detail": {"pk": batch.pk},
        "reports:request-status": {"pk": request.pk},
        "survei:survey-thanks": {"unit_pk": org.unit_a.pk},
        "trainings:external-detail": {"pk": external.pk},
        "trainings:feedback-form": {"pk": enrollment.pk},
        "trainings:impact-detail": {"program_pk": online.program_id},
        "trainings:mentoring-detail": {"pk": mentoring.pk},
    }
    pages.update({name: [kwargs] for name, kwargs in one.items()})
    for name in ("forum:forum-detail", "kelola_forum:forum-detail", "kelola_forum:forum-update"):
        pages[name] = [{"pk": forum.pk} for forum in forums]
    for name in ("indicators:skp-detail", "indicators:skp-expectations"):
        pages[name] = [{"pk": world.draft_skp.pk}, {"pk": world.approved_skp.pk}]
    pages["trainings:calendar"] = [{}, {"?": "bulan=2026-12"}]  # the sessions are in December
    pages["trainings:session-detail"] = [{"pk": world.session.pk}, {"pk": online.pk}]
    pages["daily_reports:report-review"] = [{"pk": world.peer_report.pk}, {"pk": world.report.pk}]
    return world, pages, stored
