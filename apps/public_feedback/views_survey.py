"""The public SKM survey (no login): choose the service unit, answer nine questions, thank you.

The device cookie is set when the form is first shown, so the answer posted from it counts against
the same device; a browser that refuses cookies gets a new one each time and is held back by the
per-address limit instead (services/surveys.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from apps.core import ratelimit

from .forms_survey import SurveyForm
from .selectors import surveys as selectors
from .services import surveys as services


@require_safe
def survey_start(request):
    query = request.GET.get("q", "")
    units = selectors.survey_unit_list(query)
    return render(request, "public_feedback/survey/survey_start.html", {"units": units, "query": query.strip()[:100]})


def device_token(request) -> tuple[str, bool]:
    """(the device's token, whether it is new and must be set as a cookie)."""
    token = request.COOKIES.get(services.DEVICE_COOKIE, "")
    if services.valid_device_token(token):
        return token, False
    return services.new_device_token(), True


def remember_device(request, response, token: str) -> None:
    response.set_cookie(
        services.DEVICE_COOKIE,
        token,
        max_age=services.DEVICE_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure() or settings.SESSION_COOKIE_SECURE,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def survey_form(request, unit_pk):
    unit = selectors.survey_unit_get(unit_pk)
    services_of_unit = selectors.unit_services(unit)
    token, is_new = device_token(request)
    device_key = services.device_key_of(token)
    refused = ""
    status = 200
    if request.method == "POST":
        services.survey_guard(ip=ratelimit.client_ip(request))
        form = SurveyForm(request.POST, unit=unit, services=services_of_unit)
        if form.is_valid():
            if form.is_bot:  # say thanks, keep nothing
                return redirect("survei:survey-thanks", unit_pk=unit.pk)
            try:
                services.survey_submit(
                    unit=unit,
                    scores=form.scores(),
                    device_key=device_key,
                    service=form.cleaned_data.get("service"),
                    profile=form.profile(),
                    suggestion=form.cleaned_data["suggestion"],
                )
            except ValidationError as exc:
                refused, status = exc.messages[0], 409
            else:
                response = redirect("survei:survey-thanks", unit_pk=unit.pk)
                if is_new:
                    remember_device(request, response, token)
                return response
        else:
            status = 400
    else:
        form = SurveyForm(unit=unit, services=services_of_unit)
        if not is_new and services.already_answered(unit=unit, device_key=device_key):
            refused = services.duplicate_message()
    context = {"unit": unit, "form": form, "refused": refused, "has_services": bool(services_of_unit)}
    response = render(request, "public_feedback/survey/survey_form.html", context, status=status)
    if is_new:
        remember_device(request, response, token)
    return response


@require_safe
def survey_thanks(request, unit_pk):
    unit = selectors.survey_unit_get(unit_pk)
    return render(request, "public_feedback/survey/survey_thanks.html", {"unit": unit})
