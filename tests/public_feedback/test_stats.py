"""The public statistics against a small set built by hand: complaints per unit (public ones only),
the median handling time in working days (weekends and a holiday skipped), the share handled on
time, IKM per unit and for the city; a constant query count; nothing private on the page."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.models import Holiday
from apps.public_feedback.models import SkmResponse
from apps.public_feedback.selectors.stats import public_stats, stats_year
from tests.factories import EmployeeFactory
from tests.public_feedback.rows import CONTACT, at, complaint

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 6, 30, 5, tzinfo=datetime.UTC)  # 12.00 in Palembang


def day(n: int) -> datetime.date:
    return datetime.date(2026, 6, n)


@pytest.fixture(autouse=True)
def _june_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def _answers(unit, score, n, first_device=0):
    for i in range(n):
        SkmResponse.objects.create(
            unit=unit, answered_on=day(10), device_key=f"d{first_device + i}", **{f"u{e}": score for e in range(1, 10)}
        )


@pytest.fixture
def hand_built(org):
    """Unit A: five public complaints, four closed after 4, 1, 8 and 9 working days (median 6), two
    of them on time. Unit B: one routed there from unit A, closed the day it came (0 days, on time).
    Plus what must not count: rahasia, about a person, blocked, spam, and last year's."""
    Holiday.objects.all().delete()  # the calendar of this test only: one holiday, on 10 June
    Holiday.objects.create(date=day(10), name="Libur uji")
    a, b = org.unit_a, org.unit_b
    complaint(
        unit=a,
        submitted_at=at(day(1)),
        verify_due=day(4),
        routed_at=at(day(2)),
        follow_up_due=day(9),
        responded_at=at(day(5)),
        closed_at=at(day(5), 15),
        status="selesai",
        handling_unit=a,
    )
    complaint(unit=a, submitted_at=at(day(5)), verify_due=day(10), closed_at=at(day(8)), status="bukan_wewenang")
    # routed late (verify_due 11 June), closed 19 June: 9 working days minus the holiday
    complaint(
        unit=a,
        submitted_at=at(day(8)),
        verify_due=day(11),
        routed_at=at(day(15)),
        follow_up_due=day(22),
        responded_at=at(day(18)),
        closed_at=at(day(19)),
        status="tidak_selesai",
        handling_unit=a,
    )
    # the unit replied after its deadline
    complaint(
        unit=a,
        submitted_at=at(day(15)),
        verify_due=day(18),
        routed_at=at(day(15), 14),
        follow_up_due=day(22),
        responded_at=at(day(24)),
        closed_at=at(day(26)),
        status="selesai",
        handling_unit=a,
    )
    complaint(
        unit=a,
        submitted_at=at(day(22)),
        verify_due=day(25),
        routed_at=at(day(23)),
        follow_up_due=day(30),
        status="diteruskan",
        handling_unit=a,
    )
    complaint(
        unit=a,
        submitted_at=at(day(1), 8),
        verify_due=day(4),
        routed_at=at(day(1), 9),
        follow_up_due=day(8),
        closed_at=at(day(1), 16),
        status="selesai",
        handling_unit=b,
    )
    # never counted
    hidden_day = {"submitted_at": at(day(2)), "closed_at": at(day(29)), "status": "selesai"}
    complaint(unit=b, is_confidential=True, description="RAHASIA: pungli di loket", **hidden_day)
    complaint(unit=b, subject_text="Bu Sari, loket 2", **hidden_day)
    complaint(unit=b, employee=EmployeeFactory(unit=b), **hidden_day)
    complaint(unit=b, is_blocked=True, **hidden_day)
    complaint(unit=b, status="spam", submitted_at=at(day(2)))
    complaint(unit=a, submitted_at=at(datetime.date(2025, 12, 30)), closed_at=at(day(1)), status="selesai")
    _answers(a, 4, 2)
    _answers(b, 2, 1, first_device=10)
    return a, b


def test_numbers_match_the_hand_built_set(hand_built):
    a, b = hand_built
    stats = public_stats(year=2026)
    assert (stats.start, stats.end) == (datetime.date(2026, 1, 1), day(30))
    assert [u.unit_id for u in stats.units] == [a.pk, b.pk]
    unit_a, unit_b = stats.units
    assert (unit_a.complaints, unit_a.closed, unit_a.on_time) == (5, 4, 2)
    assert unit_a.median_days == 6.0
    assert unit_a.on_time_share == Decimal("50.0")
    assert (unit_b.complaints, unit_b.closed, unit_b.on_time, unit_b.median_days) == (1, 1, 1, 0.0)
    assert unit_b.on_time_share == Decimal("100.0")
    assert (stats.complaints, stats.closed, stats.open, stats.on_time) == (6, 5, 1, 3)
    assert stats.median_days == 4.0  # of 0, 1, 4, 8, 9
    assert stats.on_time_share == Decimal("60.0")
    assert (unit_a.ikm.value, unit_a.ikm.grade) == (Decimal("100.00"), "A")
    assert (unit_b.ikm.value, unit_b.ikm.grade) == (Decimal("50.00"), "D")
    # the city: three respondents, every element (4 + 4 + 2) / 3, x 25
    assert (stats.ikm.respondents, stats.ikm.value, stats.ikm.grade) == (3, Decimal("83.33"), "B")


def test_last_year_and_an_empty_year():
    assert stats_year("2025") == 2025 and stats_year("2027") == 2026 and stats_year("x") == 2026
    stats = public_stats(year=2024)
    assert stats.units == [] and stats.median_days is None and stats.on_time_share is None and stats.ikm is None


def test_the_page_shows_the_numbers_and_nothing_private(hand_built):
    a, _b = hand_built
    response = Client().get(reverse("forum:statistics"))
    assert response.status_code == 200
    text = response.content.decode()
    assert a.name in text and "50&nbsp;%" in text and "83,33" in text
    for secret in [*CONTACT.values(), "RAHASIA", "pungli", "Bu Sari", "PGD-"]:
        assert secret not in text
    assert Client().get(reverse("forum:statistics"), {"tahun": "abc"}).status_code == 200


def test_query_count_does_not_grow_with_the_rows(org):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert Client().get(reverse("forum:statistics")).status_code == 200
        return len(queries)

    complaint(unit=org.unit_a, submitted_at=at(day(1)), closed_at=at(day(3)), status="selesai")
    few = count()
    for n in range(2, 20):
        complaint(
            unit=org.unit_a if n % 2 else org.unit_b,
            submitted_at=at(day(n)),
            closed_at=at(day(n + 2)),
            status="selesai",
        )
    _answers(org.unit_b, 3, 4)
    assert count() == few <= 6
