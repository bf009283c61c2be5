"""Server-side SVG charts: one code path for the web pages and the PDFs (DESIGN.md, "core").

Pure functions: data in, an SVG string out (a ``SafeString``, ready for a template). Every label
is escaped here, because labels are often user text (an RHK written by an ASN), and the numbers
are formatted in the active language (``90,5 %`` in Indonesian). Only presentation attributes are
used, never ``style``: the web pages run under a strict Content-Security-Policy, and WeasyPrint
draws the same markup. Charts stay small (a few dozen elements), so a PDF batch pays little for
them. Colour is never the only cue: every bar and segment carries its number as text.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "DejaVu Sans, Verdana, sans-serif"
# Okabe & Ito's colour-blind-safe set (https://jfly.uni-koeln.de/color/), ordered so that neighbours
# differ in lightness as well as hue; PRIMARY, its blue, has 5.2:1 contrast on white.
PRIMARY = "#0072b2"
MUTED = "#5b6573"
GRID = "#c9ced6"
PALETTE = ["#0072b2", "#e69f00", "#009e73", "#56b4e9", "#d55e00", "#f0e442", "#cc79a7", "#000000"]


def _number(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "–"
    if not decimals:
        return number_format(round(float(value)))
    return number_format(round(float(value), decimals), decimal_pos=decimals)


def _clip(text: object, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    label = escape(title)
    return mark_safe(  # noqa: S308 -- every piece of text below went through escape()
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{label}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT}">'
        f"<title>{label}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, text: str, *, size: float = 9, anchor: str = "start", fill: str = "#1b1f24", bold=False):
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" fill="{fill}"{weight}>'
        f"{escape(text)}</text>"
    )


def bar_chart(
    bars: Sequence[tuple[object, float | None]],
    *,
    title: str,
    unit: str = " %",
    max_value: float | None = None,
    reference: float | None = None,
    width: int = 480,
    label_width: int = 170,
    bar_height: int = 12,
    color: str = PRIMARY,
    colors: Sequence[str] | None = None,
    label_chars: int = 34,
    empty: str = "",
) -> SafeString:
    """Horizontal bars, one per (label, value); ``None`` reads "–" (not measured). ``reference``
    draws a dashed line (e.g. the 100 % target)."""
    rows = list(bars)
    gap, top, value_width = 6, 4, 58
    height = top + max(len(rows), 1) * (bar_height + gap) + 14
    values = [float(v) for _label, v in rows if v is not None]
    scale_max = max_value or max([*values, reference or 0, 1.0])
    plot = width - label_width - value_width
    body = []
    if not rows:
        body.append(_text(label_width, top + bar_height, empty, fill=MUTED))
    for index, (label, value) in enumerate(rows):
        y = top + index * (bar_height + gap)
        body.append(_text(label_width - 6, y + bar_height - 2, _clip(label, label_chars), anchor="end"))
        fill = colors[index % len(colors)] if colors else color
        length = 0.0 if value is None else max(0.0, min(float(value), scale_max)) / scale_max * plot
        body.append(f'<rect x="{label_width}" y="{y}" width="{plot}" height="{bar_height}" fill="#eef1f5"/>')
        if length:
            body.append(f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{fill}"/>')
        shown = "–" if value is None else f"{_number(value)}{unit}"
        body.append(_text(label_width + plot + 4, y + bar_height - 2, shown))
    if reference is not None and rows:
        x = label_width + min(reference, scale_max) / scale_max * plot
        bottom = top + len(rows) * (bar_height + gap) - gap
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 2}" x2="{x:.1f}" y2="{bottom + 2}" stroke="{MUTED}" '
            f'stroke-width="1" stroke-dasharray="3,2"/>'
        )
        body.append(_text(x, bottom + 12, f"{_number(reference, 0)}{unit}", size=8, anchor="middle", fill=MUTED))
    return _svg(width, height, title, body)


def histogram(
    columns: Sequence[tuple[object, int]],
    *,
    title: str,
    width: int = 420,
    height: int = 150,
    color: str = PRIMARY,
    colors: Sequence[str] | None = None,
) -> SafeString:
    """Vertical columns, one per (label, count): a distribution over bins or categories."""
    rows = list(columns)
    left, bottom, top = 8, 30, 16
    plot_h = height - bottom - top
    highest = max([count for _label, count in rows] + [1])
    slot = (width - 2 * left) / max(len(rows), 1)
    bar_w = slot * 0.62
    body = [f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" stroke="{GRID}"/>']
    for index, (label, count) in enumerate(rows):
        x = left + index * slot + (slot - bar_w) / 2
        h = count / highest * plot_h
        y = height - bottom - h
        fill = colors[index % len(colors)] if colors else color
        if h:
            body.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{fill}"/>')
        center = x + bar_w / 2
        body.append(_text(center, y - 3, _number(count, 0), anchor="middle", bold=True))
        body.append(_text(center, height - bottom + 12, _clip(label, 18), size=8, anchor="middle"))
    return _svg(width, height, title, body)


def _arc(cx: float, cy: float, r_out: float, r_in: float, start: float, end: float) -> str:
    """A ring segment from angle ``start`` to ``end`` (radians, clockwise from 12 o'clock)."""

    def point(radius, angle):
        return cx + radius * math.sin(angle), cy - radius * math.cos(angle)

    large = 1 if end - start > math.pi else 0
    x1, y1 = point(r_out, start)
    x2, y2 = point(r_out, end)
    x3, y3 = point(r_in, end)
    x4, y4 = point(r_in, start)
    return (
        f"M{x1:.2f},{y1:.2f} A{r_out},{r_out} 0 {large} 1 {x2:.2f},{y2:.2f} "
        f"L{x3:.2f},{y3:.2f} A{r_in},{r_in} 0 {large} 0 {x4:.2f},{y4:.2f} Z"
    )


def donut_chart(
    segments: Sequence[tuple[object, float]],
    *,
    title: str,
    colors: Sequence[str] = PALETTE,
    size: int = 130,
    width: int = 400,
    center_label: str = "",
    empty: str = "",
) -> SafeString:
    """A ring of (label, value) segments with a legend giving each count and share."""
    rows = [(label, float(value or 0)) for label, value in segments]
    total = sum(value for _label, value in rows)
    cx = cy = size / 2
    r_out, r_in = size / 2 - 4, size / 2 - 24
    legend_h = 16 * len(rows) + 8
    height = max(size, legend_h)
    body = []
    if total <= 0:
        body.append(f'<circle cx="{cx}" cy="{cy}" r="{(r_out + r_in) / 2}" fill="none" stroke="#eef1f5" '
                    f'stroke-width="{r_out - r_in}"/>')  # fmt: skip
        body.append(_text(cx, cy + 3, empty, anchor="middle", fill=MUTED))
    angle = 0.0
    for index, (_label, value) in enumerate(rows):
        if value <= 0 or total <= 0:
            continue
        share = value / total
        color = colors[index % len(colors)]
        if share >= 0.9999:  # one full ring: two half arcs (an arc cannot end where it starts)
            body.append(f'<path d="{_arc(cx, cy, r_out, r_in, 0, math.pi)}" fill="{color}"/>')
            body.append(f'<path d="{_arc(cx, cy, r_out, r_in, math.pi, 2 * math.pi)}" fill="{color}"/>')
        else:
            end = angle + share * 2 * math.pi
            body.append(f'<path d="{_arc(cx, cy, r_out, r_in, angle, end)}" fill="{color}" stroke="#fff"/>')
            angle = end
    if total > 0:
        body.append(_text(cx, cy + 5, center_label or _number(total, 0), size=13, anchor="middle", bold=True))
    x0 = size + 16
    for index, (label, value) in enumerate(rows):
        y = 12 + index * 16
        body.append(f'<rect x="{x0}" y="{y - 9}" width="10" height="10" fill="{colors[index % len(colors)]}"/>')
        share = f" ({_number(100 * value / total)} %)" if total > 0 else ""
        body.append(_text(x0 + 15, y, f"{_clip(label, 30)}: {_number(value, 0)}{share}"))
    return _svg(width, height, title, body)
