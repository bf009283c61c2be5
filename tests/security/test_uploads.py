"""Uploads (security issue, item 7): every upload endpoint, page and API, against a corpus of
hostile files (tests/security/upload_corpus.py). Each is refused with an Indonesian message (the
form again with its error, or an API 400), never a 500, and nothing is stored: no row and no new
file under MEDIA_ROOT (a real FileSystemStorage in a temporary folder). What is accepted is
stored without EXIF, under a server-made path, with a display name cleaned of folders and bidi
controls. Every download of a stored file is an attachment with nosniff, and a 404 for whoever
may not see the object it belongs to."""

import datetime
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from apps.core.uploads import check_evidence
from apps.daily_reports.models import Evidence, ReportSettings
from apps.daily_reports.services import filing
from apps.employees.imports.models import EmployeeImport
from apps.employees.imports.services import employee_import_create
from apps.employees.models import Employee
from apps.evaluations.models import EvaluationPeriod
from apps.evaluations.reports.models import GeneratedReport
from apps.indicators.models import Iki, IkiRealisation
from apps.indicators.services import realisation
from apps.public_feedback.models import Complaint, ComplaintAttachment, ComplaintEntry
from apps.trainings.models import Certificate, Enrollment, ExternalLearning, TrainingProgram, TrainingSession
from tests.conftest import client_for
from tests.daily_reports.test_api import make_report
from tests.employees.test_import import csv_bytes
from tests.employees.test_import import row as import_row
from tests.indicators.conftest import build_skp
from tests.public_feedback.conftest import submit_complaint
from tests.public_feedback.helpers import form_data, jpeg_upload
from tests.trainings.test_external import fields as external_fields
from tests.trainings.test_external import submit as external_submit

from . import upload_corpus as corpus

pytestmark = pytest.mark.django_db
NOV_18 = datetime.datetime(2026, 11, 18, 2, 0, tzinfo=datetime.UTC)  # a Wednesday, 09.00 WIB


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    with time_machine.travel(NOV_18, tick=False):
        yield tmp_path


def files_under(folder) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


# --- the upload endpoints --------------------------------------------------------------------------


@dataclass
class Endpoint:
    client: Client
    url: str
    file_field: str
    rows: Callable[[], int]  # what a refusal must leave unchanged
    stored: Callable[[], tuple[str, object]]  # the latest upload: (display name, FieldFile)
    page: str | None  # the page the form is on (None: an API)
    data: dict = field(default_factory=dict)  # the other fields of a valid submission
    follow: bool = False  # the page answers with a redirect and shows the message there

    def post(self, *parts: corpus.Part):
        body, content_type = corpus.multipart(self.data, list(parts))
        return self.client.post(self.url, data=body, content_type=content_type, follow=self.follow)

    def part(self, name: str, data: bytes, content_type="application/octet-stream") -> corpus.Part:
        return corpus.Part(self.file_field, name, data, content_type)


def _latest(model, name_field: str, file_field: str):
    def latest():
        row = model.objects.order_by("pk").last()
        return getattr(row, name_field), getattr(row, file_field)

    return latest


def _daily(org, *, api):
    pk = make_report(org.asn).activities.get().pk
    url = f"/api/v1/daily-reports/activities/{pk}/evidence/" if api else f"/laporan/kegiatan/{pk}/bukti/"
    return Endpoint(
        client_for(org.asn.user),
        url,
        "file",
        rows=Evidence.objects.count,
        stored=_latest(Evidence, "original_name", "file"),
        page=None if api else "/laporan/hari/2026-11-18/",
        follow=not api,
    )


def _complaint_rows() -> int:
    return Complaint.objects.count() + ComplaintAttachment.objects.count() + ComplaintEntry.objects.count()


_latest_attachment = _latest(ComplaintAttachment, "original_name", "file")


def _complaint(org, *, api):
    if api:
        return Endpoint(
            Client(),
            "/api/v1/public/complaints/",
            "attachments",
            rows=_complaint_rows,
            stored=_latest_attachment,
            page=None,
            data={"kind": "pengaduan", "description": "Loket tutup sebelum jam layanan berakhir."},
        )
    url = reverse("pengaduan:complaint-create")
    return Endpoint(
        Client(), url, "attachments", rows=_complaint_rows, stored=_latest_attachment, page=url, data=form_data()
    )


def _complaint_add_info(org):
    complaint, code = submit_complaint()
    client = Client()
    client.post(reverse("pengaduan:complaint-track"), {"code": code})
    return Endpoint(
        client,
        reverse("pengaduan:complaint-add-info", args=[complaint.reference]),
        "attachments",
        rows=_complaint_rows,
        stored=_latest_attachment,
        page=reverse("pengaduan:complaint-detail", args=[complaint.reference]),
        data={"text": "Foto antrean pagi ini."},
    )


def _skp(org):
    iki = Iki.objects.get(rhk__skp=build_skp(org.asn, approve_by=org.supervisor.user))
    url = f"/skp/iki/{iki.pk}/realisasi/"
    return Endpoint(
        client_for(org.asn.user),
        url,
        "evidence",
        rows=IkiRealisation.objects.count,
        stored=_latest(IkiRealisation, "evidence_name", "evidence"),
        page=url,
        data={"period": "1", "value": "8", "note": "Januari"},
    )


def _external(org):
    return Endpoint(
        client_for(org.asn.user),
        "/pembelajaran/baru/",
        "certificate",
        rows=ExternalLearning.objects.count,
        stored=_latest(ExternalLearning, "certificate_name", "certificate"),
        page="/pembelajaran/baru/",
        data=external_fields(),
    )


ENDPOINTS = {
    "laporan-harian-halaman": lambda org: _daily(org, api=False),
    "laporan-harian-api": lambda org: _daily(org, api=True),
    "pengaduan-formulir": lambda org: _complaint(org, api=False),
    "pengaduan-api": lambda org: _complaint(org, api=True),
    "pengaduan-tambah-informasi": _complaint_add_info,
    "skp-realisasi": _skp,
    "pembelajaran-eksternal": _external,
}
MULTI_FILE = {"pengaduan-formulir", "pengaduan-api", "pengaduan-tambah-informasi"}
APIS = {"laporan-harian-api", "pengaduan-api"}
TOO_MANY = {True: (4, r"Paling banyak 3 lampiran"), False: (2, r"Pilih satu file saja")}
REFUSAL_WORDS = {pattern for *_, pattern in corpus.REFUSED} | {words for _n, words in TOO_MANY.values()}


@pytest.fixture(params=list(ENDPOINTS))
def endpoint(request, org) -> Endpoint:
    return ENDPOINTS[request.param](org)


def refusal_text(endpoint: Endpoint, response) -> str:
    """The refusal's words, after checking it is one: an API 400, or the form again (200/400)."""
    assert response.status_code != 500
    if endpoint.page is None:
        assert response.status_code == 400, response.content[:500]
        return json.dumps(response.json(), ensure_ascii=False)
    assert response.status_code in (200, 400), response.status_code
    return response.content.decode()


def assert_refused_and_nothing_stored(endpoint, media, parts, pattern):
    rows, files = endpoint.rows(), files_under(media)
    text = refusal_text(endpoint, endpoint.post(*parts))
    assert re.search(pattern, text), text[-3000:]
    assert not corpus.BIDI_AND_CONTROL & set(text) and "etc/passwd" not in text
    assert endpoint.rows() == rows
    assert files_under(media) == files


@pytest.mark.parametrize("endpoint", [name for name in ENDPOINTS if name not in APIS], indirect=True)
def test_the_words_of_the_refusals_are_not_on_the_page_to_begin_with(endpoint):
    """So finding them on the page after a refusal shows the refusal, not a help text."""
    page = endpoint.client.get(endpoint.page).content.decode()
    assert [pattern for pattern in REFUSAL_WORDS if re.search(pattern, page)] == []


@pytest.mark.parametrize(
    ("name", "make", "pattern"), [item[1:] for item in corpus.REFUSED], ids=[item[0] for item in corpus.REFUSED]
)
def test_hostile_file_is_refused_with_a_message_and_nothing_stored(endpoint, media, name, make, pattern):
    assert_refused_and_nothing_stored(endpoint, media, [endpoint.part(name, make())], pattern)


def test_more_files_than_the_field_takes_are_refused_and_none_stored(request, endpoint, media):
    many, pattern = TOO_MANY[request.node.callspec.params["endpoint"] in MULTI_FILE]
    parts = [endpoint.part(f"foto-{n}.png", corpus.png(), "image/png") for n in range(many)]
    assert_refused_and_nothing_stored(endpoint, media, parts, pattern)


def test_a_request_with_too_many_files_is_a_400_and_nothing_stored(endpoint, media):
    """Over DATA_UPLOAD_MAX_NUMBER_FILES (10) Django stops reading the request: the API and the 400
    page both say why."""
    rows, files = endpoint.rows(), files_under(media)
    response = endpoint.post(*[endpoint.part(f"{n}.png", corpus.png(), "image/png") for n in range(11)])
    assert response.status_code == 400
    why = "Terlalu banyak file dalam satu kiriman; paling banyak 10."
    if endpoint.page is None:
        assert response.json() == {"detail": why}
    else:
        assert why in response.content.decode()
    assert (endpoint.rows(), files_under(media)) == (rows, files)


def test_an_evidence_over_the_activitys_limit_is_refused(org, media):
    endpoint = _daily(org, api=False)
    ReportSettings.objects.update(max_files=1)
    assert endpoint.post(endpoint.part("satu.pdf", corpus.pdf())).status_code == 200
    assert_refused_and_nothing_stored(
        endpoint, media, [endpoint.part("dua.pdf", corpus.pdf())], r"paling banyak 1 bukti"
    )


@pytest.mark.parametrize("kind", ["jpeg", "png"])
def test_an_accepted_image_loses_its_exif_and_is_stored_under_a_server_made_name(endpoint, media, kind):
    data = getattr(corpus, kind)(exif=corpus.gps_exif())
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(0x8825)  # the GPS position is there to begin with
    rows, files = endpoint.rows(), files_under(media)
    response = endpoint.post(endpoint.part("foto\u202egpj.exe", data, f"image/{kind}"))
    assert response.status_code in (200, 201, 302), response.content[-2000:]
    assert endpoint.rows() > rows
    (new_file,) = files_under(media) - files
    shown, stored = endpoint.stored()
    assert stored.name == new_file and "foto" not in new_file and "gpj" not in new_file
    assert shown == f"fotogpj.exe.{'jpg' if kind == 'jpeg' else 'png'}"
    with stored.open("rb") as handle, Image.open(handle) as clean:
        assert clean.format == kind.upper() and not clean.getexif()


@pytest.mark.parametrize(("sent", "shown"), corpus.HOSTILE_NAMES)
def test_hostile_names_are_cleaned_for_display_and_never_reach_the_file_system(org, media, sent, shown):
    endpoint = _daily(org, api=True)
    response = endpoint.post(endpoint.part(sent, corpus.jpeg(), "image/jpeg"))
    assert response.status_code == 201, response.content
    assert response.json()["original_name"] == shown == endpoint.stored()[0]
    assert not {"/", "\\"} & set(shown) and not corpus.BIDI_AND_CONTROL & set(shown)
    # the service cleans the name itself too, for callers that are not Django's multipart parser
    checked = check_evidence(SimpleUploadedFile(sent, corpus.jpeg()))
    assert not {"/", "\\"} & set(checked.original_name) and not corpus.BIDI_AND_CONTROL & set(checked.original_name)
    assert checked.original_name.endswith(".jpg") and ".." not in checked.original_name


# --- the employee import (CSV/XLSX, BKPSDM admins) --------------------------------------------------

IMPORT_URL = "/impor-pegawai/"


def _import(admin, *parts: corpus.Part):
    body, content_type = corpus.multipart({}, list(parts))
    return client_for(admin).post(IMPORT_URL, data=body, content_type=content_type)


@pytest.mark.parametrize("case", [*corpus.IMPORT_REFUSED, "two-files"])
def test_the_employee_import_refuses_hostile_files_and_writes_no_employee(org, admin_user, media, case):
    before = (Employee.objects.count(), files_under(media))
    if case == "two-files":
        parts, words = [corpus.Part("file", f"{n}.csv", csv_bytes([import_row(n)])) for n in (1, 2)], "satu file"
    else:
        name, make, words = corpus.IMPORT_REFUSED[case]
        parts = [corpus.Part("file", name, make())]
    response = _import(admin_user, *parts)
    page = response.content.decode()
    assert response.status_code == 400 and words in page
    assert words not in client_for(admin_user).get(IMPORT_URL).content.decode()
    assert not corpus.BIDI_AND_CONTROL & set(page)
    assert (Employee.objects.count(), files_under(media)) == before
    assert all(tried.status == "failed" and tried.rows == [] for tried in EmployeeImport.objects.all())


def test_the_import_keeps_a_clean_file_name_for_its_preview(org, admin_user):
    response = _import(admin_user, corpus.Part("file", "..\\data\\\u2067pegawai\u2069.csv", csv_bytes([import_row(1)])))
    assert response.status_code == 302
    through_the_page = EmployeeImport.objects.get()
    direct = employee_import_create(
        actor=admin_user, uploaded_file=SimpleUploadedFile("../x/\u202epegawai.csv", b"NIP\n1\n")
    )
    assert (through_the_page.file_name, direct.file_name) == ("pegawai.csv", "pegawai.csv")


# --- the downloads -----------------------------------------------------------------------------


def _stored_pdf(path: str) -> str:
    return default_storage.save(path, ContentFile(corpus.pdf()))


def _daily_download(org, admin):
    activity = make_report(org.asn).activities.get()
    evidence = filing.evidence_add(
        actor=org.asn.user, activity=activity, upload=SimpleUploadedFile("a.pdf", corpus.pdf())
    )
    return f"/laporan/bukti/{evidence.pk}/"


def _skp_download(org, admin):
    iki = Iki.objects.get(rhk__skp=build_skp(org.asn, approve_by=org.supervisor.user))
    entry = realisation.realisation_add(
        actor=org.asn.user, iki=iki, period=1, value=Decimal(8), evidence=SimpleUploadedFile("a.pdf", corpus.pdf())
    )
    return f"/skp/realisasi/{entry.pk}/bukti/"


def _external_download(org, admin):
    entry = external_submit(org.asn, certificate=SimpleUploadedFile("s.pdf", corpus.pdf()))
    return f"/pembelajaran/{entry.pk}/sertifikat/"


def _complaint_staff_download(org, admin):
    complaint, _code = submit_complaint(uploads=[jpeg_upload()])
    url = reverse("kelola_pengaduan:complaint-attachment", args=[complaint.pk, complaint.attachments.get().pk])
    return url, client_for(admin), client_for(org.outsider.user)


def _complaint_reporter_download(org, admin):
    complaint, code = submit_complaint(uploads=[jpeg_upload()])
    reporter = Client()
    reporter.post(reverse("pengaduan:complaint-track"), {"code": code})
    url = reverse("pengaduan:attachment-download", args=[complaint.reference, complaint.attachments.get().pk])
    return url, reporter, Client()


def _training_certificate_download(org, admin):
    program = TrainingProgram.objects.create(
        name="Pelayanan Prima", path="klasikal", method="pelatihan_manajerial", jp=Decimal(24)
    )
    day = datetime.date(2026, 11, 16)
    session = TrainingSession.objects.create(
        program=program, starts_on=day, ends_on=day, capacity=5, registration_deadline=day
    )
    enrollment = Enrollment.objects.create(session=session, employee=org.asn, status="completed")
    certificate = Certificate.objects.create(
        enrollment=enrollment,
        file=_stored_pdf("sertifikat/uji.pdf"),
        code="SRT-UJI-0001",
        sha256="0" * 64,
        size=80,
        generated_at=timezone.now(),
    )
    return f"/pelatihan/sertifikat/{certificate.pk}/unduh/"


def _report(org):
    period = EvaluationPeriod.objects.create(
        year=2026, number=10, starts_on=datetime.date(2026, 10, 1), ends_on=datetime.date(2026, 10, 31)
    )
    return GeneratedReport.objects.create(
        kind="employee",
        employee=org.asn,
        period=period,
        code="LAP-UJI-0001",
        file=_stored_pdf("laporan/uji.pdf"),
        sha256="0" * 64,
        size=80,
        generated_at=timezone.now(),
    )


DOWNLOADS = {
    "bukti-laporan-harian": _daily_download,
    "bukti-realisasi-skp": _skp_download,
    "sertifikat-pembelajaran-eksternal": _external_download,
    "lampiran-pengaduan-petugas": _complaint_staff_download,
    "lampiran-pengaduan-pelapor": _complaint_reporter_download,
    "sertifikat-pelatihan": _training_certificate_download,
    "dokumen-laporan-kinerja": lambda org, admin: f"/laporan-kinerja/dokumen/{_report(org).pk}/unduh/",
    "dokumen-laporan-kinerja-api": lambda org, admin: f"/api/v1/reports/{_report(org).pk}/download/",
}


@pytest.mark.parametrize("build", list(DOWNLOADS.values()), ids=list(DOWNLOADS))
def test_downloads_are_attachments_with_nosniff_and_404_outside_the_scope(org, admin_user, build):
    built = build(org, admin_user)  # the URL of the ASN's file (the outsider may not see it), or who may and who not
    url, allowed, stranger = (
        built if isinstance(built, tuple) else (built, client_for(org.asn.user), client_for(org.outsider.user))
    )
    response = allowed.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith((b"%PDF-", b"\xff\xd8\xff"))
    assert stranger.get(url).status_code == 404
