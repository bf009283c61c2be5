from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "apps.trainings"
    verbose_name = _("Pelatihan dan pengembangan kompetensi")

    def ready(self):
        # An evaluation shows the employee's JP of the year as evidence (apps/evaluations/selectors).
        from apps.evaluations.selectors import EVIDENCE_SOURCES
        from apps.indicators.achievement import num

        from .services.ledger import summaries, summary

        def shown(jp):  # "51,4 / 20 JP" in Indonesian
            return {"value": f"{num(jp.total)} / {jp.target} JP", "detail": jp.message}

        def jp_this_year(employee, period):
            return shown(summary(employee, period.year))

        def jp_this_year_of_many(employees, period):  # the PDF batch: {employee pk: the same}
            return {pk: shown(jp) for pk, jp in summaries(employees, period.year).items()}

        EVIDENCE_SOURCES.setdefault("jp", jp_this_year)
        EVIDENCE_SOURCES.setdefault("jp_many", jp_this_year_of_many)

        # The public page /verifikasi/<code>/ also knows the codes printed on training certificates.
        from apps.core import verification

        def certificate_verified(code):
            from .certificates.selectors import verified  # models are not loaded while apps get ready

            return verified(code)

        verification.register("training-certificate", certificate_verified)
