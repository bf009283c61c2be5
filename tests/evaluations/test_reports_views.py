"""Report pages and API: the public verification page, the on-demand flow with its polling page,
scoped downloads (404 out of scope), BKPSDM's batch and download pages with their XLSX."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.core.models import OutboxMessage
from apps.evaluations.reports import batch, tasks
from apps.evaluations.reports.models import ReportBatch, ReportRequest
from tests.conftest import client_for

from .test_reports_pdf import finalise

pytestmark = pytest.mark.django_db


@pytest.fixture
def finalised(org, period):
    return finalise(org.asn, period)


@pytest.fixture
def report(finalised):
    return batch.render_employee_reports([finalised.pk])[0][0]


def test_verification_is_public_and_shows_only_what_the_document_is(report, org):
    response = client_for(None).get(reverse("reports:verify", args=[report.code]))
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    page = response.content.decode()
    assert org.asn.full_name in page and "November 2026" in page and report.sha256 in page
    assert "Laporan kinerja pegawai" in page and report.code in page
    for private in ("Sesuai Ekspektasi", "Pertahankan ketelitian", "Predikat", "Baik", org.asn.nip, "90 %"):
        assert private not in page


@pytest.mark.parametrize("code", ["x", "A" * 16, "A" * 40])
def test_an_unknown_code_is_a_404(report, code):
    assert client_for(None).get(reverse("reports:verify", args=[code])).status_code == 404


def test_on_demand_pdf_from_request_to_download(finalised, org, django_capture_on_commit_callbacks):
    asn = client_for(org.asn.user)
    page = asn.get(reverse("reports:evaluation-pdf", args=[finalised.pk]))
    assert page.status_code == 200 and "Buat PDF" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = asn.post(reverse("reports:request-create", args=[finalised.pk]))
    request = ReportRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:request-status", args=[request.pk])
    assert OutboxMessage.objects.filter(task_name="apps.evaluations.reports.tasks.report_request_render").exists()
    again = asn.post(reverse("reports:request-create", args=[finalised.pk]))  # a second click: the same request
    assert again["Location"] == response["Location"] and ReportRequest.objects.count() == 1

    waiting = asn.get(response["Location"]).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "Muat ulang" in waiting  # polls, and works without JS
    fragment = asn.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="request-status"' in fragment

    tasks.report_request_render.delay(request.pk)  # the worker's part
    request.refresh_from_db()
    assert request.status == "done" and request.report is not None
    ready = asn.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in ready and reverse("reports:report-download", args=[request.report.pk]) in ready
    download = asn.get(reverse("reports:report-download", args=[request.report.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;") and org.asn.nip in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_draft_has_no_pdf_yet(org, period):
    from apps.evaluations.services import evaluation as ev
    from tests.indicators.conftest import build_skp

    build_skp(org.asn_peer, approve_by=org.supervisor.user)
    draft = ev.evaluation_start(actor=org.supervisor.user, employee=org.asn_peer, period=period)
    supervisor = client_for(org.supervisor.user)
    response = supervisor.post(reverse("reports:request-create", args=[draft.pk]))
    assert response.status_code == 302 and not ReportRequest.objects.exists()
    assert "sudah difinalkan" in supervisor.get(response["Location"]).content.decode()
    assert client_for(org.asn_peer.user).get(reverse("reports:evaluation-pdf", args=[draft.pk])).status_code == 404


def test_out_of_scope_is_a_404_everywhere(report, finalised, org):
    outsider = client_for(org.outsider.user)
    assert outsider.get(reverse("reports:evaluation-pdf", args=[finalised.pk])).status_code == 404
    assert outsider.post(reverse("reports:request-create", args=[finalised.pk])).status_code == 404
    assert outsider.get(reverse("reports:report-download", args=[report.pk])).status_code == 404
    assert outsider.get(reverse("api:report-download", args=[report.pk])).status_code == 404
    mine = ReportRequest.objects.create(requested_by=org.asn.user, evaluation=finalised)
    assert client_for(org.supervisor.user).get(reverse("reports:request-status", args=[mine.pk])).status_code == 404
    # the supervisor may read (and ask for) the subordinate's document
    assert client_for(org.supervisor.user).get(reverse("reports:report-download", args=[report.pk])).status_code == 200
    assert client_for(None).get(reverse("reports:report-download", args=[report.pk])).status_code == 302


def test_the_api_lists_within_scope_and_downloads(org, period, admin_user, leader_user):
    own, _peer, other = (finalise(e, period) for e in (org.asn, org.asn_peer, org.outsider))
    batch.render_employee_reports([own.pk, _peer.pk])
    batch.render_employee_reports([other.pk])
    unit = batch.render_unit_report(org.unit_a, period)
    city = batch.render_city_report(period)

    def listed(user, query=""):
        response = client_for(user).get(reverse("api:report-list") + query)
        assert response.status_code == 200, response.content
        return {
            (row["kind"], (row["employee"] or {}).get("nip") or (row["unit"] or {}).get("id"))
            for row in response.json()["results"]
        }

    assert listed(org.asn.user) == {("employee", org.asn.nip)}
    assert listed(org.supervisor.user) == {
        ("employee", org.asn.nip),
        ("employee", org.asn_peer.nip),
        ("unit", org.unit_a.pk),
    }
    assert len(listed(admin_user)) == 5 and len(listed(leader_user)) == 5
    assert listed(admin_user, f"?kind=city&period={period.pk}") == {("city", None)}
    bad = client_for(admin_user).get(reverse("api:report-list") + "?kind=x&period=abc")
    assert bad.status_code == 400 and set(bad.json()) == {"kind", "period"}
    row = client_for(admin_user).get(reverse("api:report-list") + "?kind=unit").json()["results"][0]
    assert row["sha256"] == unit.sha256 and row["download_url"].endswith(f"/api/v1/reports/{unit.pk}/download/")
    assert client_for(org.asn.user).get(reverse("api:report-download", args=[unit.pk])).status_code == 404
    download = client_for(leader_user).get(reverse("api:report-download", args=[city.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_batch_pages_for_bkpsdm(org, period, finalised, admin_user, django_capture_on_commit_callbacks):
    admin = client_for(admin_user)
    assert "Belum ada batch" in admin.get(reverse("reports:batch-list")).content.decode()
    assert (
        client_for(org.supervisor.user).post(reverse("reports:batch-start"), {"period": period.pk}).status_code == 403
    )
    assert admin.get(reverse("reports:batch-start")).status_code == 405
    assert admin.post(reverse("reports:batch-start"), {"period": 999999}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("reports:batch-start"), {"period": period.pk})
    assert response.status_code == 302
    started = ReportBatch.objects.get(period=period)
    assert OutboxMessage.objects.filter(
        task_name="apps.evaluations.reports.tasks.batch_dispatch", kwargs={"batch_id": started.pk, "run": 1}
    ).exists()
    tasks.batch_dispatch.delay(started.pk, started.run)  # what the worker does with it
    page = admin.get(reverse("reports:batch-list")).content.decode()
    assert "4 / 4" in page and "hx-trigger" not in page  # 1 employee, 2 units, the city; finished: no polling
    detail = admin.get(reverse("reports:batch-detail", args=[started.pk])).content.decode()
    assert "Tidak ada yang gagal" in detail


def test_download_tables_and_their_xlsx(org, period, finalised, admin_user, leader_user):
    batch.render_employee_reports([finalised.pk])
    batch.render_city_report(period)
    page = client_for(leader_user).get(reverse("reports:downloads"), {"periode": period.pk})
    text = page.content.decode()
    assert (
        page.status_code == 200
        and org.asn.full_name in text
        and '<svg xmlns="http://www.w3.org/2000/svg" class="chart"' in text
    )
    assert client_for(org.supervisor.user).get(reverse("reports:downloads")).status_code == 403
    response = client_for(admin_user).get(reverse("reports:downloads-export"), {"periode": period.pk})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Pegawai", "Unit kerja", "Pemerintah daerah"]
    rows = list(book["Pegawai"].values)
    assert rows[0][:2] == ("NIP", "Nama") and rows[1][0] == org.asn.nip and rows[1][1] == org.asn.full_name
    assert rows[1][-1].endswith(
        reverse("reports:report-download", args=[finalised.employee.generated_reports.get().pk])
    )
    assert len(list(book["Pemerintah daerah"].values)) == 2
