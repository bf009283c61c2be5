"""The security audit log: who did what, when (UTC), from which address, to which object.

``record()`` is called by the services that make security-relevant changes (approvals, returns,
finalised evaluations, complaint status changes, deactivations), by signal receivers for what
Django and allauth do themselves (logins, failed logins, MFA changes, password changes, role
changes; apps/core/audit_signals.py), by ``@personal_data_view`` on the views that show personal
data, and by ``AuditMiddleware`` for every file download. The middleware also keeps the current
request in a context variable, so a service needs no ``request`` argument to know the address.

pghistory keeps the full before/after of the data; this log answers the auditor's question "who
touched what from where" in one table. Nothing secret goes in: ``details`` drops any key that
looks like a password, token, code or key.
"""

import functools
import ipaddress
from contextvars import ContextVar

from django.utils import timezone

from .models import AuditAction, AuditEvent

_request: ContextVar = ContextVar("audit_request", default=None)
SECRET_WORDS = ("password", "token", "code", "secret", "key", "otp", "sandi")


def _clean(details: dict) -> dict:
    return {
        name: value if isinstance(value, (int, float, bool)) or value is None else str(value)[:300]
        for name, value in details.items()
        if not any(word in name.lower() for word in SECRET_WORDS)
    }


def _ip(request) -> str | None:
    from .ratelimit import client_ip

    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def _describe(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):  # (type label, id) for an object not loaded, e.g. a URL argument
        return str(obj[0])[:60], str(obj[1])[:64]
    return obj._meta.label, str(obj.pk)[:64]


def record(action: str, *, obj=None, actor=None, request=None, **details) -> AuditEvent:
    """Write one event. ``actor`` defaults to the signed-in user of the current request (none in a
    Celery task: the system did it); ``obj`` is a model instance or a ``(type, id)`` pair."""
    request = request if request is not None else _request.get()
    user = getattr(request, "user", None)
    if actor is None and user is not None and user.is_authenticated:
        actor = user
    object_type, object_id = _describe(obj)
    return AuditEvent.objects.create(
        at=timezone.now(),
        action=action,
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(actor.get_username() if actor is not None else "")[:150],
        ip=_ip(request) if request is not None else None,
        object_type=object_type,
        object_id=object_id,
        details=_clean(details),
    )


def personal_data_view(object_type: str, *, kwarg: str):
    """Decorate a view that shows one person's personal data: a successful answer (200) records
    who looked at whom; the object is the URL argument ``kwarg`` (a NIP or an id)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                record(AuditAction.PERSONAL_DATA_VIEW, obj=(object_type, kwargs.get(kwarg, "")), request=request)
            return response

        return wrapped

    return decorate


class AuditMiddleware:
    """Keeps the request at hand for ``record()`` and records every file handed out as a download
    (a 200 answer with ``Content-Disposition: attachment``), whichever view sent it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            response = self.get_response(request)
            disposition = response.get("Content-Disposition", "")
            if response.status_code == 200 and disposition.startswith("attachment"):
                self._record_download(request, disposition)
            return response
        finally:
            _request.reset(token)

    @staticmethod
    def _record_download(request, disposition: str) -> None:
        match = request.resolver_match
        name = match.view_name if match else request.path
        arguments = ",".join(f"{key}={value}" for key, value in sorted((match.kwargs if match else {}).items()))
        record(AuditAction.DOWNLOAD, obj=(name, arguments), request=request, file=disposition[:200])
