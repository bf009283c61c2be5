"""The JP ledger: one row per credited learning activity; totals per employee and year."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from apps.employees.models import EmploymentType
from apps.indicators.achievement import num

from ..models import JpEntry, TrainingSettings


def credit(
    *, employee, year: int, jp: Decimal, source: str, source_key: str, title: str, counts_toward_pppk_cap: bool = True
) -> JpEntry:
    """Credit JP once per source (re-running a completion credits nothing twice)."""
    existing = JpEntry.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return JpEntry.objects.create(
                employee=employee,
                year=year,
                jp=jp,
                source=source,
                source_key=source_key,
                title=title[:250],
                counts_toward_pppk_cap=counts_toward_pppk_cap,
            )
    except IntegrityError:
        return JpEntry.objects.get(source_key=source_key)


@dataclass
class JpSummary:
    total: Decimal
    counted: Decimal  # what counts toward the PPPK ceiling
    target: int
    is_pppk: bool
    message: str

    @property
    def percent(self) -> int:
        return min(int(self.total / self.target * 100), 100) if self.target else 100

    @property
    def over_ceiling(self) -> bool:
        return self.is_pppk and self.counted > self.target

    @property
    def below_floor(self) -> bool:
        return not self.is_pppk and self.total < self.target


def summary(employee, year: int, config: TrainingSettings | None = None) -> JpSummary:
    """PNS: at least 20 JP a year (a floor). PPPK: at most 24 JP a contract year (a ceiling)."""
    config = config or TrainingSettings.current()
    totals = JpEntry.objects.filter(employee=employee, year=year).aggregate(
        total=Sum("jp"), counted=Sum("jp", filter=Q(counts_toward_pppk_cap=True))
    )
    return summarise(employee, totals["total"] or Decimal(0), totals["counted"] or Decimal(0), config)


def summaries(employees, year: int, config: TrainingSettings | None = None) -> dict[int, JpSummary]:
    """``summary`` for many employees in one query (a unit's reports are rendered twenty at a time)."""
    config = config or TrainingSettings.current()
    employees = list(employees)
    rows = (
        JpEntry.objects.filter(employee__in=employees, year=year)
        .values("employee_id")
        .annotate(total=Sum("jp"), counted=Sum("jp", filter=Q(counts_toward_pppk_cap=True)))
        .values_list("employee_id", "total", "counted")
    )
    totals = {pk: (total or Decimal(0), counted or Decimal(0)) for pk, total, counted in rows}
    zero = (Decimal(0), Decimal(0))
    return {e.pk: summarise(e, *totals.get(e.pk, zero), config) for e in employees}


def summarise(employee, total: Decimal, counted: Decimal, config: TrainingSettings) -> JpSummary:
    is_pppk = employee.employment_type != EmploymentType.PNS
    if is_pppk:
        target = config.pppk_max_jp
        message = (
            _("Melebihi batas %(max)s JP PPPK.") % {"max": target}
            if counted > target
            else _("%(left)s JP lagi sebelum batas %(max)s JP PPPK.") % {"left": num(target - counted), "max": target}
        )
    else:
        target = config.pns_min_jp
        message = (
            _("Kewajiban %(min)s JP terpenuhi.") % {"min": target}
            if total >= target
            else _("Kurang %(gap)s JP dari kewajiban %(min)s JP.") % {"gap": num(target - total), "min": target}
        )
    return JpSummary(total, counted, target, is_pppk, message)


def jp_from_minutes(minutes: int, config: TrainingSettings | None = None) -> Decimal:
    """Minutes of learning as JP (1 JP = 45 minutes by default), to one decimal."""
    config = config or TrainingSettings.current()
    return (Decimal(minutes) / Decimal(config.minutes_per_jp)).quantize(Decimal("0.1"))
