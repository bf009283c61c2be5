from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = "Akun"

    def ready(self):
        from . import receivers, schema  # noqa: F401  (audit receivers; the OpenAPI auth extension)
