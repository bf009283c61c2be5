"""Evaluation pages of the employee and of the pejabat penilai."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.validation import add_service_errors

from . import selectors
from .forms import EvaluationForm, ObjectionForm
from .services import evaluation as ev
from .services import objection as obj


@access.action_required("eval.own")
def evaluation_list(request):
    return render(request, "evaluations/evaluation_list.html", {"evaluations": selectors.own_evaluations(request.user)})


def evaluation_detail(request, pk, objection_form=None, status=200):
    evaluation = selectors.evaluation_get_for(request.user, pk)
    context = {
        "evaluation": evaluation,
        "evidence": selectors.evidence_for(evaluation),
        "steps": evaluation.steps.select_related("actor__employee"),
        "objection_form": objection_form or ObjectionForm(),
        "objection": getattr(evaluation, "objection", None) if evaluation.status in ("objected", "decided") else None,
    }
    return render(request, "evaluations/evaluation_detail.html", context, status=status)


def _period_from(request):
    periods = list(selectors.open_periods())
    wanted = request.GET.get("periode", "")
    chosen = next((p for p in periods if str(p.pk) == wanted), periods[0] if periods else None)
    return periods, chosen


@access.action_required("eval.team")
def team(request):
    periods, period = _period_from(request)
    rows = selectors.team_rows(request.user, period) if period else []
    me = access.employee_of(request.user)
    distribution = selectors.unit_distribution(me.unit, period) if period else None
    done = sum(1 for row in rows if row["evaluation"] and not row["evaluation"].is_editable)
    context = {"periods": periods, "period": period, "rows": rows, "done": done, "distribution": distribution}
    return render(request, "evaluations/team.html", context)


@require_POST
@access.action_required("eval.team")
def evaluation_start(request, period_pk, nip):
    period = selectors.period_get(period_pk)
    employee = access.get_employee_for(request.user, nip=nip)
    try:
        evaluation = ev.evaluation_start(actor=request.user, employee=employee, period=period)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(f"{reverse('evaluations:team')}?periode={period.pk}")
    return redirect("evaluations:evaluation-edit", pk=evaluation.pk)


def evaluation_edit(request, pk):
    evaluation = selectors.evaluation_get_for(request.user, pk)
    access.require(request.user, "eval.evaluate", evaluation)
    form = EvaluationForm(request.POST or None, evaluation=evaluation)
    if request.method == "POST" and form.is_valid():
        try:
            ev.evaluation_save(actor=request.user, evaluation=evaluation, **form.service_fields())
            if request.POST.get("action") == "finalise":
                ev.evaluation_finalise(actor=request.user, evaluation=evaluation)
                messages.success(request, _("Evaluasi difinalkan; pegawai diberi tahu."))
                return redirect("evaluations:evaluation-detail", pk=evaluation.pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Draf evaluasi disimpan."))
            return redirect("evaluations:evaluation-edit", pk=evaluation.pk)
    context = {
        "evaluation": evaluation,
        "form": form,
        "evidence": selectors.evidence_for(evaluation),
        "problems": ev.finalisation_problems(evaluation),
    }
    return render(request, "evaluations/evaluation_form.html", context, status=400 if form.is_bound else 200)


@require_POST
def evaluation_acknowledge(request, pk):
    evaluation = selectors.evaluation_get_for(request.user, pk)
    access.require(request.user, "eval.respond", evaluation)
    ev.evaluation_acknowledge(actor=request.user, evaluation=evaluation)
    messages.success(request, _("Terima kasih; evaluasi diterima."))
    return redirect("evaluations:evaluation-detail", pk=pk)


@require_POST
def objection_create(request, pk):
    evaluation = selectors.evaluation_get_for(request.user, pk)
    access.require(request.user, "eval.respond", evaluation)
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            obj.objection_file(actor=request.user, evaluation=evaluation, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Keberatan diajukan kepada atasan pejabat penilai."))
            return redirect("evaluations:evaluation-detail", pk=pk)
    return evaluation_detail(request, pk, objection_form=form, status=400)
