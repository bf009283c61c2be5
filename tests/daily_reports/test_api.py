"""The daily-report API: filing a day with its activities in one all-or-nothing request, the same
refusals as the pages (in Indonesian), scope (out of scope is 404, a forbidden action 403), the
review moving IKI realisation, evidence checks, token auth, and query counts that do not grow."""

import datetime
import io
import itertools
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from apps.accounts import services as account_services
from apps.daily_reports.models import (
    Activity,
    DailyReport,
    Evidence,
    IkiRollup,
    ReportEvent,
    ReportSettings,
    ReportStatus,
)
from apps.daily_reports.services import filing, review
from apps.indicators.models import Iki
from apps.indicators.selectors.achievement import skp_result
from tests.conftest import client_for
from tests.indicators.conftest import build_skp

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db

LIST = "/api/v1/daily-reports/"
SUNDAY = datetime.date(2026, 11, 15)
TOMORROW = datetime.date(2026, 11, 19)


def detail_url(report_id):
    return f"{LIST}{report_id}/"


def evidence_url(activity_id):
    return f"{LIST}activities/{activity_id}/evidence/"


def activity(start, end, **fields):
    """One activity of a payload: ``start``/``end`` as "HH:MM"."""
    return {"description": "Mengagendakan surat masuk", "iki": None, "quantity": None, "starts_at": start,
            "ends_at": end, "place": "kantor", **fields}  # fmt: skip


def hours(n, first=7):
    """n one-hour activities back to back from ``first`` o'clock."""
    return [activity(f"{h:02d}:00", f"{h + 1:02d}:00", description=f"Kegiatan {h}") for h in range(first, first + n)]


def quarters(n, first=6):
    """n quarter-hour activities back to back from ``first`` o'clock (50 end at 18:30)."""
    starts = [first * 60 + 15 * k for k in range(n + 1)]
    return [activity(f"{a // 60:02d}:{a % 60:02d}", f"{b // 60:02d}:{b % 60:02d}", description=f"Kegiatan {k}")
            for k, (a, b) in enumerate(itertools.pairwise(starts))]  # fmt: skip


def file_day(client, day=TODAY, activities=()):
    return client.post(LIST, {"date": str(day), "activities": list(activities)}, content_type="application/json")


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(client, activity_id, name="bukti.png", content=None, content_type="image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = png_bytes() if content is None else content
    return client.post(evidence_url(activity_id), {"file": SimpleUploadedFile(name, data, content_type)})


def make_report(employee, day=TODAY, *, activities=1, submit=False):
    """A report written through the services, as the employee would on the page."""
    report = filing.report_open(actor=employee.user, day=day)
    for n in range(activities):
        filing.activity_save(actor=employee.user, report=report, description=f"Kegiatan {n}", iki=None, quantity=None,
                             starts_at=at(7 + n), ends_at=at(8 + n), place="kantor")  # fmt: skip
    if submit:
        review.daily_report_submit(actor=employee.user, report=report)
    return report


@pytest.fixture
def iki(org, today):
    skp = build_skp(org.asn, approve_by=org.supervisor.user)
    return Iki.objects.select_related("rhk__skp").get(rhk__skp=skp)


@pytest.fixture
def asn(org, today):
    return client_for(org.asn.user)


class TestFiling:
    def test_creates_the_day_with_three_activities(self, org, asn, iki):
        response = file_day(asn, activities=[
            activity("08:00", "09:30", iki=iki.pk, quantity="4", description="Memproses surat keluar"),
            activity("07:30", "08:00", description="Apel pagi"),
            activity("10:00", "12:00", place="lapangan", quantity=None),
        ])  # fmt: skip
        assert response.status_code == 201, response.content
        data = response.json()
        report = DailyReport.objects.get(employee=org.asn, date=TODAY)
        assert response["Location"] == detail_url(report.pk)
        assert data["id"] == report.pk and data["date"] == "2026-11-18"
        assert data["status"] == ReportStatus.DRAFT and data["status_label"] == "Draf"
        assert data["employee"]["nip"] == org.asn.nip and data["activity_count"] == 3
        assert [a["starts_at"] for a in data["activities"]] == ["07:30", "08:00", "10:00"]  # in time order
        linked = data["activities"][1]
        assert linked["iki"] == {"id": iki.pk, "text": iki.text, "target_unit": "dokumen"}
        assert (linked["quantity"], linked["unit"], linked["ends_at"]) == ("4.00", "dokumen", "09:30")
        assert data["activities"][2]["place"] == "lapangan" and data["activities"][2]["place_label"] == "Lapangan"
        assert data["activities"][0]["iki"] is None and data["activities"][0]["evidence"] == []
        assert data["events"] == [] and data["reviewed_by"] is None
        assert Activity.objects.filter(report=report).count() == 3

    def test_the_answer_of_a_new_day_is_what_reading_it_back_gives(self, org, asn, iki):
        response = file_day(asn, activities=[
            activity("10:00", "12:00", place="lapangan", description="Verifikasi lapangan"),
            activity("08:00", "09:30", iki=iki.pk, quantity="4.5", description="  Memproses surat keluar "),
            activity("07:30", "08:00", description="Apel pagi"),
        ])  # fmt: skip
        assert response.status_code == 201, response.content
        assert response.json() == asn.get(response["Location"]).json()

    @pytest.mark.parametrize("by_token", [False, True], ids=["session", "token"])
    def test_filing_costs_the_same_queries_for_1_10_or_50_activities(self, org, iki, by_token):
        ReportSettings.objects.update_or_create(pk=1, defaults={"max_activities": 50})
        if by_token:  # as the benchmark files: a script with a personal token, no session
            _, key = account_services.api_token_create(actor=org.asn.user, name="skrip")
            client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        else:
            client = client_for(org.asn.user)
        file_day(client, day=datetime.date(2026, 11, 12), activities=hours(1))  # a first use stamps the token
        counts = []
        for day, n in ((datetime.date(2026, 11, 13), 1), (datetime.date(2026, 11, 17), 10), (TODAY, 50)):
            rows = [dict(row, iki=iki.pk, quantity="1") for row in quarters(n)]
            with CaptureQueriesContext(connection) as queries:
                response = file_day(client, day=day, activities=rows)
            assert response.status_code == 201, response.content
            assert len(response.json()["activities"]) == n
            counts.append(len(queries))
        # token: the token with its user and employee, then BEGIN, the report lookup, the settings,
        # the holiday table, SAVEPOINT, the report INSERT, RELEASE, the IKI, the activities INSERT,
        # COMMIT; a session costs the session, the user and the employee instead of the token
        assert counts[0] == counts[1] == counts[2] <= (11 if by_token else 13), counts

    def test_filing_does_not_ask_whether_the_filer_supervises_anyone(self, org, asn):
        with CaptureQueriesContext(connection) as queries:
            assert file_day(asn, activities=hours(2)).status_code == 201
        subordinates = [q["sql"] for q in queries if q["sql"].startswith('SELECT 1 AS "a" FROM "employees_employee"')]
        assert subordinates == []  # access.roles answers "ASN?" without the reporting lines

    def test_an_existing_draft_gets_the_activities_appended(self, org, asn):
        report = make_report(org.asn, activities=1)  # 07:00-08:00
        response = file_day(asn, activities=hours(2, first=8))
        assert response.status_code == 200, response.content
        assert response.json()["id"] == report.pk and response.json()["activity_count"] == 3
        assert DailyReport.objects.count() == 1

    def test_a_day_without_activities_opens_the_report(self, org, asn):
        response = file_day(asn)
        assert response.status_code == 201 and response.json()["activities"] == []

    def test_an_overlap_inside_the_payload_writes_nothing(self, org, asn):
        response = file_day(asn, activities=[activity("08:00", "09:00", description="Apel pagi"),
                                             activity("08:30", "10:00")])  # fmt: skip
        assert response.status_code == 400
        errors = response.json()["activities"]
        assert list(errors) == ["1"]
        assert "bertabrakan" in errors["1"]["starts_at"][0] and "Apel pagi" in errors["1"]["starts_at"][0]
        assert not DailyReport.objects.exists() and not Activity.objects.exists()

    def test_a_refused_activity_leaves_an_existing_draft_as_it_was(self, org, asn):
        report = make_report(org.asn, activities=1)  # 07:00-08:00
        response = file_day(asn, activities=[activity("08:00", "09:00"), activity("07:30", "08:30")])
        assert response.status_code == 400 and "bertabrakan" in response.json()["activities"]["1"]["starts_at"][0]
        assert report.activities.count() == 1

    def test_errors_are_collected_for_every_activity(self, org, asn):
        response = file_day(asn, activities=[activity("09:00", "08:00"), activity("10:00", "11:00", description=" ")])
        assert response.status_code == 400
        errors = response.json()["activities"]
        assert errors["0"] == {"ends_at": ["Jam selesai harus setelah jam mulai."]}
        assert errors["1"] == {"description": ["Tulis uraian kegiatannya."]}

    @pytest.mark.parametrize(
        "day, words",
        [(TOMORROW, "belum tiba"), (SUNDAY, "bukan hari kerja"), (datetime.date(2026, 11, 12), "lewat batas")],
        ids=["future", "sunday", "too-old"],
    )  # fmt: skip
    def test_refused_days_say_why_in_indonesian(self, org, asn, day, words):
        response = file_day(asn, day=day, activities=hours(1))
        assert response.status_code == 400
        assert list(response.json()) == ["date"] and words in response.json()["date"][0]
        assert not DailyReport.objects.exists()

    @pytest.mark.parametrize("quantity", ["-1", str(10**12), "1e30"])
    def test_quantity_out_of_range(self, org, asn, iki, quantity):
        response = file_day(asn, activities=[activity("08:00", "09:00", iki=iki.pk, quantity=quantity)])
        assert response.status_code == 400
        assert response.json()["activities"]["0"]["quantity"] == ["Kuantitas harus antara 0 dan 999.999.999."]
        assert not Activity.objects.exists()

    def test_an_indicator_needs_a_quantity(self, org, asn, iki):
        response = file_day(asn, activities=[activity("08:00", "09:00", iki=iki.pk)])
        assert "lebih dari 0" in response.json()["activities"]["0"]["quantity"][0]

    def test_someone_elses_or_an_unknown_indicator_reads_the_same(self, org, iki, today):
        peer = client_for(org.asn_peer.user)
        for iki_id in (iki.pk, 999999):
            response = file_day(peer, activities=[activity("08:00", "09:00", iki=iki_id, quantity="1")])
            assert response.status_code == 400
            assert response.json()["activities"]["0"]["iki"] == ["Indikator itu bukan bagian dari SKP Anda tahun 2026."]
        assert not DailyReport.objects.exists()

    @pytest.mark.parametrize(
        "payload, field, message",
        [
            ({"date": "18-11-2026"}, "date", "TTTT-BB-HH"),
            ({"date": "2026-02-30"}, "date", "TTTT-BB-HH"),
            ({"activities": []}, "date", "Isi tanggal laporan."),
            ({"date": "2026-11-18", "activities": "banyak"}, "activities", "daftar"),
        ],
    )  # fmt: skip
    def test_malformed_requests_are_400_in_indonesian(self, asn, payload, field, message):
        response = asn.post(LIST, payload, content_type="application/json")
        assert response.status_code == 400
        assert message in response.json()[field][0]

    @pytest.mark.parametrize(
        "fields, field, message",
        [
            ({"starts_at": "8 pagi"}, "starts_at", "JJ:MM"),
            ({"ends_at": None}, "ends_at", "Isi jam selesai."),
            ({"place": "kafe"}, "place", "Pilih tempat kegiatan."),
            ({"quantity": "banyak"}, "quantity", "harus berupa angka"),
            ({"quantity": "1.234"}, "quantity", "2 angka di belakang koma"),
            ({"iki": "satu"}, "iki", "id-nya"),
            ({"iki": 10**30}, "iki", "id-nya"),
            ({"description": "x" * 501}, "description", "500 karakter"),
        ],
    )  # fmt: skip
    def test_malformed_activities_are_400_per_index(self, asn, fields, field, message):
        response = file_day(asn, activities=[activity("08:00", "09:00"), activity("09:00", "10:00", **fields)])
        assert response.status_code == 400
        assert message in response.json()["activities"]["1"][field][0]
        assert not DailyReport.objects.exists()

    def test_a_submitted_day_is_locked(self, org, asn):
        make_report(org.asn, submit=True)
        response = file_day(asn, activities=hours(1, first=9))
        assert response.status_code == 400 and "terkunci" in response.json()["date"][0]

    @pytest.mark.parametrize("role", ["admin", "leader"])
    def test_accounts_without_an_employee_record_cannot_file(self, personas, today, role):
        response = file_day(client_for(personas[role]), activities=hours(1))
        assert response.status_code == 403 and "tidak terhubung dengan data pegawai" in response.json()["detail"]

    def test_anonymous_is_401(self, today):
        assert file_day(Client(), activities=hours(1)).status_code == 401
        assert Client().get(LIST).status_code == 401


class TestList:
    def test_only_ones_own_reports_newest_first(self, org, asn):
        make_report(org.asn, datetime.date(2026, 11, 16))
        make_report(org.asn, TODAY, activities=2)
        make_report(org.asn_peer)
        payload = asn.get(LIST).json()
        assert set(payload) == {"count", "next", "previous", "results"} and payload["count"] == 2
        assert [(r["date"], r["activity_count"]) for r in payload["results"]] == [("2026-11-18", 2), ("2026-11-16", 1)]
        assert client_for(org.supervisor.user).get(LIST).json()["count"] == 0  # a reviewer's queue is elsewhere

    def test_filters_by_dates_and_status(self, org, asn):
        for day in (13, 16, 17):
            make_report(org.asn, datetime.date(2026, 11, day))
        make_report(org.asn, TODAY, submit=True)

        def dates(query):
            response = asn.get(LIST + query)
            assert response.status_code == 200, response.content
            return [row["date"][-2:] for row in response.json()["results"]]

        assert dates("?date_from=2026-11-16") == ["18", "17", "16"]
        assert dates("?date_to=2026-11-16") == ["16", "13"]
        assert dates("?date_from=2026-11-16&date_to=2026-11-17") == ["17", "16"]
        assert dates("?status=submitted") == ["18"]
        assert dates("?status=draft&date_to=2026-11-13") == ["13"]
        assert dates("?date_from=&status=") == ["18", "17", "16", "13"]  # empty values mean "any"

    @pytest.mark.parametrize(
        "query, field, message",
        [
            ("?date_from=kemarin", "date_from", "TTTT-BB-HH"),
            ("?date_to=2026-13-01", "date_to", "TTTT-BB-HH"),
            ("?date_from=99999-01-01", "date_from", "TTTT-BB-HH"),
            ("?status=selesai", "status", "tidak dikenal"),
            ("?date_from=2026-11-18&date_to=2026-11-01", "date_to", "sebelum tanggal awal"),
        ],
    )  # fmt: skip
    def test_bad_filters_are_400_in_indonesian(self, asn, query, field, message):
        response = asn.get(LIST + query)
        assert response.status_code == 400
        assert message in response.json()[field][0]

    def test_query_count_does_not_grow_with_the_page(self, org, asn, django_assert_max_num_queries):
        make_report(org.asn, TODAY, activities=2)
        with CaptureQueriesContext(connection) as one:
            assert asn.get(LIST).json()["count"] == 1
        baseline = len(one)
        for n in range(1, 15):
            report = DailyReport.objects.create(employee=org.asn, date=TODAY - datetime.timedelta(days=n),
                                                status=ReportStatus.APPROVED, reviewed_by=org.supervisor)  # fmt: skip
            Activity.objects.create(report=report, description="Rapat", starts_at=at(8), ends_at=at(9))
        with django_assert_max_num_queries(baseline):
            assert len(asn.get(LIST).json()["results"]) == 15
        assert baseline <= 8


class TestDetail:
    def test_the_report_in_full_with_evidence_and_history(self, org, asn):
        report = make_report(org.asn, activities=2)
        first = report.activities.order_by("starts_at").first()
        assert upload(asn, first.pk).status_code == 201
        review.daily_report_submit(actor=org.asn.user, report=report)
        data = asn.get(detail_url(report.pk)).json()
        assert data["status"] == "submitted" and data["submitted_at"] and data["activity_count"] == 2
        evidence = Evidence.objects.get()
        assert data["activities"][0]["evidence"] == [{
            "id": evidence.pk, "original_name": "bukti.png", "content_type": "image/png", "size": evidence.size,
            "created_at": data["activities"][0]["evidence"][0]["created_at"],
            "download_url": f"http://testserver/laporan/bukti/{evidence.pk}/",
        }]  # fmt: skip
        assert data["activities"][1]["evidence"] == []
        assert data["events"] == [{"action": "submitted", "action_label": "diajukan", "actor": org.asn.full_name,
                                   "note": "", "at": data["events"][0]["at"]}]  # fmt: skip
        download = asn.get(data["activities"][0]["evidence"][0]["download_url"])
        assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")

    def test_scope_own_subordinates_and_everyone_for_admin_and_leader(self, org, personas, today):
        report = make_report(org.asn)
        url = detail_url(report.pk)
        for role in ("asn", "supervisor", "admin", "leader"):
            assert client_for(personas[role]).get(url).status_code == 200, role
        for user in (org.asn_peer.user, org.outsider.user, org.supervisor_b.user):
            response = client_for(user).get(url)
            assert response.status_code == 404 and "detail" in response.json()
        assert client_for(org.asn.user).get(detail_url(999999)).status_code == 404
        assert Client().get(url).status_code == 401

    def test_personal_token_authenticates(self, org, today):
        report = make_report(org.asn)
        make_report(org.asn_peer)
        _, key = account_services.api_token_create(actor=org.asn.user, name="skrip")
        client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        assert [row["id"] for row in client.get(LIST).json()["results"]] == [report.pk]
        assert client.get(detail_url(report.pk)).json()["id"] == report.pk
        response = file_day(client, day=datetime.date(2026, 11, 17), activities=hours(1))
        assert response.status_code == 201  # a script writes without a CSRF token
        assert client.post(f"{detail_url(report.pk)}submit/").json()["status"] == "submitted"
        assert Client(HTTP_AUTHORIZATION="Bearer sikap_bogus").get(LIST).status_code == 401

    def test_query_count_does_not_grow_with_the_activities(self, org, django_assert_max_num_queries, today):
        supervisor = client_for(org.supervisor.user)
        small = make_report(org.asn, activities=1)
        upload(client_for(org.asn.user), small.activities.get().pk)
        review.daily_report_submit(actor=org.asn.user, report=small)
        with CaptureQueriesContext(connection) as one:
            assert len(supervisor.get(detail_url(small.pk)).json()["activities"]) == 1
        baseline = len(one)  # now: the requests below reset the connection's query log
        big = make_report(org.asn_peer, activities=10)
        peer = client_for(org.asn_peer.user)
        for item in big.activities.all()[:4]:
            upload(peer, item.pk), upload(peer, item.pk)
        review.daily_report_submit(actor=org.asn_peer.user, report=big)
        review.daily_report_return(actor=org.supervisor.user, report=big, note="Lengkapi bukti")
        with django_assert_max_num_queries(baseline):
            data = supervisor.get(detail_url(big.pk)).json()
        assert len(data["activities"]) == 10 and len(data["events"]) == 2
        assert sum(len(a["evidence"]) for a in data["activities"]) == 8
        assert baseline <= 12


class TestSubmit:
    def test_submitting_twice_is_one_submission(self, org, asn):
        report = make_report(org.asn)
        url = f"{detail_url(report.pk)}submit/"
        first, second = asn.post(url), asn.post(url)
        assert first.status_code == second.status_code == 200
        assert second.json()["status"] == "submitted"
        assert ReportEvent.objects.filter(report=report, action="submitted").count() == 1

    def test_an_empty_report_is_refused_with_the_services_words(self, org, asn):
        report = make_report(org.asn, activities=0)
        response = asn.post(f"{detail_url(report.pk)}submit/")
        assert response.status_code == 400
        message = "Tambahkan sedikitnya satu kegiatan sebelum mengajukan laporan."
        assert response.json() == {"non_field_errors": [message]}

    def test_only_the_owner_submits(self, org, today):
        report = make_report(org.asn)
        response = client_for(org.supervisor.user).post(f"{detail_url(report.pk)}submit/")
        assert response.status_code == 403
        assert response.json() == {"detail": "Hanya pemilik laporan yang dapat mengajukannya."}
        assert client_for(org.asn_peer.user).post(f"{detail_url(report.pk)}submit/").status_code == 404
        assert DailyReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT

    def test_get_is_405(self, org, asn):
        report = make_report(org.asn)
        assert asn.get(f"{detail_url(report.pk)}submit/").status_code == 405


class TestReview:
    def test_approval_by_the_supervisor_moves_the_iki_realisation(self, org, asn, iki):
        response = file_day(asn, activities=[activity("08:00", "09:00", iki=iki.pk, quantity="6"),
                                             activity("09:00", "10:00", iki=iki.pk, quantity="4"),
                                             activity("10:00", "11:00")])  # fmt: skip
        report_id = response.json()["id"]
        asn.post(f"{detail_url(report_id)}submit/")
        before = skp_result(iki.rhk.skp, period=11).rhk[0].iki[0].realisation
        supervisor = client_for(org.supervisor.user)
        response = supervisor.post(f"{detail_url(report_id)}approve/")
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["status"] == "approved" and data["reviewed_by"]["nip"] == org.supervisor.nip
        assert [e["action"] for e in data["events"]] == ["submitted", "approved"]
        november = skp_result(iki.rhk.skp, period=11)
        assert before in (None, Decimal(0)) and november.rhk[0].iki[0].realisation == Decimal(10)
        again = supervisor.post(f"{detail_url(report_id)}approve/")  # a double click changes nothing
        assert again.status_code == 200 and again.json()["status"] == "approved"
        assert IkiRollup.objects.get(iki=iki, period=11).quantity == Decimal(10)
        assert ReportEvent.objects.filter(report_id=report_id, action="approved").count() == 1

    def test_out_of_scope_is_404_and_a_forbidden_review_403(self, org, personas, today):
        report = make_report(org.asn, submit=True)
        url = f"{detail_url(report.pk)}approve/"
        assert client_for(org.supervisor_b.user).post(url).status_code == 404
        assert client_for(org.asn_peer.user).post(url).status_code == 404
        own = client_for(org.asn.user).post(url)
        assert own.status_code == 403
        assert own.json() == {"detail": "Anda tidak dapat memeriksa laporan Anda sendiri."}
        admin = client_for(personas["admin"]).post(url)  # sees every report, reviews none
        assert admin.status_code == 403
        assert admin.json() == {"detail": "Anda bukan atasan yang memeriksa laporan pegawai ini."}
        assert DailyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED

    def test_a_report_that_is_not_waiting_is_a_conflict(self, org, today):
        report = make_report(org.asn)
        response = client_for(org.supervisor.user).post(f"{detail_url(report.pk)}approve/")
        assert response.status_code == 409 and "tidak sedang menunggu pemeriksaan" in response.json()["detail"]
        assert not ReportEvent.objects.exists()

    def test_return_needs_a_note(self, org, today):
        report = make_report(org.asn, submit=True)
        supervisor, url = client_for(org.supervisor.user), f"{detail_url(report.pk)}return/"
        for body in ({}, {"note": "   "}):
            response = supervisor.post(url, body, content_type="application/json")
            assert response.status_code == 400
            assert response.json() == {"note": ["Tulis catatan untuk pegawai: apa yang perlu diperbaiki."]}
        response = supervisor.post(url, {"note": "x" * 2001}, content_type="application/json")
        assert response.status_code == 400 and "2000 karakter" in response.json()["note"][0]
        response = supervisor.post(url, {"note": "Lengkapi bukti rapat"}, content_type="application/json")
        assert response.status_code == 200
        data = response.json()
        assert data["status"] == "returned" and data["return_note"] == "Lengkapi bukti rapat"
        assert data["events"][-1]["note"] == "Lengkapi bukti rapat" and data["events"][-1]["action"] == "returned"

    def test_return_by_the_owner_is_403_and_out_of_scope_404(self, org, today):
        report = make_report(org.asn, submit=True)
        url, note = f"{detail_url(report.pk)}return/", {"note": "Tidak"}
        own = client_for(org.asn.user).post(url, note, content_type="application/json")
        assert own.status_code == 403 and "sendiri" in own.json()["detail"]
        assert client_for(org.supervisor_b.user).post(url, note, content_type="application/json").status_code == 404


class TestEvidence:
    @pytest.fixture
    def item(self, org, today):
        return make_report(org.asn).activities.get()

    def test_upload_then_listed_with_its_download_url(self, org, asn, item):
        response = upload(asn, item.pk, name="foto rapat.png")
        assert response.status_code == 201, response.content
        data = response.json()
        assert data["original_name"] == "foto rapat.png" and data["content_type"] == "image/png"
        assert data["download_url"].endswith(f"/laporan/bukti/{data['id']}/")

    def test_a_6_mb_file_is_refused(self, asn, item):
        big = b"%PDF-1.4\n" + b"0" * (6 * 1024 * 1024)
        response = upload(asn, item.pk, name="besar.pdf", content=big, content_type="application/pdf")
        assert response.status_code == 400
        assert "batasnya 5" in response.json()["file"][0]
        assert not Evidence.objects.exists()

    def test_html_named_jpg_is_refused(self, asn, item):
        html = b"<html><script>alert(1)</script></html>"
        response = upload(asn, item.pk, name="foto.jpg", content=html, content_type="image/jpeg")
        assert response.status_code == 400
        assert response.json() == {"file": ["File “foto.jpg” bukan PDF, JPEG, PNG, DOCX, atau XLSX."]}

    def test_no_file_is_400(self, asn, item):
        response = asn.post(evidence_url(item.pk), {})
        assert response.status_code == 400 and response.json() == {"file": ["Pilih file bukti yang akan diunggah."]}

    def test_only_the_owner_uploads_to_an_open_report(self, org, asn, item):
        response = upload(client_for(org.supervisor.user), item.pk)
        assert response.status_code == 403
        assert response.json() == {"detail": "Hanya pemilik laporan yang dapat mengubahnya."}
        assert upload(client_for(org.asn_peer.user), item.pk).status_code == 404
        assert upload(asn, 999999).status_code == 404
        review.daily_report_submit(actor=org.asn.user, report=item.report)
        locked = upload(asn, item.pk)
        assert locked.status_code == 400 and "terkunci" in locked.json()["non_field_errors"][0]
        assert not Evidence.objects.exists()


def test_schema_documents_the_daily_report_endpoints(personas):
    schema = client_for(personas["asn"]).get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in ("/api/v1/daily-reports/:", "/api/v1/daily-reports/{id}/:", "/api/v1/daily-reports/{id}/submit/:",
                 "/api/v1/daily-reports/{id}/approve/:", "/api/v1/daily-reports/{id}/return/:",
                 "/api/v1/daily-reports/activities/{activity_id}/evidence/:"):  # fmt: skip
        assert path in text
    assert "date_from" in text and "ActivityInput" in text
