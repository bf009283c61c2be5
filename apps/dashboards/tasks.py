"""Background work of the dashboards app. Each task takes ids, loads, calls one service, and is
safe to run twice."""

from celery import shared_task

from .services import announcements as announcement_services

# --- Announcements (sosialisasi) ---------------------------------------------------------------
# Enqueued through the outbox (apps/core/outbox.py) by the services in services/announcements.py;
# the notices are keyed per announcement and user, so a task sent twice writes nothing twice.


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60, autoretry_for=(ConnectionError,), max_retries=5)
def announcement_notify(announcement_id: int) -> int:
    """Write the notification-centre notice of a published announcement for everyone addressed."""
    return announcement_services.announcement_notify(announcement_id=announcement_id)


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def announcements_notify_due() -> int:
    """Beat, every 5 minutes: notify the scheduled announcements whose start has come."""
    return announcement_services.announcements_notify_due()


@shared_task(time_limit=5 * 60, soft_time_limit=4 * 60, autoretry_for=(ConnectionError,), max_retries=5)
def announcement_notices_withdraw(announcement_id: int) -> int:
    """Remove the notices of a withdrawn announcement."""
    return announcement_services.announcement_notices_withdraw(announcement_id=announcement_id)


# --- Summary tables behind the city dashboard (summaries.py) ------------------------------------
# Delete-and-rebuild of a range of days in one transaction: running twice gives the same rows.


@shared_task(time_limit=10 * 60, soft_time_limit=9 * 60)
def summaries_refresh_recent() -> int:
    """Beat, every 10 minutes: rebuild the last weeks of UnitDayStat (late filing and reviews)."""
    from . import summaries

    return summaries.refresh_recent()


@shared_task(time_limit=60 * 60, soft_time_limit=55 * 60)
def summaries_refresh_year() -> int:
    """Beat, nightly: rebuild the past year of UnitDayStat and the training impact highlights."""
    from . import summaries

    written = summaries.refresh_year()
    summaries.refresh_training_impact()
    return written
