import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.indicators.models import PerformanceSettings
from apps.indicators.periods import period_range

from ..models import EvaluationPeriod, PeriodKind, PeriodStatus


def period_open(*, actor, year: int, kind: str, number: int = 0) -> EvaluationPeriod:
    """Open a period for evaluation (or reopen a closed one). Periodic periods follow the configured
    evaluation period (monthly or quarterly); the annual one covers the year."""
    count = PerformanceSettings.current().periods_per_year if kind == PeriodKind.PERIODIC else 1
    if kind == PeriodKind.PERIODIC and not 1 <= number <= count:
        raise ValidationError({"number": [_("Pilih periode 1 sampai %(n)s.") % {"n": count}]})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": [_("Tahun tidak valid.")]})
    number = number if kind == PeriodKind.PERIODIC else 0
    starts, ends = period_range(year, number, count=count) if number else period_range(year, 1, count=1)
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="evaluation_period_open"):
        period, created = EvaluationPeriod.objects.get_or_create(
            year=year, kind=kind, number=number, count=count, defaults={"starts_on": starts, "ends_on": ends}
        )
        if not created and period.status != PeriodStatus.OPEN:
            period.status = PeriodStatus.OPEN
            period.save(update_fields=["status", "updated_at"])
    return period


def period_close(*, actor, period: EvaluationPeriod) -> EvaluationPeriod:
    """Close a period: evaluations still in draft can no longer be finalised. Objections to
    finalised ones go on (they have their own deadline)."""
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="evaluation_period_close"):
        period.status = PeriodStatus.CLOSED
        period.save(update_fields=["status", "updated_at"])
    return period
