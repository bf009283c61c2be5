"""The outbox keeps follow-up work when the broker is down and sends it once it is back."""

import datetime

import pytest
from celery import Celery
from django.db import transaction
from django.utils import timezone

from apps.core import outbox
from apps.core.models import OutboxMessage


def dead_broker_app():
    """A real Celery app whose broker refuses connections (nothing listens on port 1)."""
    # set_as_current=False: a new app would otherwise become Celery's current app for the whole test
    # process, and every shared task resolved later in it would try this dead broker.
    app = Celery("dead", broker="redis://127.0.0.1:1/0", set_as_current=False)
    app.conf.broker_transport_options = {"socket_connect_timeout": 0.5, "max_retries": 0}
    app.conf.broker_connection_retry = False
    app.conf.broker_connection_max_retries = 0
    return app


@pytest.mark.django_db(transaction=True)
def test_enqueue_commits_the_row_and_dispatches_after_commit():
    with transaction.atomic():
        message = outbox.enqueue("apps.core.tasks.ping", token="a")
        assert OutboxMessage.objects.get(pk=message.pk).is_pending
    message.refresh_from_db()
    assert message.dispatched_at is not None
    assert message.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_rolled_back_work_enqueues_nothing():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("apps.core.tasks.ping", token="b")
        raise RuntimeError("the change failed")
    assert not OutboxMessage.objects.exists()


@pytest.mark.django_db
def test_a_broker_outage_leaves_the_row_pending_and_the_sweeper_sends_it_later():
    message = OutboxMessage.objects.create(task_name="apps.core.tasks.ping", kwargs={"token": "c"})
    assert outbox.dispatch(message.pk, app=dead_broker_app()) is False
    message.refresh_from_db()
    assert message.is_pending and message.attempts == 1 and message.last_error

    # While the broker stays down, the sweeper keeps the row and stops at the first failure.
    OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=5))
    assert outbox.sweep(app=dead_broker_app()) == 0
    assert outbox.pending_count() == 1

    # The broker is back: the next sweep sends it, exactly once.
    assert outbox.sweep() == 1
    assert outbox.sweep() == 0
    message.refresh_from_db()
    assert not message.is_pending and message.last_error == ""


@pytest.mark.django_db
def test_sweeper_leaves_fresh_rows_to_their_own_on_commit_dispatch():
    OutboxMessage.objects.create(task_name="apps.core.tasks.ping", kwargs={"token": "d"})
    assert outbox.sweep() == 0


@pytest.mark.django_db
def test_dispatching_a_sent_message_again_changes_nothing():
    message = OutboxMessage.objects.create(
        task_name="apps.core.tasks.ping", kwargs={"token": "e"}, dispatched_at=timezone.now(), attempts=1
    )
    assert outbox.dispatch(message.pk) is True
    message.refresh_from_db()
    assert message.attempts == 1


@pytest.mark.django_db
def test_cache_cull_task_deletes_expired_rows():
    from django.core.cache import cache

    from apps.core.tasks import cache_cull

    cache.set("short", 1, timeout=-1)
    cache.set("long", 1, timeout=600)
    cache_cull()
    assert cache.get("long") == 1


def test_beat_schedule_names_only_registered_tasks():
    from asn_kinerja.celery import app

    app.loader.import_default_modules()
    for entry in app.conf.beat_schedule.values():
        assert entry["task"] in app.tasks, entry["task"]


@pytest.mark.django_db(transaction=True)
def test_after_a_failed_send_the_next_submissions_do_not_wait_for_the_broker():
    """During an outage one request pays the broker's timeout; the next ones skip the send (their
    rows wait for the sweeper) until the pause ends."""
    first = OutboxMessage.objects.create(task_name="apps.core.tasks.ping", kwargs={"token": "p"})
    assert outbox.dispatch(first.pk, app=dead_broker_app()) is False
    assert outbox.pause.active()
    with transaction.atomic():
        second = outbox.enqueue("apps.core.tasks.ping", token="q")
    second.refresh_from_db()
    assert second.is_pending and second.attempts == 0  # not even tried
    assert outbox.sweep(older_than=datetime.timedelta(0)) == 2  # the sweeper tries regardless
    outbox.pause.reset()
    with transaction.atomic():
        third = outbox.enqueue("apps.core.tasks.ping", token="r")
    third.refresh_from_db()
    assert not third.is_pending
