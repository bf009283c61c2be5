"""A small world for the fuzz and mass-assignment tests: real objects each persona owns, and the URL
arguments that point at them (anything else is filled with values that exist for no one)."""

import datetime
import fnmatch
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from apps.daily_reports.services import filing, review
from apps.indicators.models import Iki, Rhk
from apps.trainings.models import TrainingProgram
from apps.trainings.services.catalogue import session_save
from tests.core.test_permission_matrix import sample_url, url_names
from tests.indicators.conftest import build_skp
from tests.public_feedback.conftest import make_service, submit_complaint

TODAY = datetime.date(2026, 11, 18)  # a Wednesday inside the filing window (tests/daily_reports/conftest.py)
NOW = datetime.datetime(2026, 11, 18, 2, 0, tzinfo=datetime.UTC)  # 09:00 WIB


@dataclass
class World:
    org: object
    personas: dict
    approved_skp: object
    draft_skp: object
    report: object  # the ASN's draft of today, one activity
    activity: object
    peer_report: object  # submitted by a colleague: the supervisor reviews it
    complaint: object
    complaint_code: str
    session: object
    kwargs: dict = field(default_factory=dict)  # URL name -> kwargs of a real object

    def url(self, name):
        try:
            return reverse(name, kwargs=self.kwargs[name]) if name in self.kwargs else sample_url(name)
        except NoReverseMatch:
            return sample_url(name)


def report_with_activity(employee, day=TODAY, *, submit=False):
    report = filing.report_open(actor=employee.user, day=day)
    filing.activity_save(
        actor=employee.user,
        report=report,
        description="Mengagendakan surat masuk",
        iki=None,
        quantity=None,
        starts_at=datetime.time(7),
        ends_at=datetime.time(8),
        place="kantor",
    )
    if submit:
        review.daily_report_submit(actor=employee.user, report=report)
    return report


def build_world(org, personas, admin_user) -> World:
    approved = build_skp(org.asn, approve_by=org.supervisor.user)
    draft = build_skp(org.asn, year=2027)
    report = report_with_activity(org.asn)
    peer_report = report_with_activity(org.asn_peer, submit=True)
    complaint, code = submit_complaint(service=make_service(org.unit_a))
    program = TrainingProgram.objects.create(
        name="Pelayanan Prima", path="klasikal", method="pelatihan_manajerial", jp=24
    )
    session = session_save(
        actor=admin_user,
        program=program,
        starts_on=datetime.date(2026, 12, 7),
        ends_on=datetime.date(2026, 12, 9),
        capacity=5,
        registration_deadline=datetime.date(2026, 12, 1),
        place="Aula BKPSDM",
    )
    world = World(
        org, personas, approved, draft, report, report.activities.get(), peer_report, complaint, code, session
    )
    rhk = Rhk.objects.filter(skp=draft).first()
    iki = Iki.objects.filter(rhk=rhk).first()
    approved_iki = Iki.objects.filter(rhk__skp=approved).first()
    day = {"day": TODAY}
    pks = {
        "indicators:skp-*": draft.pk,
        "indicators:rhk-update": rhk.pk,
        "indicators:rhk-delete": rhk.pk,
        "indicators:iki-create": rhk.pk,
        "indicators:iki-*": iki.pk,
        "indicators:realisation-create": approved_iki.pk,
        "daily_reports:activity-*": world.activity.pk,
        "daily_reports:evidence-upload": world.activity.pk,
        "daily_reports:routine-save": world.activity.pk,
        "daily_reports:report-*": peer_report.pk,
        "api:daily-report-detail": report.pk,
        "api:daily-report-submit": report.pk,
        "api:daily-report-approve": peer_report.pk,
        "api:daily-report-return": peer_report.pk,
        "api:skp-detail": approved.pk,
        "kelola_pengaduan:complaint-*": complaint.pk,
        "trainings:session-*": session.pk,
        "api:training-session-*": session.pk,
        "trainings:program-detail": program.pk,
        "trainings:session-create": program.pk,
    }

    for name in url_names():
        for pattern, pk in pks.items():
            if fnmatch.fnmatchcase(name, pattern):
                world.kwargs[name] = {"pk": pk}
                break
        if name.startswith("daily_reports:") and name.split(":")[1] in {
            "report-day",
            "activity-create",
            "activity-autosave",
            "copy-previous",
            "report-submit",
        }:
            world.kwargs[name] = day
        if name.startswith("pengaduan:complaint-") and name != "pengaduan:complaint-create":
            world.kwargs[name] = {"reference": complaint.reference}
    world.kwargs["api:daily-report-evidence-upload"] = {"activity_id": world.activity.pk}
    world.kwargs["trainings:session-create"] = {"program_pk": program.pk}
    world.kwargs["survei:survey-form"] = {"unit_pk": org.unit_a.pk}
    world.kwargs["employees:employee-update"] = {"nip": org.asn.nip}
    world.kwargs["employees:employee-deactivate"] = {"nip": org.asn_peer.nip}
    world.kwargs["employees:employee-invite"] = {"nip": org.asn_peer.nip}
    world.kwargs["employees:orgunit-update"] = {"pk": org.unit_b.pk}
    return world
