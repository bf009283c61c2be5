"""Objection decisions, evaluation periods (BKPSDM) and unit results with the curve (leaders)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.validation import add_service_errors
from apps.employees.models import OrgUnit
from apps.indicators.selectors.overview import top_units

from . import selectors
from .forms import DecideForm, PeriodOpenForm, UnitRatingForm
from .models import EvaluationPeriod
from .services import objection as obj
from .services import periods as period_services
from .services import units as unit_services


def objection_inbox(request):
    objections = selectors.objection_inbox(request.user)
    if not objections and not access.is_supervisor(request.user) and not access.is_admin(request.user):
        raise PermissionDenied
    return render(request, "evaluations/objection_inbox.html", {"objections": objections})


def objection_decide(request, pk):
    objection = selectors.objection_get_for(request.user, pk)
    form = DecideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            obj.objection_decide(
                actor=request.user,
                objection=objection,
                decision=data["decision"],
                reason=data["decision_reason"],
                rating_hasil=data["rating_hasil"],
                rating_perilaku=data["rating_perilaku"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Keberatan diputus; pegawai diberi tahu."))
            return redirect("evaluations:objection-inbox")
    context = {"objection": objection, "evaluation": objection.evaluation, "form": form}
    return render(request, "evaluations/objection_decide.html", context, status=400 if form.is_bound else 200)


@access.action_required("eval.periods")
def period_list(request):
    form = PeriodOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = period_services.period_open(
                actor=request.user,
                year=form.cleaned_data["year"],
                kind=form.cleaned_data["kind"],
                number=form.cleaned_data["number"] or 0,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Periode %(p)s dibuka.") % {"p": period.label})
            return redirect("evaluations:period-list")
    periods = EvaluationPeriod.objects.order_by("-year", "kind", "-number")[:60]
    return render(
        request,
        "evaluations/period_list.html",
        {"form": form, "periods": periods},
        status=400 if form.is_bound else 200,
    )


@require_POST
@access.action_required("eval.periods")
def period_close(request, pk):
    period = selectors.period_get(pk)
    period_services.period_close(actor=request.user, period=period)
    messages.success(request, _("Periode %(p)s ditutup.") % {"p": period.label})
    return redirect("evaluations:period-list")


def _unit_choice(request):
    """Leaders and admins pick any perangkat daerah; a supervisor sees their own unit."""
    if access.is_leader(request.user) or access.is_admin(request.user):
        units, _top_of = top_units()
        wanted = request.GET.get("unit") or request.POST.get("unit", "")
        return units, next((u for u in units if str(u.pk) == wanted), units[0] if units else None)
    me = access.employee_of(request.user)
    if me is None or not access.is_supervisor(request.user):
        raise PermissionDenied
    return [me.unit], me.unit


def unit_curve(request):
    units, unit = _unit_choice(request)
    periods = list(EvaluationPeriod.objects.order_by("-year", "kind", "-number")[:24])
    wanted = request.GET.get("periode", "")
    period = next((p for p in periods if str(p.pk) == wanted), periods[0] if periods else None)
    distribution = selectors.unit_distribution(unit, period) if unit and period else None
    context = {
        "units": units,
        "unit": unit,
        "periods": periods,
        "period": period,
        "distribution": distribution,
        "form": UnitRatingForm(initial={"result": getattr(distribution and distribution["rating"], "result", "")}),
    }
    return render(request, "evaluations/unit_curve.html", context)


@require_POST
@access.action_required("eval.rate_units")
def unit_rate(request):
    form = UnitRatingForm(request.POST)
    try:
        unit = OrgUnit.objects.get(pk=int(request.POST.get("unit", "")))
        period = EvaluationPeriod.objects.get(pk=int(request.POST.get("periode", "")))
    except (ValueError, OrgUnit.DoesNotExist, EvaluationPeriod.DoesNotExist):
        messages.error(request, _("Pilih unit dan periode."))
        return redirect("evaluations:unit-curve")
    if form.is_valid():
        unit_services.unit_rating_set(actor=request.user, unit=unit, period=period, result=form.cleaned_data["result"])
        messages.success(request, _("Hasil kinerja organisasi disimpan."))
    else:
        messages.error(request, _("Pilih hasil kinerja organisasi."))
    return redirect(f"{reverse('evaluations:unit-curve')}?unit={unit.pk}&periode={period.pk}")
