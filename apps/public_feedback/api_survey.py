"""``POST /api/v1/public/surveys/``: an SKM response from an app or a kiosk, anonymous.

Same rules, messages and limits as the page (views_survey.py), because both go through
``forms_survey.SurveyForm`` and ``services.surveys``:

* body: ``unit`` (id of a unit citizens can rate, as on /survei/), ``u1``..``u9`` (1-4), optionally
  ``service`` (id of one of the unit's services), ``age_band``, ``gender``, ``education``,
  ``occupation`` (the codes of the page's choices), ``suggestion`` (at most 2,000 characters) and
  ``device_id``;
* the device: ``device_id`` when given (8-128 printable ASCII characters; an app keeps one per
  installation), else the ``skm_perangkat`` cookie; without either a new cookie is issued with the
  answer, so a client that keeps no state is bound by the per-address limit only;
* 201 ``{"unit", "answered_on", "detail"}``; 400 ``{field: [messages]}``; 404 for an unknown unit;
  409 when the device already answered for the unit today; 429 over the per-address limit.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.core import ratelimit

from .forms_survey import SurveyForm
from .models import AgeBand, Education, Gender, Occupation
from .selectors import surveys as selectors
from .services import surveys as services
from .views_survey import device_token, remember_device

_score = serializers.IntegerField(min_value=1, max_value=4)
SurveyRequest = inline_serializer(
    "PublicSurveyRequest",
    {
        "unit": serializers.IntegerField(),
        **{f"u{i}": _score for i in range(1, 10)},
        "service": serializers.IntegerField(required=False),
        "age_band": serializers.ChoiceField(AgeBand.choices, required=False),
        "gender": serializers.ChoiceField(Gender.choices, required=False),
        "education": serializers.ChoiceField(Education.choices, required=False),
        "occupation": serializers.ChoiceField(Occupation.choices, required=False),
        "suggestion": serializers.CharField(required=False, max_length=services.SUGGESTION_MAX),
        "device_id": serializers.CharField(
            required=False,
            min_length=8,
            max_length=128,
            help_text="Pengenal perangkat dari aplikasi; tanpa ini, cookie skm_perangkat.",
        ),
    },
)
SurveyCreated = inline_serializer(
    "PublicSurveyCreated",
    {"unit": serializers.IntegerField(), "answered_on": serializers.DateField(), "detail": serializers.CharField()},
)


def _field_value(value):
    """A JSON value as the form reads it: numbers and text as text; lists, objects, true/false
    become text too and fail the field's choices (never a 500)."""
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


class PublicSurveyCreate(APIView):
    authentication_classes: list = []  # anonymous; no session, so no CSRF token either
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Kirim jawaban survei kepuasan masyarakat (SKM)",
        description=(
            "Tanpa akun. u1..u9 bernilai 1-4 (urutan unsur PermenPANRB 14/2017). Satu jawaban per perangkat "
            "per unit per hari: perangkat dikenali dari device_id (8-128 karakter, disimpan aplikasi per "
            "instalasi) atau, tanpa device_id, dari cookie skm_perangkat yang dikirim bersama jawaban pertama. "
            "Batas kiriman per alamat IP sama dengan formulir /survei/."
        ),
        request=SurveyRequest,
        responses={
            201: SurveyCreated,
            400: OpenApiResponse(description='Jawaban tidak valid; pesan per kolom, misalnya {"u3": [...]}.'),
            404: OpenApiResponse(description="Unit tidak ditemukan atau tidak disurvei."),
            409: OpenApiResponse(description="Perangkat ini sudah menilai unit ini hari ini."),
            429: OpenApiResponse(description="Terlalu banyak kiriman dari alamat ini."),
        },
    )
    def post(self, request):
        services.survey_guard(ip=ratelimit.client_ip(request))
        data = request.data if hasattr(request.data, "get") else {}
        unit = selectors.survey_unit_get(_field_value(data.get("unit")))
        device_id = _field_value(data.get("device_id"))
        is_new = False
        if device_id:
            if not services.valid_device_token(device_id):
                return Response(
                    {"device_id": [_("device_id harus 8 sampai 128 karakter ASCII yang dapat dicetak.")]}, status=400
                )
            token = f"app:{device_id}"
        else:
            token, is_new = device_token(request)
        form = SurveyForm(
            {name: _field_value(value) for name, value in data.items()},
            unit=unit,
            services=selectors.unit_services(unit),
        )
        if not form.is_valid():
            return Response(_messages(form.errors), status=400)
        if form.is_bot:  # as on the page: thanks, and nothing kept
            return Response({"unit": unit.pk, "detail": _("Terima kasih, jawaban Anda tersimpan.")}, status=201)
        try:
            response = services.survey_submit(
                unit=unit,
                scores=form.scores(),
                device_key=services.device_key_of(token),
                service=form.cleaned_data.get("service"),
                profile=form.profile(),
                suggestion=form.cleaned_data["suggestion"],
            )
        except ValidationError as exc:
            code = status.HTTP_409_CONFLICT if exc.code == "duplicate" else status.HTTP_400_BAD_REQUEST
            return Response({"detail": exc.messages[0]}, status=code)
        answer = Response(
            {
                "unit": unit.pk,
                "answered_on": response.answered_on,
                "detail": _("Terima kasih, jawaban Anda tersimpan."),
            },
            status=status.HTTP_201_CREATED,
        )
        if is_new:
            remember_device(request, answer, token)
        return answer


def _messages(errors) -> dict[str, list[str]]:
    return {field: [str(message) for message in messages] for field, messages in errors.items()}
