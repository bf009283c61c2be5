"""Summary tables behind the city dashboard. Refreshed by Celery (dashboards.tasks), never written
by hand; every dashboard shows the ``SummaryRefresh`` time as "data per ..."."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitDayStat(models.Model):
    """Daily-report figures of one unit (its own staff, not its sub-units) on one working day.

    ``headcount`` is the number of active employees expected to file that day. Review latency is
    kept as a sum (hours) and a count, so any range of days and any set of units adds up exactly."""

    unit = models.ForeignKey("employees.OrgUnit", on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    headcount = models.PositiveIntegerField(default=0)
    filed = models.PositiveIntegerField(default=0)  # submitted, approved or returned
    approved = models.PositiveIntegerField(default=0)
    returned = models.PositiveIntegerField(default=0)
    waiting = models.PositiveIntegerField(default=0)  # submitted, not yet reviewed
    reviewed = models.PositiveIntegerField(default=0)
    review_hours = models.FloatField(default=0)
    reviewed_late = models.PositiveIntegerField(default=0)  # reviewed after the review deadline

    class Meta:
        verbose_name = _("ringkasan harian unit")
        verbose_name_plural = _("ringkasan harian unit")
        constraints = [models.UniqueConstraint(fields=["unit", "date"], name="unitdaystat_unit_date_uniq")]
        indexes = [models.Index(fields=["date", "unit"], name="unitdaystat_date_idx")]

    def __str__(self):
        return f"{self.unit_id} {self.date}"


class SummaryRefresh(models.Model):
    """When each summary was last rebuilt, and which days it covered."""

    name = models.CharField(max_length=40, unique=True)
    refreshed_at = models.DateTimeField()
    covered_from = models.DateField(null=True, blank=True)
    covered_to = models.DateField(null=True, blank=True)
    # small precomputed results too costly for a page (training impact highlights)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("pembaruan ringkasan")
        verbose_name_plural = _("pembaruan ringkasan")

    def __str__(self):
        return self.name
