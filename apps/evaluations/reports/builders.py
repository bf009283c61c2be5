"""What an employee's report shows, built for many evaluations at once (a unit's members in one
WeasyPrint document), plus what every document shares: the letterhead from settings, the code
line and the HTML wrapper.

Everything printed comes from the evaluation as finalised (``Evaluation.breakdown`` is the
achievement per RHK and IKI frozen at finalisation), never recomputed: the PDF shows what the
employee acknowledged or objected to. User text reaches the templates as plain strings, so the
template engine escapes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from apps.core import charts
from apps.indicators.achievement import num, pct
from apps.indicators.models import Rating, RhkKind

from ..models import BehaviourRating, Evaluation, EvaluationPeriod
from ..predicate import Predicate
from . import pdf, selectors

NO_DATA = "belum ada data"
PREDICATE_COLORS = {
    Predicate.SANGAT_BAIK: "#2e7d32",
    Predicate.BAIK: "#1f5f99",
    Predicate.BUTUH_PERBAIKAN: "#d99a00",
    Predicate.KURANG: "#c0392b",
    Predicate.SANGAT_KURANG: "#6c3483",
}


@dataclass(frozen=True)
class Stamp:
    """What makes one document verifiable: its code, the time it was made, where to check it."""

    code: str
    generated_at: datetime

    @property
    def verify_url(self) -> str:
        return settings.SIKAP_SITE_URL.rstrip("/") + reverse("reports:verify", args=[self.code])

    @property
    def generated_label(self) -> str:
        return date_format(timezone.localtime(self.generated_at), "j F Y, H.i") + " WIB"


def government() -> dict:
    """The letterhead: the deployment's government from settings, never from code."""
    return {
        "name": settings.SIKAP_GOVERNMENT_NAME,
        "short_name": settings.SIKAP_GOVERNMENT_SHORT_NAME,
        "address": settings.SIKAP_GOVERNMENT_ADDRESS,
        "agency": settings.SIKAP_AGENCY_NAME,
        # a path on the site's own origin (even when STATIC_URL names a CDN): the fetcher reads it from disk
        "logo": urlsplit(settings.STATIC_URL).path + settings.SIKAP_GOVERNMENT_LOGO,
    }


# Whitespace next to a block-level, table or SVG tag never prints (CSS collapses it), but
# WeasyPrint parses it and builds boxes for it: about 4 % of an employee document's work. Only
# whitespace touching such a tag goes, so "<strong>a</strong> <span>b</span>" keeps its space.
_BLOCK = (
    r"(?:html|head|body|title|meta|style|section|div|p|h1|h2|ul|li|br"
    r"|table|colgroup|col|thead|tbody|tr|th|td|svg|rect|line|text)"
)
_SPACE_BEFORE_BLOCK = re.compile(rf"\s+(?=</?{_BLOCK}[\s/>])")
_SPACE_AFTER_BLOCK = re.compile(rf"(</?{_BLOCK}(?:\s[^>]*)?>)\s+")


def compact(html: str) -> str:
    return _SPACE_AFTER_BLOCK.sub(r"\1", _SPACE_BEFORE_BLOCK.sub("", html))


def document_html(parts: list[str], *, title: str, first_page: int = 1, total: int = 0) -> str:
    """The HTML document around one or more parts, each starting on a new page with its own page
    numbers (``pdf.page_css``). ``total`` is given for a piece of a longer document
    (``pdf.render_pieces``): its pages are numbered from ``first_page`` "dari ``total``", the total
    that its part carries in ``data-pages``."""
    body = mark_safe(compact("".join(parts)))  # noqa: S308 -- parts are rendered templates (autoescaped)
    rules = pdf.page_css(solo=len(parts) == 1 and not total, first_page=first_page)
    pages = mark_safe(rules)  # noqa: S308 -- made of translated strings, escaped
    return render_to_string("reports/pdf/document.html", {"title": title, "body": body, "page_rules": pages})


def period_dates(period: EvaluationPeriod) -> str:
    return f"{date_format(period.starts_on, 'j F Y')} – {date_format(period.ends_on, 'j F Y')}"


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _label(choices, value) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return "–"


def evaluations_for_reports(queryset) -> list[Evaluation]:
    """Evaluations with everything the employee report prints: three queries in all."""
    behaviours = Prefetch("behaviours", queryset=BehaviourRating.objects.order_by("pk"))
    related = ("employee", "employee__unit", "evaluator", "evaluator__unit", "period", "objection")
    return list(queryset.select_related(*related).prefetch_related(behaviours))


def _rhk_rows(breakdown: dict) -> list[dict]:
    rows = []
    for number, rhk in enumerate(breakdown.get("rhk") or [], start=1):
        iki = [
            {
                "text": item.get("text", ""),
                "target": f"{num(_decimal(item.get('target')))} {item.get('unit', '')}".strip(),
                "realisation": num(_decimal(item.get("realisation"))),
                "percent": pct(_decimal(item.get("percent"))),
            }
            for item in rhk.get("iki") or []
        ]
        rows.append(
            {
                "number": number,
                "text": rhk.get("text", ""),
                "kind": _label(RhkKind, rhk.get("kind")),
                "percent": pct(_decimal(rhk.get("percent"))),
                "value": _decimal(rhk.get("percent")),
                "iki": iki or [{"text": "–", "target": "–", "realisation": "–", "percent": "–"}],
            }
        )
    return rows


def jp_by_employee(evaluations: list[Evaluation]) -> dict[int, str]:
    """{employee pk: JP this year} from the trainings app's registered source (one query for all);
    without one, "belum ada data"."""
    from ..selectors import EVIDENCE_SOURCES

    source = EVIDENCE_SOURCES.get("jp_many")
    if not evaluations or source is None:
        return {}
    found = source([e.employee for e in evaluations], evaluations[0].period)
    shown = {}
    for pk, jp in found.items():
        if jp and jp.get("value") is not None:
            shown[pk] = f"{jp['value']} ({jp['detail']})" if jp.get("detail") else str(jp["value"])
    return shown


def employee_context(
    evaluation: Evaluation, *, compliance: selectors.Compliance, stamp: Stamp, jp: str = NO_DATA
) -> dict:
    employee, period = evaluation.employee, evaluation.period
    rhk = _rhk_rows(evaluation.breakdown or {})
    # Labels are the RHK numbers of the table above it: WeasyPrint lays out SVG text one letter
    # at a time, and the RHK texts made the chart a fifth of the whole document's cost.
    chart = charts.bar_chart(
        [(f"RHK {row['number']}", row["value"]) for row in rhk],
        title=_("Capaian per RHK"),
        max_value=120,
        reference=100,
        width=500,
        label_width=60,
        bar_height=10,
        empty=_("Belum ada RHK yang terukur."),
    )
    objection = getattr(evaluation, "objection", None) if evaluation.status in ("objected", "decided") else None
    return {
        "key": f"e{evaluation.pk}",
        "gov": government(),
        "stamp": stamp,
        "period": period,
        "period_dates": period_dates(period),
        "employee": employee,
        "evaluator": evaluation.evaluator,
        "evaluation": evaluation,
        "status": evaluation.get_status_display(),
        "finalised": date_format(timezone.localtime(evaluation.finalised_at), "j F Y")
        if evaluation.finalised_at
        else "–",
        "rhk": rhk,
        "achievement": pct(evaluation.achievement),
        "proposed": _label(Rating, evaluation.proposed_rating),
        "rating_hasil": _label(Rating, evaluation.rating_hasil),
        "rating_perilaku": _label(Rating, evaluation.rating_perilaku),
        "predicate": _label(Predicate, evaluation.predicate),
        "predicate_color": PREDICATE_COLORS.get(evaluation.predicate, "#1b1f24"),
        "behaviours": [
            {"value": row.get_value_display(), "rating": _label(Rating, row.rating), "note": row.note}
            for row in evaluation.behaviours.all()
        ],
        "objection": objection,
        "jp": jp,
        "compliance": compliance,
        "compliance_pct": pct(_decimal(compliance.percent)),
        "chart": chart,
        "footer": f"{employee.full_name} · NIP {employee.nip} · {period.label} · "
        + _("Kode verifikasi %(code)s") % {"code": stamp.code},
        "header": f"{_('Laporan Kinerja Pegawai')} · {employee.full_name} · {period.label}",
    }


def employee_title(evaluation: Evaluation) -> str:
    return _("Laporan Kinerja %(name)s %(period)s") % {
        "name": evaluation.employee.full_name,
        "period": evaluation.period.label,
    }


def employee_parts(evaluations: list[Evaluation], stamps: dict[int, Stamp]) -> tuple[dict[int, str], dict[int, str]]:
    """({evaluation pk: rendered part}, {evaluation pk: why it could not be built}) for evaluations of
    one period. Compliance for all of them costs two queries (holidays, reports), JP two more."""
    if not evaluations:
        return {}, {}
    days = selectors.working_days(evaluations[0].period)
    compliance = selectors.compliance_by_employee({e.employee_id for e in evaluations}, days)
    jp = jp_by_employee(evaluations)
    parts, errors = {}, {}
    for evaluation in evaluations:
        try:
            context = employee_context(
                evaluation,
                compliance=compliance[evaluation.employee_id],
                stamp=stamps[evaluation.pk],
                jp=jp.get(evaluation.employee_id, NO_DATA),
            )
            parts[evaluation.pk] = render_to_string("reports/pdf/employee.html", context)
        except Exception as exc:  # one person's bad data must not sink the unit's other documents
            errors[evaluation.pk] = f"{type(exc).__name__}: {exc}"[:1000]
    return parts, errors
