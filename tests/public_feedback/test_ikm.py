"""The IKM formula (PermenPANRB 14/2017, DOMAIN.md): hand-computed values, every grade boundary,
per-element NRR, and the aggregates that must stay one query whatever the data."""

import datetime
import itertools
from decimal import Decimal
from fractions import Fraction

import pytest

from apps.public_feedback.ikm import compute, grade_of, shown
from apps.public_feedback.models import ELEMENTS, SkmResponse
from apps.public_feedback.selectors import surveys
from apps.public_feedback.selectors.ikm import ikm_by_unit, unit_ikm
from tests.factories import OrgUnitFactory

DAY = datetime.date(2026, 3, 10)
_devices = itertools.count(1)


def make_responses(unit, score_rows, *, on=DAY, **fields):
    """One SkmResponse per row of nine scores, each from its own device."""
    return SkmResponse.objects.bulk_create(
        [
            SkmResponse(
                unit=unit,
                answered_on=on,
                device_key=f"device-{next(_devices)}",
                **dict(zip(ELEMENTS, scores, strict=True)),
                **fields,
            )
            for scores in score_rows
        ]
    )


# Three respondents, worked by hand:
#   U1..U9 totals 11, 10, 8, 11, 8, 10, 12, 8, 10 (sum 88)
#   NRR = totals / 3; IKM = (sum NRR x 1/9) x 25 = 88 / 27 x 25 = 81.4814... -> 81.48, grade B
HAND = [
    [4, 3, 3, 4, 3, 3, 4, 2, 3],
    [3, 3, 2, 4, 3, 4, 4, 3, 3],
    [4, 4, 3, 3, 2, 3, 4, 3, 4],
]


def test_formula_against_hand_computed_values():
    totals = [sum(column) for column in zip(*HAND, strict=True)]
    assert totals == [11, 10, 8, 11, 8, 10, 12, 8, 10]
    ikm = compute(3, totals)
    assert ikm.respondents == 3
    assert ikm.exact == Fraction(88 * 25, 27)
    assert ikm.value == Decimal("81.48")
    assert (ikm.grade, ikm.grade_label) == ("B", "Baik")
    assert ikm.nrr_shown() == [
        Decimal(x) for x in ("3.667", "3.333", "2.667", "3.667", "2.667", "3.333", "4.000", "2.667", "3.333")
    ]


def test_exact_ninth_not_the_rounded_weight():
    """With the regulation's printed weight 0.111 a unit rated 4 on everything would get 99.90."""
    ikm = compute(7, [28] * 9)
    assert ikm.value == Decimal("100.00") and ikm.grade == "A"
    assert (Decimal(4) * 9 * Decimal("0.111") * 25).quantize(Decimal("0.01")) == Decimal("99.90")


# All nine elements share one total t over n respondents, so IKM = 25 t / n exactly.
BOUNDARIES = [
    (10000, 2500, "100.00", "A"),
    (8831, 2500, "88.31", "A"),
    (17661, 5000, "88.31", "A"),  # exactly 88.305: shown (half up) as 88.31, so grade A
    (8830, 2500, "88.30", "B"),
    (7661, 2500, "76.61", "B"),
    (7660, 2500, "76.60", "C"),
    (6500, 2500, "65.00", "C"),
    (6499, 2500, "64.99", "D"),
    (2500, 2500, "25.00", "D"),
]


@pytest.mark.parametrize(("total", "respondents", "value", "grade"), BOUNDARIES)
def test_grade_at_each_boundary(total, respondents, value, grade):
    ikm = compute(respondents, [total] * 9)
    assert ikm.value == Decimal(value)
    assert ikm.grade == grade


def test_88_305_is_exact_and_just_below_stays_b():
    assert compute(5000, [17661] * 9).exact == Fraction(88305, 1000)
    below = compute(50000, [176609] * 9)  # 88.3045
    assert below.value == Decimal("88.30") and below.grade == "B"


@pytest.mark.parametrize(
    ("value", "grade", "label"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_grade_of_shown_values(value, grade, label):
    found, found_label = grade_of(Decimal(value))
    assert (found, str(found_label)) == (grade, label)


def test_shown_rounds_half_up():
    assert shown(Fraction(88305, 1000)) == Decimal("88.31")
    assert shown(Fraction(2, 3), "0.001") == Decimal("0.667")


def test_no_respondents_reads_empty():
    ikm = compute(0, [0] * 9)
    assert ikm.value is None and ikm.grade == "" and ikm.grade_label == ""


def test_nine_elements_required():
    with pytest.raises(ValueError):
        compute(1, [4] * 8)


@pytest.mark.django_db
def test_per_element_nrr_from_the_database():
    unit = OrgUnitFactory()
    make_responses(unit, HAND)
    make_responses(unit, [[1] * 9], is_hidden=True)  # hidden responses never count
    make_responses(unit, [[1] * 9], on=DAY.replace(month=4))  # outside the range
    ikm = unit_ikm(unit, DAY.replace(day=1), DAY.replace(day=31))
    assert ikm.respondents == 3
    assert ikm.nrr == tuple(Fraction(total, 3) for total in (11, 10, 8, 11, 8, 10, 12, 8, 10))
    assert ikm.value == Decimal("81.48")


@pytest.mark.django_db
def test_aggregate_is_one_query_whatever_the_data(django_assert_num_queries):
    units = [OrgUnitFactory() for _ in range(6)]
    start, end = DAY.replace(day=1), DAY.replace(day=31)
    make_responses(units[0], HAND[:1])
    with django_assert_num_queries(1):
        assert len(ikm_by_unit(start, end)) == 1
    for index, unit in enumerate(units):
        make_responses(unit, [[1 + (index + k) % 4] * 9 for k in range(25)])
    with django_assert_num_queries(1):
        found = ikm_by_unit(start, end)
    assert len(found) == 6 and found[units[1].pk].respondents == 25


@pytest.mark.django_db
def test_ikm_table_query_count_is_constant(django_assert_max_num_queries, admin_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    period = surveys.period_month(2026, 3)
    first = OrgUnitFactory()
    make_responses(first, HAND)
    with CaptureQueriesContext(connection) as small:
        assert len(surveys.ikm_table(admin_user, period)) >= 1
    admin_user.__dict__.pop("_sikap_ikm_scope", None)
    for index in range(8):
        make_responses(OrgUnitFactory(), [[1 + (index + k) % 4] * 9 for k in range(30)])
    with django_assert_max_num_queries(len(small.captured_queries)):
        rows = surveys.ikm_table(admin_user, period)
    assert len(rows) == 9
    assert [row.ikm.exact for row in rows] == sorted((row.ikm.exact for row in rows), reverse=True)


@pytest.mark.django_db
def test_summary_for_dashboards(django_assert_max_num_queries):
    good, bad = OrgUnitFactory(name="Unit Baik"), OrgUnitFactory(name="Unit Buruk")
    make_responses(good, [[4] * 9] * 3)
    make_responses(bad, [[1] * 9])
    with django_assert_max_num_queries(2):
        summary = surveys.ikm_summary(DAY.replace(day=1), DAY.replace(day=31))
    assert summary.units == 2
    assert summary.by_grade == {"A": 1, "B": 0, "C": 0, "D": 1}
    # pooled over all four responses: (3 x 4 + 1) / 4 = 3.25 per element -> 81.25
    assert summary.overall.respondents == 4 and summary.overall.value == Decimal("81.25")
    assert [row.unit.name for row in summary.lowest] == ["Unit Buruk", "Unit Baik"]


@pytest.mark.django_db
def test_trend_per_month_one_query(django_assert_num_queries):
    unit = OrgUnitFactory()
    make_responses(unit, [[4] * 9], on=datetime.date(2026, 1, 5))
    make_responses(unit, [[2] * 9, [3] * 9], on=datetime.date(2026, 3, 31))
    with django_assert_num_queries(1):
        trend = surveys.ikm_trend(unit, datetime.date(2026, 3, 31), months=4)
    assert [month for month, _ikm in trend] == [
        datetime.date(2025, 12, 1),
        *(datetime.date(2026, m, 1) for m in (1, 2, 3)),
    ]
    assert [ikm.value for _month, ikm in trend] == [None, Decimal("100.00"), None, Decimal("62.50")]


@pytest.mark.django_db
def test_respondent_profile_one_query(django_assert_num_queries):
    unit = OrgUnitFactory()
    make_responses(unit, [[3] * 9] * 2, gender="P", age_band="20-29", education="s1", occupation="swasta")
    make_responses(unit, [[3] * 9])
    with django_assert_num_queries(1):
        profile = surveys.respondent_profile(unit, DAY, DAY)
    gender = next(group for group in profile if group["field"] == "gender")
    assert dict(gender["rows"]) == {"Laki-laki": 0, "Perempuan": 2, "Tidak diisi": 1}
    assert all(group["total"] == 3 for group in profile)


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2026", (2026, 1, 1), (2026, 12, 31)),
        ("2026-S2", (2026, 7, 1), (2026, 12, 31)),
        ("2026-T1", (2026, 1, 1), (2026, 3, 31)),
        ("2024-t4", (2024, 10, 1), (2024, 12, 31)),
        ("2024-02", (2024, 2, 1), (2024, 2, 29)),
        ("2026-12", (2026, 12, 1), (2026, 12, 31)),
    ],
)
def test_periods(code, start, end):
    period = surveys.period_parse(code)
    assert (period.start, period.end) == (datetime.date(*start), datetime.date(*end))


@pytest.mark.parametrize(
    "code", ["", "x", "2026-13", "2026-T5", "2026-S3", "99999", "2026-", "1999", "2026-1", "2026-T"]
)
def test_bad_period_codes_read_none(code):
    assert surveys.period_parse(code) is None


def test_period_options_stop_today():
    groups = surveys.period_options(datetime.date(2026, 2, 15))
    assert [year for year, _periods in groups] == ["2026", "2025"]
    codes_2026 = [p.code for p in groups[0][1]]
    assert codes_2026 == ["2026", "2026-S1", "2026-T1", "2026-01", "2026-02"]
    assert len(groups[1][1]) == 19  # a whole year: year, 2 semesters, 4 quarters, 12 months
