"""Organisation-wide SKP pages: unit goals, the cascade, status per unit, the template library
and the performance settings."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.validation import add_service_errors
from apps.employees.models import OrgUnit

from .forms import UNIT_SUGGESTIONS, PerformanceSettingsForm, UnitGoalForm, UnitGoalIndicatorForm
from .models import PerformanceSettings, SkpTemplate, UnitGoal
from .selectors import overview
from .selectors import skp as selectors
from .services import goals as goal_services
from .views_review import _year


def _unit_param(request, default=None):
    try:
        return OrgUnit.objects.get(pk=int(request.GET["unit"]), is_active=True)
    except (KeyError, ValueError, OrgUnit.DoesNotExist):
        return default


def _goal_list_url(goal, *, with_unit=True) -> str:
    query = {"tahun": goal.year, **({"unit": goal.unit_id} if with_unit else {})}
    return f"{reverse('indicators:goal-list')}?{urlencode(query)}"


def goal_list(request):
    year = _year(request)
    units = overview.goal_units_for(request.user)
    goals = UnitGoal.objects.filter(year=year).select_related("unit", "parent").prefetch_related("indicators")
    unit = _unit_param(request)
    if unit is not None:
        goals = goals.filter(unit=unit)
    context = {
        "goals": goals.order_by("unit__name", "pk"),
        "year": year,
        "unit": unit,
        "may_add": units.exists(),
        "indicator_form": UnitGoalIndicatorForm(),
        "unit_suggestions": UNIT_SUGGESTIONS,
    }
    return render(request, "indicators/goal_list.html", context)


def goal_create(request):
    return _goal_form(request, None)


def goal_update(request, pk):
    return _goal_form(request, get_object_or_404(UnitGoal.objects.select_related("unit"), pk=pk))


def _goal_form(request, goal):
    units = overview.goal_units_for(request.user)
    if not units.exists() or (goal is not None and not access.can(request.user, "goals.manage", goal.unit)):
        access.require(request.user, "admin.manage")
    form = UnitGoalForm(request.POST or None, instance=goal, units=units, initial={"year": selectors.current_year()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal = goal_services.unit_goal_save(
                actor=request.user,
                unit=data["unit"],
                year=data["year"],
                statement=data["statement"],
                parent=data["parent"],
                goal=goal,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sasaran unit disimpan."))
            return redirect(_goal_list_url(goal))
    status = 400 if request.method == "POST" else 200
    return render(request, "indicators/goal_form.html", {"form": form, "goal": goal}, status=status)


@require_POST
def goal_indicator_add(request, pk):
    goal = get_object_or_404(UnitGoal.objects.select_related("unit"), pk=pk)
    access.require(request.user, "goals.manage", goal.unit)
    form = UnitGoalIndicatorForm(request.POST)
    if form.is_valid():
        try:
            goal_services.unit_goal_indicator_add(actor=request.user, goal=goal, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
    if form.errors:
        context = {"goal": goal, "form": form, "unit_suggestions": UNIT_SUGGESTIONS}
        return render(request, "indicators/goal_indicator_form.html", context, status=400)
    messages.success(request, _("IKU ditambahkan."))
    return redirect(_goal_list_url(goal))


@require_POST
def goal_delete(request, pk):
    goal = get_object_or_404(UnitGoal.objects.select_related("unit"), pk=pk)
    access.require(request.user, "goals.manage", goal.unit)
    try:
        goal_services.unit_goal_delete(actor=request.user, goal=goal)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, _("Sasaran dihapus."))
    return redirect(_goal_list_url(goal, with_unit=False))


@access.action_required("team.view")
def cascade(request):
    year = _year(request)
    me = access.employee_of(request.user)
    default = (
        me.unit if me is not None and not (access.is_admin(request.user) or access.is_leader(request.user)) else None
    )
    unit = _unit_param(request, default)
    tree = overview.cascade_for(request.user, year=year, unit=unit) if unit else []
    top, _top_of = overview.top_units()
    return render(request, "indicators/cascade.html", {"tree": tree, "unit": unit, "year": year, "units": top})


@access.action_required("reports.read_city")
def status_overview(request):
    year = _year(request)
    rows = overview.status_by_unit(year=year)
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("employees", "none", "draft", "submitted", "returned", "approved")
    }
    return render(request, "indicators/overview.html", {"rows": rows, "totals": totals, "year": year})


def library_list(request):
    templates = (
        SkpTemplate.objects.filter(is_active=True).prefetch_related("rhk__iki").order_by("jabatan_kind", "jabatan")
    )
    return render(request, "indicators/library_list.html", {"templates": templates})


@access.action_required("admin.manage")
def performance_settings(request):
    form = PerformanceSettingsForm(request.POST or None, instance=PerformanceSettings.current())
    if request.method == "POST" and form.is_valid():
        from .services.settings import performance_settings_save

        performance_settings_save(actor=request.user, form=form)
        messages.success(request, _("Pengaturan kinerja disimpan."))
        return redirect("indicators:settings")
    status = 400 if request.method == "POST" else 200
    return render(request, "indicators/settings_form.html", {"form": form}, status=status)
