from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicFeedbackConfig(AppConfig):
    name = "apps.public_feedback"
    verbose_name = _("Pengaduan, survei kepuasan dan forum publik")

    def ready(self):
        # What citizens say reaches evaluations (apps/evaluations/selectors.EVIDENCE_SOURCES).
        from . import evidence

        evidence.register()
