"""Evaluation periods of a year (monthly by default, quarterly where BKPSDM chose it) and the
split of an annual IKI target over them."""

import datetime
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext as _

from .models import PerformanceSettings

CENT = Decimal("0.01")
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]
ROMAN = ["I", "II", "III", "IV"]


def periods_per_year(config: PerformanceSettings | None = None) -> int:
    return (config or PerformanceSettings.current()).periods_per_year


def period_of(day: datetime.date, config: PerformanceSettings | None = None) -> int:
    """The period (1-based) that a date falls in."""
    n = periods_per_year(config)
    return day.month if n == 12 else (day.month - 1) // 3 + 1


def period_label(period: int, year: int | None = None, *, count: int = 12) -> str:
    label = _(MONTHS[period - 1]) if count == 12 else _("Triwulan %(n)s") % {"n": ROMAN[period - 1]}
    return f"{label} {year}" if year else label


def period_range(year: int, period: int, *, count: int = 12) -> tuple[datetime.date, datetime.date]:
    """First and last day of a period."""
    months = 12 // count
    first_month = (period - 1) * months + 1
    start = datetime.date(year, first_month, 1)
    end_month = first_month + months
    end = datetime.date(year + (end_month > 12), (end_month - 1) % 12 + 1, 1) - datetime.timedelta(days=1)
    return start, end


def split_target(annual: Decimal, *, cumulative: bool, count: int) -> list[Decimal]:
    """Per-period targets: a cumulative target is split evenly (the last period takes the rounding
    remainder, so the parts add up to the annual target exactly); a level target (a percentage,
    days per permit) stays the same in every period."""
    if not cumulative:
        return [annual] * count
    part = (annual / count).quantize(CENT, rounding=ROUND_DOWN)
    return [part] * (count - 1) + [annual - part * (count - 1)]
