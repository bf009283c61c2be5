"""The roll-up of approved activities into IKI realisation (``IkiRollup``).

``apply(report, sign)`` adds (+1, on approval) or removes (-1, when an approval is reopened) the
report's linked quantities, inside the caller's transaction; an UPSERT keeps it correct when two
approvals touch the same IKI at once. ``realisation_by_period`` is registered with
``apps.indicators`` as a source of realisation.
"""

from collections import defaultdict
from decimal import Decimal

from django.db import connection

from apps.indicators.periods import period_of

from .models import Activity, DailyReport, IkiRollup


def apply(report: DailyReport, sign: int) -> None:
    period = period_of(report.date)
    sums: dict[int, list] = defaultdict(lambda: [Decimal(0), 0])
    for iki_id, quantity in Activity.objects.filter(report=report, iki__isnull=False).values_list("iki_id", "quantity"):
        sums[iki_id][0] += quantity or Decimal(0)
        sums[iki_id][1] += 1
    if not sums:
        return
    rows = [(iki_id, period, sign * total, sign * count) for iki_id, (total, count) in sums.items()]
    # One multi-row statement (not executemany: pghistory's per-request context wrapper passes
    # executemany's parameter list on as if it were one row's).
    values = ", ".join(["(%s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO daily_reports_ikirollup (iki_id, period, quantity, activity_count) VALUES {values}
            ON CONFLICT (iki_id, period) DO UPDATE SET
                quantity = daily_reports_ikirollup.quantity + EXCLUDED.quantity,
                activity_count = daily_reports_ikirollup.activity_count + EXCLUDED.activity_count
            """,  # noqa: S608 (only placeholders are interpolated)
            [value for row in rows for value in row],
        )


def realisation_by_period(iki_ids) -> dict[tuple[int, int], Decimal]:
    return {
        (iki_id, period): quantity
        for iki_id, period, quantity in IkiRollup.objects.filter(iki_id__in=iki_ids, activity_count__gt=0).values_list(
            "iki_id", "period", "quantity"
        )
    }


def has_activities(iki_ids) -> bool:
    return Activity.objects.filter(iki_id__in=iki_ids).exists()


def rebuild() -> int:
    """Recompute the whole roll-up from approved reports (after the period setting changed, or to
    check it); returns the number of rows written."""
    from django.db.models import Count, Sum

    IkiRollup.objects.all().delete()
    totals = defaultdict(lambda: [Decimal(0), 0])
    rows = (
        Activity.objects.filter(report__status="approved", iki__isnull=False)
        .values_list("iki_id", "report__date")
        .annotate(total=Sum("quantity"), n=Count("pk"))
    )
    for iki_id, day, total, n in rows.iterator():
        key = (iki_id, period_of(day))
        totals[key][0] += total or Decimal(0)
        totals[key][1] += n
    IkiRollup.objects.bulk_create(
        [IkiRollup(iki_id=i, period=p, quantity=q, activity_count=n) for (i, p), (q, n) in totals.items()],
        batch_size=5000,
    )
    return len(totals)
