"""The city dashboard (BKPSDM admins and leaders) and its drill-down to a unit and a person."""

import hashlib

from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language

from apps.core import access, audit
from apps.core.kept import kept
from apps.core.tables import xlsx_response
from apps.public_feedback.selectors.surveys import period_options

from . import city_present
from .selectors.city import city_dashboard
from .selectors.city_people import people_in, person_summary
from .selectors.city_scope import parse_filter
from .summaries import last_refresh

CACHE_SECONDS = 300


def city_page(request, *, template: str = "dashboards/city_dashboard.html", extra: dict | None = None):
    """Render the dashboard for the query string's period and unit; ``?xlsx=<table>`` (or
    ``semua``) downloads its tables instead. Shared by the admin/leader home page."""
    chosen = parse_filter(request.GET)
    dashboard, sections, sections_html = computed(chosen)
    wanted = request.GET.get("xlsx")
    if wanted:
        tables = [s.table for s in sections if wanted in (s.key, "semua")]
        if not tables:
            raise Http404
        return xlsx_response(tables, filename=f"dasbor {chosen.period.code.strip('~')} {wanted}")
    people, people_total = ([], 0)
    if chosen.unit is not None:
        people, people_total = people_in(chosen.unit, chosen.start, chosen.filed_until, dashboard.evaluation_period)
    context = {
        "dashboard": dashboard,
        "sections": sections,
        "sections_html": sections_html,
        "filter": chosen,
        "filter_query": chosen.query(),
        "period_query": chosen.query(with_unit=False),
        "period_options": period_options(),
        "people": people,
        "people_total": people_total,
        "role": access.primary_role(request.user),
        **(extra or {}),
    }
    return render(request, template, context)


def computed(chosen):
    """The dashboard, its sections and their rendered charts for a filter, from the cache when the
    same filter was computed since the summaries were last refreshed (at most CACHE_SECONDS ago:
    complaints are counted live). Every reader of the city sees the same figures, so one
    computation serves them all; the page shows when it was computed."""
    refreshed = last_refresh()
    stamp = refreshed.refreshed_at.isoformat() if refreshed else "-"
    raw = f"{get_language()}|{chosen.query()}|{stamp}|{timezone.localdate().isoformat()}"
    key = "dashboards:city:" + hashlib.sha256(raw.encode()).hexdigest()

    def compute():
        dashboard = city_dashboard(chosen)
        sections = city_present.sections(dashboard)
        context = {"dashboard": dashboard, "sections": sections, "filter_query": chosen.query(),
                   "period_query": chosen.query(with_unit=False)}  # fmt: skip
        return dashboard, sections, render_to_string("dashboards/_city_sections.html", context)

    return kept(key, CACHE_SECONDS, compute)


@access.action_required("dashboard.city")
def city(request):
    return city_page(request)


@access.action_required("team.view")
@audit.personal_data_view("employees.Employee", kwarg="pk")
def person(request, pk):
    """One person's figures for the period; a person outside the reader's scope is a 404."""
    employee = access.get_employee_for(request.user, pk=pk)
    chosen = parse_filter({k: v for k, v in request.GET.items() if k != "unit"})
    context = {"employee": employee, "filter": chosen, "period_options": period_options(),
               "period_query": chosen.query(with_unit=False), "can_city": access.can(request.user, "dashboard.city"),
               **person_summary(employee, chosen.start, chosen.filed_until)}  # fmt: skip
    return render(request, "dashboards/person.html", context)
