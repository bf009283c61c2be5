"""A task that fails for good is recorded once, after its retries, without secrets, and BKPSDM
admins see it (apps/core/failed_tasks.py). Tasks run eagerly here; a real worker runs the same
poison task in tests/integration/test_poison_task.py."""

import uuid

import pytest
from celery import shared_task
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.core import failed_tasks
from apps.core.models import FailedTask
from tests.conftest import client_for
from tests.integration.poison_tasks import MAX_RETRIES, always_fails

pytestmark = pytest.mark.django_db
PAGE = reverse("core:failed-task-list")


@shared_task(name="tests.core.fails_once", autoretry_for=(ConnectionError,), max_retries=2, default_retry_delay=0)
def fails_once(token: str) -> str:
    if cache.add(f"fails-once:{token}", 1, 60):
        raise ConnectionError("the first attempt fails")
    return "ok"


@shared_task(name="tests.core.no_retries")
def no_retries(report_id: int) -> None:
    raise ValueError(f"laporan {report_id} rusak")


@pytest.fixture(autouse=True)
def _eager_like_a_worker():
    """Eager runs that handle a failure the way a worker does: retries run, then the failure
    signal is sent. (The suite's eager mode propagates the first exception and signals nothing.)"""
    conf = always_fails.app.conf
    before, conf.task_eager_propagates = conf.task_eager_propagates, False
    yield
    conf.task_eager_propagates = before


def run(task, **kwargs):
    return task.apply(kwargs=kwargs, task_id=str(uuid.uuid4()))


def test_a_poison_task_is_recorded_once_after_its_retries_without_secrets(monkeypatch):
    calls = []
    record = failed_tasks.failed_task_record
    monkeypatch.setattr(failed_tasks, "failed_task_record", lambda **kw: calls.append(kw) or record(**kw))
    token = uuid.uuid4().hex
    result = run(always_fails, token=token, report_id=7, secret="s3cr3t-pass")
    assert result.failed() and isinstance(result.result, ConnectionError)
    assert cache.get(f"poison:{token}") == MAX_RETRIES + 1  # it ran, and retried, to the bound
    assert len(calls) == 1  # written once, when it gave up; never on a retry
    row = FailedTask.objects.get()
    assert row.task_name == "tests.poison.always_fails"
    assert row.attempts == MAX_RETRIES + 1
    assert row.exception_type == "ConnectionError"
    assert row.arguments == "report_id=7, secret=<str>, token=<str>"
    assert "redis://***@127.0.0.1" in row.exception_message
    for field in ("arguments", "exception_message", "traceback_tail"):
        assert "s3cr3t-pass" not in getattr(row, field)
        assert token not in getattr(row, field)
    assert "always_fails" in row.traceback_tail
    assert row.resolved_at is None and row.failed_at <= timezone.now()


def test_a_retry_that_succeeds_records_nothing():
    assert run(fails_once, token=uuid.uuid4().hex).get() == "ok"
    assert not FailedTask.objects.exists()


def test_a_task_without_retries_is_recorded_at_once():
    assert run(no_retries, report_id=12).failed()
    row = FailedTask.objects.get()
    assert (row.task_name, row.attempts, row.arguments) == ("tests.core.no_retries", 1, "report_id=12")
    assert row.exception_message == "laporan 12 rusak"


def test_the_same_task_failing_again_updates_its_row():
    first = failed_tasks.failed_task_record(task_name="t", task_id="abc", exception=RuntimeError("one"))
    FailedTask.objects.filter(pk=first.pk).update(resolved_at=timezone.now())
    again = failed_tasks.failed_task_record(task_name="t", task_id="abc", exception=RuntimeError("two"), attempts=3)
    assert FailedTask.objects.count() == 1
    assert again.pk == first.pk
    row = FailedTask.objects.get()
    assert (row.exception_message, row.attempts, row.resolved_at) == ("two", 3, None)


def test_a_failure_that_cannot_be_recorded_does_not_break_the_worker(monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(failed_tasks, "failed_task_record", broken)
    assert run(no_retries, report_id=1).failed()
    assert "could not record the failure of tests.core.no_retries" in caplog.text


def test_summaries_show_numbers_and_flags_only():
    summary = failed_tasks.summarise_arguments((5, "x@example.test"), {"flag": True, "none": None, "data": {"a": 1}})
    assert summary == "5, <str>, data=<dict>, flag=True, none=None"
    # credentials before the host are masked; an "@" further along a path is left alone
    assert failed_tasks.scrubbed("smtp://user:pw@mail:25 and https://example.test/a@b") == (
        "smtp://***@mail:25 and https://example.test/a@b"
    )


@pytest.fixture
def failures():
    open_one = failed_tasks.failed_task_record(
        task_name="apps.daily_reports.tasks.report_submitted",
        task_id="open-1",
        exception=ConnectionError("broker hilang"),
        kwargs={"report_id": 41},
        attempts=6,
    )
    handled = failed_tasks.failed_task_record(
        task_name="apps.trainings.tasks.certificate_issue", task_id="done-1", exception=OSError("disk")
    )
    FailedTask.objects.filter(pk=handled.pk).update(resolved_at=timezone.now())
    return open_one, handled


def test_admins_see_failed_tasks_not_yet_handled_first(personas, failures, django_assert_max_num_queries):
    client = client_for(personas["admin"])
    with django_assert_max_num_queries(12):
        response = client.get(PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "apps.daily_reports.tasks.report_submitted" in page and "report_id=41" in page
    assert "broker hilang" in page and "Belum ditangani" in page
    assert page.index("open-1") < page.index("done-1")
    assert "1 tugas belum ditangani." in page
    assert reverse("admin:core_failedtask_changelist") in page


@pytest.mark.parametrize("role", ["asn", "supervisor", "leader", "outsider"])
def test_others_may_not_see_failed_tasks(personas, failures, role):
    response = client_for(personas[role]).get(PAGE)
    assert response.status_code == 403
    assert "open-1" not in response.content.decode()


def test_anonymous_goes_to_the_login_page(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_the_django_admin_lists_them_and_marks_them_handled(personas, failures):
    client = client_for(personas["admin"])
    changelist = reverse("admin:core_failedtask_changelist")
    assert client.get(changelist).status_code == 200
    open_one, _handled = failures
    response = client.post(changelist, {"action": "mark_resolved", "_selected_action": [open_one.pk]})
    assert response.status_code == 302
    open_one.refresh_from_db()
    assert open_one.is_resolved
    assert failed_tasks.failed_task_open_count() == 0
