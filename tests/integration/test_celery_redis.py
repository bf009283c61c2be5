"""A real Celery worker process consumes real tasks through the machine's Redis, and the outbox
survives a Redis outage (a private redis-server that the test stops and starts again)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from celery import Celery
from django.core.cache import cache
from django.db import connection, transaction

from apps.core import outbox
from apps.core.models import OutboxMessage

BASE = Path(__file__).resolve().parents[2]


def wait_for(predicate, timeout=30.0, step=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


@pytest.fixture
def worker(transactional_db):
    """A Celery worker process on the test database and the REDIS_URL broker."""
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="asn_kinerja.settings.dev",
        DJANGO_DEBUG="false",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        DB_POOL="false",
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "asn_kinerja",
            "worker",
            "--pool",
            "solo",
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"it-{uuid.uuid4().hex[:8]}@%h",
        ],
        cwd=BASE,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_a_real_worker_runs_a_task_sent_through_redis(worker):
    token = uuid.uuid4().hex
    with transaction.atomic():
        message = outbox.enqueue("apps.core.tasks.ping", token=token)
    message.refresh_from_db()
    assert message.dispatched_at is not None, message.last_error
    ran = wait_for(lambda: cache.get(f"ping:{token}") == "pong", timeout=60)
    if not ran:
        worker.terminate()
        pytest.fail("the worker did not run the task:\n" + worker.communicate(timeout=20)[0][-4000:])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
        )
        assert wait_for(self.ping, timeout=10), "private redis-server did not start"

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def ping(self):
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.2).ping()
        except redis.ConnectionError:
            return False

    def queued(self) -> int:
        return redis.Redis(port=self.port).llen("celery")


@pytest.mark.django_db
def test_outbox_keeps_tasks_through_a_redis_outage():
    server = PrivateRedis()
    server.start()
    try:
        app = Celery("outage", broker=f"redis://127.0.0.1:{server.port}/0", set_as_current=False)
        app.conf.broker_transport_options = {"socket_connect_timeout": 0.5, "max_retries": 0}
        app.conf.broker_connection_retry = False

        sent = OutboxMessage.objects.create(task_name="apps.core.tasks.ping", kwargs={"token": "before"})
        assert outbox.dispatch(sent.pk, app=app)
        assert server.queued() == 1

        server.stop()  # Redis goes down: the next message stays pending, nothing is lost
        pending = OutboxMessage.objects.create(task_name="apps.core.tasks.ping", kwargs={"token": "during"})
        assert outbox.dispatch(pending.pk, app=app) is False
        pending.refresh_from_db()
        assert pending.is_pending

        server.start()  # back up: the sweeper delivers it
        OutboxMessage.objects.filter(pk=pending.pk).update(created_at=pending.created_at.replace(year=2000))
        assert outbox.sweep(app=app) == 1
        assert server.queued() == 1  # a fresh server: only the re-sent message
        pending.refresh_from_db()
        assert not pending.is_pending
    finally:
        if server.process and server.process.poll() is None:
            server.stop()
