from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from . import outbox, ratelimit


@shared_task(time_limit=120, soft_time_limit=100)
def outbox_sweep() -> int:
    return outbox.sweep()


@shared_task(time_limit=300, soft_time_limit=240)
def cache_cull() -> int:
    """Delete expired rows of the database cache (it only culls on writes, and not by age)."""
    table = connection.ops.quote_name(settings.CACHES["default"]["LOCATION"])
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE expires < NOW()")  # noqa: S608
        return cursor.rowcount


@shared_task(time_limit=300, soft_time_limit=240)
def rate_hits_prune() -> int:
    """Forget rate-limit attempts older than the longest window (apps/core/ratelimit.py)."""
    return ratelimit.prune()


@shared_task(time_limit=30, soft_time_limit=25)
def ping(token: str) -> str:
    """Round trip through the broker: a worker writes ``pong`` under the token in the cache
    (which lives in PostgreSQL), where the caller can read it. Used by the integration test."""
    cache.set(f"ping:{token}", "pong", 300)
    return token
