"""Working-day arithmetic (apps/core/workdays.py): the rules on a fixed calendar, the properties
that tie the functions together, then the real table with its preloaded 2025/2026 holidays."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from hypothesis import given
from hypothesis import strategies as st

from apps.core import workdays
from apps.core.models import Holiday, HolidayKind
from apps.core.workdays import WorkCalendar

D = datetime.date
FRI, SAT, MON, TUE, WED, THU = D(2026, 7, 3), D(2026, 7, 4), D(2026, 7, 6), D(2026, 7, 7), D(2026, 7, 8), D(2026, 7, 9)


def fixed(closed=(), opened=()):
    return WorkCalendar.fixed(closed=closed, opened=opened)


class TestRulesOnAFixedCalendar:
    def test_the_dates_are_what_their_names_say(self):
        assert [d.strftime("%a") for d in (FRI, SAT, MON, TUE, WED, THU)] == ["Fri", "Sat", "Mon", "Tue", "Wed", "Thu"]

    def test_weekends_are_not_working_days(self):
        cal = fixed()
        assert [workdays.is_working_day(FRI + datetime.timedelta(days=k), calendar=cal) for k in range(7)] == [
            True, False, False, True, True, True, True,
        ]  # fmt: skip

    def test_deadline_counts_after_the_event_day(self):
        cal = fixed()
        assert workdays.add_working_days(FRI, 1, calendar=cal) == MON
        assert workdays.add_working_days(FRI, 3, calendar=cal) == WED
        assert workdays.add_working_days(SAT, 3, calendar=cal) == WED  # the weekend day counts as nothing
        assert workdays.add_working_days(MON, 5, calendar=cal) == MON + datetime.timedelta(days=7)

    def test_n_zero_is_the_day_itself_or_the_next_working_day(self):
        cal = fixed(closed={MON})
        assert workdays.add_working_days(FRI, 0, calendar=cal) == FRI
        assert workdays.add_working_days(SAT, 0, calendar=cal) == TUE
        assert workdays.subtract_working_days(WED, 0, calendar=cal) == WED
        assert workdays.subtract_working_days(MON, 0, calendar=cal) == FRI

    def test_a_holiday_in_the_middle_is_skipped(self):
        assert workdays.add_working_days(FRI, 3, calendar=fixed(closed={TUE})) == THU

    def test_an_extra_working_day_saturday_counts(self):
        cal = fixed(opened={SAT})
        assert workdays.is_working_day(SAT, calendar=cal)
        assert workdays.add_working_days(FRI, 1, calendar=cal) == SAT
        assert workdays.add_working_days(FRI, 3, calendar=cal) == TUE

    def test_working_days_between_counts_the_end_but_not_the_start(self):
        cal = fixed()
        assert workdays.working_days_between(FRI, WED, calendar=cal) == 3
        assert workdays.working_days_between(FRI, SAT, calendar=cal) == 0
        assert workdays.working_days_between(FRI - datetime.timedelta(days=1), FRI, calendar=cal) == 1
        assert workdays.working_days_between(FRI, FRI, calendar=cal) == 0
        assert workdays.working_days_between(WED, FRI, calendar=cal) == -3

    def test_previous_working_days_is_today_and_n_back(self):
        cal = fixed()
        assert workdays.previous_working_days(WED, 3, calendar=cal) == [FRI, MON, TUE, WED]
        week = datetime.timedelta(days=7)
        assert workdays.previous_working_days(SAT + week, 3, calendar=cal) == [WED, THU, FRI + week]
        assert workdays.previous_working_days(WED, 0, calendar=cal) == [WED]
        assert workdays.previous_working_days(SAT, 0, calendar=cal) == []
        assert workdays.previous_working_days(WED, 3, calendar=fixed(closed={MON})) == [
            THU - datetime.timedelta(7),
            FRI,
            TUE,
            WED,
        ]

    def test_subtract_is_the_mirror_of_add(self):
        cal = fixed(closed={MON})
        assert workdays.subtract_working_days(WED, 2, calendar=cal) == FRI
        assert workdays.add_working_days(FRI, 2, calendar=cal) == WED

    def test_bad_arguments_are_refused(self):
        cal = fixed()
        with pytest.raises(ValueError):
            workdays.add_working_days(FRI, -1, calendar=cal)
        with pytest.raises(ValueError):
            workdays.previous_working_days(FRI, -1, calendar=cal)
        with pytest.raises(TypeError):  # a datetime would never match a holiday's date
            workdays.is_working_day(datetime.datetime(2026, 7, 3, 9, 0), calendar=cal)

    def test_a_table_closing_every_day_fails_loudly(self):
        cal = fixed(closed={FRI + datetime.timedelta(days=k) for k in range(4000)})
        with pytest.raises(ValueError, match="holiday table"):
            workdays.add_working_days(FRI, 1, calendar=cal)


# --- Properties: the functions agree with each other on any calendar ---------------------------

YEAR_2026 = st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31))
NEARBY = st.dates(min_value=D(2025, 9, 1), max_value=D(2027, 4, 30))


@st.composite
def calendars(draw):
    closed = draw(st.frozensets(NEARBY, max_size=60))
    opened = draw(st.frozensets(NEARBY, max_size=10)) - closed
    return closed, opened


@given(calendars(), YEAR_2026, st.integers(min_value=1, max_value=40))
def test_between_undoes_add(calendar, start, n):
    cal = fixed(*calendar)
    assert workdays.working_days_between(start, workdays.add_working_days(start, n, calendar=cal), calendar=cal) == n


@given(calendars(), YEAR_2026, YEAR_2026)
def test_add_undoes_between_for_a_working_day(calendar, start, end):
    cal = fixed(*calendar)
    if end > start and cal.is_working_day(end):
        assert (
            workdays.add_working_days(start, workdays.working_days_between(start, end, calendar=cal), calendar=cal)
            == end
        )


@given(calendars(), YEAR_2026, YEAR_2026, YEAR_2026)
def test_between_adds_up(calendar, a, b, c):
    cal = fixed(*calendar)
    between = workdays.working_days_between
    assert between(a, b, calendar=cal) + between(b, c, calendar=cal) == between(a, c, calendar=cal)


@given(calendars(), YEAR_2026, st.integers(min_value=1, max_value=40))
def test_subtract_and_add_are_inverse_on_working_days(calendar, day, n):
    cal = fixed(*calendar)
    if cal.is_working_day(day):
        assert workdays.add_working_days(workdays.subtract_working_days(day, n, calendar=cal), n, calendar=cal) == day
        assert workdays.subtract_working_days(workdays.add_working_days(day, n, calendar=cal), n, calendar=cal) == day


@given(calendars(), YEAR_2026, st.integers(min_value=0, max_value=10))
def test_previous_working_days_are_the_days_whose_grace_still_covers_end(calendar, end, n):
    cal = fixed(*calendar)
    window = [end - datetime.timedelta(days=k) for k in range(120, -1, -1)]
    expected = [d for d in window if cal.is_working_day(d) and workdays.add_working_days(d, n, calendar=cal) >= end]
    assert workdays.previous_working_days(end, n, calendar=cal) == expected


# --- The real table -------------------------------------------------------------------------------


def load_reference_holidays():
    """The CSV rows, loaded again (idempotent). A transactional test (browser, integration) flushes
    every table, the migration's rows included, so tests that need them do not rely on the migration
    alone; pytest-django runs those tests last, which keeps ``test_the_migration_loaded_...`` honest."""
    importlib.import_module("apps.core.migrations.0003_load_holidays").load_holidays(django_apps)


@pytest.fixture
def reference_holidays(db):
    load_reference_holidays()


@pytest.mark.django_db
def test_the_migration_loaded_2025_and_2026():
    assert Holiday.objects.filter(date__year__in=[2025, 2026]).count() == 53


@pytest.mark.usefixtures("reference_holidays")
class TestPreloadedTable:
    def test_2025_and_2026_are_loaded(self):
        assert Holiday.objects.filter(date__year=2025).count() == 28
        assert Holiday.objects.filter(date__year=2026).count() == 25
        independence = Holiday.objects.get(date=D(2026, 8, 17))
        assert (independence.name, independence.kind) == ("Proklamasi Kemerdekaan", HolidayKind.LIBUR_NASIONAL)
        assert Holiday.objects.get(date=D(2026, 3, 20)).kind == HolidayKind.CUTI_BERSAMA

    def test_loading_again_changes_nothing_and_repairs_edits(self):
        Holiday.objects.filter(date=D(2026, 8, 17)).update(name="diubah")
        before = Holiday.objects.count()
        load_reference_holidays()
        load_reference_holidays()
        assert Holiday.objects.count() == before
        assert Holiday.objects.get(date=D(2026, 8, 17)).name == "Proklamasi Kemerdekaan"

    def test_whole_years_match_a_hand_count(self):
        # 261 weekdays in each year; minus 24 weekday holidays in 2025 and 21 in 2026.
        assert workdays.working_days_between(D(2024, 12, 31), D(2025, 12, 31)) == 237
        assert workdays.working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 240

    def test_year_boundary(self):
        # Thu 1 Jan 2026 is a holiday: Fri 2 (1), Mon 5 (2), Tue 6 (3).
        assert workdays.add_working_days(D(2025, 12, 31), 3) == D(2026, 1, 6)
        assert workdays.subtract_working_days(D(2026, 1, 6), 3) == D(2025, 12, 31)
        # Christmas and its cuti bersama (25, 26 Dec 2025), then the weekend.
        assert workdays.add_working_days(D(2025, 12, 24), 1) == D(2025, 12, 29)
        assert workdays.working_days_between(D(2025, 12, 24), D(2026, 1, 6)) == 6

    def test_cuti_bersama_around_idulfitri_2026(self):
        # 18 (cuti), 19 (Nyepi), 20 (cuti), 21-22 (Idulfitri, weekend), 23-24 (cuti) March 2026.
        assert not workdays.is_working_day(D(2026, 3, 18))
        assert workdays.add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 25)
        assert workdays.previous_working_days(D(2026, 3, 25), 1) == [D(2026, 3, 17), D(2026, 3, 25)]

    def test_regional_holiday_closes_and_extra_working_day_opens(self):
        Holiday.objects.create(date=D(2026, 7, 7), name="HUT Kota", kind=HolidayKind.LIBUR_DAERAH)
        Holiday.objects.create(date=SAT, name="Sabtu pengganti", kind=HolidayKind.HARI_KERJA_TAMBAHAN)
        assert not workdays.is_working_day(TUE)
        assert workdays.is_working_day(SAT)
        assert workdays.add_working_days(FRI, 3) == WED  # Sat (1), Mon (2), Tue closed, Wed (3)

    def test_an_edit_counts_on_the_next_call(self):
        assert workdays.is_working_day(THU)
        Holiday.objects.create(date=THU, name="Libur baru", kind=HolidayKind.LIBUR_NASIONAL)
        assert not workdays.is_working_day(THU)


@pytest.mark.usefixtures("reference_holidays")
class TestQueryCounts:
    def test_a_year_or_ten_is_one_query(self, django_assert_num_queries):
        with django_assert_num_queries(1):
            workdays.working_days_between(D(2025, 12, 31), D(2026, 12, 31))
        with django_assert_num_queries(1):
            workdays.working_days_between(D(2020, 1, 1), D(2030, 1, 1))

    def test_long_walks_stay_at_two_queries(self, django_assert_max_num_queries):
        with django_assert_max_num_queries(2):
            assert workdays.add_working_days(D(2024, 12, 31), 237) == D(2025, 12, 31)
        with django_assert_max_num_queries(2):
            assert workdays.subtract_working_days(D(2026, 12, 31), 240) == D(2025, 12, 31)
        with django_assert_max_num_queries(2):
            assert len(workdays.previous_working_days(D(2026, 12, 31), 240)) == 241
        with django_assert_max_num_queries(2):
            assert workdays.add_working_days(D(2025, 1, 1), 1000) > D(2028, 1, 1)

    def test_one_calendar_shared_by_many_deadlines(self, django_assert_max_num_queries):
        starts = [D(2026, 1, 1) + datetime.timedelta(days=k) for k in range(365)]
        with django_assert_max_num_queries(1):
            calendar = WorkCalendar()
            calendar.load(starts[0], starts[-1] + datetime.timedelta(days=60))
            deadlines = [workdays.add_working_days(day, 3, calendar=calendar) for day in starts]
        assert deadlines[starts.index(D(2026, 8, 14))] == D(2026, 8, 20)  # Fri; Mon 17 Aug closed
        with django_assert_max_num_queries(6):  # without the up-front load: one query per ~3 months
            calendar = WorkCalendar()
            assert [workdays.add_working_days(day, 3, calendar=calendar) for day in starts] == deadlines
