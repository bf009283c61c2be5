"""The public complaint API, anonymous (issue #8 item 10):

* ``POST /api/v1/public/complaints/``: JSON, or multipart/form-data with up to 3 ``attachments``.
  The same service as the form (``services.intake.complaint_submit``), so the same rules,
  messages and per-address limits; the API cannot show a captcha, so past the volume at which the
  form asks for one it answers 429. 201 ``{reference, tracking_code, status, status_label, notes}``;
  400 ``{field: [messages]}``; 429 ``{"detail": ...}``.
* ``GET /api/v1/public/complaints/{code}/``: the reporter's view (as the tracking page: public
  timeline entries only, no contact data). A wrong code counts against the address, as on the
  page; 404 for a wrong code, 429 past the limit.

No session authentication (so no CSRF token to fetch) and no DRF cache throttles: the limits are
the database ones in ``services.abuse``, which hold while Redis is down.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from apps.core.exceptions import TooManyRequests
from apps.core.ratelimit import client_ip
from apps.core.upload_fields import MultiPartParser

from .models import Channel, ComplaintStatus
from .selectors import public as selectors
from .serializers_public import ComplaintCreatedSerializer, ComplaintCreateSerializer, ComplaintPublicSerializer
from .services import abuse, intake

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
LIMITED = OpenApiResponse(description='Terlalu banyak permintaan dari alamat ini; {"detail": pesan}.')


class _Public(APIView):
    authentication_classes: list = []  # anonymous: no session, so no CSRF surprise for scripts
    permission_classes = [AllowAny]
    throttle_classes: list = []  # limits are the database ones (services.abuse)


class PublicComplaintCreate(_Public):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        summary="Sampaikan pengaduan (tanpa akun)",
        request={"application/json": ComplaintCreateSerializer, "multipart/form-data": ComplaintCreateSerializer},
        responses={
            201: ComplaintCreatedSerializer,
            400: OpenApiResponse(description='Isian tidak valid; pesan per kolom, misalnya {"description": [...]}.'),
            429: LIMITED,
        },
    )
    def post(self, request):
        ip = client_ip(request)
        if abuse.submission_limited(ip):
            raise TooManyRequests
        serializer = ComplaintCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        uploads = data.pop("attachments", [])
        try:
            submitted = intake.complaint_submit(ip=ip, channel=Channel.API, uploads=uploads, **data)
        except DjangoValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD: exc.messages}
            raise exceptions.ValidationError(
                {NON_FIELD if name == "__all__" else name: messages for name, messages in errors.items()}
            ) from exc
        complaint = submitted.complaint
        body = {
            "reference": complaint.reference,
            "tracking_code": submitted.code,
            "status": complaint.status,
            "status_label": ComplaintStatus(complaint.status).label,
            "notes": submitted.notes,
        }
        return Response(ComplaintCreatedSerializer(body).data, status=status.HTTP_201_CREATED)


class PublicComplaintDetail(_Public):
    @extend_schema(
        summary="Lihat pengaduan dengan kode pelacakan",
        responses={
            200: ComplaintPublicSerializer,
            404: OpenApiResponse(description="Kode tidak ditemukan."),
            429: LIMITED,
        },
    )
    def get(self, request, code):
        ip = client_ip(request)
        if abuse.lookup_limited(ip):
            raise TooManyRequests
        complaint = selectors.complaint_by_code(code)
        if complaint is None:
            abuse.record_wrong_code(ip)
            return Response({"detail": _("Kode pelacakan tidak ditemukan.")}, status=status.HTTP_404_NOT_FOUND)
        complaint.public_timeline = selectors.public_timeline(complaint)
        complaint.public_attachments = list(selectors.reporter_attachments(complaint))
        return Response(ComplaintPublicSerializer(complaint).data)
