"""Series charts: lines over time, 100 % stacked bars and a units × days heat-map (DESIGN.md, "core").

The contract of apps/core/charts.py holds here too, with its helpers: pure functions from data to
a ``SafeString`` of SVG, every label escaped, numbers in the active language, presentation
attributes only (a strict CSP on the pages, WeasyPrint in the PDFs), a width, height and viewBox
so that CSS can scale the chart down to a phone (``svg.chart`` in app.css). Colour is never the
only cue: lines also differ by dash and marker and end in their value, segments carry their share,
heat-map rows end in their mean and every cell has a tooltip; the data table behind the chart
(templates/includes/chart_card.html) holds every number.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString

from .charts import GRID, MUTED, PALETTE, _clip, _number, _svg, _text

INK = "#1b1f24"
TRACK = "#eef1f5"
NO_DATA = "#e4e7eb"
HATCH = "#9aa3ad"
# ColorBrewer "Blues", 5 classes: one hue from light to dark, safe for every colour-vision
# deficiency and still ordered when printed in grey.
SEQUENTIAL = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
# For ordered categories from good to bad (the five predicates): blue to red through grey, after
# Paul Tol's diverging "BuRd" scheme, whose ends stay apart for red-green colour blindness.
ORDERED5 = ("#2166ac", "#92c5de", "#d9d9d9", "#f4a582", "#b2182b")
DASHES = ("", "6,3", "2,2", "8,3,2,3")
# Average glyph width of DejaVu Sans in em, to guess how much room a label takes.
CHAR_EM = 0.62


def _width_of(text: str, size: float) -> float:
    return len(text) * size * CHAR_EM


def _luminance(color: str) -> float:
    channels = [int(color.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def ink_on(fill: str) -> str:
    """Black or white text, whichever contrasts more with ``fill``: one of them always reaches
    4.5:1 (WCAG AA for small text), whatever the fill."""
    try:
        return "#000000" if contrast("#000000", fill) >= contrast("#ffffff", fill) else "#ffffff"
    except ValueError:  # not a #rrggbb colour (a name): the usual ink
        return INK


def _every(labels: Sequence[str], slot: float, size: float = 8) -> int:
    """Show every n-th label so that none overlaps its neighbour: n slots hold the widest one."""
    widest = max((_width_of(label, size) for label in labels), default=0)
    return max(1, math.ceil((widest + 6) / slot)) if slot > 0 else 1


def _legend(entries, *, left: float, top: float, right: float, size: float = 9):
    """Swatches with their names, wrapped within ``right``. ``entries`` are (label, swatch, swatch
    width), ``swatch(x, y)`` drawing the sample in a box from ``y`` to ``y + size``. Returns the
    markup and the height taken."""
    body, x, y, line = [], left, top, size + 6
    for label, swatch, swatch_w in entries:
        text = _clip(label, 40)
        need = swatch_w + 4 + _width_of(text, size) + 12
        if x > left and x + need > right:
            x, y = left, y + line
        body.append(swatch(x, y))
        body.append(_text(x + swatch_w + 4, y + size - 1, text, size=size))
        x += need
    return body, (y + line - top) if entries else 0


def _box(color: str, size: float = 9) -> Callable[[float, float], str]:
    return lambda x, y: f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="{size}" fill="{escape(color)}"/>'


def _hatched(x: float, y: float) -> str:
    """The legend's sample of a cell without data."""
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="10" height="9" fill="{NO_DATA}"/><line x1="{x + 1:.1f}" '
        f'y1="{y + 8:.1f}" x2="{x + 9:.1f}" y2="{y + 1:.1f}" stroke="{HATCH}" stroke-width="0.8"/>'
    )


def _empty(title: str, empty: str, width: int) -> SafeString:
    frame = (
        f'<rect x="0.5" y="0.5" width="{width - 1}" height="35" fill="none" stroke="{GRID}" stroke-dasharray="3,2"/>'
    )
    return _svg(width, 36, title, [frame, _text(width / 2, 22, empty, anchor="middle", fill=MUTED)])


def _ticks(highest: float, count: int = 4) -> tuple[float, list[float], int]:
    """A round top for the axis, the grid values up to it and the decimals they need."""
    raw = highest / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw * (1 - 1e-9))
    top = math.ceil(highest / step - 1e-9) * step
    ticks = [i * step for i in range(round(top / step) + 1)]
    decimals = next((d for d in range(4) if abs(step * 10**d - round(step * 10**d)) < 1e-9), 3)
    return top, ticks, decimals


# A line's marker shape, so that lines differ in more than colour: circle, square, triangle, diamond.
MARKERS = (
    lambda x, y, c: f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{c}" stroke="#fff"/>',
    lambda x, y, c: f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{c}" stroke="#fff"/>',
    lambda x, y, c: f'<path d="M{x:.1f},{y - 4.5:.1f} l4,7.5 h-8 Z" fill="{c}" stroke="#fff"/>',
    lambda x, y, c: f'<path d="M{x:.1f},{y - 4.5:.1f} l4.5,4.5 l-4.5,4.5 l-4.5,-4.5 Z" fill="{c}" stroke="#fff"/>',
)


def line_chart(
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    labels: Sequence[str],
    title: str,
    unit: str = " %",
    max_value: float | None = None,
    reference: float | None = None,
    reference_label: str = "",
    width: int = 480,
    height: int = 200,
    decimals: int = 1,
    colors: Sequence[str] | None = None,
    empty: str = "",
) -> SafeString:
    """One line per (name, values) over the same x ``labels``; ``None`` leaves a gap. Each line
    ends in a marker with its last value; ``reference`` draws a dashed target line."""
    labels = [str(label) for label in labels]
    n = len(labels)
    lines = [(str(name), [None if v is None else float(v) for v in list(values)[:n]]) for name, values in series]
    measured = [v for _name, values in lines for v in values if v is not None]
    if not n or not measured:
        return _empty(title, empty, width)
    colors = [escape(c) for c in (colors or PALETTE)]
    top_value, ticks, tick_decimals = _ticks(max_value or max([*measured, reference or 0, 0]) or 1)
    if max_value:
        top_value, ticks = max_value, [t for t in ticks if t <= max_value]
    tick_texts = [f"{_number(t, tick_decimals)}{unit}" for t in ticks]
    left = max(_width_of(t, 8) for t in tick_texts) + 8
    lasts = [(i, next((j for j in range(n - 1, -1, -1) if values[j] is not None), None)) for i, (_, values) in
             enumerate(lines)]  # fmt: skip
    end_texts = {i: f"{_number(lines[i][1][j], decimals)}{unit}" for i, j in lasts if j is not None}
    # The end values sit right of the plot; with several lines each starts with its line's marker.
    keyed = 11 if len(lines) > 1 else 0
    right = width - max(_width_of(t, 9) for t in end_texts.values()) - keyed - 12

    def swatch(index):
        dash = f' stroke-dasharray="{DASHES[index % len(DASHES)]}"' if DASHES[index % len(DASHES)] else ""
        color = colors[index % len(colors)]
        return lambda x, y: (
            f'<line x1="{x:.1f}" y1="{y + 4.5:.1f}" x2="{x + 18:.1f}" y2="{y + 4.5:.1f}" stroke="{color}" '
            f'stroke-width="2"{dash}/>' + MARKERS[index % len(MARKERS)](x + 9, y + 4.5, color)
        )

    body, legend_h = _legend(
        [(name, swatch(i), 18) for i, (name, _values) in enumerate(lines)], left=left, top=4, right=width - 4
    )
    plot_top = legend_h + 10
    height = max(height, plot_top + 80)
    plot_bottom = height - 18
    plot_h, plot_w = plot_bottom - plot_top, right - left

    def x_of(index: int) -> float:
        return left + (index * plot_w / (n - 1) if n > 1 else plot_w / 2)

    def y_of(value: float) -> float:
        return plot_bottom - max(0.0, min(value, top_value)) / top_value * plot_h

    for tick, text in zip(ticks, tick_texts, strict=True):
        y = y_of(tick)
        body.append(
            f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="0.6"/>'
        )
        body.append(_text(left - 4, y + 3, text, size=8, anchor="end", fill=MUTED))
    every = _every(labels, plot_w / max(n - 1, 1))
    for index in range(0, n, every):
        body.append(_text(x_of(index), plot_bottom + 12, labels[index], size=8, anchor="middle", fill=MUTED))
    if reference is not None:
        y = y_of(reference)
        body.append(f'<line x1="{left:.1f}" y1="{y:.1f}" x2="{right:.1f}" y2="{y:.1f}" stroke="{MUTED}" '
                    f'stroke-width="1" stroke-dasharray="4,3"/>')  # fmt: skip
        shown = f"{_number(reference, _places(reference))}{unit}"
        if reference_label or not any(math.isclose(reference, tick) for tick in ticks):  # else the axis says it
            text = f"{reference_label}: {shown}" if reference_label else shown
            body.append(_text(left + 3, y - 3, text, size=8, fill=MUTED))
    dots = plot_w / max(n - 1, 1) >= 12  # a dot (with a tooltip) on every point while they stay apart
    end_labels = []
    for i, (name, values) in enumerate(lines):
        color, dash = colors[i % len(colors)], DASHES[i % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        run: list[str] = []
        for j, value in enumerate([*values, None]):
            if value is not None:
                run.append(f"{x_of(j):.1f},{y_of(value):.1f}")
                continue
            if len(run) > 1:
                body.append(f'<path d="M{" L".join(run)}" fill="none" stroke="{color}" stroke-width="2"'
                            f' stroke-linejoin="round"{dash_attr}/>')  # fmt: skip
            elif run:  # a point between two gaps
                body.append(f'<circle cx="{run[0].split(",")[0]}" cy="{run[0].split(",")[1]}" r="2.5" fill="{color}"/>')
            run = []
        for j, value in enumerate(values):
            if value is not None and dots:
                tip = f"{name}, {labels[j]}: {_number(value, decimals)}{unit}"
                body.append(f'<circle cx="{x_of(j):.1f}" cy="{y_of(value):.1f}" r="2" fill="{color}">'
                            f"<title>{escape(tip)}</title></circle>")  # fmt: skip
        last = dict(lasts)[i]
        if last is not None:
            x, y = x_of(last), y_of(values[last])
            body.append(MARKERS[i % len(MARKERS)](x, y, color))
            end_labels.append([y, y, x, i])
    end_labels.sort()
    for k in range(1, len(end_labels)):  # push apart the end values of lines that end close together
        end_labels[k][0] = max(end_labels[k][0], end_labels[k - 1][0] + 11)
    overflow = end_labels[-1][0] - plot_bottom if end_labels else 0
    for label_y, mark_y, x, i in end_labels:
        label_y -= max(0.0, overflow)
        label_x = x + 8
        if abs(label_y - mark_y) > 2:  # moved away from its point: a leader line joins them
            body.append(f'<line x1="{x + 4:.1f}" y1="{mark_y:.1f}" x2="{label_x:.1f}" y2="{label_y:.1f}" '
                        f'stroke="{MUTED}" stroke-width="0.7"/>')  # fmt: skip
        if keyed:
            body.append(MARKERS[i % len(MARKERS)](label_x + 5, label_y, colors[i % len(colors)]))
        body.append(_text(label_x + keyed + 1, label_y + 3, end_texts[i], bold=True))
    return _svg(width, height, title, body)


def stacked_bar(
    rows: Sequence[tuple[str, Sequence[float]]],
    *,
    segments: Sequence[str],
    title: str,
    colors: Sequence[str] | None = None,
    width: int = 480,
    label_width: int = 170,
    as_share: bool = True,
    reference: Sequence[float | None] | None = None,
    reference_label: str = "",
    bar_height: int = 14,
    label_chars: int | None = None,
    empty: str = "",
) -> SafeString:
    """Horizontal stacked bars, one per (label, values in ``segments`` order): each bar fills the
    width (``as_share``, a 100 % distribution) or is as long as its total. A segment wide enough
    prints its share (or value); each bar ends in its count. ``reference`` holds a target share per
    segment (percent, ``None`` for none), drawn as a tick that far from the segment's start, so a
    segment running past its tick is over its share (e.g. the curve's allowed maxima)."""
    rows = [(str(label), [max(0.0, float(v or 0)) for v in values]) for label, values in rows]
    if not rows:
        return _empty(title, empty, width)
    colors = [escape(c) for c in (colors or PALETTE)]
    value_width, gap = 52, 8 if reference is not None else 6
    plot = width - label_width - value_width
    label_chars = label_chars or int((label_width - 8) / (9 * CHAR_EM))
    entries = [(str(name), _box(colors[i % len(colors)]), 10) for i, name in enumerate(segments)]
    if reference is not None and reference_label:
        entries.append((reference_label, lambda x, y: _tick(x + 5, y - 1, 11, 5.5), 10))
    body, legend_h = _legend(entries, left=4, top=4, right=width - 4)
    top = legend_h + 10
    totals = [sum(values) for _label, values in rows]
    widest = max(totals) or 1
    for index, (label, values) in enumerate(rows):
        y, total = top + index * (bar_height + gap), totals[index]
        body.append(_text(label_width - 6, y + bar_height - 3, _clip(label, label_chars), anchor="end"))
        body.append(f'<rect x="{label_width}" y="{y}" width="{plot}" height="{bar_height}" fill="{TRACK}"/>')
        if total <= 0:
            body.append(_text(label_width + plot + 4, y + bar_height - 3, "–", fill=MUTED))
            continue
        length = plot if as_share else plot * total / widest
        x = float(label_width)
        for k, value in enumerate(values[: len(segments)]):
            share = 100 * value / total
            w = length * value / total
            if reference is not None and k < len(reference) and reference[k] is not None:
                ticks_at = x + length * min(float(reference[k]), 100.0) / 100
            else:
                ticks_at = None
            if w > 0:
                fill = colors[k % len(colors)]
                tip = f"{label}, {segments[k]}: {_number(value, _places(value))} ({_number(share)} %)"
                body.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{fill}" '
                            f'stroke="#fff" stroke-width="0.5"><title>{escape(tip)}</title></rect>')  # fmt: skip
                shown = f"{_number(share, 0)} %" if as_share else _number(value, _places(value))
                for text in (shown, shown.removesuffix(" %")):
                    if _width_of(text, 8) + 4 <= w:
                        body.append(_text(x + w / 2, y + bar_height - 3.5, text, size=8, anchor="middle",
                                          fill=ink_on(fill)))  # fmt: skip
                        break
            if ticks_at is not None:
                body.append(_tick(ticks_at, y - 4, bar_height + 8, 5))
            x += w
        count = f"n = {_number(total, _places(total))}" if as_share else _number(total, _places(total))
        body.append(_text(label_width + plot + 4, y + bar_height - 3, count, fill=MUTED))
    height = top + len(rows) * (bar_height + gap) + 4
    return _svg(width, height, title, body)


def _places(value: float) -> int:
    return 0 if float(value).is_integer() else 1


def _tick(x: float, y: float, length: float, stub: float) -> str:
    """A target mark: two dark stubs of ``stub`` px at both ends of ``length``, left open in
    between so that the number printed in the segment stays readable."""
    marks = []
    for y1, y2 in ((y, y + stub), (y + length - stub, y + length)):
        marks.append(f'<line x1="{x:.1f}" y1="{y1:.1f}" x2="{x:.1f}" y2="{y2:.1f}" stroke="{INK}" stroke-width="2"/>')
    return "".join(marks)


def heatmap(
    rows: Sequence[tuple[str, Sequence[float | None]]],
    *,
    columns: Sequence[str],
    title: str,
    width: int | None = None,
    cell: int = 14,
    label_width: int = 150,
    low: float = 0,
    high: float = 100,
    unit: str = " %",
    steps: Sequence[str] = SEQUENTIAL,
    mean_label: str = "Ø",
    missing: str = "–",
    label_chars: int | None = None,
    empty: str = "",
) -> SafeString:
    """A grid of rows (units) × ``columns`` (days), each cell coloured by its value on a sequential
    scale of ``steps`` equal bands from ``low`` to ``high``; ``None`` cells are grey and hatched
    (``missing`` names them in the legend). Every cell has a tooltip and every row ends in its mean.
    ``width`` fits the columns into it, else each column is ``cell`` wide."""
    columns = [str(column) for column in columns]
    rows = [(str(label), list(values)[: len(columns)]) for label, values in rows]
    if not rows or not columns:
        return _empty(title, empty, width or 320)
    n, mean_w = len(columns), 50
    cell_w = max(4.0, (width - label_width - mean_w - 4) / n) if width else float(cell)
    width = width or math.ceil(label_width + n * cell_w + mean_w + 4)
    label_chars = label_chars or int((label_width - 8) / (9 * CHAR_EM))
    span = (high - low) or 1

    def color_of(value: float) -> str:
        return steps[min(len(steps) - 1, max(0, int((value - low) / span * len(steps))))]

    header = 14
    body = [_text(label_width + n * cell_w + mean_w / 2, header - 4, mean_label, size=8, anchor="middle", fill=MUTED)]
    every = _every(columns, cell_w)
    for index in range(0, n, every):
        x = label_width + (index + 0.5) * cell_w
        body.append(_text(x, header - 4, columns[index], size=8, anchor="middle", fill=MUTED))
    for r, (label, values) in enumerate(rows):
        y = header + r * cell
        body.append(_text(label_width - 6, y + cell / 2 + 3, _clip(label, label_chars), anchor="end"))
        for c, value in enumerate([*values, *[None] * (n - len(values))]):
            x = label_width + c * cell_w
            shown = missing if value is None else f"{_number(value)}{unit}"
            tip = f"<title>{escape(f'{label}, {columns[c]}: {shown}')}</title>"
            box = f'x="{x:.1f}" y="{y}" width="{cell_w - 1:.1f}" height="{cell - 1}"'
            if value is None:
                body.append(f'<rect {box} fill="{NO_DATA}">{tip}</rect>')
                body.append(f'<line x1="{x + 1:.1f}" y1="{y + cell - 2}" x2="{x + cell_w - 2:.1f}" y2="{y + 1}" '
                            f'stroke="{HATCH}" stroke-width="0.8"/>')  # fmt: skip
            else:
                body.append(f'<rect {box} fill="{escape(color_of(float(value)))}">{tip}</rect>')
        measured = [float(v) for v in values if v is not None]
        mean = f"{_number(sum(measured) / len(measured))}{unit}" if measured else "–"
        body.append(_text(label_width + n * cell_w + mean_w - 2, y + cell / 2 + 3, mean, anchor="end"))
    band = span / len(steps)
    entries = []
    for k, color in enumerate(steps):
        first, last = low + k * band, low + (k + 1) * band
        text = f"{_number(first, _places(first))}–{_number(last, _places(last))}"
        entries.append((text + (unit if k == len(steps) - 1 else ""), _box(color), 10))
    entries.append((missing, _hatched, 10))
    legend, legend_h = _legend(entries, left=4, top=header + len(rows) * cell + 8, right=width - 4, size=8)
    body.extend(legend)
    return _svg(width, math.ceil(header + len(rows) * cell + 8 + legend_h), title, body)
