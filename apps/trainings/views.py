"""Training pages: the catalogue, a session (enroll, cancel, check in), my JP, the team's JP, and
the admin's roster with attendance and completion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.core import access
from apps.core.validation import add_service_errors

from . import selectors
from .certificates import selectors as certificate_selectors
from .forms import CheckinForm, SessionForm
from .models import TrainingProgram
from .services import attendance, catalogue
from .services.enrollment import cancel, eligibility_problems, enroll


def _year(request) -> int:
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


def catalogue_list(request):
    return render(request, "trainings/catalogue.html", {"programs": selectors.programs_with_sessions()})


def session_detail(request, pk, checkin_form=None, status=200):
    session = selectors.session_get(pk)
    me = access.employee_of(request.user)
    enrollment = selectors.own_enrollment(request.user, session)
    context = {
        "session": session,
        "enrollment": enrollment,
        "position": selectors.waitlist_position(enrollment),
        "problems": eligibility_problems(me, session.program) if me else [],
        "checkin_form": checkin_form or CheckinForm(),
        "roster": selectors.session_roster(session) if access.is_admin(request.user) else None,
        "days": attendance.session_days(session),
        "today": timezone.localdate(),
    }
    return render(request, "trainings/session_detail.html", context, status=status)


def _messages_from(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_POST
@access.action_required("training.enroll")
def session_enroll(request, pk):
    session = selectors.session_get(pk)
    try:
        enrollment = enroll(actor=request.user, session=session, employee=access.employee_of(request.user))
    except ValidationError as exc:
        _messages_from(request, exc)
    else:
        messages.success(
            request,
            _("Anda terdaftar.")
            if enrollment.status == "registered"
            else _("Sesi penuh: Anda masuk daftar tunggu dan otomatis naik bila ada yang batal."),
        )
    return redirect("trainings:session-detail", pk=session.pk)


@require_POST
def enrollment_cancel(request, pk):
    enrollment = selectors.enrollment_get_for(request.user, pk)
    try:
        cancel(actor=request.user, enrollment=enrollment)
    except ValidationError as exc:
        _messages_from(request, exc)
    else:
        messages.success(request, _("Pendaftaran dibatalkan."))
    return redirect("trainings:session-detail", pk=enrollment.session_id)


@require_POST
@access.action_required("training.enroll")
def session_checkin(request, pk):
    session = selectors.session_get(pk)
    form = CheckinForm(request.POST)
    if form.is_valid():
        try:
            attendance.checkin(actor=request.user, session=session, code=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Kehadiran hari ini tercatat."))
            return redirect("trainings:session-detail", pk=session.pk)
    return session_detail(request, pk, checkin_form=form, status=400)


@access.action_required("training.enroll")
def my_jp(request):
    year = _year(request)
    context = {"year": year, **selectors.my_jp(request.user, year), "trainings": selectors.my_trainings(request.user)}
    context["certificates"] = certificate_selectors.certificates_of(access.employee_of(request.user))
    return render(request, "trainings/my_jp.html", context)


@access.action_required("training.team")
def team_jp(request):
    year = _year(request)
    return render(request, "trainings/team_jp.html", {"year": year, "rows": selectors.team_jp(request.user, year)})


@access.action_required("training.manage")
def session_create(request, program_pk):
    from django.shortcuts import get_object_or_404

    program = get_object_or_404(TrainingProgram, pk=program_pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = catalogue.session_save(actor=request.user, program=program, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Sesi dijadwalkan."))
            return redirect("trainings:session-detail", pk=session.pk)
    return render(
        request, "trainings/session_form.html", {"form": form, "program": program}, status=400 if form.is_bound else 200
    )


@require_POST
@access.action_required("training.manage")
def attendance_save(request, pk):
    """The admin's roster form: one checkbox per participant per day."""
    session = selectors.session_get(pk)
    days = attendance.session_days(session)
    for enrollment in selectors.session_roster(session):
        if enrollment.status != "registered":
            continue
        for day in days:
            present = request.POST.get(f"a-{enrollment.pk}-{day.isoformat()}") == "on"
            try:
                attendance.attendance_mark(actor=request.user, enrollment=enrollment, day=day, present=present)
            except ValidationError as exc:
                _messages_from(request, exc)
    messages.success(request, _("Presensi disimpan."))
    return redirect("trainings:session-detail", pk=session.pk)


@require_POST
@access.action_required("training.manage")
def session_code(request, pk):
    code = attendance.checkin_code_issue(actor=request.user, session=selectors.session_get(pk))
    messages.success(request, _("Kode presensi hari ini: %(code)s (berlaku 2 jam).") % {"code": code})
    return redirect("trainings:session-detail", pk=pk)


@require_POST
@access.action_required("training.manage")
def session_complete(request, pk):
    counts = attendance.session_complete(actor=request.user, session=selectors.session_get(pk))
    messages.success(
        request,
        _("Sesi ditutup: %(c)s lulus, %(n)s tidak lulus; JP sudah dicatat.")
        % {"c": counts["completed"], "n": counts["not_completed"]},
    )
    return redirect("trainings:session-detail", pk=pk)
