from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DailyReportsConfig(AppConfig):
    name = "apps.daily_reports"
    verbose_name = _("Laporan harian")

    def ready(self):
        # Approved activities are one source of IKI realisation (apps/indicators reads through here).
        from apps.indicators.selectors.achievement import REALISATION_SOURCES
        from apps.indicators.services.items import IkiHasRealisation

        from . import rollup

        if rollup.realisation_by_period not in REALISATION_SOURCES:
            REALISATION_SOURCES.append(rollup.realisation_by_period)
            IkiHasRealisation.checks.append(rollup.has_activities)
