from django.apps import AppConfig


class EmployeesConfig(AppConfig):
    name = "apps.employees"
    verbose_name = "Kepegawaian"
