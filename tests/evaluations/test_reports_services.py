"""Storing reports and the batch, against the real database: one document per scope and period,
re-running replaces it, counters count each document once, failures are recorded with their
reason, a stale run stops, the monthly beat and the stalled-batch sweep."""

import datetime

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction

from apps.core.models import OutboxMessage
from apps.evaluations.models import Evaluation
from apps.evaluations.reports import batch, services, tasks
from apps.evaluations.reports.models import GeneratedReport, ReportBatch, ReportBatchFailure, ReportKind

from .test_reports_pdf import finalise, stored_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def finalised(org, period):
    return finalise(org.asn, period)


@pytest.fixture
def three(org, period):
    """Two finalised evaluations in unit A, one in unit B."""
    return [finalise(org.asn, period), finalise(org.asn_peer, period), finalise(org.outsider, period)]


def run_batch(period):
    """Start a batch and run it here (the test settings run tasks eagerly where they are sent)."""
    started = services.batch_start(actor=None, period=period)
    tasks.batch_dispatch.delay(started.pk, started.run)
    return ReportBatch.objects.get(pk=started.pk)


def test_rendering_twice_keeps_one_row_and_replaces_the_file(finalised, django_capture_on_commit_callbacks):
    first = batch.render_employee_reports([finalised.pk])[0][0]
    old_name, old_code = first.file.name, first.code
    with django_capture_on_commit_callbacks(execute=True):
        second = batch.render_employee_reports([finalised.pk])[0][0]
    assert GeneratedReport.objects.filter(kind="employee", employee=finalised.employee).count() == 1
    assert second.pk == first.pk and second.code != old_code and second.file.name != old_name
    assert not default_storage.exists(old_name) and default_storage.exists(second.file.name)
    assert second.code in stored_text(second) and old_code not in stored_text(second)


def test_the_database_refuses_a_second_document_for_the_same_scope(finalised):
    report = batch.render_employee_reports([finalised.pk])[0][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        GeneratedReport.objects.create(
            kind=ReportKind.EMPLOYEE,
            employee=report.employee,
            period=report.period,
            file="x.pdf",
            code="another",
            sha256="0" * 64,
            size=1,
            generated_at=report.generated_at,
        )


def test_a_batch_makes_every_document_once_and_counts_it(org, period, three):
    done = run_batch(period)
    units = {org.unit_a.pk, org.unit_b.pk}
    assert set(done.units) == units and done.status == "finished"
    assert (done.total, done.done, done.failed) == (3 + 2 + 1, 6, 0)
    assert GeneratedReport.objects.filter(period=period, kind="employee").count() == 3
    assert set(GeneratedReport.objects.filter(kind="unit").values_list("unit_id", flat=True)) == units
    assert GeneratedReport.objects.filter(kind="city").count() == 1
    codes = set(GeneratedReport.objects.values_list("code", flat=True))

    again = run_batch(period)  # the same period again: run 2 replaces everything, counters anew
    assert (again.run, again.done, again.total, again.status) == (2, 6, 6, "finished")
    assert GeneratedReport.objects.count() == 6 and not codes & set(
        GeneratedReport.objects.values_list("code", flat=True)
    )
    assert OutboxMessage.objects.filter(task_name="apps.evaluations.reports.tasks.batch_dispatch").count() == 2


def test_a_unit_task_delivered_twice_counts_nothing_twice(org, period, three):
    done = run_batch(period)
    made = tasks.batch_unit.delay(done.pk, done.run, org.unit_a.pk).get()
    assert made == 0  # everything of this run exists: skipped, nothing rendered again
    assert ReportBatch.objects.get(pk=done.pk).done == 6


def test_a_task_of_an_older_run_does_nothing(org, period, three):
    first = run_batch(period)
    services.batch_start(actor=None, period=period)  # run 2, not dispatched yet
    assert tasks.batch_unit.delay(first.pk, first.run, org.unit_a.pk).get() == 0
    assert ReportBatch.objects.get(pk=first.pk).done == 0


def test_a_broken_evaluation_is_a_recorded_failure_and_the_rest_is_made(org, period, three):
    Evaluation.objects.filter(pk=three[0].pk).update(breakdown={"rhk": 7})  # not a list: cannot be printed
    done = run_batch(period)
    assert (done.done, done.failed, done.status) == (5, 1, "finished")
    failure = ReportBatchFailure.objects.get(batch=done)
    assert failure.key == f"employee:{org.asn.pk}" and "TypeError" in failure.reason

    assert tasks.batch_unit.delay(done.pk, done.run, org.unit_a.pk).get() == 0  # given up on: not retried

    Evaluation.objects.filter(pk=three[0].pk).update(breakdown=three[1].breakdown)  # repaired
    batch.render_employee_reports([three[0].pk], batch=done, run=done.run)  # made after all, same run
    assert not ReportBatchFailure.objects.exists()
    assert ReportBatch.objects.filter(pk=done.pk, done=6, failed=0, status="finished").exists()


def test_giving_up_records_every_missing_document_of_the_unit(org, period, three):
    started = services.batch_start(actor=None, period=period)
    batch.dispatch(batch_id=started.pk, run=started.run)
    batch.give_up_unit(batch_id=started.pk, run=started.run, unit_id=org.unit_a.pk, reason="RuntimeError: boom")
    keys = set(ReportBatchFailure.objects.values_list("key", flat=True))
    assert keys == {f"employee:{org.asn.pk}", f"employee:{org.asn_peer.pk}", f"unit:{org.unit_a.pk}"}
    batch.give_up_unit(batch_id=started.pk, run=started.run, unit_id=org.unit_a.pk, reason="again")
    assert ReportBatch.objects.get(pk=started.pk).failed == 3  # recorded once, attempts go up
    assert ReportBatchFailure.objects.get(key=f"unit:{org.unit_a.pk}").attempts == 2


def test_a_stalled_batch_gets_its_missing_units_again(org, period, three):
    started = services.batch_start(actor=None, period=period)
    batch.dispatch(batch_id=started.pk, run=started.run)  # planned, but its tasks were lost
    assert batch.missing_work(ReportBatch.objects.get(pk=started.pk)) == ([org.unit_a.pk, org.unit_b.pk], True)
    assert tasks.batch_resume_stalled.delay(older_than_seconds=3600).get() == 0  # not stalled yet
    assert tasks.batch_resume_stalled.delay(older_than_seconds=0).get() == 3
    assert ReportBatch.objects.filter(pk=started.pk, done=6, status="finished").exists()


def test_the_monthly_beat_starts_the_previous_months_batch_once(period):
    with time_machine.travel(
        datetime.datetime(2026, 12, 1, 1, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    ):
        assert tasks.previous_month_period(datetime.date(2026, 12, 1)) == period
        first = tasks.batch_monthly()
        assert tasks.batch_monthly() == first  # pending already: not started twice
    assert ReportBatch.objects.get(pk=first).run == 1
    assert tasks.previous_month_period(datetime.date(2026, 11, 1)) is None  # no October period


def test_orphan_files_are_removed_only_when_old(finalised, period):
    report = batch.render_employee_reports([finalised.pk])[0][0]
    folder = services.folder_for(period, finalised.employee.unit_id)
    orphan = default_storage.save(f"{folder}/e1-killed.pdf", ContentFile(b"%PDF-1.7 half"))
    assert services.orphans_remove(period, finalised.employee.unit_id) == 0  # may be in flight
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1)
    assert services.orphans_remove(period, finalised.employee.unit_id, now=later) == 1
    assert not default_storage.exists(orphan) and default_storage.exists(report.file.name)


def test_a_batch_whose_dispatcher_was_lost_is_dispatched_again(period, three):
    started = services.batch_start(actor=None, period=period)  # its outbox message never delivered
    assert tasks.batch_resume_stalled.delay(older_than_seconds=0).get() == 1
    assert ReportBatch.objects.filter(pk=started.pk, done=6, status="finished").exists()


def test_a_unit_that_keeps_killing_its_worker_is_given_up_and_recorded(org, period, three):
    started = services.batch_start(actor=None, period=period)
    batch.dispatch(batch_id=started.pk, run=started.run)
    for _ in range(batch.MAX_UNIT_STARTS):  # each start died with its worker (nothing committed)
        batch.unit_started(batch_id=started.pk, run=started.run, unit_id=org.unit_a.pk)
    assert tasks.batch_unit.delay(started.pk, started.run, org.unit_a.pk).get() == 0
    failures = ReportBatchFailure.objects.filter(batch=started)
    assert set(failures.values_list("key", flat=True)) == {
        f"employee:{org.asn.pk}",
        f"employee:{org.asn_peer.pk}",
        f"unit:{org.unit_a.pk}",
    }
    assert all("kali dimulai" in failure.reason for failure in failures)
    assert not GeneratedReport.objects.filter(unit=org.unit_a).exists()
    # the other unit and the city are made as usual, and the batch ends with its failures shown
    tasks.batch_unit.delay(started.pk, started.run, org.unit_b.pk)
    tasks.batch_city.delay(started.pk, started.run)
    assert ReportBatch.objects.filter(pk=started.pk, done=3, failed=3, status="finished").exists()
    # a new run counts its starts anew
    again = run_batch(period)
    assert (again.done, again.failed, again.status) == (6, 0, "finished")


def test_a_batch_whose_dispatcher_died_before_planning_is_dispatched_again(period, three):
    started = services.batch_start(actor=None, period=period)
    ReportBatch.objects.filter(pk=started.pk).update(status="running")  # claimed, then the worker died
    assert tasks.batch_resume_stalled.delay(older_than_seconds=0).get() == 1
    assert ReportBatch.objects.filter(pk=started.pk, done=6, total=6, status="finished").exists()


def test_the_monthly_beat_fired_twice_does_not_redo_a_finished_batch(period, three):
    with time_machine.travel(
        datetime.datetime(2026, 12, 1, 1, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=7)))
    ):
        first = tasks.batch_monthly()
        tasks.batch_dispatch.delay(first, 1)  # what the worker does with the outbox message
        assert ReportBatch.objects.get(pk=first).status == "finished"
        assert tasks.batch_monthly() == first  # beat fires again (restarted): nothing new
        assert ReportBatch.objects.get(pk=first).run == 1


def test_the_monthly_batch_is_in_the_one_beat_schedule():
    from asn_kinerja.celery import app

    entry = app.conf.beat_schedule["reports-monthly-batch"]
    assert entry["task"] == tasks.batch_monthly.name
    schedule = entry["schedule"]
    assert (schedule.minute, schedule.hour, schedule.day_of_month) == ({0}, {1}, {1})
    assert app.conf.timezone == "Asia/Jakarta"  # 01:00 WIB
    assert app.conf.beat_schedule["reports-resume-stalled"]["task"] == tasks.batch_resume_stalled.name
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost
    # a pool process above 400 MiB after a task is replaced (the batch stays near 200 MiB)
    assert app.conf.worker_max_memory_per_child == 400 * 1024
    for task in (tasks.batch_dispatch, tasks.batch_unit, tasks.batch_city, tasks.report_request_render):
        assert task.max_retries == tasks.MAX_RETRIES and task.time_limit and task.soft_time_limit
