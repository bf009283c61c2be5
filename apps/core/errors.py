"""Error pages in Indonesian. They render ``errors/base.html``, which queries nothing, so they
work even when the database is the thing that failed."""

import sys

from django.db import InterfaceError, OperationalError
from django.shortcuts import render


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Called while the exception is being handled: a database outage met in a middleware (the
    # session or user lookup) gets the same 503 page that FriendlyErrorsMiddleware gives views.
    exception = sys.exc_info()[1]
    if isinstance(exception, (OperationalError, InterfaceError)):
        return render(request, "503.html", status=503)
    return render(request, "500.html", status=500)
