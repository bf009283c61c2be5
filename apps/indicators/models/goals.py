"""Unit goals (sasaran unit) and their indicators (IKU): the top of the cascade."""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel


@pghistory.track()
class UnitGoal(BaseModel):
    """A unit's annual goal; it may support a goal of a unit above it (the city's, for an OPD)."""

    unit = models.ForeignKey("employees.OrgUnit", on_delete=models.CASCADE, related_name="goals")
    year = models.PositiveSmallIntegerField(_("tahun"))
    statement = models.CharField(_("sasaran"), max_length=300)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("mendukung sasaran"),
    )

    class Meta:
        verbose_name = _("sasaran unit")
        verbose_name_plural = _("sasaran unit")
        ordering = ["year", "unit__name", "pk"]
        indexes = [models.Index(fields=["year", "unit"], name="unitgoal_year_unit_idx")]

    def __str__(self):
        return self.statement


@pghistory.track()
class UnitGoalIndicator(BaseModel):
    """Indikator Kinerja Utama (IKU) of a unit goal."""

    goal = models.ForeignKey(UnitGoal, on_delete=models.CASCADE, related_name="indicators")
    text = models.CharField(_("indikator"), max_length=300)
    target_value = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    target_unit = models.CharField(_("satuan"), max_length=40)

    class Meta:
        verbose_name = _("indikator kinerja utama")
        verbose_name_plural = _("indikator kinerja utama")
        ordering = ["pk"]

    def __str__(self):
        return self.text
