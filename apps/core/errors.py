"""Error pages in Indonesian. They render ``errors/base.html``, which queries nothing, so they
work even when the database is the thing that failed."""

import sys

from django.db import InterfaceError, OperationalError
from django.shortcuts import render

DATABASE_ERRORS = (OperationalError, InterfaceError)
# Seconds a client (a browser's retry, a monitor, an API script) should wait before trying again:
# long enough for PostgreSQL to restart, short enough that people do not give up.
RETRY_AFTER_SECONDS = 30


def database_unavailable(request):
    """The 503 page for PostgreSQL being unreachable; it renders without a query."""
    response = render(request, "503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _reason(exception) -> str:
    """Why a request was refused before any view read it, in words the sender can act on."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
    from django.template.defaultfilters import filesizeformat
    from django.utils.translation import gettext as _

    if isinstance(exception, TooManyFilesSent):
        return _("Terlalu banyak file dalam satu kiriman; paling banyak %(max)s.") % {
            "max": settings.DATA_UPLOAD_MAX_NUMBER_FILES
        }
    if isinstance(exception, TooManyFieldsSent):
        return _("Terlalu banyak isian dalam satu kiriman.")
    if isinstance(exception, RequestDataTooBig):
        return _("Kiriman terlalu besar; paling besar %(size)s di luar file.") % {
            "size": filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        }
    return ""


def bad_request(request, exception=None):
    return render(request, "400.html", {"reason": _reason(exception)}, status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Called while the exception is being handled: a database outage met in a middleware (the
    # session or user lookup) gets the same 503 page that FriendlyErrorsMiddleware gives views.
    exception = sys.exc_info()[1]
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable(request)
    return render(request, "500.html", status=500)
