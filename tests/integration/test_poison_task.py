"""A poison task run by a real worker: it fails after its bounded retries, is recorded exactly
once (not once per retry), and BKPSDM admins see it on their page; nobody else does.

The task (tests/integration/poison_tasks.py) always raises ConnectionError, which it retries twice
with no wait, like the project's tasks retry theirs. The worker loads it with ``--include`` and
consumes from a private redis-server; the machine's own Redis is never touched.
"""

import re
import time
import uuid

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import reverse

from apps.core import outbox
from apps.core.models import FailedTask
from tests.conftest import client_for

from . import test_daily_report_outage as outage
from .helpers import broker_idle, start_worker, stop_worker
from .poison_tasks import MAX_RETRIES
from .test_celery_redis import wait_for

pytestmark = pytest.mark.integration
TASK = "tests.poison.always_fails"

# the private redis-server and the app the outbox sends with, as in the outage test
private_redis = outage.private_redis
web_broker = outage.web_broker


def test_a_poison_task_fails_after_its_retries_and_admins_see_it_once(
    transactional_db, org, admin_user, private_redis, web_broker, tmp_path
):
    token = uuid.uuid4().hex
    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        worker = start_worker(web_broker.conf.broker_url, log, include=["tests.integration.poison_tasks"])
        try:
            assert wait_for(lambda: "ready" in log_path.read_text(), timeout=60), log_path.read_text()[-3000:]
            with transaction.atomic():
                outbox.enqueue(TASK, token=token, report_id=7, secret="sandi-broker-rahasia")
            recorded = wait_for(FailedTask.objects.filter(task_name=TASK).exists, timeout=60)
            assert recorded, "no FailedTask row:\n" + log_path.read_text()[-4000:]
            # recorded after the last attempt, not on a retry
            assert cache.get(f"poison:{token}") == MAX_RETRIES + 1, log_path.read_text()[-6000:]
            assert wait_for(lambda: broker_idle(private_redis.port), timeout=30)
            time.sleep(1.5)  # a further retry (there must be none) would have run by now
        finally:
            stop_worker(worker)

    worker_log = log_path.read_text()
    assert cache.get(f"poison:{token}") == MAX_RETRIES + 1
    assert worker_log.count(f"Task {TASK}[") >= MAX_RETRIES + 1
    assert len(re.findall(rf"Task {re.escape(TASK)}\[[0-9a-f-]+\] retry: Retry in 0s", worker_log)) == MAX_RETRIES
    raised = re.findall(rf"Task {re.escape(TASK)}\[([0-9a-f-]+)\] raised unexpected", worker_log)
    assert len(raised) == 1, worker_log[-4000:]

    row = FailedTask.objects.get()  # exactly one, for the one task that gave up
    assert (row.task_name, row.task_id, row.attempts) == (TASK, raised[0], MAX_RETRIES + 1)
    assert row.exception_type == "ConnectionError" and row.resolved_at is None
    assert row.arguments == "report_id=7, secret=<str>, token=<str>"
    assert "sandi-broker-rahasia" not in row.exception_message + row.traceback_tail + row.arguments

    page = client_for(admin_user).get(reverse("core:failed-task-list"))
    assert page.status_code == 200
    assert TASK in page.content.decode() and row.task_id in page.content.decode()
    for user in (org.asn.user, org.supervisor.user):
        response = client_for(user).get(reverse("core:failed-task-list"))
        assert response.status_code == 403 and row.task_id not in response.content.decode()
