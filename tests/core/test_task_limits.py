"""Every task's own limits agree with each other: Celery refuses to send (or retry) a task whose
soft time limit, taken from the app-wide default when the task names none, exceeds its hard one."""

from asn_kinerja.celery import DatabaseRetryingTask, app


def test_every_task_has_a_soft_limit_within_its_hard_limit():
    app.loader.import_default_modules()
    ours = {name: task for name, task in app.tasks.items() if name.startswith("apps.")}
    assert ours
    wrong = {
        name: (task.soft_time_limit, task.time_limit)
        for name, task in ours.items()
        if task.soft_time_limit and task.time_limit and task.soft_time_limit > task.time_limit
    }
    assert not wrong, f"soft_time_limit > time_limit: {wrong}"


def test_every_task_waits_out_a_database_outage():
    app.loader.import_default_modules()
    ours = [task for name, task in app.tasks.items() if name.startswith("apps.")]
    assert all(isinstance(task, DatabaseRetryingTask) for task in ours)
