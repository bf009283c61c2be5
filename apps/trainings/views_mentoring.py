"""Mentoring pages: my pairings (as mentor or mentee), one pairing with its meetings and the log
form, the approval list of the mentee's supervisor (or an admin), the admin's list of pairings,
and pairing a mentor with a mentee."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.validation import add_service_errors

from . import selectors_learning as learning
from .forms_learning import MentoringForm, MentoringSessionForm
from .models import TrainingSettings
from .services import mentoring as service
from .services.ledger import jp_from_minutes

PAGE_SIZE = 50


def _with_jp(rows, minutes_attr):
    """Each row's minutes as JP, with the configured minutes per JP read once."""
    config = TrainingSettings.current()
    for row in rows:
        minutes = getattr(row, minutes_attr) or 0
        row.jp = jp_from_minutes(minutes, config)
    return rows


@access.action_required("mentoring.own")
def mentoring_list(request):
    me = access.employee_of(request.user)
    pairings = _with_jp(learning.mentoring_own(request.user), "minutes_approved")
    context = {
        "as_mentee": [p for p in pairings if p.mentee_id == me.pk],
        "as_mentor": [p for p in pairings if p.mentor_id == me.pk],
    }
    return render(request, "trainings/mentoring_list.html", context)


def mentoring_detail(request, pk, log_form=None, status=200):
    pairing = learning.mentoring_get_for(request.user, pk)
    sessions = _with_jp(learning.mentoring_sessions(pairing), "minutes")
    for session in sessions:
        session.may_approve = session.approved_at is None and access.can(request.user, "mentoring.approve", session)
    context = {
        "pairing": pairing,
        "sessions": sessions,
        "jp_total": sum((s.jp for s in sessions if s.approved_at), start=0),
        "may_log": access.can(request.user, "mentoring.log", pairing),
        "log_form": log_form or MentoringSessionForm(),
    }
    return render(request, "trainings/mentoring_detail.html", context, status=status)


@require_POST
def mentoring_session_log(request, pk):
    pairing = learning.mentoring_get_for(request.user, pk)
    access.require(request.user, "mentoring.log", pairing)
    form = MentoringSessionForm(request.POST)
    if form.is_valid():
        try:
            service.session_log(actor=request.user, mentoring=pairing, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sesi tercatat; JP diakui setelah disetujui atasan mentee."))
            return redirect("trainings:mentoring-detail", pk=pairing.pk)
    return mentoring_detail(request, pk, log_form=form, status=400)


@require_POST
def mentoring_session_approve(request, pk):
    session = learning.mentoring_session_get_for(request.user, pk)
    access.require(request.user, "mentoring.approve", session)
    if service.session_approve(actor=request.user, session=session):
        messages.success(
            request,
            _("Sesi disetujui: %(jp)s JP dicatat untuk %(name)s.")
            % {"jp": jp_from_minutes(session.minutes), "name": session.mentoring.mentee.full_name},
        )
    else:
        messages.info(request, _("Sesi ini sudah disetujui sebelumnya; JP tidak dicatat dua kali."))
    if request.POST.get("next") == "approvals":
        return redirect("trainings:mentoring-approvals")
    return redirect("trainings:mentoring-detail", pk=session.mentoring_id)


@access.action_required("mentoring.approve")
def mentoring_approvals(request):
    context = {
        "sessions": _with_jp(learning.approvals_for(request.user), "minutes"),
        "pairings": _with_jp(learning.team_pairings(request.user), "minutes_approved"),
    }
    return render(request, "trainings/mentoring_approvals.html", context)


@access.action_required("mentoring.pairings")
def mentoring_pairings(request):
    page = Paginator(learning.pairings_all(), PAGE_SIZE).get_page(request.GET.get("page"))
    pairings = _with_jp(list(page.object_list), "minutes_approved")
    return render(request, "trainings/mentoring_pairings.html", {"page": page, "pairings": pairings})


@access.action_required("mentoring.pair")
def mentoring_create(request):
    form = MentoringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pairing = service.mentoring_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Mentor dan mentee dipasangkan."))
            return redirect("trainings:mentoring-detail", pk=pairing.pk)
    back = "trainings:mentoring-pairings" if access.is_admin(request.user) else "trainings:mentoring-approvals"
    return render(
        request, "trainings/mentoring_form.html", {"form": form, "back": back}, status=400 if form.is_bound else 200
    )
