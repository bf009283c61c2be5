"""The citizens' site: landing, complaint form, the page with the tracking code, and tracking.

No account: the tracking code is the key. It travels only in POST bodies, never in a URL (so it
is in no access log or browser history): a correct code puts the complaint in the visitor's
session for an hour of inactivity, and the tracking pages read it from there (``_tracked``).
"""

from __future__ import annotations

import time

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from apps.core.exceptions import TooManyRequests
from apps.core.ratelimit import client_ip
from apps.core.uploads import display_name

from . import forms_public as forms
from .models import FeedbackSettings
from .selectors import public as selectors
from .services import abuse, intake, tracking

SENT_KEY = "pengaduan_terkirim"  # the code, until the "sent" page showed it once
TRACKED_KEY = "pengaduan_dilacak"  # {complaint pk: last seen, epoch seconds}
TRACKED_FOR = 60 * 60  # seconds of inactivity before the code must be entered again
TRACKED_MAX = 5


def landing(request):
    return render(request, "public_feedback/landing.html", {"figures": selectors.landing_figures()})


# --- the complaint form ------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_create(request):
    ip = client_ip(request)
    config = FeedbackSettings.current()
    query = request.GET.get("q", "").strip()[:100]
    captcha = abuse.needs_captcha(ip, config)
    had_files = False
    if request.method == "POST":
        if abuse.submission_limited(ip, config):
            raise TooManyRequests
        form = forms.ComplaintForm(request.POST, request.FILES, query=query, captcha=captcha, config=config)
        had_files = bool(request.FILES.getlist("attachments"))
        if form.is_valid():
            try:
                submitted = intake.complaint_submit(ip=ip, human_verified=captcha, **form.service_kwargs())
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                request.session[SENT_KEY] = {
                    "reference": submitted.complaint.reference,
                    "code": submitted.code,
                    "email": bool(submitted.complaint.reporter_email),
                    "notes": submitted.notes,
                }
                _remember(request, submitted.complaint.pk)
                return redirect("pengaduan:complaint-sent")
        elif form.suspicious:
            abuse.record_submission(ip)
    else:
        initial = {}
        service_pk = request.GET.get("layanan", "")
        if service_pk.isascii() and service_pk.isdigit() and len(service_pk) <= 18:
            initial["service"] = int(service_pk)
        form = forms.ComplaintForm(initial=initial, query=query, captcha=captcha, config=config)
    context = {"form": form, "query": query, "had_files": had_files, "captcha": "captcha" in form.fields}
    return render(request, "public_feedback/complaint_form.html", context, status=200)


@never_cache
def complaint_sent(request):
    """The tracking code, once: it leaves the session as it is shown (a reload shows the number
    only). The page is never cached, so the back button cannot bring the code back either."""
    sent = request.session.pop(SENT_KEY, None)
    if sent is None:
        return redirect("pengaduan:complaint-create")
    return render(request, "public_feedback/complaint_sent.html", {"sent": sent})


# --- tracking ----------------------------------------------------------------------------------


def _remember(request, pk: int) -> None:
    now = int(time.time())
    tracked = {key: seen for key, seen in request.session.get(TRACKED_KEY, {}).items() if now - seen < TRACKED_FOR}
    tracked[str(pk)] = now
    request.session[TRACKED_KEY] = dict(sorted(tracked.items(), key=lambda item: item[1])[-TRACKED_MAX:])


def _tracked(request, reference: str):
    """The complaint with this reference, if this session proved its code within the last hour
    (any other reference answers exactly as an unknown one does)."""
    complaint = selectors.complaint_by_reference(reference)
    if complaint is None:
        return None
    seen = request.session.get(TRACKED_KEY, {}).get(str(complaint.pk))
    if seen is None or int(time.time()) - seen >= TRACKED_FOR:
        return None
    _remember(request, complaint.pk)
    return complaint


@never_cache
@require_http_methods(["GET", "POST"])
def complaint_track(request):
    form = forms.TrackForm(request.POST or None)
    if request.method == "POST":
        ip = client_ip(request)
        if abuse.lookup_limited(ip):
            raise TooManyRequests
        if form.is_valid():
            complaint = selectors.complaint_by_code(form.cleaned_data["code"])
            if complaint is not None:
                _remember(request, complaint.pk)
                return redirect("pengaduan:complaint-detail", reference=complaint.reference)
            abuse.record_wrong_code(ip)
            form.add_error(
                "code",
                _("Kode pelacakan tidak ditemukan. Periksa kembali, misalnya huruf dan angka yang mirip."),
            )
    return render(request, "public_feedback/track_form.html", {"form": form})


@require_POST
def complaint_track_end(request):
    """Forget the tracked complaints (on a shared computer)."""
    request.session.pop(TRACKED_KEY, None)
    messages.info(request, _("Selesai. Untuk melihat pengaduan lagi, masukkan kode pelacakan."))
    return redirect("pengaduan:complaint-track")


def _not_tracked(request):
    messages.info(request, _("Masukkan kode pelacakan untuk melihat pengaduan Anda."))
    return redirect("pengaduan:complaint-track")


def _detail(request, complaint, *, status=200, **forms_in_error):
    config = FeedbackSettings.current()
    actions = tracking.allowed_actions(complaint, config)
    context = {
        "complaint": complaint,
        "timeline": selectors.public_timeline(complaint),
        "actions": actions,
        "reopen_deadline": tracking.reopen_deadline(complaint, config),
        "info_form": forms_in_error.get("info_form") or forms.AddInfoForm(),
        "reopen_form": forms_in_error.get("reopen_form") or forms.ReopenForm(),
        "rate_form": forms_in_error.get("rate_form") or forms.RateForm(),
        # a refused action (wrong state, past the window, done twice): said at the top of the page,
        # since that action's form may no longer be shown
        "refused": [
            *forms_in_error.get("confirm_errors", []),
            *(
                error
                for form in forms_in_error.values()
                if hasattr(form, "non_field_errors")
                for error in form.non_field_errors()
            ),
        ],
        "had_files": forms_in_error.get("had_files", False),
    }
    return render(request, "public_feedback/track_detail.html", context, status=status)


@never_cache
def complaint_detail(request, reference):
    complaint = _tracked(request, reference)
    if complaint is None:
        return _not_tracked(request)
    return _detail(request, complaint)


def _after_action(request, complaint, message, notes=()):
    messages.success(request, message)
    for note in notes:
        messages.info(request, note)
    return redirect(reverse("pengaduan:complaint-detail", kwargs={"reference": complaint.reference}) + "#riwayat")


def _act(request, reference, *, form_class, form_key, run, message):
    """One reporter action: check the session, parse the form, call the service; on refusal the
    tracking page again with the form's messages (and the typed text) in place."""
    complaint = _tracked(request, reference)
    if complaint is None:
        return _not_tracked(request)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            notes = run(complaint, form.cleaned_data)
        except ValidationError as exc:
            _put_errors(form, exc)
        else:
            return _after_action(request, complaint, message, notes)
    had_files = bool(request.FILES.getlist("attachments"))
    return _detail(request, complaint, had_files=had_files, **{form_key: form})


def _add_info(complaint, data) -> list[str]:
    _entry, notes = tracking.complaint_add_info(complaint=complaint, text=data["text"], uploads=data["attachments"])
    return notes


def _reopen(complaint, data) -> list[str]:
    tracking.complaint_reopen(complaint=complaint, reason=data["reason"])
    return []


def _rate(complaint, data) -> list[str]:
    tracking.complaint_rate(complaint=complaint, rating=data["rating"], comment=data["comment"])
    return []


@require_POST
def complaint_add_info(request, reference):
    message = _("Informasi tambahan terkirim.")
    return _act(request, reference, form_class=forms.AddInfoForm, form_key="info_form", run=_add_info, message=message)


@require_POST
def complaint_reopen(request, reference):
    message = _("Pengaduan dibuka kembali dan diteruskan untuk ditindaklanjuti.")
    return _act(request, reference, form_class=forms.ReopenForm, form_key="reopen_form", run=_reopen, message=message)


@require_POST
def complaint_rate(request, reference):
    message = _("Terima kasih atas penilaian Anda.")
    return _act(request, reference, form_class=forms.RateForm, form_key="rate_form", run=_rate, message=message)


@require_POST
def complaint_confirm(request, reference):
    complaint = _tracked(request, reference)
    if complaint is None:
        return _not_tracked(request)
    try:
        tracking.complaint_confirm(complaint=complaint)
    except ValidationError as exc:
        return _detail(request, complaint, confirm_errors=exc.messages)
    return _after_action(request, complaint, _("Terima kasih. Pengaduan dinyatakan selesai."))


def _put_errors(form, exc: ValidationError) -> None:
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def attachment_download(request, reference, pk):
    """A file of the tracked complaint's public entries, always as an attachment."""
    complaint = _tracked(request, reference)
    attachment = selectors.attachment_for_reporter(complaint, pk) if complaint is not None else None
    if attachment is None:
        raise Http404
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=display_name(attachment.original_name),
        content_type=attachment.content_type,
    )
