"""One unit's SKM results for a period, as the IKM page and the printed report show them (the same
figures and the same SVG charts in both: apps/core/charts.py).

Per element: the sum of scores, NRR (mean), NRR x 1/9 and the element's value on the 25-100 scale
(NRR x 25) with its grade; then the IKM, respondents, their profile, the monthly trend and the
suggestions. Three queries whatever the number of responses (the suggestions are paged apart).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from apps.core import charts

from ..ikm import GRADES, Ikm, grade_of, shown
from ..skm_questions import questions
from . import surveys
from .ikm import unit_ikm

GRADE_COLORS = {"A": "#1b7a3d", "B": "#0b3d91", "C": "#8a5a00", "D": "#b3261e"}


def decimal_text(value: Decimal | None, places: int = 2) -> str:
    """A number in the active language ("88,31" in Indonesian)."""
    return "–" if value is None else number_format(value, decimal_pos=places)


@dataclass
class ElementRow:
    number: int
    code: str
    unsur: str
    question: str
    total: int
    nrr: Decimal
    weighted: Decimal  # NRR x 1/9
    value: Decimal  # NRR x 25, the element on the IKM scale
    grade: str


@dataclass
class UnitReport:
    unit: object
    period: surveys.Period
    ikm: Ikm
    elements: list[ElementRow]
    chart: str
    trend_chart: str
    trend_months: int  # months with responses in the trend window
    profile: list[dict]
    weakest: list[ElementRow] = field(default_factory=list)
    strongest: list[ElementRow] = field(default_factory=list)

    @property
    def grade_color(self) -> str:
        return GRADE_COLORS.get(self.ikm.grade, "#5b6573")


def grade_table() -> list[dict]:
    """The regulation's conversion table, from ikm.GRADES (upper bound = the next grade's lower - 0.01)."""
    rows, upper = [], Decimal("100.00")
    for lowest, grade, label in GRADES:
        rows.append({"grade": grade, "label": str(label), "low": decimal_text(lowest), "high": decimal_text(upper)})
        upper = lowest - Decimal("0.01")
    return rows


def _elements(ikm: Ikm) -> list[ElementRow]:
    rows = []
    for number, (question, nrr) in enumerate(zip(questions(), ikm.nrr, strict=True), start=1):
        value = shown(nrr * 25)
        rows.append(
            ElementRow(
                number=number,
                code=question.code,
                unsur=question.unsur,
                question=question.text,
                total=int(nrr * ikm.respondents),
                nrr=shown(nrr, "0.001"),
                weighted=shown(nrr / 9, "0.001"),
                value=value,
                grade=grade_of(value)[0] if ikm.respondents else "",
            )
        )
    return rows


def unit_report(unit, period: surveys.Period, *, today=None, for_print: bool = False) -> UnitReport:
    """The figures of the page or (``for_print``) of the printed report. The charts are the same
    SVG code, drawn at the size each medium reads: small on the page, so their text stays legible
    on a phone (wider screens scale them up), wide on A4. The page's trend covers the twelve months
    up to the period's end (or today); the report's exactly the period's months."""
    ikm = unit_ikm(unit, period.start, period.end)
    elements = _elements(ikm)
    measured = bool(ikm.respondents)
    chart = charts.bar_chart(
        [(f"{row.code} {row.unsur}", row.value if measured else None) for row in elements],
        title=_("Nilai per unsur pelayanan (NRR x 25)"),
        unit="",
        max_value=100,
        width=520 if for_print else 280,
        label_width=250 if for_print else 128,
        label_chars=42 if for_print else 22,
        colors=[GRADE_COLORS.get(row.grade, charts.PRIMARY) for row in elements],
    )
    if for_print:
        trend_end, months = period.end, surveys.months_in(period)
    else:
        trend_end, months = max(min(period.end, today or timezone.localdate()), period.start), 12
    trend = surveys.ikm_trend(unit, trend_end, months=months)
    trend_chart = charts.bar_chart(
        [(date_format(month, "M Y"), month_ikm.value) for month, month_ikm in trend],
        title=_("IKM per bulan"),
        unit="",
        max_value=100,
        width=380 if for_print else 280,
        label_width=70 if for_print else 60,
        colors=[GRADE_COLORS.get(month_ikm.grade, charts.PRIMARY) for _month, month_ikm in trend],
    )
    ranked = sorted(elements, key=lambda row: (row.nrr, row.number))
    return UnitReport(
        unit=unit,
        period=period,
        ikm=ikm,
        elements=elements,
        chart=chart,
        trend_chart=trend_chart,
        trend_months=sum(1 for _month, month_ikm in trend if month_ikm.respondents),
        profile=surveys.respondent_profile(unit, period.start, period.end),
        weakest=ranked[:3] if measured else [],
        strongest=sorted(ranked[-2:], key=lambda row: (-row.nrr, row.number)) if measured else [],
    )


def report_pdf(unit, period: surveys.Period, *, suggestions_limit: int = 30) -> tuple[bytes, str]:
    """The printable "Laporan Hasil Survei Kepuasan Masyarakat" of one unit: (PDF bytes, file name).
    One page or two, rendered in the request (well under a second); WeasyPrint reads only the
    app's static files (apps/evaluations/reports/pdf.StaticOnlyFetcher), never a user's URL."""
    from django.template.loader import render_to_string
    from django.utils.text import slugify

    from apps.evaluations.reports.builders import government
    from apps.evaluations.reports.pdf import render_pdf

    report = unit_report(unit, period, for_print=True)
    found = surveys.suggestions(unit, period.start, period.end)
    now = timezone.now()
    title = _("Laporan Hasil Survei Kepuasan Masyarakat %(unit)s %(period)s") % {
        "unit": unit.name,
        "period": period.label,
    }
    html = render_to_string(
        "public_feedback/ikm/skm_report_pdf.html",
        {
            "title": title,
            "report": report,
            "gov": {**government(), "agency": unit.name},
            "grades": grade_table(),
            "suggestions": list(found[:suggestions_limit]),
            "suggestions_total": found.count(),
            "head": unit.head,
            "printed": date_format(timezone.localtime(now), "j F Y"),
            "city": government()["short_name"],
        },
    )
    pdf = render_pdf(html, title=title, created=now)
    return pdf, f"laporan-skm-{slugify(unit.short_name or unit.name)[:60]}-{period.code.lower()}.pdf"
