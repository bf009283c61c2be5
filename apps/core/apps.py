from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "Inti"

    def ready(self):
        from . import failed_tasks  # noqa: F401  (the task_failure receiver: FailedTask rows)
