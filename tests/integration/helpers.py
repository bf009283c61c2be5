"""Helpers shared by the integration tests that run a real Celery worker on a private Redis."""

import os
import subprocess
import sys
import uuid

import redis
from celery import Celery
from django.db import connection

import asn_kinerja.celery

from .test_celery_redis import BASE


def start_worker(broker_url: str, log, *, include=(), env=None, name="it"):
    """A Celery worker process (solo pool) on the test database, consuming from ``broker_url``.

    ``include``: extra task modules to load (test-only tasks); ``env``: extra environment."""
    db = connection.settings_dict
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="asn_kinerja.settings.dev",
        DJANGO_DEBUG="false",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        DB_POOL="false",
        REDIS_URL=broker_url,
        **(env or {}),
    )
    command = [sys.executable, "-m", "celery", "-A", "asn_kinerja", "worker", "--pool", "solo", "-l", "info"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    command += ["-n", f"{name}-{uuid.uuid4().hex[:8]}@%h"]
    if include:
        command += ["--include", ",".join(include)]
    return subprocess.Popen(command, cwd=BASE, env=environment, stdout=log, stderr=subprocess.STDOUT)


def stop_worker(process) -> None:
    """A warm shutdown (the task in hand finishes), or a kill after 20 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def broker_idle(port: int) -> bool:
    """Nothing queued and nothing taken but unacknowledged (kombu's redis transport keeps those
    in the ``unacked`` hash until the task ran: acks_late)."""
    client = redis.Redis(port=port)
    return client.llen("celery") == 0 and client.hlen("unacked") == 0


def use_private_broker(monkeypatch, port: int, **conf) -> Celery:
    """The project's Celery settings, sending to the private redis-server on ``port`` (never the
    machine's own), made the app the outbox sends with in this process (``outbox.dispatch`` looks
    it up per call); ``conf`` overrides settings, e.g. a short connect timeout."""
    app = Celery("asn_kinerja")
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.broker_url = f"redis://127.0.0.1:{port}/0"
    app.conf.task_always_eager = False  # the test settings' eager mode means nothing to send_task
    app.conf.update(conf)
    monkeypatch.setattr(asn_kinerja.celery, "app", app)
    return app
