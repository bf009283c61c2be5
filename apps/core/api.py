"""Shared API pieces: one exception handler so API errors read like the pages do."""

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.utils.translation import gettext as _
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import RETRY_AFTER_SECONDS
from .exceptions import TooManyRequests


def exception_handler(exc, context):
    if isinstance(exc, TooManyRequests):
        return Response({"detail": _("Terlalu banyak permintaan. Coba lagi nanti.")}, status=429)
    if isinstance(exc, (OperationalError, InterfaceError)):
        return Response(
            {"detail": _("Layanan sedang tidak tersedia. Coba lagi sebentar lagi.")},
            status=503,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, PermissionDenied) and exc.args:
        # a service's refusal ("Anda bukan atasan ...") reaches the client, as it does on the pages
        return Response({"detail": str(exc)}, status=403)
    return drf_exception_handler(exc, context)
