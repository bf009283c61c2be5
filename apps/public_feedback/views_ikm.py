"""IKM pages for staff (namespace "ikm", /kelola/ikm/): every unit for BKPSDM admins and leaders,
a unit's own for its head and complaint handlers (apps/core/access "ikm.read"). Read-only pages:
nothing here changes data, so a leader sees exactly what an admin sees."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.core import access

from .selectors import ikm_report
from .selectors import surveys as selectors

SUGGESTIONS_PER_PAGE = 20


def _period(request) -> selectors.Period:
    return selectors.period_parse(request.GET.get("periode")) or selectors.period_default()


def _common(request, period) -> dict:
    return {"period": period, "period_options": selectors.period_options()}


@require_safe
@access.action_required("ikm.read")
def ikm_list(request):
    period = _period(request)
    rows = selectors.ikm_table(request.user, period)
    context = {
        **_common(request, period),
        "rows": rows,
        "overall": selectors.pooled(row.ikm for row in rows),
        "surveyed": sum(1 for row in rows if row.ikm.respondents),
        "city_wide": selectors.ikm_scope_for(request.user).everything,
    }
    return render(request, "public_feedback/ikm/ikm_list.html", context)


@require_safe
@access.action_required("ikm.read")
def unit_detail(request, unit_pk):
    unit = selectors.ikm_unit_get_for(request.user, unit_pk)
    period = _period(request)
    page = Paginator(selectors.suggestions(unit, period.start, period.end), SUGGESTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        **_common(request, period),
        "unit": unit,
        "report": ikm_report.unit_report(unit, period),
        "grades": ikm_report.grade_table(),
        "page": page,
        "query": f"periode={period.code}",
    }
    return render(request, "public_feedback/ikm/unit_detail.html", context)


@require_safe
@access.action_required("ikm.read")
def unit_pdf(request, unit_pk):
    unit = selectors.ikm_unit_get_for(request.user, unit_pk)
    pdf, filename = ikm_report.report_pdf(unit, _period(request))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
