"""How the PDF reports are laid out, read back from the PDFs themselves (pypdf): every page has a
footer with the document's code and "Halaman i dari n" counted within the document (also when
twenty people share one WeasyPrint render), pages after the first repeat a header and the table
heads, and long content breaks over pages without being cut."""

import io

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader
from weasyprint.formatting_structure.boxes import TextBox

from apps.evaluations.models import Evaluation
from apps.evaluations.reports import batch, builders, builders_org, pdf
from apps.evaluations.selectors import EVIDENCE_SOURCES
from tests.factories import EmployeeFactory

from .test_reports_pdf import finalise

pytestmark = pytest.mark.django_db


def pages_of(report) -> list[str]:
    with default_storage.open(report.file.name, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def long_breakdown(rhk: int = 9, iki: int = 4) -> dict:
    """An SKP as frozen at finalisation, with more RHK and IKI than fit on one page."""
    text = "Terlaksananya pelayanan administrasi kependudukan yang cepat, tepat dan akuntabel"
    return {
        "explanation": "",
        "rhk": [
            {
                "text": f"{text} ke-{r}",
                "kind": "utama",
                "percent": "97.5",
                "iki": [
                    {
                        "text": f"Persentase berkas permohonan nomor {r}.{i} yang selesai sesuai standar layanan",
                        "unit": "persen",
                        "target": "100",
                        "realisation": "97.5",
                        "percent": "97.5",
                        "explanation": "",
                    }
                    for i in range(1, iki + 1)
                ],
            }
            for r in range(1, rhk + 1)
        ],
    }


def assert_numbered(pages: list[str], code: str):
    total = len(pages)
    for number, text in enumerate(pages, start=1):
        assert f"Halaman {number} dari {total}" in text, text[-300:]
        assert f"Kode verifikasi {code}" in text


def test_a_long_employee_report_breaks_over_numbered_pages_with_header_and_table_heads(org, period, monkeypatch):
    for key in ("jp", "jp_many"):
        monkeypatch.delitem(EVIDENCE_SOURCES, key, raising=False)
    evaluation = finalise(org.asn, period, feedback="Pertahankan. " * 120)
    Evaluation.objects.filter(pk=evaluation.pk).update(breakdown=long_breakdown())
    report = batch.render_employee_reports([evaluation.pk])[0][0]
    pages = pages_of(report)
    assert len(pages) >= 2
    assert_numbered(pages, report.code)
    first, *rest = pages
    assert "LAPORAN KINERJA PEGAWAI" in first and "PEGAWAI YANG DINILAI" in first and "PEJABAT PENILAI" in first
    for text in rest:  # the running header names the document and whom it is about
        assert f"Laporan Kinerja Pegawai · {org.asn.full_name} · {period.label}" in text
    # the SKP table went over a page: its head is printed again where it continues
    continued = [text for text in rest if "ke-9" in text or "ke-8" in text]
    assert continued and all("RHK / indikator kinerja individu (IKI)" in text for text in continued)
    assert "Kode verifikasi" in pages[-1] and "Periksa keaslian dokumen ini" in pages[-1]


def test_people_rendered_together_each_get_their_own_numbering_and_nothing_of_the_others(org, period):
    short = finalise(org.asn, period)
    long = finalise(org.asn_peer, period)
    Evaluation.objects.filter(pk=long.pk).update(breakdown=long_breakdown(rhk=12))
    rows, errors = batch.render_employee_reports([short.pk, long.pk])
    assert errors == {} and len(rows) == 2
    by_employee = {row.employee_id: row for row in rows}
    mine, theirs = pages_of(by_employee[org.asn.pk]), pages_of(by_employee[org.asn_peer.pk])
    assert len(mine) == 1 and len(theirs) >= 2
    assert_numbered(mine, by_employee[org.asn.pk].code)
    assert_numbered(theirs, by_employee[org.asn_peer.pk].code)
    assert org.asn_peer.full_name not in " ".join(mine) and org.asn.full_name not in " ".join(theirs)


def test_a_large_unit_lists_every_member_over_numbered_pages(org, period):
    finalise(org.asn, period)
    for n in range(60):
        EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor, name=f"Pegawai Uji Nomor {n:02d}")
    report = batch.render_unit_report(org.unit_a, period)
    pages = pages_of(report)
    assert len(pages) >= 2
    assert_numbered(pages, report.code)
    text = " ".join(pages)
    assert all(f"Pegawai Uji Nomor {n:02d}" in text for n in range(60))  # nobody cut off
    assert "LAPORAN KINERJA UNIT KERJA" in pages[0] and "C. Anggota unit" in text
    for page in pages[1:]:
        assert f"Laporan Kinerja Unit Kerja · {org.unit_a.name} · {period.label}" in page
        if "Pegawai Uji Nomor" in page:
            assert "Nama / NIP" in page  # the member table's head on every page it continues on


def test_a_unit_rendered_in_pieces_reads_as_one_document(org, period, monkeypatch):
    """A unit longer than PIECE_ROWS is laid out piece by piece and joined: one numbering, the
    rows numbered on, the summary once at the start and the stamp once at the end."""
    finalise(org.asn, period)
    for n in range(60):
        EmployeeFactory(unit=org.unit_a, supervisor=org.supervisor, name=f"Pegawai Uji Nomor {n:02d}")
    monkeypatch.setattr(builders_org, "PIECE_ROWS", 25)
    members = org.unit_a.members.filter(is_active=True).count()
    assert len(builders_org.unit_pieces(org.unit_a, period, stamp=builders.Stamp("K" * 12, timezone.now()))) == 3
    report = batch.render_unit_report(org.unit_a, period)
    pages = pages_of(report)
    assert len(pages) >= 3
    assert_numbered(pages, report.code)
    text = " ".join(pages)
    assert text.count("LAPORAN KINERJA UNIT KERJA") == 1 and text.count("A. Distribusi") == 1
    assert text.count("Periksa keaslian dokumen ini") == 1 and "Periksa keaslian" in pages[-1]
    size = -(-members // 3)
    for start in (size, 2 * size):  # each next piece says where the table continues
        assert f"C. Anggota unit (lanjutan: nomor {start + 1}–{min(start + size, members)})" in text
    assert all(f"Pegawai Uji Nomor {n:02d}" in text for n in range(60))
    assert f" {members} " in f" {text} "  # the last row keeps its number in the whole list
    for page in pages[1:]:
        assert f"Laporan Kinerja Unit Kerja · {org.unit_a.name} · {period.label}" in page
    with default_storage.open(report.file.name, "rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert reader.metadata.title == builders_org.unit_title(org.unit_a, period)
    assert reader.trailer["/Root"]["/Lang"] == "id"


def test_the_city_summary_has_indonesian_heads_and_numbered_pages(org, period, settings):
    settings.SIKAP_GOVERNMENT_NAME = "Pemerintah Kabupaten Contoh"
    finalise(org.asn, period)
    finalise(org.outsider, period, hasil="di_atas", perilaku="di_atas", done=12)
    report = batch.render_city_report(period)
    pages = pages_of(report)
    assert_numbered(pages, report.code)
    text = " ".join(pages)
    for head in (
        "RINGKASAN KINERJA PEGAWAI",
        "A. Predikat kinerja",
        "B. Per perangkat daerah",
        "Perangkat daerah",
        "Pegawai",
        "Dievaluasi",
        "Capaian",
        "Jumlah",
        "SB = Sangat Baik",
        "C. Kepatuhan laporan harian",
    ):
        assert head in text, head
    assert "PEMERINTAH KABUPATEN CONTOH" in text and org.unit_a.name in text and org.unit_b.name in text


def test_the_page_total_is_the_documents_own_or_the_parts_promise():
    alone, shared = pdf.page_css(solo=True), pdf.page_css(solo=False)
    assert "counter(page)" in alone and "counter(pages)" in alone and '" dari "' in alone
    assert "string(pages)" in shared and "counter(pages)" not in shared


def test_twenty_people_share_their_computed_styles(org, period):
    """Nothing in a part singles it out for WeasyPrint's style cache (no id on an element with
    children, no rule for one part, no inline style): a second person's part adds few styles."""
    from weasyprint.css import StyleFor

    evaluations = [finalise(org.asn, period), finalise(org.asn_peer, period, hasil="di_atas")]
    rows = builders.evaluations_for_reports(Evaluation.objects.filter(pk__in=[e.pk for e in evaluations]))
    stamps = {e.pk: builders.Stamp("KODE", timezone.now()) for e in rows}
    parts, _errors = builders.employee_parts(rows, stamps)
    counted = []
    original = StyleFor.set_computed_styles

    def counting(self, element, **kwargs):
        counted.append(kwargs.get("pseudo_type"))
        return original(self, element, **kwargs)

    StyleFor.set_computed_styles = counting
    try:
        pdf.layout(builders.document_html([parts[rows[0].pk], parts[rows[1].pk]], title="uji"))
        twice = len(counted)
        counted.clear()
        pdf.layout(builders.document_html([parts[rows[0].pk]], title="uji"))
        once = len(counted)
    finally:
        StyleFor.set_computed_styles = original
    # the second page's own styles (the page and its margin boxes) and its title's; unshared, a
    # part's elements alone were some sixty more
    assert twice - once < once / 3, (once, twice)
    assert [kind for kind in counted if kind in ("marker", "footnote-call", "note-call")] == []


def test_the_trimmed_html_stylesheet_keeps_list_markers_and_parses_without_warnings(caplog):
    pdf._user_agent_sheet.cache_clear()
    with caplog.at_level("WARNING", logger="weasyprint"):
        pdf._user_agent_sheet()
    assert caplog.records == []
    html = "<html><body><ul><li>satu</li></ul><ol><li>dua</li><li>tiga</li></ol></body></html>"
    document = pdf.layout(html)
    text = " ".join(box.text for page in document.pages for box in walk(page._page_box) if isinstance(box, TextBox))
    assert "•" in text and "1." in text and "2." in text


def walk(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from walk(child)


def overflowing(document) -> list[str]:
    """Text boxes that reach past the right edge of the page's content area."""
    found = []
    for page in document.pages:
        box = page._page_box
        right = box.content_box_x() + box.width + 0.5
        stack = [box]
        while stack:
            child = stack.pop()
            stack.extend(getattr(child, "children", ()))
            if isinstance(child, TextBox) and child.position_x + child.width > right:
                found.append(child.text[:40])
    return found


def test_long_words_and_many_rows_stay_inside_the_page(org, period):
    evaluation = finalise(org.asn, period, feedback="x" * 400)
    breakdown = long_breakdown(rhk=3, iki=2)
    breakdown["rhk"][0]["text"] = "y" * 300
    breakdown["rhk"][1]["iki"][0]["text"] = "z" * 200
    Evaluation.objects.filter(pk=evaluation.pk).update(breakdown=breakdown)
    evaluations = builders.evaluations_for_reports(Evaluation.objects.filter(pk=evaluation.pk))
    parts, errors = builders.employee_parts(evaluations, {evaluation.pk: builders.Stamp("KODE", timezone.now())})
    assert errors == {}
    document = pdf.layout(builders.document_html(list(parts.values()), title="uji"))
    assert overflowing(document) == []
    for n in range(40):  # long unit names and many members
        EmployeeFactory(unit=org.unit_a, name=f"Pegawai {'Panjang' * 12} {n}")
    stamp = builders.Stamp("KODE", timezone.now())
    (unit,) = builders_org.unit_pieces(org.unit_a, period, stamp=stamp)  # one piece: the whole document
    city = builders.document_html([builders_org.city_part(period, stamp=stamp)], title="uji")
    for html in (unit(1, 0), city):
        assert overflowing(pdf.layout(html)) == []
