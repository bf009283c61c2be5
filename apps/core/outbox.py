"""Transactional outbox: enqueue Celery tasks so that a broker outage never loses them.

``enqueue(task_name, **kwargs)`` writes a pending row inside the caller's transaction and tries
to send it right after commit. A failed send leaves the row pending; ``sweep()`` (run by beat
every minute) sends what is pending. Tasks are idempotent, so a row sent twice does no harm.

After a failed send, the sends right after commit pause for ``PAUSE_SECONDS`` in this process: each
would otherwise hold its request for the broker's connect timeout (seconds when the network drops
packets), so during an outage a submission answers at once and its row waits for the sweeper,
which always tries.
"""

import logging
import time
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

log = logging.getLogger(__name__)


PAUSE_SECONDS = 30


class _Pause:
    """Until when (time.monotonic) the sends after commit are skipped in this process."""

    until = 0.0

    def active(self) -> bool:
        return time.monotonic() < self.until

    def start(self) -> None:
        self.until = time.monotonic() + PAUSE_SECONDS

    def reset(self) -> None:
        self.until = 0.0


pause = _Pause()


def enqueue(task_name: str, **kwargs) -> OutboxMessage:
    message = OutboxMessage.objects.create(task_name=task_name, kwargs=kwargs)
    transaction.on_commit(lambda: pause.active() or dispatch(message.pk))
    return message


def dispatch(message_id: int, *, app=None) -> bool:
    """Send one pending message; True when the broker took it (or it was already sent).
    ``app`` is the Celery app to send with (the project's by default). A failure starts the pause."""
    if app is None:
        from asn_kinerja.celery import app

    message = OutboxMessage.objects.filter(pk=message_id, dispatched_at__isnull=True).first()
    if message is None:
        return True
    try:
        app.send_task(message.task_name, kwargs=message.kwargs, retry=False)
    except Exception as exc:  # the broker is unreachable: keep the row for the sweeper
        log.warning("outbox: could not send %s: %s", message, exc)
        pause.start()
        OutboxMessage.objects.filter(pk=message.pk).update(attempts=message.attempts + 1, last_error=str(exc)[:2000])
        return False
    # Conditional update: if the sweeper sent it meanwhile, nothing changes.
    OutboxMessage.objects.filter(pk=message.pk, dispatched_at__isnull=True).update(
        dispatched_at=timezone.now(), attempts=message.attempts + 1, last_error=""
    )
    return True


def sweep(*, older_than: timedelta = timedelta(seconds=30), limit: int = 500, app=None) -> int:
    """Send pending messages older than ``older_than``; return how many were sent."""
    cutoff = timezone.now() - older_than
    pending = OutboxMessage.objects.filter(dispatched_at__isnull=True, created_at__lte=cutoff)
    sent = 0
    for message_id in pending.order_by("created_at").values_list("pk", flat=True)[:limit]:
        if not dispatch(message_id, app=app):
            break  # the broker is still down: try again on the next sweep
        sent += 1
    return sent


def pending_count() -> int:
    return OutboxMessage.objects.filter(dispatched_at__isnull=True).count()
