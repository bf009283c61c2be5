"""Tasks of complaint handling: telling people what staff did, and the deadline work that beat
runs (reminders, escalation, auto-close; services/reminders.py). Each takes ids or nothing, calls
one service, and is safe to run twice (keyed notices, claimed rows)."""

from celery import shared_task

from ..services import notices, reminders


@shared_task(time_limit=60, soft_time_limit=50, autoretry_for=(ConnectionError,), max_retries=5)
def complaint_entry_notify(entry_id: int) -> int:
    """The unit's handlers when a complaint reaches them; the reporter's e-mail for public entries."""
    return notices.entry_notify(entry_id)


# The periodic tasks have no retries of their own: beat runs them again the next day, and each run
# picks up whatever an interrupted one left.


@shared_task(time_limit=15 * 60, soft_time_limit=14 * 60)
def remind_complaint_deadlines() -> int:
    """Beat, working-day mornings: the deadlines of the next working day."""
    return reminders.remind_due_tomorrow()


@shared_task(time_limit=15 * 60, soft_time_limit=14 * 60)
def escalate_overdue_complaints() -> int:
    """Beat, working-day mornings: escalate what is past its deadline (once per deadline)."""
    return reminders.escalate_overdue()


@shared_task(time_limit=15 * 60, soft_time_limit=14 * 60)
def auto_close_complaints() -> int:
    """Beat, every evening: close replied complaints whose auto-close day has come."""
    return reminders.auto_close_replied()
