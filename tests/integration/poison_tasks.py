"""A test-only poison task: it always raises, with bounded retries like the project's tasks
(``autoretry_for=(ConnectionError,)``), but two of them and no wait between, so a test sees it give
up quickly. Loaded by the unit tests, and by a real worker through ``--include``."""

from celery import shared_task
from django.core.cache import cache

MAX_RETRIES = 2


@shared_task(
    name="tests.poison.always_fails",
    autoretry_for=(ConnectionError,),
    max_retries=MAX_RETRIES,
    default_retry_delay=0,
    # both limits, as every project task has: a time_limit below the app's default soft limit
    # (14 min) makes the retry itself fail ("soft_time_limit must be less than or equal to time_limit")
    time_limit=30,
    soft_time_limit=25,
)
def always_fails(token: str, report_id: int = 0, secret: str = "") -> None:
    """Count the attempt under ``poison:<token>`` (the cache lives in PostgreSQL, so the test process
    reads what a worker counted), then fail with a message that carries a URL with a password."""
    key = f"poison:{token}"
    cache.add(key, 0, 600)
    attempt = cache.incr(key)
    raise ConnectionError(f"attempt {attempt}: broker redis://:{secret}@127.0.0.1:6390/0 refused")
