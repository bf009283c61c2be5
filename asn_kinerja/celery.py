"""The Celery app and the whole beat schedule, in one place (DESIGN.md "Tasks")."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_kinerja.settings.dev")

app = Celery("asn_kinerja")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    # A task is acknowledged only after it ran, and goes back to the queue if its worker dies:
    # every task is idempotent, so running one twice is safe, losing one is not.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_time_limit=15 * 60,
    task_soft_time_limit=14 * 60,
    task_ignore_result=True,
    task_default_retry_delay=30,
    broker_connection_retry_on_startup=True,
    timezone="Asia/Jakarta",
    enable_utc=True,
)
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # Every minute: send the outbox rows whose dispatch failed (e.g. Redis was down at commit).
    "core-sweep-outbox": {
        "task": "apps.core.tasks.outbox_sweep",
        "schedule": 60.0,
    },
    # Nightly at 02:30 WIB: drop expired rows of the database cache (rate-limit counters).
    "core-cull-cache": {
        "task": "apps.core.tasks.cache_cull",
        "schedule": crontab(hour=2, minute=30),
    },
    # Every 15 min 06:00-23:45 WIB Mon-Sat: on working days past reminder_hour, remind who has no report yet.
    "daily-reports-remind-missing": {
        "task": "apps.daily_reports.tasks.remind_missing_reports",
        "schedule": crontab(minute="*/15", hour="6-23", day_of_week="mon-sat"),
    },
    # Hourly at :05, 08:05-16:05 WIB Mon-Sat (working days): remind of overdue reviews, escalate long-overdue.
    "daily-reports-escalate-reviews": {
        "task": "apps.daily_reports.tasks.escalate_waiting_reviews",
        "schedule": crontab(minute=5, hour="8-16", day_of_week="mon-sat"),
    },
}
