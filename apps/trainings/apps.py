from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "apps.trainings"
    verbose_name = _("Pelatihan dan pengembangan kompetensi")

    def ready(self):
        # An evaluation shows the employee's JP of the year as evidence (apps/evaluations/selectors).
        from apps.evaluations.selectors import EVIDENCE_SOURCES

        from .services.ledger import summary

        def jp_this_year(employee, period):
            jp = summary(employee, period.year)
            return {"value": f"{jp.total.normalize():f} / {jp.target} JP", "detail": jp.message}

        EVIDENCE_SOURCES.setdefault("jp", jp_this_year)

        # The public page /verifikasi/<code>/ also knows the codes printed on training certificates.
        from apps.core import verification

        def certificate_verified(code):
            from .certificates.selectors import verified  # models are not loaded while apps get ready

            return verified(code)

        verification.register("training-certificate", certificate_verified)
