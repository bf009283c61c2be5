"""External learning: the ASN submits it with a certificate, a BKPSDM admin verifies it (JP credited
once, to the year it ended) or rejects it with a note; bad input is refused with nothing written."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.trainings.models import ExternalLearning, JpEntry, ReviewStatus
from apps.trainings.services import external
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
NOV_18 = datetime.datetime(2026, 11, 18, 2, tzinfo=datetime.UTC)
QUEUE_QUERIES = 6
OWN_LIST_QUERIES = 6

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOV_18, tick=False):
        yield


def pdf(name="sertifikat.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def png(name="sertifikat.png"):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def docx(name="sertifikat.docx"):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/msword")


def fields(**overrides):
    return {
        "title": "Kursus Analisis Data Pelayanan Publik",
        "organiser": "Universitas Sriwijaya",
        "path": "non_klasikal",
        "started_on": "2025-12-15",
        "ended_on": "2025-12-19",
        "jp_claimed": "10",
        **overrides,
    }


def submit(employee, certificate=None, **overrides):
    data = fields(**overrides)
    return external.external_submit(
        actor=employee.user,
        title=data["title"],
        organiser=data["organiser"],
        path=data["path"],
        started_on=datetime.date.fromisoformat(data["started_on"]),
        ended_on=datetime.date.fromisoformat(data["ended_on"]),
        jp_claimed=Decimal(data["jp_claimed"]),
        certificate=certificate or pdf(),
    )


def stored_certificates(employee) -> list[str]:
    try:
        return default_storage.listdir(f"sertifikat/eksternal/{employee.pk}")[1]
    except FileNotFoundError:
        return []


class TestSubmit:
    def test_asn_submits_and_sees_the_status_on_their_pages(self, org):
        client = client_for(org.asn.user)
        assert client.get("/pembelajaran/baru/").status_code == 200
        response = client.post("/pembelajaran/baru/", {**fields(), "certificate": pdf()})
        entry = ExternalLearning.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/pembelajaran/{entry.pk}/"
        assert (entry.employee, entry.status, entry.jp_claimed) == (org.asn, ReviewStatus.SUBMITTED, Decimal(10))
        assert entry.certificate_type == "application/pdf" and entry.certificate_name == "sertifikat.pdf"
        assert "Menunggu verifikasi" in client.get(f"/pembelajaran/{entry.pk}/").content.decode()
        assert "Kursus Analisis Data" in client.get("/pembelajaran/").content.decode()
        jp_page = client.get("/jp/?tahun=2025").content.decode()
        assert "Kursus Analisis Data" in jp_page and "Menunggu verifikasi" in jp_page

    def test_an_image_is_accepted_and_re_encoded(self, org):
        entry = submit(org.asn, certificate=png())
        assert entry.certificate_type == "image/png"

    @pytest.mark.parametrize(
        "overrides, upload, field, words",
        [
            ({"ended_on": "2025-12-10"}, pdf, "ended_on", "sebelum tanggal mulai"),
            ({"ended_on": "2026-11-30"}, pdf, "ended_on", "belum selesai"),
            ({"jp_claimed": "0"}, pdf, "jp_claimed", "lebih dari 0"),
            ({"jp_claimed": "-3"}, pdf, "jp_claimed", "lebih dari 0"),
            ({"jp_claimed": "201"}, pdf, "jp_claimed", "paling banyak 200"),
            ({}, docx, "certificate", "bukan PDF atau gambar"),
            ({}, lambda: pdf("palsu.pdf", b"<html><script>alert(1)</script></html>"), "certificate", "bukan PDF"),
            ({}, lambda: pdf(data=PDF + b"0" * (5 * 1024 * 1024)), "certificate", "batasnya 5,0"),
            ({}, None, "certificate", "Unggah sertifikat"),
            ({"title": "   "}, pdf, "title", "Isi nama kegiatan"),
        ],
    )
    def test_bad_input_is_a_400_with_the_reason_and_nothing_written(self, org, overrides, upload, field, words):
        data = {**fields(**overrides)}
        if upload is not None:
            data["certificate"] = upload()
        response = client_for(org.asn.user).post("/pembelajaran/baru/", data)
        page = response.content.decode()
        assert response.status_code == 400
        assert words in page
        assert f'id="id_{field}_error"' in page  # the message sits on its field
        assert "Universitas Sriwijaya" in page  # what was typed stays
        assert not ExternalLearning.objects.exists()
        assert stored_certificates(org.asn) == []

    def test_who_may_submit(self, org, admin_user, leader_user):
        assert client_for(admin_user).get("/pembelajaran/baru/").status_code == 403
        assert (
            client_for(leader_user).post("/pembelajaran/baru/", {**fields(), "certificate": pdf()}).status_code == 403
        )
        response = client_for(None).get("/pembelajaran/")
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert not ExternalLearning.objects.exists()


class TestCertificate:
    def test_downloaded_as_an_attachment_only_by_those_in_scope(self, org, admin_user):
        entry = submit(org.asn)
        url = f"/pembelajaran/{entry.pk}/sertifikat/"
        for user in (org.asn.user, org.supervisor.user, admin_user):
            response = client_for(user).get(url)
            assert response.status_code == 200
            assert response["Content-Disposition"].startswith("attachment")
            assert response["Content-Type"] == "application/pdf"
            assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert client_for(org.outsider.user).get(url).status_code == 404
        assert client_for(org.outsider.user).get(f"/pembelajaran/{entry.pk}/").status_code == 404
        assert client_for(org.asn_peer.user).get(url).status_code == 404


class TestVerification:
    def test_admin_verifies_from_the_queue_and_the_jp_go_to_the_year_it_ended(self, org, admin_user):
        entry = submit(org.asn)
        admin = client_for(admin_user)
        queue = admin.get("/pembelajaran/verifikasi/").content.decode()
        assert org.asn.full_name in queue and f"/pembelajaran/{entry.pk}/sertifikat/" in queue
        detail = admin.get(f"/pembelajaran/{entry.pk}/").content.decode()
        assert "Verifikasi dan catat JP" in detail and 'value="10.0"' in detail  # prefilled with the claim
        response = admin.post(f"/pembelajaran/{entry.pk}/verifikasi/", {"verify-jp_accepted": "8", "verify-note": ""})
        assert response.status_code == 302 and response["Location"] == "/pembelajaran/verifikasi/"
        entry.refresh_from_db()
        assert (entry.status, entry.jp_credited, entry.reviewed_by) == (ReviewStatus.VERIFIED, Decimal(8), admin_user)
        credit = JpEntry.objects.get()
        assert (credit.employee, credit.year, credit.jp, credit.source, credit.source_key) == (
            org.asn,
            2025,
            Decimal(8),
            "external",
            f"external:{entry.pk}",
        )
        assert credit.counts_toward_pppk_cap
        assert "8 JP diakui" in client_for(org.asn.user).get("/jp/?tahun=2025").content.decode()

    def test_verifying_twice_credits_once(self, org, admin_user):
        entry = submit(org.asn)
        admin = client_for(admin_user)
        admin.post(f"/pembelajaran/{entry.pk}/verifikasi/", {"verify-jp_accepted": "10"})
        response = admin.post(f"/pembelajaran/{entry.pk}/verifikasi/", {"verify-jp_accepted": "10"}, follow=True)
        assert "sudah diverifikasi" in response.content.decode()
        assert JpEntry.objects.count() == 1
        with pytest.raises(ValidationError):
            external.external_reject(actor=admin_user, entry=entry, note="terlambat")
        entry.refresh_from_db()
        assert entry.status == ReviewStatus.VERIFIED

    @pytest.mark.parametrize("jp, words", [("12", "paling banyak 10"), ("0", "lebih dari 0"), ("abc", "bilangan")])
    def test_the_jp_accepted_is_between_0_and_the_claim(self, org, admin_user, jp, words):
        entry = submit(org.asn)
        response = client_for(admin_user).post(
            f"/pembelajaran/{entry.pk}/verifikasi/", {"verify-jp_accepted": jp, "verify-note": "cek"}
        )
        page = response.content.decode()
        assert response.status_code == 400 and words in page and 'value="cek"' in page
        assert not JpEntry.objects.exists()
        entry.refresh_from_db()
        assert entry.status == ReviewStatus.SUBMITTED

    def test_reject_needs_a_note_the_asn_reads(self, org, admin_user):
        entry = submit(org.asn)
        admin = client_for(admin_user)
        response = admin.post(f"/pembelajaran/{entry.pk}/tolak/", {"reject-note": ""})
        assert response.status_code == 400 and "Tulis alasan penolakan" in response.content.decode()
        assert (
            admin.post(f"/pembelajaran/{entry.pk}/tolak/", {"reject-note": "Sertifikat tidak terbaca."}).status_code
            == 302
        )
        entry.refresh_from_db()
        assert entry.status == ReviewStatus.REJECTED and not JpEntry.objects.exists()
        client = client_for(org.asn.user)
        assert "Sertifikat tidak terbaca." in client.get("/pembelajaran/").content.decode()
        assert "Ditolak" in client.get("/jp/?tahun=2025").content.decode()

    def test_only_admins_verify(self, org, admin_user, leader_user):
        entry = submit(org.asn)
        for user in (org.asn.user, org.supervisor.user, leader_user):
            assert (
                client_for(user).post(f"/pembelajaran/{entry.pk}/verifikasi/", {"verify-jp_accepted": "10"}).status_code
                == 403
            )
            assert client_for(user).post(f"/pembelajaran/{entry.pk}/tolak/", {"reject-note": "x"}).status_code == 403
            assert client_for(user).get("/pembelajaran/verifikasi/").status_code == 403
        assert (
            "Verifikasi dan catat JP"
            not in client_for(org.supervisor.user).get(f"/pembelajaran/{entry.pk}/").content.decode()
        )
        assert client_for(admin_user).get(f"/pembelajaran/{entry.pk}/verifikasi/").status_code == 405
        assert client_for(admin_user).get(f"/pembelajaran/{entry.pk}/tolak/").status_code == 405
        assert (
            client_for(admin_user).post("/pembelajaran/999999/verifikasi/", {"verify-jp_accepted": "1"}).status_code
            == 404
        )
        entry.refresh_from_db()
        assert entry.status == ReviewStatus.SUBMITTED and not JpEntry.objects.exists()


class TestQueryCounts:
    @pytest.mark.parametrize("rows", [1, 20])
    def test_queue_and_own_list_do_not_grow(self, org, admin_user, rows, django_assert_max_num_queries):
        for n in range(rows):
            submit(org.asn, title=f"Kursus {n}")
        admin = client_for(admin_user)
        with django_assert_max_num_queries(QUEUE_QUERIES):
            assert admin.get("/pembelajaran/verifikasi/").status_code == 200
        client = client_for(org.asn.user)
        with django_assert_max_num_queries(OWN_LIST_QUERIES):
            assert client.get("/pembelajaran/").status_code == 200
