"""A worker killed (SIGKILL, the whole process group) in the middle of a PDF report batch: after a
new worker has run, every expected document exists exactly once, its file is on disk and matches
its checksum, and the batch's counters add up.

What happens: the unit task the dead worker was running is still unacknowledged in Redis (it
comes back only after the broker's visibility timeout), the queued ones go to the new worker, and
the stalled-batch sweep (beat, every 10 minutes; sent here at once) sends the missing unit again.
Its chunk had not committed, so nothing of it counted; the unit task skips what its run already
made, so nothing is made twice.
"""

import datetime
import hashlib
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import time_machine
from django.db import connection, transaction

from apps.core import outbox
from apps.employees.models import JabatanKind, OrgUnit
from apps.evaluations.models import Evaluation
from apps.evaluations.reports import services
from apps.evaluations.reports.models import GeneratedReport, ReportBatch
from apps.evaluations.reports.selectors import FINALISED
from apps.evaluations.services.periods import period_open
from tests.evaluations.test_reports_pdf import finalise
from tests.factories import EmployeeFactory, OrgUnitFactory

from .helpers import use_private_broker
from .test_celery_redis import BASE, PrivateRedis, wait_for

pytestmark = pytest.mark.integration
DEC_1 = datetime.datetime(2026, 12, 1, 2, tzinfo=datetime.UTC)


@pytest.fixture
def private_redis():
    server = PrivateRedis()
    server.start()
    yield server
    if server.process and server.process.poll() is None:
        server.stop()


@pytest.fixture
def media(tmp_path, settings):
    """The worker and this process share one folder of files."""
    folder = tmp_path / "media"
    folder.mkdir()
    settings.MEDIA_ROOT = str(folder)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(folder)}},
    }
    return folder


@pytest.fixture
def web_broker(private_redis, monkeypatch):
    """What the outbox sends goes to the private server (never the machine's own Redis)."""
    return use_private_broker(monkeypatch, private_redis.port)


def start_worker(broker_url: str, media: Path, log):
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="asn_kinerja.settings.dev",
        DJANGO_DEBUG="false",
        DATABASE_URL=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        DB_POOL="false",
        REDIS_URL=broker_url,
        MEDIA_ROOT=str(media),
    )
    command = [sys.executable, "-m", "celery", "-A", "asn_kinerja", "worker", "--pool", "prefork", "-c", "1"]
    command += ["-l", "info", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    command += ["-n", f"it-reports-{uuid.uuid4().hex[:8]}@%h"]
    # its own process group, so that the kill takes the pool process with it
    return subprocess.Popen(command, cwd=BASE, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def batch_row(batch_id) -> ReportBatch:
    return ReportBatch.objects.get(pk=batch_id)


def test_a_killed_worker_leaves_no_duplicate_and_no_missing_document(
    transactional_db, org, admin_user, private_redis, web_broker, media, tmp_path
):
    with time_machine.travel(DEC_1, tick=False):
        period = period_open(actor=admin_user, year=2026, kind="periodic", number=11)
        people = [org.asn, org.asn_peer, org.outsider]
        for n in range(3):
            unit = OrgUnitFactory(name=f"Seksi Uji Restart {n}")
            head = EmployeeFactory(unit=unit, jabatan=f"Kepala Seksi {n}", jabatan_kind=JabatanKind.PENGAWAS)
            OrgUnit.objects.filter(pk=unit.pk).update(head=head)
            people += [EmployeeFactory(unit=unit, supervisor=head) for _ in range(8)]
        for person in people:
            finalise(person, period)
    expected = Evaluation.objects.filter(period=period, status__in=FINALISED).count()
    assert expected == 27

    log_path = tmp_path / "worker.log"
    with log_path.open("w") as log:
        first = start_worker(web_broker.conf.broker_url, media, log)
        try:
            assert wait_for(lambda: "ready" in log_path.read_text(), timeout=60), log_path.read_text()[-3000:]
            with transaction.atomic():
                batch = services.batch_start(actor=admin_user, period=period)
            started = wait_for(lambda: batch_row(batch.pk).done >= 1, timeout=120, step=0.05)
            assert started, "the batch made no document:\n" + log_path.read_text()[-3000:]
            os.killpg(first.pid, signal.SIGKILL)  # the worker and its pool process, mid-batch
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                os.killpg(first.pid, signal.SIGKILL)
        at_kill = batch_row(batch.pk)
        assert at_kill.status == "running" and at_kill.done < at_kill.total, "the batch ended before the kill"

        second = start_worker(web_broker.conf.broker_url, media, log)
        try:
            # the queued unit tasks drain into the new worker; the one that died with the old
            # worker waits in Redis until its visibility timeout, so the batch stalls short of total
            assert wait_for(lambda: private_redis.queued() == 0, timeout=180)
            done = batch_row(batch.pk).done
            wait_for(lambda: batch_row(batch.pk).done != done, timeout=5)
            with transaction.atomic():  # what beat's stalled-batch sweep does every 10 minutes
                outbox.enqueue("apps.evaluations.reports.tasks.batch_resume_stalled", older_than_seconds=0)
            finished = wait_for(lambda: batch_row(batch.pk).status == "finished", timeout=240, step=0.2)
            assert finished, f"{batch_row(batch.pk).done}/{at_kill.total}:\n" + log_path.read_text()[-4000:]
        finally:
            second.send_signal(signal.SIGTERM)
            try:
                second.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(second.pid, signal.SIGKILL)

    final = batch_row(batch.pk)
    assert (final.done, final.failed, final.total) == (expected + len(final.units) + 1, 0, final.total)
    reports = list(GeneratedReport.objects.filter(period=period))
    employees = [r.employee_id for r in reports if r.kind == "employee"]
    assert len(employees) == len(set(employees)) == expected
    assert sorted(r.unit_id for r in reports if r.kind == "unit") == sorted(final.units)
    assert sum(r.kind == "city" for r in reports) == 1
    assert all(r.batch_id == final.pk and r.batch_run == final.run for r in reports)
    assert len({r.file.name for r in reports}) == len(reports)
    for report in reports:
        data = (media / report.file.name).read_bytes()
        assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == report.sha256
    on_disk = {str(p.relative_to(media)) for p in media.rglob("*.pdf")}
    referenced = {r.file.name for r in reports}
    assert referenced <= on_disk
    # A file saved by the killed worker just before it died (its row never committed) may remain;
    # the unit's next task removes it once it is ORPHAN_AGE old. It is never referenced.
    assert len(on_disk - referenced) <= 20
