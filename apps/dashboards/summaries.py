"""Rebuilding the dashboard summary tables from the source rows (one SQL statement per range).

The city dashboard never scans the daily reports (millions of rows after a year): it sums
``UnitDayStat`` instead. Celery refreshes the recent weeks every few minutes (reports are filed up
to a few working days back and reviewed within a few more) and the whole past year each night, so
a late change to an old report is picked up by the next morning. Pages show the refresh time.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from apps.core.workdays import WorkCalendar, add_working_days
from apps.daily_reports.models import ReportSettings

from .models import SummaryRefresh, UnitDayStat

UNIT_DAYS = "unit_days"
RECENT_DAYS = 45
YEAR_DAYS = 400

_SQL = """
WITH workdays AS (SELECT unnest(%(workdays)s::date[]) AS day),
deadlines AS (
    SELECT unnest(%(sent)s::date[]) AS sent, unnest(%(due)s::date[]) AS due
),
heads AS (
    SELECT e.unit_id, w.day AS date, count(*) AS headcount
    FROM employees_employee e CROSS JOIN workdays w
    WHERE e.is_active
    GROUP BY e.unit_id, w.day
),
filed AS (
    SELECT e.unit_id, r.date,
        count(*) FILTER (WHERE r.status <> 'draft') AS filed,
        count(*) FILTER (WHERE r.status = 'approved') AS approved,
        count(*) FILTER (WHERE r.status = 'returned') AS returned,
        count(*) FILTER (WHERE r.status = 'submitted') AS waiting,
        count(*) FILTER (WHERE r.status IN ('approved', 'returned') AND r.reviewed_at IS NOT NULL) AS reviewed,
        coalesce(sum(extract(epoch FROM r.reviewed_at - r.submitted_at) / 3600.0)
            FILTER (WHERE r.status IN ('approved', 'returned') AND r.reviewed_at >= r.submitted_at), 0) AS review_hours,
        count(*) FILTER (
            WHERE r.status IN ('approved', 'returned')
            AND (r.reviewed_at AT TIME ZONE %(tz)s)::date > d.due
        ) AS reviewed_late
    FROM daily_reports_dailyreport r
    JOIN employees_employee e ON e.id = r.employee_id
    LEFT JOIN deadlines d ON d.sent = (r.submitted_at AT TIME ZONE %(tz)s)::date
    WHERE r.date BETWEEN %(start)s AND %(end)s
    GROUP BY e.unit_id, r.date
)
INSERT INTO dashboards_unitdaystat
    (unit_id, date, headcount, filed, approved, returned, waiting, reviewed, review_hours, reviewed_late)
SELECT coalesce(h.unit_id, f.unit_id), coalesce(h.date, f.date), coalesce(h.headcount, 0),
    coalesce(f.filed, 0), coalesce(f.approved, 0), coalesce(f.returned, 0), coalesce(f.waiting, 0),
    coalesce(f.reviewed, 0), coalesce(f.review_hours, 0), coalesce(f.reviewed_late, 0)
FROM heads h FULL OUTER JOIN filed f ON f.unit_id = h.unit_id AND f.date = h.date
"""


def _review_deadlines(first: datetime.date, last: datetime.date, review_days: int, calendar: WorkCalendar):
    """(submission days, their review deadlines): the ``review_days``-th working day after each."""
    sent, due = [], []
    day = first
    while day <= last:
        sent.append(day)
        due.append(add_working_days(day, review_days, calendar=calendar))
        day += datetime.timedelta(days=1)
    return sent, due


def refresh_unit_days(start: datetime.date, end: datetime.date, *, now: datetime.datetime | None = None) -> int:
    """Recompute ``UnitDayStat`` for the days ``start``..``end`` (clamped to today); returns the
    rows written. Runs in one transaction: a reader sees the old figures or the new, never half."""
    today = timezone.localdate(now) if now else timezone.localdate()
    end = min(end, today)
    if start > end:
        return 0
    review_days = ReportSettings.current().review_days
    calendar = WorkCalendar()
    # submissions can come days after the report's date, deadlines lie beyond the last one
    calendar.load(start, today + datetime.timedelta(days=review_days * 3 + 30))
    workdays = []
    day = start
    while day <= end:
        if calendar.is_working_day(day):
            workdays.append(day)
        day += datetime.timedelta(days=1)
    sent, due = _review_deadlines(start, today, review_days, calendar)
    with transaction.atomic():
        UnitDayStat.objects.filter(date__gte=start, date__lte=end).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                _SQL,
                {
                    "workdays": workdays,
                    "sent": sent,
                    "due": due,
                    "start": start,
                    "end": end,
                    "tz": settings.TIME_ZONE,
                },
            )
            written = cursor.rowcount
        previous = SummaryRefresh.objects.filter(name=UNIT_DAYS).first()
        covered_from = min(start, previous.covered_from) if previous and previous.covered_from else start
        SummaryRefresh.objects.update_or_create(
            name=UNIT_DAYS,
            defaults={"refreshed_at": now or timezone.now(), "covered_from": covered_from, "covered_to": end},
        )
    return written


def refresh_recent(*, days: int = RECENT_DAYS) -> int:
    today = timezone.localdate()
    return refresh_unit_days(today - datetime.timedelta(days=days), today)


def refresh_year(*, days: int = YEAR_DAYS) -> int:
    today = timezone.localdate()
    return refresh_unit_days(today - datetime.timedelta(days=days), today)


def last_refresh() -> SummaryRefresh | None:
    return SummaryRefresh.objects.filter(name=UNIT_DAYS).first()


TRAINING_IMPACT = "training_impact"
IMPACT_SHOWN = 5


def refresh_training_impact(*, now: datetime.datetime | None = None) -> list[dict]:
    """Keep the programs whose participants changed most (difference-in-differences against
    comparable colleagues) for the dashboard: the full computation reads every evaluation of the
    participants, too much for a page, and a day's delay is acceptable."""
    from apps.trainings.impact import program_impacts

    rows = []
    for impact in program_impacts():
        if not impact.measured:
            continue
        rows.append(
            {
                "program_id": impact.program.pk,
                "program": impact.program.name,
                "participants": len(impact.measured),
                "change": None if impact.change is None else float(impact.change),
                "did": None if impact.did is None else float(impact.did),
            }
        )
    rows.sort(key=lambda r: (-(r["did"] if r["did"] is not None else r["change"] or -999), r["program"]))
    rows = rows[:IMPACT_SHOWN]
    SummaryRefresh.objects.update_or_create(
        name=TRAINING_IMPACT, defaults={"refreshed_at": now or timezone.now(), "data": {"programs": rows}}
    )
    return rows


def training_impact() -> SummaryRefresh | None:
    return SummaryRefresh.objects.filter(name=TRAINING_IMPACT).first()
