"""The pembinaan loop's pages: recommendations (own, and the team's with one-click nomination), the
impact of each program, and the training needs survey with BKPSDM's analysis."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.validation import add_service_errors

from . import impact, needs, recommendations, selectors
from .forms_development import NeedForm, NominateForm, ProgramFromNeedForm, SurveyForm
from .models import EnrollmentSource, EnrollmentStatus, NeedProposal, NeedsSurvey, TrainingProgram
from .services.enrollment import enroll

# --- Recommendations ---------------------------------------------------------------------------


@access.action_required("training.enroll")
def recommendation_list(request):
    me = access.employee_of(request.user)
    context = {"rec": recommendations.recommendations_for(me), "survey": needs.survey_current()}
    return render(request, "trainings/recommend_list.html", context)


@access.action_required("training.team")
def recommendation_team(request):
    me = access.employee_of(request.user)
    context = {"rows": recommendations.team_recommendations(me), "survey": needs.survey_current()}
    return render(request, "trainings/recommend_team.html", context)


@require_POST
@access.action_required("training.team")
def recommendation_nominate(request):
    """The one-click "Usulkan": the pejabat penilai nominates a team member for a recommended
    session; the recommendation's reasons go with the nomination."""
    form = NominateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih pegawai dan sesi."))
        return redirect("trainings:recommendation-team")
    employee = access.get_employee_for(request.user, pk=form.cleaned_data["employee"])
    session = selectors.session_get(form.cleaned_data["session"])
    found = recommendations.recommendations_for(employee).for_program(session.program_id)
    try:
        enrollment = enroll(
            actor=request.user,
            session=session,
            employee=employee,
            source=EnrollmentSource.NOMINATED,
            reason=found.reason_text if found else "",
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        names = {"name": employee.full_name, "program": session.program.name}
        if enrollment.status == EnrollmentStatus.REGISTERED:
            messages.success(request, _("%(name)s diusulkan dan terdaftar di %(program)s.") % names)
        else:
            messages.success(request, _("Sesi %(program)s penuh: %(name)s masuk daftar tunggu.") % names)
    return redirect(reverse("trainings:recommendation-team") + f"#pegawai-{employee.pk}")


# --- Impact ------------------------------------------------------------------------------------


@access.action_required("training.impact")
def impact_list(request):
    return render(request, "trainings/impact_list.html", {"impacts": impact.program_impacts()})


@access.action_required("training.impact")
def impact_detail(request, program_pk):
    program = get_object_or_404(TrainingProgram, pk=program_pk)
    return render(request, "trainings/impact_detail.html", {"impact": impact.program_impact(program)})


# --- Training needs ----------------------------------------------------------------------------


@access.action_required("training.needs_propose")
def needs_survey(request, form=None, status=200):
    survey = needs.survey_current()
    people = needs.proposable_employees(request.user)
    context = {
        "survey": survey,
        "form": form or NeedForm(people=people),
        "proposals": needs.proposals_for(request.user, survey) if survey else [],
        "has_team": len(people) > 1,
    }
    return render(request, "trainings/needs_survey.html", context, status=status)


@require_POST
@access.action_required("training.needs_propose")
def needs_propose(request):
    survey = needs.survey_current()
    if survey is None:
        messages.error(request, _("Belum ada survei kebutuhan pelatihan yang dibuka."))
        return redirect("trainings:needs-survey")
    form = NeedForm(request.POST, people=needs.proposable_employees(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            needs.need_propose(
                actor=request.user,
                survey=survey,
                employee=form.people[data["employee"]],
                competency=data["competency"],
                program=data["program"],
                text=data["text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Usulan kebutuhan pelatihan tersimpan."))
            return redirect("trainings:needs-survey")
    return needs_survey(request, form=form, status=400)


@require_POST
@access.action_required("training.needs_propose")
def needs_withdraw(request, pk):
    proposal = access.get_object_for(request.user, NeedProposal.objects.select_related("survey"), pk=pk)
    try:
        needs.need_withdraw(actor=request.user, proposal=proposal)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Usulan dihapus."))
    return redirect("trainings:needs-survey")


def _year(request) -> int | None:
    try:
        return int(request.GET.get("tahun", ""))
    except ValueError:
        return None


@access.action_required("training.needs_read")
def needs_analysis(request, survey_form=None, status=200):
    survey = needs.survey_for(_year(request))
    surveys = list(NeedsSurvey.objects.order_by("-year"))
    context = {
        "survey": survey,
        "surveys": surveys,
        "data": needs.demand(survey) if survey else None,
        "is_open": needs.is_open(survey) if survey else False,
        "survey_form": survey_form or SurveyForm.for_next_year(taken=[s.year for s in surveys]),
    }
    return render(request, "trainings/needs_analysis.html", context, status=status)


@require_POST
@access.action_required("training.needs_manage")
def needs_survey_open(request):
    form = SurveyForm(request.POST)
    if form.is_valid():
        try:
            survey = needs.survey_open(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Survei kebutuhan pelatihan %(year)s dibuka.") % {"year": survey.year})
            return redirect(reverse("trainings:needs-analysis") + f"?tahun={survey.year}")
    return needs_analysis(request, survey_form=form, status=400)


@require_POST
@access.action_required("training.needs_manage")
def needs_program_create(request):
    """One click from a demanded competency to a program, then straight to scheduling its session."""
    form = ProgramFromNeedForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kompetensi tidak ditemukan."))
        return redirect("trainings:needs-analysis")
    survey = NeedsSurvey.objects.filter(pk=form.cleaned_data["survey"]).first() if form.cleaned_data["survey"] else None
    program, created = needs.program_from_competency(
        actor=request.user, competency=form.cleaned_data["competency"], survey=survey
    )
    if created:
        messages.success(
            request,
            _("Program %(program)s dibuat (%(jp)s JP); jadwalkan sesinya.")
            % {"program": program.name, "jp": program.jp.normalize()},
        )
    else:
        messages.info(request, _("Program %(program)s sudah ada; jadwalkan sesinya.") % {"program": program.name})
    return redirect("trainings:session-create", program_pk=program.pk)
