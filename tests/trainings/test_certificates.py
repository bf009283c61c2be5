"""Training certificates: issued when a session closes (the task), once per enrollment and again
into the same row, what the PDF prints (read back with pypdf), the public verification page for
certificate and report codes, the scoped download, the links on the pages and the JP API."""

import datetime
import hashlib
import io

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.core.models import Notification
from apps.employees.models import ActingAssignment, OrgUnit
from apps.evaluations.reports import pdf
from apps.evaluations.reports.builders import Stamp
from apps.evaluations.reports.models import GeneratedReport
from apps.evaluations.services.periods import period_open
from apps.trainings import tasks
from apps.trainings.certificates import builders, demo, services
from apps.trainings.models import Certificate, Enrollment, EnrollmentStatus
from apps.trainings.services import attendance
from apps.trainings.services.enrollment import enroll
from tests.conftest import client_for
from tests.factories import EmployeeFactory, OrgUnitFactory

pytestmark = pytest.mark.django_db

NOV_10 = datetime.datetime(2026, 11, 10, 2, tzinfo=datetime.UTC)
NOV_19 = datetime.datetime(2026, 11, 19, 3, tzinfo=datetime.UTC)  # 10.00 WIB, the day after the session


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def stored(certificate: Certificate) -> bytes:
    with default_storage.open(certificate.file.name, "rb") as handle:
        return handle.read()


@pytest.fixture
def bkpsdm(db):
    """The agency's unit in the organisation data, with its head: the certificate's signatory."""
    unit = OrgUnitFactory(name="Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", short_name="BKPSDM")
    head = EmployeeFactory(unit=unit, name="Ratna Dewi", gelar_belakang="S.H., M.Si.", golongan="IV/c")
    OrgUnit.objects.filter(pk=unit.pk).update(head=head)
    return head


@pytest.fixture
def closed(org, make_session, admin_user, bkpsdm):
    """A three-day session (16–18 Nov 2026) closed on the 19th: the ASN attended every day and
    completed it, their peer came once and did not."""
    session = make_session(capacity=5, starts=datetime.date(2026, 11, 16), deadline=datetime.date(2026, 11, 16))
    with time_machine.travel(NOV_10, tick=False):
        completed = enroll(actor=org.asn.user, session=session, employee=org.asn)
        failed = enroll(actor=org.asn_peer.user, session=session, employee=org.asn_peer)
    for day in attendance.session_days(session):
        attendance.attendance_mark(actor=admin_user, enrollment=completed, day=day, present=True)
    attendance.attendance_mark(actor=admin_user, enrollment=failed, day=session.starts_on, present=True)
    with time_machine.travel(NOV_19, tick=False):
        attendance.session_complete(actor=admin_user, session=session)
    completed.refresh_from_db()
    failed.refresh_from_db()
    assert (completed.status, failed.status) == (EnrollmentStatus.COMPLETED, EnrollmentStatus.NOT_COMPLETED)
    return completed, failed


@pytest.fixture
def certificate(closed):
    with time_machine.travel(NOV_19, tick=False):
        assert tasks.certificate_issue.delay(enrollment_id=closed[0].pk).get() == 1  # the notice is new
    return Certificate.objects.get(enrollment=closed[0])


# --- Issuing -----------------------------------------------------------------------------------------------
def test_the_task_issues_a_pdf_with_participant_program_jp_and_code(certificate, org, bkpsdm, settings):
    data = stored(certificate)
    assert data.startswith(b"%PDF-")
    assert certificate.size == len(data) and certificate.sha256 == hashlib.sha256(data).hexdigest()
    assert certificate.code.startswith("SRT-") and len(certificate.code) == 18
    text = pdf_text(data)
    for printed in ("SERTIFIKAT", "diberikan kepada", org.asn.full_name, f"NIP {org.asn.nip}", "Pelayanan Prima"):
        assert printed in text
    assert "16–18 November 2026" in text and "Aula BKPSDM" in text and "24 jam pelajaran (JP)" in text
    assert certificate.code in text and f"/verifikasi/{certificate.code}/" in text
    assert settings.SIKAP_GOVERNMENT_NAME.upper() in text  # the organiser, from settings
    # signed by the head of the agency's unit in the organisation data, dated the day it was closed
    assert "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia" in text
    assert bkpsdm.full_name in text and bkpsdm.nip in text and "Palembang, 19 November 2026" in text
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)  # A4 landscape
    notice = Notification.objects.get(user=org.asn.user, key=f"training-completed-{certificate.enrollment_id}")
    assert "sertifikat sudah terbit" in notice.title


def test_organiser_and_signatory_come_from_settings_and_data(closed, settings):
    settings.SIKAP_GOVERNMENT_NAME = "Pemerintah Kabupaten Contoh"
    settings.SIKAP_GOVERNMENT_SHORT_NAME = "Kabupaten Contoh"
    settings.SIKAP_AGENCY_NAME = "BKPSDM"
    unit = OrgUnit.objects.get(short_name="BKPSDM")
    acting = EmployeeFactory(unit=unit, name="Budi Santoso")
    ActingAssignment.objects.create(
        employee=acting,
        unit=unit,
        kind="plt",
        starts_on=datetime.date(2026, 11, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    text = pdf_text(stored(services.certificate_issue(enrollment=closed[0])))
    assert "PEMERINTAH KABUPATEN CONTOH" in text and "Kabupaten Contoh, 19 November 2026" in text
    assert "Plt. Kepala Badan Kepegawaian" in text and "Budi Santoso" in text and "Palembang" not in text

    settings.SIKAP_AGENCY_NAME = "BKD"  # no such unit: the post without a name
    text = pdf_text(stored(services.certificate_issue(enrollment=closed[0], reissue=True)))
    assert "Kepala BKD" in text and "Budi Santoso" not in text


def test_issuing_again_keeps_one_row_and_its_code(certificate, closed, django_capture_on_commit_callbacks):
    first_file, first_sum = certificate.file.name, certificate.sha256
    assert tasks.certificate_issue.delay(enrollment_id=closed[0].pk).get() == 0  # issued already, notice sent
    certificate.refresh_from_db()
    assert (certificate.file.name, certificate.sha256) == (first_file, first_sum)  # the task changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        again = services.certificate_issue(enrollment=closed[0], reissue=True)
    assert Certificate.objects.count() == 1 and again.pk == certificate.pk and again.code == certificate.code
    assert again.file.name != first_file and not default_storage.exists(first_file)  # replaced, old file gone
    assert again.sha256 == hashlib.sha256(stored(again)).hexdigest() and again.size == len(stored(again))


def test_no_certificate_without_completion(closed):
    _completed, failed = closed
    assert tasks.certificate_issue.delay(enrollment_id=failed.pk).get() == 0
    assert services.certificate_issue(enrollment=failed) is None
    assert tasks.certificate_issue.delay(enrollment_id=999999).get() == 0
    assert not Certificate.objects.exists()


def test_missing_certificates_are_issued_in_bulk_once(closed, org, make_session, admin_user):
    other = make_session(capacity=5, starts=datetime.date(2026, 11, 23), deadline=datetime.date(2026, 11, 20))
    with time_machine.travel(NOV_10, tick=False):
        enrollments = [enroll(actor=e.user, session=other, employee=e) for e in (org.asn, org.asn_peer, org.outsider)]
    for enrollment in enrollments:
        for day in attendance.session_days(other):
            attendance.attendance_mark(actor=admin_user, enrollment=enrollment, day=day, present=True)
    attendance.session_complete(actor=admin_user, session=other)

    assert services.certificates_issue_missing(employee_ids=[org.asn.pk], limit=1) == 1  # the latest first
    assert Certificate.objects.get().enrollment_id == enrollments[0].pk
    assert services.certificates_issue_missing(chunk=2) == 3  # the other three completions
    assert services.certificates_issue_missing() == 0
    codes = set(Certificate.objects.values_list("code", flat=True))
    assert len(codes) == 4 and not Certificate.objects.filter(enrollment=closed[1]).exists()
    for row in Certificate.objects.select_related("enrollment__employee"):
        data = stored(row)  # each person's own page of the shared document
        assert row.sha256 == hashlib.sha256(data).hexdigest()
        assert row.code in pdf_text(data) and row.enrollment.employee.nip in pdf_text(data)


def test_the_nightly_sweep_and_the_demo_issue_what_is_missing(closed):
    with time_machine.travel(datetime.datetime(2026, 11, 25, 2, tzinfo=datetime.UTC), tick=False):
        assert tasks.certificates_sweep.delay(days=3).get() == 0  # completed on the 19th: too old for it
        assert tasks.certificates_sweep.delay().get() == 1
    out = io.StringIO()
    assert demo.build(stdout=out) == 0 and "Sertifikat pelatihan: 0 diterbitkan" in out.getvalue()
    assert Certificate.objects.get().enrollment_id == closed[0].pk


def test_user_text_prints_as_text_and_the_pdf_fetches_only_the_logo(closed):
    enrollment = closed[0]
    program = enrollment.session.program
    program.name = 'Pelatihan <img src="http://127.0.0.1:9/x"> <link rel="attachment" href="file:///etc/passwd">'
    program.partner = "<script>alert(1)</script> & Mitra"
    program.save()
    enrollments = builders.enrollments_for_certificates([enrollment.pk])
    stamp = Stamp(services.new_code(), timezone.now())
    parts = builders.certificate_parts(enrollments, {enrollment.pk: stamp})
    html = builders.document_html(list(parts.values()), title="uji")
    fetcher = pdf.StaticOnlyFetcher()
    data = pdf.render_split(html, {f"c{enrollment.pk}": "uji"}, created=stamp.generated_at, fetcher=fetcher)
    # the logo at most (a process that rendered it before has it decoded already)
    assert set(fetcher.asked) <= {"http://127.0.0.1:8000/static/img/logo.svg"}
    text = pdf_text(data[f"c{enrollment.pk}"])
    assert '<img src="http://127.0.0.1:9/x">' in text and "<script>alert(1)<" in text and "& Mitra" in text


# --- Public verification -----------------------------------------------------------------------------------
def test_verification_shows_what_the_certificate_certifies_and_nothing_more(certificate, org):
    for code in (certificate.code, certificate.code.lower()):
        response = client_for(None).get(reverse("reports:verify", args=[code]))
        assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    page = response.content.decode()
    assert "Sertifikat pelatihan" in page and org.asn.full_name in page and "Pelayanan Prima" in page
    assert "16–18 November 2026" in page and "24 JP" in page and certificate.sha256 in page
    assert "19 November 2026" in page  # the date the certificate bears
    assert "••••••••••••••" + org.asn.nip[-4:] in page and org.asn.nip not in page  # NIP masked
    for private in (org.asn.unit.name, org.asn.jabatan, "III/a"):
        assert private not in page


def test_verification_still_knows_report_codes(org, admin_user):
    with time_machine.travel(datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC), tick=False):
        period = period_open(actor=admin_user, year=2026, kind="periodic", number=11)
    report = GeneratedReport.objects.create(
        kind="employee",
        employee=org.asn,
        period=period,
        file="reports/uji.pdf",
        code="AbCdEfGhIjKlMnOp",
        sha256="0" * 64,
        size=1,
        generated_at=timezone.now(),
    )
    page = client_for(None).get(reverse("reports:verify", args=[report.code])).content.decode()
    assert "Laporan kinerja pegawai" in page and org.asn.full_name in page


@pytest.mark.parametrize("code", ["SRT-AAAA-BBBB-CCCC", "x", "A" * 16, "A" * 70])
def test_an_unknown_code_is_a_404_page_that_says_so(certificate, code):
    response = client_for(None).get(reverse("reports:verify", args=[code]))
    assert response.status_code == 404
    assert "tidak terdaftar" in response.content.decode()


def test_a_completion_taken_back_no_longer_verifies(certificate):
    Enrollment.objects.filter(pk=certificate.enrollment_id).update(status=EnrollmentStatus.NOT_COMPLETED)
    assert client_for(None).get(reverse("reports:verify", args=[certificate.code])).status_code == 404


# --- Download, links, API ----------------------------------------------------------------------------------
def test_download_for_participant_supervisors_and_admins_only(certificate, org, personas):
    top = EmployeeFactory(unit=org.unit_a, name="Atasan Tertinggi")
    type(org.supervisor).objects.filter(pk=org.supervisor.pk).update(supervisor=top)  # the line goes up
    url = reverse("trainings:certificate-download", args=[certificate.pk])
    for user in (org.asn.user, org.supervisor.user, top.user, personas["admin"]):
        response = client_for(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith('attachment; filename="sertifikat-pelayanan-prima-')
        assert b"".join(response.streaming_content) == stored(certificate)
    for user in (org.outsider.user, org.supervisor_b.user, org.asn_peer.user, personas["leader"]):
        assert client_for(user).get(url).status_code == 404, user
    assert client_for(None).get(url).status_code == 302


def test_links_on_my_jp_session_and_roster(certificate, org, admin_user, django_assert_max_num_queries):
    url = reverse("trainings:certificate-download", args=[certificate.pk])
    session = reverse("trainings:session-detail", args=[certificate.enrollment.session_id])
    with django_assert_max_num_queries(30):
        mine = client_for(org.asn.user).get(reverse("trainings:my-jp") + "?tahun=2026")
    assert url in mine.content.decode() and certificate.code in mine.content.decode()
    assert url in client_for(org.asn.user).get(session).content.decode()
    assert url in client_for(admin_user).get(session).content.decode()  # the roster
    peer = client_for(org.asn_peer.user).get(session).content.decode()  # did not complete
    assert url not in peer and "Unduh sertifikat" not in peer


def test_the_jp_api_carries_the_certificate(certificate, org, leader_user):
    entries = client_for(org.asn.user).get(reverse("api:jp-ledger") + "?year=2026").json()["entries"]
    assert [entry["certificate"]["code"] for entry in entries] == [certificate.code]
    found = entries[0]["certificate"]
    assert found["verify_url"].endswith(f"/verifikasi/{certificate.code}/") and found["sha256"] == certificate.sha256
    assert found["download_url"].endswith(reverse("trainings:certificate-download", args=[certificate.pk]))
    seen = client_for(leader_user).get(reverse("api:jp-ledger") + f"?year=2026&nip={org.asn.nip}").json()
    assert seen["entries"][0]["certificate"]["code"] == certificate.code
    assert seen["entries"][0]["certificate"]["download_url"] is None  # leaders read the ledger, not the file
