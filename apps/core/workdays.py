"""Working days: the arithmetic behind every deadline (DOMAIN.md "Daily reports", "Complaints").

A day is a working day when it is Monday to Friday and not in the holiday table (libur nasional,
cuti bersama, libur daerah), or when the table opens it as a *hari kerja tambahan* (a Saturday
worked in exchange for a cuti bersama). Dates are ``datetime.date``; pass
``timezone.localdate()`` for "today", never a ``datetime``.

Counting rules, chosen so that the functions agree with each other:

* ``add_working_days(start, n)``: the deadline "n working days after the event day". The event day
  itself never counts, whether or not it is a working day: a complaint received on Friday with 3
  working days is due on Wednesday (Mon 1, Tue 2, Wed 3); received on Saturday, also Wednesday.
  ``n = 0`` gives ``start`` when it is a working day, else the next working day.
* ``working_days_between(start, end)``: the number of working days in (start, end], so that
  ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n >= 1``, and
  ``add_working_days(d, working_days_between(d, x)) == x`` for every working day ``x > d``.
  Signed: ``working_days_between(b, a) == -working_days_between(a, b)``.
* ``subtract_working_days(end, n)``: the mirror of ``add_working_days`` (the n-th working day
  before ``end``; ``n = 0`` gives ``end`` or the working day before it).
* ``previous_working_days(end, n)``: ``end`` (when it is a working day) and the n working days
  before it, oldest first. A day ``d`` is in the list exactly when ``d`` is a working day,
  ``d <= end`` and ``add_working_days(d, n) >= end``: the days whose n-working-day grace period
  still covers ``end``. "Filing allowed for today and up to 3 working days back" is
  ``previous_working_days(today, 3)``: four days on a working day, three on a weekend.

Each call reads the holiday table with one range query sized to the request (a second one only
when a walk runs past that first guess); nothing is cached between calls, so an admin's change
counts on the very next request. Code that computes many deadlines at once shares one
``WorkCalendar`` through the ``calendar`` argument.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from . import compiled

ONE_DAY = datetime.timedelta(days=1)
# Days loaded past the end of a walk that left the loaded range, so a long walk reloads rarely.
_PADDING_DAYS = 90
# No real calendar closes ten years in a row; a walk that long means the table is broken.
_MAX_WALK_DAYS = 3660

Loader = Callable[[datetime.date, datetime.date], tuple[set[datetime.date], set[datetime.date]]]


def _holidays_between(first, last):
    from .models import Holiday

    return Holiday.objects.filter(date__range=(first, last)).order_by().values_list("date", "kind")


# every filing and review asks: its SQL is compiled once (apps/core/compiled.py)
_HOLIDAYS = compiled.CompiledQuery(_holidays_between, compiled.DAY, compiled.DAY_2)


def _load_from_db(first: datetime.date, last: datetime.date) -> tuple[set[datetime.date], set[datetime.date]]:
    """Days off and extra working days in [first, last]: one query."""
    from .models import HolidayKind

    closed, opened = set(), set()
    for day, kind in _HOLIDAYS.rows(first, last):
        (opened if kind == HolidayKind.HARI_KERJA_TAMBAHAN else closed).add(day)
    return closed, opened


def _shift(day: datetime.date, days: int) -> datetime.date:
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


def _span(n: int) -> int:
    """Calendar days that n working days usually take: 7 per 5, plus room for holidays."""
    return n * 3 // 2 + 30


def _check_date(day) -> datetime.date:
    # A datetime is a date subclass, but never equal to one: holidays would silently not match.
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise TypeError(f"expected a datetime.date, got {type(day).__name__}; use timezone.localdate()")
    return day


def _check_n(n: int) -> int:
    if n < 0:
        raise ValueError("n must be 0 or more")
    return n


class WorkCalendar:
    """The holiday table for a stretch of dates, loaded on demand.

    ``WorkCalendar()`` reads the database: each stretch it has not seen costs one query, and what
    it loaded stays for the life of the object (one request, one task), never longer. For a batch,
    call ``load(first, last)`` once with the whole span, then pass the calendar to every call.
    ``WorkCalendar(closed=..., opened=...)`` with ``loader=None`` is a fixed calendar for tests.
    """

    def __init__(
        self,
        *,
        closed: Iterable[datetime.date] = (),
        opened: Iterable[datetime.date] = (),
        loader: Loader | None = _load_from_db,
    ):
        self._closed = set(closed)
        self._opened = set(opened)
        self._loader = loader
        self._first: datetime.date | None = None
        self._last: datetime.date | None = None

    @classmethod
    def fixed(cls, *, closed: Iterable[datetime.date] = (), opened: Iterable[datetime.date] = ()) -> WorkCalendar:
        """A calendar that never touches the database."""
        return cls(closed=closed, opened=opened, loader=None)

    def load(self, first: datetime.date, last: datetime.date) -> None:
        """Make sure [first, last] is loaded: at most one query for each side not yet seen.

        Growing an already loaded stretch grows it by at least ``_PADDING_DAYS``, so a walk or a
        batch that creeps forward a day at a time costs one query per three months, not per day.
        """
        if self._loader is None:
            return
        first, last = min(first, last), max(first, last)
        if self._first is None:
            self._add(first, last)
            return
        if first < self._first:
            self._add(min(first, _shift(self._first, -_PADDING_DAYS)), self._first - ONE_DAY)
        if last > self._last:
            self._add(self._last + ONE_DAY, max(last, _shift(self._last, _PADDING_DAYS)))

    def _add(self, first: datetime.date, last: datetime.date) -> None:
        closed, opened = self._loader(first, last)
        self._closed |= closed
        self._opened |= opened
        self._first = first if self._first is None else min(self._first, first)
        self._last = last if self._last is None else max(self._last, last)

    def is_working_day(self, day: datetime.date) -> bool:
        if self._loader is not None:
            if self._first is None:
                self.load(day, _shift(day, _PADDING_DAYS))
            elif not self._first <= day <= self._last:
                self.load(day, day)
        if day in self._opened:
            return True
        if day in self._closed:
            return False
        return day.weekday() < 5  # Monday..Friday

    def next_working_day(self, day: datetime.date, step: int = 1) -> datetime.date:
        """The first working day strictly after ``day`` (strictly before it with ``step=-1``)."""
        for _ in range(_MAX_WALK_DAYS):
            day = _shift(day, step)
            if self.is_working_day(day):
                return day
        raise ValueError(f"no working day within {_MAX_WALK_DAYS} days of {day}: check the holiday table")


def _calendar(calendar: WorkCalendar | None) -> WorkCalendar:
    return WorkCalendar() if calendar is None else calendar


def is_working_day(day: datetime.date, *, calendar: WorkCalendar | None = None) -> bool:
    """Whether ``day`` is a working day (weekday not in the holiday table, or opened by it)."""
    _check_date(day)
    calendar = _calendar(calendar)
    calendar.load(day, day)
    return calendar.is_working_day(day)


def add_working_days(start: datetime.date, n: int, *, calendar: WorkCalendar | None = None) -> datetime.date:
    """The n-th working day after ``start`` (``start`` itself not counted).

    ``n = 0``: ``start`` if it is a working day, else the next working day.
    """
    _check_date(start)
    _check_n(n)
    calendar = _calendar(calendar)
    calendar.load(start, _shift(start, _span(n)))
    if n == 0:
        return start if calendar.is_working_day(start) else calendar.next_working_day(start)
    day = start
    for _ in range(n):
        day = calendar.next_working_day(day)
    return day


def subtract_working_days(end: datetime.date, n: int, *, calendar: WorkCalendar | None = None) -> datetime.date:
    """The n-th working day before ``end`` (``end`` itself not counted); the mirror of
    ``add_working_days``. ``n = 0``: ``end`` if it is a working day, else the previous one."""
    _check_date(end)
    _check_n(n)
    calendar = _calendar(calendar)
    calendar.load(_shift(end, -_span(n)), end)
    if n == 0:
        return end if calendar.is_working_day(end) else calendar.next_working_day(end, step=-1)
    day = end
    for _ in range(n):
        day = calendar.next_working_day(day, step=-1)
    return day


def working_days_between(start: datetime.date, end: datetime.date, *, calendar: WorkCalendar | None = None) -> int:
    """How many working days lie in (start, end]: ``start`` excluded, ``end`` included.

    Negative when ``end`` is before ``start`` (the same days, counted backwards), so
    ``between(a, b) + between(b, c) == between(a, c)`` for any three dates.
    """
    _check_date(start)
    _check_date(end)
    if end == start:
        return 0
    if end < start:
        return -working_days_between(end, start, calendar=calendar)
    calendar = _calendar(calendar)
    calendar.load(start + ONE_DAY, end)
    days = (end - start).days
    return sum(1 for offset in range(1, days + 1) if calendar.is_working_day(start + datetime.timedelta(days=offset)))


def previous_working_days(end: datetime.date, n: int, *, calendar: WorkCalendar | None = None) -> list[datetime.date]:
    """``end`` (when it is a working day) and the n working days before it, oldest first.

    Wednesday with n=3 -> [Friday, Monday, Tuesday, Wednesday]; Saturday with n=3 ->
    [Wednesday, Thursday, Friday]; n=0 -> [end] on a working day, [] otherwise.
    """
    _check_date(end)
    _check_n(n)
    calendar = _calendar(calendar)
    calendar.load(_shift(end, -_span(n)), end)
    days = [end] if calendar.is_working_day(end) else []
    day = end
    for _ in range(n):
        day = calendar.next_working_day(day, step=-1)
        days.append(day)
    days.reverse()
    return days
