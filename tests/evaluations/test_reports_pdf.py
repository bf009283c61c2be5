"""PDF reports: what they print (read back with pypdf), that user text stays text, that the
WeasyPrint fetcher serves only the app's static files and data: URLs, and the SVG charts.

The helpers at the top build finalised evaluations through the real services; the other report
tests import them.
"""

import gc
import io
import re
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from apps.core import charts
from apps.employees.models import Employee, OrgUnit
from apps.evaluations.models import Evaluation, Objection
from apps.evaluations.reports import batch, builders, builders_org, pdf
from apps.evaluations.reports.models import GeneratedReport
from apps.evaluations.selectors import EVIDENCE_SOURCES
from apps.evaluations.services import evaluation as ev
from apps.indicators.models import Iki
from apps.indicators.services.realisation import realisation_add
from tests.indicators.conftest import build_skp

from .conftest import BEHAVIOURS_SESUAI

pytestmark = pytest.mark.django_db

HOSTILE = (
    'Bagus. <link rel="attachment" href="file:///etc/passwd"> '
    '<img src="http://127.0.0.1:9/x"> <script>alert(1)</script> & "kutip"'
)


def finalise(employee, period, *, feedback="Pertahankan ketelitian.", hasil="sesuai", perilaku="sesuai", done=9):
    """An approved SKP (10 documents a month), ``done`` of them in November, rated and finalised
    by the employee's supervisor. Run under the ``period`` fixture's clock (1 Dec 2026)."""
    supervisor = employee.supervisor.user
    skp = build_skp(employee, approve_by=supervisor)
    realisation_add(actor=employee.user, iki=Iki.objects.get(rhk__skp=skp), period=11, value=Decimal(done))
    evaluation = ev.evaluation_start(actor=supervisor, employee=employee, period=period)
    reason = "" if hasil == evaluation.proposed_rating else "Alasan uji."
    ev.evaluation_save(
        actor=supervisor,
        evaluation=evaluation,
        rating_hasil=hasil,
        rating_reason=reason,
        rating_perilaku=perilaku,
        feedback=feedback,
        behaviours=BEHAVIOURS_SESUAI,
    )
    return ev.evaluation_finalise(actor=supervisor, evaluation=evaluation)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def stored_text(report: GeneratedReport) -> str:
    with default_storage.open(report.file.name, "rb") as handle:
        return pdf_text(handle.read())


@pytest.fixture
def finalised(org, period):
    return finalise(org.asn, period)


def test_employee_pdf_holds_name_predicate_and_code(finalised, org, settings, monkeypatch):
    for key in ("jp", "jp_many"):  # as before the trainings app
        monkeypatch.delitem(EVIDENCE_SOURCES, key, raising=False)
    settings.SIKAP_GOVERNMENT_NAME = "Pemerintah Kabupaten Contoh"
    settings.SIKAP_GOVERNMENT_ADDRESS = "Jl. Contoh No. 7"
    rows, errors = batch.render_employee_reports([finalised.pk])
    assert errors == {} and len(rows) == 1
    report = rows[0]
    text = stored_text(report)
    assert org.asn.full_name in text and org.asn.nip in text
    assert "Predikat kinerja" in text and "Baik" in text and "90 %" in text  # 9 of 10 documents
    assert report.code in text and f"/verifikasi/{report.code}/" in text
    assert "PEMERINTAH KABUPATEN CONTOH" in text and "Jl. Contoh No. 7" in text and "palembang" not in text.lower()
    assert "belum ada data" in text  # JP without the trainings app's source
    assert "Kepatuhan laporan harian" in text
    with default_storage.open(report.file.name, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"%PDF") and report.size == len(data)


def test_hostile_feedback_prints_as_text_and_fetches_nothing(org, period):
    evaluation = finalise(org.asn, period, feedback=HOSTILE)
    evaluations = builders.evaluations_for_reports(type(evaluation).objects.filter(pk=evaluation.pk))
    stamp = builders.Stamp("KODE-UJI", evaluation.finalised_at)
    parts, errors = builders.employee_parts(evaluations, {evaluation.pk: stamp})
    assert errors == {}
    fetcher = pdf.StaticOnlyFetcher()
    pdf._IMAGE_CACHE.clear()  # so that this render asks for the logo again
    html = builders.document_html(list(parts.values()), title="uji")
    assert "<link rel" not in html and "&lt;link rel=&quot;attachment&quot;" in html
    data = pdf.render_split(html, {f"e{evaluation.pk}": "uji"}, created=evaluation.finalised_at, fetcher=fetcher)
    text = pdf_text(data[f"e{evaluation.pk}"])
    assert '<link rel="attachment" href="file:///etc/passwd">' in text
    assert '<img src="http://127.0.0.1:9/x">' in text and "<script>alert(1)</script>" in text
    assert not [url for url in fetcher.asked if "passwd" in url or "127.0.0.1:9" in url or url.startswith("file:")]
    assert fetcher.asked == ["http://127.0.0.1:8000/static/img/logo.svg"]  # the letterhead's logo only
    assert b"/EmbeddedFiles" not in data[f"e{evaluation.pk}"]
    if "jp" in EVIDENCE_SOURCES:  # the trainings app reports the year's JP
        assert "JP" in text.split("JP pengembangan kompetensi tahun ini", 1)[1][:80]


def test_user_text_everywhere_in_the_documents_prints_as_text_and_fetches_nothing(org, period):
    """Every field of user text that reaches a PDF (feedback, the reason for a rating, BerAKHLAK
    notes, the objection and its decision, RHK and IKI texts, jabatan, names of people and units)
    carrying markup that would fetch a URL or a local file."""
    hostile = HOSTILE + ' <style>@import url("http://127.0.0.1:9/a.css");</style> <iframe src="file:///etc/shadow">'
    OrgUnit.objects.filter(pk=org.unit_a.pk).update(name='Bidang <img src="http://127.0.0.1:9/unit">')
    Employee.objects.filter(pk=org.asn.pk).update(jabatan=hostile[:200])
    evaluation = finalise(org.asn, period, feedback=hostile, hasil="di_atas")
    breakdown = evaluation.breakdown
    breakdown["rhk"][0]["text"] = hostile
    breakdown["rhk"][0]["iki"][0]["text"] = hostile
    Evaluation.objects.filter(pk=evaluation.pk).update(breakdown=breakdown, rating_reason=hostile, status="decided")
    evaluation.behaviours.update(note=hostile)
    Objection.objects.create(
        evaluation=evaluation, reason=hostile, decision="upheld", decision_reason=hostile, decided_at=timezone.now()
    )
    evaluations = builders.evaluations_for_reports(Evaluation.objects.filter(pk=evaluation.pk))
    stamp = builders.Stamp("KODE-UJI", timezone.now())
    parts, errors = builders.employee_parts(evaluations, {evaluation.pk: stamp})
    assert errors == {}
    unit = OrgUnit.objects.get(pk=org.unit_a.pk)
    documents = {
        "employee": builders.document_html(list(parts.values()), title="uji"),
        "unit": builders_org.unit_pieces(unit, period, stamp=stamp)[0](1, 0),  # a small unit: one piece
        "city": builders.document_html([builders_org.city_part(period, stamp=stamp)], title="uji"),
    }
    for kind, html in documents.items():
        assert "<img src=" not in html.replace('<img src="/static/', "") and "<iframe" not in html, kind
        fetcher = pdf.StaticOnlyFetcher()
        pdf._IMAGE_CACHE.clear()  # so that this render asks for the logo again
        data = pdf.render_pdf(html, title="uji", created=stamp.generated_at, fetcher=fetcher)
        assert fetcher.asked == ["http://127.0.0.1:8000/static/img/logo.svg"], (kind, fetcher.asked)
        assert b"/EmbeddedFiles" not in data and b"root:" not in data
        text = pdf_text(data)
        assert 'Bidang <img src="http://127.0.0.1:9/unit">' in text, kind
        if kind == "employee":
            assert text.count('<link rel="attachment" href="file:///etc/passwd">') >= 7, text  # each field
            assert '<iframe src="file:///etc/shadow">' in text and "@import" in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file:///work/main/static/img/logo.svg",
        "http://127.0.0.1:9/x",
        "https://example.org/static/img/logo.svg",
        "http://127.0.0.1:8001/static/img/logo.svg",
        "https://127.0.0.1:8000/static/img/logo.svg",
        "http://127.0.0.1:8000/media/reports/x.pdf",
        "http://127.0.0.1:8000/admin/",
        "http://127.0.0.1:8000/static/../../etc/passwd",
        "http://127.0.0.1:8000/static/%2e%2e/%2e%2e/etc/passwd",
        "http://127.0.0.1:8000/static/img/../../settings.py",
        "http://127.0.0.1:8000/static/img/nothing-here.svg",
        "http://127.0.0.1:8000/static/",
        "ftp://127.0.0.1/static/img/logo.svg",
        "javascript:alert(1)",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files_and_data(url):
    fetcher = pdf.StaticOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_the_fetcher_serves_static_files_and_data_urls():
    fetcher = pdf.StaticOnlyFetcher()
    logo = fetcher.fetch("http://127.0.0.1:8000/static/img/logo.svg")
    assert logo.content_type == "image/svg+xml" and b"<svg" in logo.read()
    data = fetcher.fetch("data:text/plain;base64,aGFsbw==")
    assert data.read() == b"halo"


def test_unit_and_city_documents(org, period, admin_user):
    finalise(org.asn, period)
    finalise(org.asn_peer, period, hasil="di_atas", perilaku="di_atas", done=12)
    unit_report = batch.render_unit_report(org.unit_a, period)
    text = stored_text(unit_report)
    assert org.unit_a.name in text and org.asn.full_name in text and org.asn_peer.full_name in text
    assert "Sangat Baik" in text and "Baik" in text and unit_report.code in text
    assert "kurva" in text  # no leader's rating yet: the curve cannot be checked, and it says so
    city = batch.render_city_report(period)
    text = stored_text(city)
    assert "RINGKASAN KINERJA PEGAWAI" in text and org.unit_a.name in text and org.unit_b.name in text
    assert city.code in text


def test_charts_escape_labels_and_draw_numbers():
    svg = charts.bar_chart([("<script>x</script>", 90), ("kosong", None)], title='A "judul" <b>', reference=100)
    assert "<script>" not in svg and "&lt;script&gt;x&lt;/script&gt;" in svg
    assert 'aria-label="A &quot;judul&quot; &lt;b&gt;"' in svg and "90,0 %" in svg and "–" in svg
    assert "style=" not in svg  # the pages' Content-Security-Policy forbids inline styles
    donut = charts.donut_chart([("<i>a</i>", 3), ("b", 1)], title="t")
    assert "&lt;i&gt;a&lt;/i&gt;: 3 (75,0 %)" in donut and "<i>" not in donut
    empty = charts.donut_chart([("a", 0)], title="t", empty="belum ada")
    assert "belum ada" in empty
    bars = charts.histogram([("< 60 %", 2), ("≥ 110 %", 0)], title="t")
    assert "&lt; 60 %" in bars and re.search(r">2</text>", bars)


def test_a_render_keeps_no_document_alive_after_it(org, period):
    """The shared image cache keeps decoded raster logos only: an SVG image holds the layout of the
    document that loaded it, so keeping it kept a whole chunk alive in every worker."""
    from weasyprint.layout import LayoutContext

    evaluation = finalise(org.asn, period)
    evaluations = builders.evaluations_for_reports(Evaluation.objects.filter(pk=evaluation.pk))
    parts, _errors = builders.employee_parts(evaluations, {evaluation.pk: builders.Stamp("KODE-UJI", timezone.now())})
    pdf._IMAGE_CACHE.clear()
    html = builders.document_html(list(parts.values()), title="uji")
    data = pdf.render_pdf(html, title="uji", created=timezone.now())
    assert data.startswith(b"%PDF") and "logo.svg" not in " ".join(pdf._IMAGE_CACHE)
    gc.collect()
    assert not [o for o in gc.get_objects() if type(o) is LayoutContext]  # type(): no dead weakproxy dereferenced
