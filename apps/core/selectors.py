"""Reads of the shared calendar. The holiday table is the same for everyone (it drives everybody's
deadlines), so these reads are not scoped per user; who may *manage* it is decided in the views.
Also the benchmark baseline's one read (``user_exists``)."""

import datetime

from django.db.models import Max, Min
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.accounts.models import User

from . import workdays
from .models import Holiday

YEAR_MIN, YEAR_MAX = 2000, 2100


def holiday_year(value) -> int:
    """The year asked for (``?tahun=``), or the current year in the deployment's time zone."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if YEAR_MIN <= year <= YEAR_MAX else timezone.localdate().year


def holiday_list(*, year: int):
    return Holiday.objects.filter(date__year=year).order_by("date")


def holiday_get(pk) -> Holiday:
    return get_object_or_404(Holiday, pk=pk)


def holiday_years(*, around: int) -> list[int]:
    """Years to offer in the year selector: those in the table, plus ``around`` and its neighbours."""
    years = {around - 1, around, around + 1, timezone.localdate().year}
    span = Holiday.objects.aggregate(first=Min("date"), last=Max("date"))
    if span["first"] is not None:
        years |= set(range(span["first"].year, span["last"].year + 1))
    return sorted(year for year in years if YEAR_MIN <= year <= YEAR_MAX)


def working_days_in_year(year: int) -> int:
    return workdays.working_days_between(datetime.date(year - 1, 12, 31), datetime.date(year, 12, 31))


def user_exists(*, pk: int) -> bool:
    """One indexed query (the primary key): the yardstick the benchmark baseline view reads."""
    return User.objects.filter(pk=pk).exists()
