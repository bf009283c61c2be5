"""A daily report submitted while Redis is down: the ASN sees a normal page, the report is
submitted, and the supervisor's notice arrives once Redis is back (DESIGN.md "Reliability rules").

The web side (this test process) and a real Celery worker both use a private redis-server that
the test stops and starts; the machine's own Redis is never touched.
"""

import subprocess
import tempfile
from datetime import timedelta

import pytest
from django.urls import reverse

from apps.core import outbox
from apps.core.models import Notification, OutboxMessage
from apps.daily_reports.models import DailyReport, ReportStatus
from apps.daily_reports.services import filing
from tests.conftest import client_for

from .helpers import start_worker, use_private_broker
from .test_celery_redis import PrivateRedis, wait_for

pytestmark = pytest.mark.integration

TASK = "apps.daily_reports.tasks.report_submitted"


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    server.start()
    yield server
    if server.process and server.process.poll() is None:
        server.stop()


@pytest.fixture
def web_broker(private_redis, monkeypatch):
    """The project's Celery settings, but sending to the private server, with no retries: the
    app that the outbox sends with in this process (``outbox.dispatch`` looks it up per call)."""
    return use_private_broker(
        monkeypatch,
        private_redis.port,
        broker_transport_options={"socket_connect_timeout": 0.5, "max_retries": 0},
        broker_connection_retry=False,
    )


def test_a_report_submitted_during_a_redis_outage_reaches_the_supervisor(
    transactional_db, org, private_redis, web_broker
):
    asn = client_for(org.asn.user)
    day = filing.filing_days()[-1]  # today, or the latest working day when today is not one
    day_url = reverse("daily_reports:report-day", args=[day.isoformat()])

    private_redis.stop()  # Redis goes down before the ASN starts
    assert not private_redis.ping()

    response = asn.post(
        reverse("daily_reports:activity-create", args=[day.isoformat()]),
        {
            "description": "Menyusun notula rapat koordinasi",
            "iki": "",
            "quantity": "",
            "starts_at": "08:00",
            "ends_at": "10:00",
            "place": "kantor",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    response = asn.post(reverse("daily_reports:report-submit", args=[day.isoformat()]))
    assert response.status_code == 302
    assert response["Location"] == day_url
    page = asn.get(day_url)
    assert page.status_code == 200
    assert "Laporan diajukan ke atasan." in page.content.decode()

    report = DailyReport.objects.get(employee=org.asn, date=day)
    assert report.status == ReportStatus.SUBMITTED
    message = OutboxMessage.objects.get(task_name=TASK, kwargs={"report_id": report.pk})
    assert message.is_pending
    assert message.attempts == 1 and message.last_error  # the send after commit was tried, and failed
    assert outbox.sweep(older_than=timedelta(0)) == 0  # still down: the sweeper keeps it too
    message.refresh_from_db()
    assert message.is_pending

    private_redis.start()  # Redis is back: the sweeper sends it, a real worker runs it
    with tempfile.TemporaryFile("w+") as log:
        worker = start_worker(web_broker.conf.broker_url, log)
        try:
            assert outbox.sweep(older_than=timedelta(0)) == 1
            message.refresh_from_db()
            assert not message.is_pending
            notices = Notification.objects.filter(
                user=org.supervisor.user, key__startswith=f"report-submitted-{report.pk}-"
            )
            if not wait_for(notices.exists, timeout=60):
                worker.terminate()
                worker.wait(timeout=20)
                log.seek(0)
                pytest.fail("the worker did not write the supervisor's notice:\n" + log.read()[-4000:])
        finally:
            if worker.poll() is None:
                worker.terminate()
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    worker.kill()
    notice = notices.get()
    assert org.asn.full_name in notice.title
    assert notice.url == reverse("daily_reports:report-review", args=[report.pk])
    assert not Notification.objects.filter(user=org.asn.user).exists()
