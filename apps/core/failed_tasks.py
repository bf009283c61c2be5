"""Background tasks that failed for good, kept where BKPSDM admins see them (``FailedTask``).

Celery sends ``task_failure`` once a task raised and will not run again: after its bounded
retries (a retry raises ``Retry`` and sends ``task_retry`` instead), at once for a task without
retries, and for a hard time limit. ``_on_task_failure`` stores one row per task id; a message
delivered again that fails again updates its row, so a failure is listed once.

What is stored leaves secrets out: arguments are summarised (numbers and flags as they are,
anything else only by its type: a tracking-code seed or an e-mail address never lands here),
and passwords in URLs inside error messages are masked.
"""

from __future__ import annotations

import logging
import re

from celery.signals import task_failure
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from .models import FailedTask

log = logging.getLogger(__name__)

MESSAGE_MAX = 2000
TRACEBACK_TAIL = 4000
ARGUMENTS_MAX = 1000
_URL_CREDENTIALS = re.compile(r"(?P<scheme>[a-z][a-z0-9+.-]*://)[^/@\s]*@", re.IGNORECASE)


def _shown(value) -> str:
    if value is None or isinstance(value, bool | int | float):
        return repr(value)
    return f"<{type(value).__name__}>"


def summarise_arguments(args=(), kwargs=None) -> str:
    """``report_id=12, seed=<str>``: ids and flags, never the text a task was given."""
    parts = [_shown(value) for value in args or ()]
    parts += [f"{key}={_shown(value)}" for key, value in sorted((kwargs or {}).items())]
    return ", ".join(parts)[:ARGUMENTS_MAX]


def scrubbed(text: str) -> str:
    """Mask the credentials of URLs (``redis://:secret@host`` -> ``redis://***@host``)."""
    return _URL_CREDENTIALS.sub(r"\g<scheme>***@", text or "")


def exception_name(exception: BaseException) -> str:
    kind = type(exception)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def failed_task_record(
    *, task_name: str, task_id: str, exception: BaseException, args=(), kwargs=None, traceback: str = "", attempts=1
) -> FailedTask:
    """Store (or update, for the same task id) the failure of one task."""
    values = {
        "task_name": task_name[:200],
        "arguments": summarise_arguments(args, kwargs),
        "exception_type": exception_name(exception)[:200],
        "exception_message": scrubbed(str(exception))[:MESSAGE_MAX],
        "traceback_tail": scrubbed(traceback or "")[-TRACEBACK_TAIL:],
        "attempts": max(1, attempts),
        "failed_at": timezone.now(),
        "resolved_at": None,  # failed again: it needs a look again
    }
    # a savepoint: a failed write never breaks the transaction of whoever ran the task (eager mode)
    with transaction.atomic():
        row, _created = FailedTask.objects.update_or_create(task_id=task_id[:64], defaults=values)
    return row


def failed_task_list() -> QuerySet[FailedTask]:
    """Not yet handled first, then the handled ones; newest first within each."""
    return FailedTask.objects.order_by(F("resolved_at").asc(nulls_first=True), "-failed_at", "-pk")


def failed_task_open_count() -> int:
    return FailedTask.objects.filter(resolved_at__isnull=True).count()


@task_failure.connect(dispatch_uid="apps.core.failed_tasks")
def _on_task_failure(sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None, **_ignored):
    name = getattr(sender, "name", None) or "?"
    request = getattr(sender, "request", None)
    retries = getattr(request, "retries", 0) or 0
    try:
        failed_task_record(
            task_name=name,
            task_id=str(task_id or ""),
            exception=exception if exception is not None else Exception(""),
            args=args,
            kwargs=kwargs,
            traceback=getattr(einfo, "traceback", "") or "",
            attempts=retries + 1,
        )
    except Exception:  # the database may be what failed the task: the worker log still has it
        log.exception("failed_tasks: could not record the failure of %s[%s]", name, task_id)
