"""The performance rules that DOMAIN.md marks configurable: one row, edited by BKPSDM admins."""

from decimal import Decimal

import pghistory
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


class PeriodKind(models.TextChoices):
    MONTHLY = "monthly", _("Bulanan")
    QUARTERLY = "quarterly", _("Triwulanan")


class Rating(models.TextChoices):
    """Rating hasil kerja / perilaku kerja (PermenPANRB 6/2022)."""

    DI_ATAS = "di_atas", _("Di Atas Ekspektasi")
    SESUAI = "sesuai", _("Sesuai Ekspektasi")
    DI_BAWAH = "di_bawah", _("Di Bawah Ekspektasi")


@pghistory.track()
class PerformanceSettings(BaseModel):
    """Evaluation period, the achievement cap and the thresholds of the proposed rating.

    A single row (pk 1); ``current()`` creates it with DOMAIN.md's defaults when missing.
    """

    period_kind = models.CharField(
        _("periode evaluasi"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTHLY
    )
    achievement_cap = models.DecimalField(
        _("batas atas capaian (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("120"),
        validators=[MinValueValidator(Decimal("100")), MaxValueValidator(Decimal("200"))],
    )
    above_threshold = models.DecimalField(
        _("ambang Di Atas Ekspektasi (%)"), max_digits=5, decimal_places=2, default=Decimal("110")
    )
    below_threshold = models.DecimalField(
        _("ambang Di Bawah Ekspektasi (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80"),
        help_text=_("Capaian di bawah angka ini diusulkan Di Bawah Ekspektasi."),
    )

    class Meta:
        verbose_name = _("pengaturan kinerja")
        verbose_name_plural = _("pengaturan kinerja")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(below_threshold__lt=models.F("above_threshold")), name="perf_thresholds_ordered"
            ),
        ]

    def __str__(self):
        return str(self._meta.verbose_name)

    @classmethod
    def current(cls) -> "PerformanceSettings":
        obj, _created = cls.objects.get_or_create(pk=1)
        return obj

    @property
    def periods_per_year(self) -> int:
        return 12 if self.period_kind == PeriodKind.MONTHLY else 4
