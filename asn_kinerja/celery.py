"""The Celery app and the whole beat schedule, in one place (DESIGN.md "Tasks")."""

import os

from celery import Celery, Task
from celery.schedules import crontab
from django.db import InterfaceError, OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "asn_kinerja.settings.dev")


class DatabaseRetryingTask(Task):
    """Every task waits out a PostgreSQL outage: a task that cannot reach the database goes
    back to the queue and runs again after 5 s, 10 s, 20 s ... at most 5 min apart, for about
    half an hour, instead of failing for good (tasks are idempotent, so running again is safe).
    A task's own retries (``self.retry`` in its body) still apply to everything else."""

    database_max_retries = 12

    def __call__(self, *args, **kwargs):
        if self.request_stack.top is None:  # called as a plain function, not run by a worker
            return super().__call__(*args, **kwargs)
        # Run by the worker (or eagerly), which pushed the request already: call the body as
        # Celery does for tasks without a __call__ of their own, so self.request stays that one.
        try:
            return self.run(*args, **kwargs)
        except (OperationalError, InterfaceError) as exc:
            if self.request.is_eager:
                raise
            countdown = min(5 * 2**self.request.retries, 300)
            raise self.retry(exc=exc, countdown=countdown, max_retries=self.database_max_retries) from exc


app = Celery("asn_kinerja", task_cls=DatabaseRetryingTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    # A task is acknowledged only after it ran, and goes back to the queue if its worker dies:
    # every task is idempotent, so running one twice is safe, losing one is not.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    # A pool process that ends a task above 400 MiB is replaced by a fresh one. The monthly PDF
    # batch keeps a process near 200 MiB (bench/README.md); this bounds what a leak in a C library
    # (Pango, HarfBuzz) or an outsized document could make a long-lived worker hold.
    worker_max_memory_per_child=400 * 1024,  # KiB
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
    # Nightly at 02:40 WIB: forget rate-limit attempts older than two days (public forms, tracking codes).
    "core-prune-rate-hits": {
        "task": "apps.core.tasks.rate_hits_prune",
        "schedule": crontab(hour=2, minute=40),
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
    # 1st of each month at 01:00 WIB: start the PDF report batch of the period that ended last month (if it exists).
    "reports-monthly-batch": {
        "task": "apps.evaluations.reports.tasks.batch_monthly",
        "schedule": crontab(minute=0, hour=1, day_of_month=1),
    },
    # Every 10 min: a running report batch without progress for 20 min lost a task; send its missing units again.
    "reports-resume-stalled": {
        "task": "apps.evaluations.reports.tasks.batch_resume_stalled",
        "schedule": crontab(minute="*/10"),
    },
    # Daily at 07:00 WIB: remind the registered participants of the training sessions that start tomorrow.
    "trainings-remind-sessions-tomorrow": {
        "task": "apps.trainings.tasks.remind_sessions_tomorrow",
        "schedule": crontab(hour=7, minute=0),
    },
    # 08:00 WIB on 1 Oct, 1 Nov and 1 Dec: tell the PNS still below the yearly 20 JP their gap (last quarter).
    "trainings-remind-jp-below-floor": {
        "task": "apps.trainings.tasks.remind_jp_below_floor",
        "schedule": crontab(hour=8, minute=0, day_of_month=1, month_of_year="10-12"),
    },
    # Nightly at 03:00 WIB: issue the certificates of the last 30 days' completions whose task gave up.
    "trainings-certificates-sweep": {
        "task": "apps.trainings.tasks.certificates_sweep",
        "schedule": crontab(hour=3, minute=0),
    },
    # 07:00 WIB Mon-Sat (the task skips days off): remind who holds a complaint due on the next working day.
    "complaints-remind-deadlines": {
        "task": "apps.public_feedback.tasks.handling.remind_complaint_deadlines",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-sat"),
    },
    # 07:30 WIB Mon-Sat (working days): escalate complaints past their deadline to admins and the head's supervisor.
    "complaints-escalate-overdue": {
        "task": "apps.public_feedback.tasks.handling.escalate_overdue_complaints",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon-sat"),
    },
    # 23:30 WIB daily: close replied complaints whose auto-close day has come (the reporter had that whole day).
    "complaints-auto-close": {
        "task": "apps.public_feedback.tasks.handling.auto_close_complaints",
        "schedule": crontab(hour=23, minute=30),
    },
    # Every 10 min: rebuild the last weeks of the city dashboard's daily-report summary (late filing, reviews).
    "dashboards-refresh-recent": {
        "task": "apps.dashboards.tasks.summaries_refresh_recent",
        "schedule": crontab(minute="*/10"),
    },
    # Nightly at 01:30 WIB: rebuild the past year of that summary and the training impact highlights.
    "dashboards-refresh-year": {
        "task": "apps.dashboards.tasks.summaries_refresh_year",
        "schedule": crontab(hour=1, minute=30),
    },
    # Every 5 min: write the notices of scheduled announcements whose start has come (sosialisasi).
    "announcements-notify-due": {
        "task": "apps.dashboards.tasks.announcements_notify_due",
        "schedule": crontab(minute="*/5"),
    },
}
