"""Pages for a program's feedback and for external learning: the participant's evaluation of a
session, the program page with its averages, the ASN's own submissions with their certificate, and
the admin's verification queue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.uploads import display_name
from apps.core.validation import add_service_errors

from . import selectors, selectors_learning
from .forms_learning import ExternalLearningForm, FeedbackForm, RejectForm, VerifyForm
from .services import external, feedback

# --- Program page and feedback -----------------------------------------------------------------


def program_detail(request, pk):
    """The program with its sessions and what participants said: averages for everyone, the
    (anonymous) comments for BKPSDM and leaders, who run and judge the programs."""
    program = selectors_learning.program_get(pk)
    may_read_comments = access.can(request.user, "training.feedback_read")
    context = {
        "program": program,
        "sessions": selectors_learning.program_sessions(program),
        "summary": selectors_learning.feedback_summary(program),
        "comments": selectors_learning.feedback_comments(program) if may_read_comments else None,
    }
    return render(request, "trainings/feedback_program.html", context)


def feedback_form(request, pk):
    """The participant's evaluation of a session they completed; sending it again updates it."""
    enrollment = selectors.enrollment_get_for(request.user, pk)
    access.require(request.user, "training.feedback", enrollment)
    existing = selectors_learning.feedback_of(enrollment)
    initial = (
        {name: getattr(existing, name) for name in ("content", "facilitator", "relevance", "comment")}
        if existing
        else None
    )
    form = FeedbackForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            feedback.feedback_save(actor=request.user, enrollment=enrollment, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Terima kasih, umpan balik Anda tersimpan."))
            return redirect("trainings:session-detail", pk=enrollment.session_id)
    context = {"form": form, "enrollment": enrollment, "session": enrollment.session, "existing": existing}
    return render(request, "trainings/feedback_form.html", context, status=400 if form.is_bound else 200)


# --- External learning -------------------------------------------------------------------------


@access.action_required("training.external")
def external_list(request):
    return render(request, "trainings/external_list.html", {"entries": selectors_learning.external_own(request.user)})


@access.action_required("training.external")
def external_create(request):
    form = ExternalLearningForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = external.external_submit(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pengajuan terkirim; JP dicatat setelah admin BKPSDM memverifikasinya."))
            return redirect("trainings:external-detail", pk=entry.pk)
    return render(request, "trainings/external_form.html", {"form": form}, status=400 if form.is_bound else 200)


def external_detail(request, pk, verify_form=None, reject_form=None, status=200):
    entry = selectors_learning.external_get_for(request.user, pk)
    may_verify = access.can(request.user, "training.verify") and entry.status == "submitted"
    context = {
        "entry": entry,
        "may_verify": may_verify,
        "verify_form": verify_form or VerifyForm(initial={"jp_accepted": entry.jp_claimed}),
        "reject_form": reject_form or RejectForm(),
    }
    return render(request, "trainings/external_detail.html", context, status=status)


def external_certificate(request, pk):
    """Only to those who may read the submission, always as an attachment under its original name."""
    entry = selectors_learning.external_get_for(request.user, pk)
    if not entry.certificate:
        raise Http404
    return FileResponse(
        entry.certificate.open("rb"),
        as_attachment=True,
        filename=display_name(entry.certificate_name, fallback="sertifikat"),
        content_type=entry.certificate_type or "application/octet-stream",
    )


def _decided(request, exc: ValidationError, pk):
    if getattr(exc, "code", None) == "decided":
        messages.info(request, exc.messages[0])
        return redirect("trainings:external-detail", pk=pk)
    return None


@require_POST
@access.action_required("training.verify")
def external_verify(request, pk):
    entry = selectors_learning.external_get_for(request.user, pk)
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            external.external_verify(actor=request.user, entry=entry, **form.cleaned_data)
        except ValidationError as exc:
            if (response := _decided(request, exc, pk)) is not None:
                return response
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Diverifikasi: %(jp)s JP dicatat untuk %(name)s.")
                % {"jp": form.cleaned_data["jp_accepted"], "name": entry.employee.full_name},
            )
            return redirect("trainings:external-queue")
    return external_detail(request, pk, verify_form=form, status=400)


@require_POST
@access.action_required("training.verify")
def external_reject(request, pk):
    entry = selectors_learning.external_get_for(request.user, pk)
    form = RejectForm(request.POST)
    if form.is_valid():
        try:
            external.external_reject(actor=request.user, entry=entry, note=form.cleaned_data["note"])
        except ValidationError as exc:
            if (response := _decided(request, exc, pk)) is not None:
                return response
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Pengajuan ditolak; pegawai membaca alasannya."))
            return redirect("trainings:external-queue")
    return external_detail(request, pk, reject_form=form, status=400)


@access.action_required("training.verify")
def external_queue(request):
    context = {"entries": selectors_learning.external_queue(), "decided": selectors_learning.external_decided()}
    return render(request, "trainings/external_queue.html", context)
