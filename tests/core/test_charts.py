"""The server-side SVG charts (apps/core/charts.py, charts_series.py): valid XML, labelled, escaped,
numbers in the active language, colour-blind-safe colours, and drawable by WeasyPrint; and the chart
card that shows a chart with its data table (templates/includes/chart_card.html)."""

import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from apps.core import charts, charts_series
from apps.core.charts_series import NO_DATA, ORDERED5, SEQUENTIAL, contrast, heatmap, ink_on, line_chart, stacked_bar
from apps.core.tables import DataTable

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
PREDICATES = ["Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"]


def parse(svg) -> ET.Element:
    root = ET.fromstring(str(svg))
    assert root.tag == f"{SVG}svg"
    return root


def texts(root: ET.Element) -> list[str]:
    return ["".join(node.itertext()) for node in root.iter(f"{SVG}text")]


def tooltips(root: ET.Element) -> list[str]:
    """The <title> of each mark (the chart's own title is the first child of the root)."""
    return [node.text for node in root.iter(f"{SVG}title")][1:]


def cells(root: ET.Element) -> list[ET.Element]:
    """The heat-map's cells: the rectangles with a tooltip."""
    return [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]


# One builder per chart type, each with the hostile text in its title and its labels.
BUILDERS = {
    "line": lambda label, title: line_chart(
        [(label, [80, 90.5, None, 95]), ("Capaian", [60, None, 70, 72])],
        labels=["Jan", "Feb", label, "Apr"],
        title=title,
        reference=100,
    ),
    "stacked": lambda label, title: stacked_bar(
        [(label, [2, 10, 1, 0, 0]), ("Dinas Kesehatan", [1, 5, 3, 1, 0])],
        segments=[*PREDICATES[:4], label],
        title=title,
        reference=[10, 70, None, None, None],
        reference_label=label,
    ),
    "heatmap": lambda label, title: heatmap(
        [(label, [100, 85, None]), ("Dinas Kesehatan", [50, 0, 12.5])], columns=["1", label, "3"], title=title
    ),
    "bar": lambda label, title: charts.bar_chart([(label, 90.5), ("b", None)], title=title),
    "donut": lambda label, title: charts.donut_chart([(label, 3), ("b", 1)], title=title),
    "histogram": lambda label, title: charts.histogram([(label, 3), ("b", 1)], title=title),
}


@pytest.mark.parametrize("kind", BUILDERS)
def test_every_chart_is_labelled_scalable_svg_with_hostile_text_escaped(kind):
    svg = BUILDERS[kind](HOSTILE, f"Judul {HOSTILE}")
    root = parse(svg)
    assert root.get("role") == "img" and root.get("aria-label") == f"Judul {HOSTILE}"
    assert root[0].tag == f"{SVG}title" and root[0].text == f"Judul {HOSTILE}"
    width, height = root.get("width"), root.get("height")
    assert root.get("viewBox") == f"0 0 {width} {height}" and "chart" in root.get("class")
    # the hostile text is only ever text: escaped in the markup, no element made of it
    assert "<script>" not in svg and ESCAPED in svg
    assert not [node for node in root.iter() if node.tag.endswith("script")]
    assert "style=" not in svg  # presentation attributes only: the pages' CSP and WeasyPrint


@pytest.mark.parametrize("kind", ["line", "stacked", "heatmap"])
def test_series_charts_print_numbers_in_the_active_language(kind):
    builders = {
        "line": lambda: line_chart([("Kepatuhan", [80, 90.5])], labels=["Jan", "Feb"], title="t"),
        "stacked": lambda: stacked_bar([("Unit", [90.5, 9.5])], segments=["Ya", "Tidak"], title="t"),
        "heatmap": lambda: heatmap([("Unit", [90.5])], columns=["1"], title="t"),
    }
    with translation.override("id"):
        indonesian = str(builders[kind]())
    with translation.override("en"):
        english = str(builders[kind]())
    assert "90,5 %" in indonesian and "90.5 %" not in indonesian
    assert "90.5 %" in english


def test_line_chart_gaps_end_values_legend_and_grid():
    with translation.override("id"):
        svg = line_chart(
            [("Kepatuhan <b>", [70, 80, None, 85, 90.5]), ("IKM", [None, None, 60, None, None])],
            labels=["Jan", "Feb", "Mar", "Apr", "Mei"],
            title="Tren",
            max_value=100,
        )
    root = parse(svg)
    paths = [p for p in root.iter(f"{SVG}path") if p.get("fill") == "none"]
    assert len(paths) == 2  # the gap splits the first line; the second is a lone point, drawn as a dot
    shown = texts(root)
    assert "Kepatuhan <b>" in shown and "IKM" in shown  # the legend, escaped in the markup
    assert "&lt;b&gt;" in svg
    assert "90,5 %" in shown and "60,0 %" in shown  # each line ends in its last value
    assert {"0 %", "50 %", "100 %"} <= set(shown)  # the grid's values
    assert "Kepatuhan <b>, Apr: 85,0 %" in tooltips(root)


def test_line_chart_thins_its_x_labels_and_handles_zero_and_empty():
    days = [f"{day:02d} Jan" for day in range(1, 32)]
    root = parse(line_chart([("Harian", [50.0] * 31)], labels=days, title="t", width=360))
    shown = [node for node in root.iter(f"{SVG}text") if node.text in days]
    assert 2 <= len(shown) < len(days)
    xs = [float(node.get("x")) for node in shown]
    assert min(b - a for a, b in pairwise(xs)) >= len(days[0]) * 8 * 0.6  # 8 px DejaVu Sans: no overlap

    zero = parse(line_chart([("a", [0, 0, 0])], labels=["1", "2", "3"], title="t"))
    assert "0,0 %" in texts(zero) or "0.0 %" in texts(zero)
    for empty in (
        line_chart([], labels=["Jan"], title="t", empty="Belum ada data"),
        line_chart([("a", [None, None])], labels=["Jan", "Feb"], title="t", empty="Belum ada data"),
        line_chart([("a", [1])], labels=[], title="t", empty="Belum ada data"),
    ):
        assert "Belum ada data" in texts(parse(empty))


def test_stacked_bar_shares_counts_reference_ticks_and_empty_rows():
    with translation.override("id"):
        svg = stacked_bar(
            [("Dinas A", [1, 7, 2, 0, 0]), ("Kosong", [0, 0, 0, 0, 0])],
            segments=PREDICATES,
            title="Predikat",
            reference=[10, 70, None, None, None],
            reference_label="Batas kurva",
        )
    root = parse(svg)
    shown = texts(root)
    assert "70 %" in shown and "20 %" in shown and "10 %" in shown  # shares inside the wide segments
    assert "n = 10" in shown and "–" in shown  # the count, and "–" for the row with nothing
    assert set(PREDICATES) <= set(shown) and "Batas kurva" in shown  # the legend
    assert "Dinas A, Baik: 7 (70,0 %)" in tooltips(root)
    segment_fills = [rect.get("fill") for rect in cells(root)]
    assert segment_fills == list(charts.PALETTE[:3])  # zero segments are not drawn
    ticks = [line for line in root.iter(f"{SVG}line") if line.get("stroke-width") == "2"]
    assert len(ticks) == 2 * 2 + 2  # two stubs per reference on the non-empty bar, plus the legend's sample

    counts = parse(stacked_bar([("a", [3, 1]), ("b", [1, 1])], segments=["x", "y"], title="t", as_share=False))
    assert {"3", "4", "2"} <= set(texts(counts))
    zero = parse(stacked_bar([("a", [0, 0])], segments=["x", "y"], title="t"))
    assert not cells(zero) and "–" in texts(zero)
    assert "kosong" in texts(parse(stacked_bar([], segments=["x"], title="t", empty="kosong")))


def test_stacked_bar_text_is_readable_on_every_segment():
    for color in (*charts.PALETTE, *ORDERED5, *SEQUENTIAL):
        assert contrast(ink_on(color), color) >= 4.5, color
    svg = stacked_bar([("a", [50, 50])], segments=["x", "y"], title="t", colors=["#0072b2", "#f0e442"])
    fills = {node.text: node.get("fill") for node in parse(svg).iter(f"{SVG}text")}
    assert fills["50 %"] in {"#000000", "#ffffff"}


def test_heatmap_colours_come_from_the_scale():
    values = [0, 19.9, 20, 50, 79.9, 80, 100, 150, -5, None]
    root = parse(heatmap([("Unit", values)], columns=[str(i) for i in range(len(values))], title="t"))
    fills = [rect.get("fill") for rect in cells(root)]
    s = SEQUENTIAL
    assert fills == [s[0], s[0], s[1], s[2], s[3], s[4], s[4], s[4], s[0], NO_DATA]
    legend = [rect.get("fill") for rect in root.iter(f"{SVG}rect") if rect.get("width") == "10"]
    assert list(s) <= legend and NO_DATA in legend  # every step in the legend, and "no data"


def test_heatmap_tooltips_means_missing_cells_and_thinned_columns():
    days = [f"{day}" for day in range(1, 32)]
    with translation.override("id"):
        svg = heatmap(
            [("Dinas A", [85, None, 90.5]), ("Dinas B", [None] * 31)],
            columns=days,
            title="Kepatuhan",
            missing="tidak ada data",
        )
    root = parse(svg)
    tips = tooltips(root)
    assert "Dinas A, 1: 85,0 %" in tips and "Dinas A, 2: tidak ada data" in tips
    assert "Dinas B, 31: tidak ada data" in tips  # short rows are padded with missing cells
    assert len(cells(root)) == 2 * 31
    shown = texts(root)
    assert "87,8 %" in shown and "–" in shown  # each row ends in its mean
    labels = [node for node in root.iter(f"{SVG}text") if node.text in days and node.get("font-size") == "8"]
    assert 2 <= len(labels) < 31
    xs = [float(node.get("x")) for node in labels]
    assert min(b - a for a, b in pairwise(xs)) >= 2 * 8 * 0.6

    fitted = parse(heatmap([("a", [1, 2, 3])], columns=["x", "y", "z"], title="t", width=360))
    assert fitted.get("width") == "360"
    assert "kosong" in texts(parse(heatmap([], columns=["1"], title="t", empty="kosong")))
    assert "kosong" in texts(parse(heatmap([("a", [])], columns=[], title="t", empty="kosong")))


def test_palette_is_okabe_ito_with_neighbours_apart_and_primary_readable():
    okabe_ito = {"#000000", "#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7"}
    assert set(charts.PALETTE) == okabe_ito
    assert contrast(charts.PRIMARY, "#ffffff") >= 4.5 and contrast(charts.MUTED, "#ffffff") >= 4.5
    lightness = [charts_series._luminance(color) for color in charts.PALETTE]
    assert min(abs(a - b) for a, b in pairwise(lightness)) >= 0.1


def test_charts_render_in_weasyprint():
    import weasyprint

    with translation.override("id"):
        body = "".join(
            str(chart)
            for chart in (
                BUILDERS["line"]("Kepatuhan", "Tren"),
                BUILDERS["stacked"]("Dinas A", "Predikat"),
                BUILDERS["heatmap"]("Dinas A", "Kepatuhan harian"),
                line_chart([], labels=[], title="kosong", empty="Belum ada data"),
            )
        )
    pdf = weasyprint.HTML(string=f"<!doctype html><html><body>{body}</body></html>").write_pdf()
    assert pdf.startswith(b"%PDF")


def test_chart_card_shows_the_chart_with_its_data_table_behind_a_toggle():
    table = DataTable(
        key="kepatuhan",
        title="Kepatuhan per unit",
        columns=["Unit", "Kepatuhan (%)"],
        rows=[["Dinas A", 90.5], [HOSTILE, None]],
        total=["Jumlah", 90.5],
    )
    chart = charts.bar_chart([(row[0], row[1]) for row in table.rows], title=table.title)
    with translation.override("id"):
        html = render_to_string(
            "includes/chart_card.html",
            {"chart": chart, "table": table, "export_url": "?xlsx=kepatuhan", "heading": "Kepatuhan"},
        )
    assert html.count("<svg") == 1 and "<details" in html and "<summary>" in html
    details = html[html.index("<details") :]
    assert "<td>Dinas A</td>" in details and "<td>90,5</td>" in details and "<td>–</td>" in details
    assert f"<td>{ESCAPED}</td>" in details and "<script>" not in html
    assert '<th scope="row">Jumlah</th>' in details and 'href="?xlsx=kepatuhan"' in details
