"""The team part of a supervisor's home: reviews waiting (and overdue), this month's filing with who
has gaps, SKP progress, evaluations still to do in the open period, JP coverage, complaints about
the team and nominations.

The team is the supervisor's direct subordinates (Plt/Plh included), as on every team page. Each
read is batched over the whole team, so the count of queries is fixed whatever its size or the
number of reports (tests/dashboards/test_home_supervisor.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.charts import bar_chart
from apps.core.tables import DataTable

# How many names or rows each card lists; the card links to the full page.
SHOWN = 5
CHART_WIDTH = 260


def _chart(key, title, columns, rows, bars, **options) -> dict:
    table = DataTable(key=key, title=title, columns=columns, rows=rows)
    chart = bar_chart(
        bars, title=title, width=360, label_width=140, label_chars=24, empty=_("Belum ada data."), **options
    )
    return {"chart": chart, "table": table, "heading": title}


def reviews(user) -> dict:
    """Reports waiting for the user's review, how many are overdue (waiting longer than the
    configured working days) and the oldest few."""
    from apps.daily_reports.selectors import review_summary

    return review_summary(user, shown=SHOWN)


def filing(user, today: datetime.date) -> dict:
    """This month's filing per team member: working days so far, days filed, and the gaps (working
    days without a report: ``missed`` past the filing window, ``missing`` still fileable), with
    those who have gaps listed most gaps first."""
    from apps.daily_reports.calendar import MISSED, MISSING, team_calendar_for

    month = team_calendar_for(user, month=today.replace(day=1))
    due = sum(1 for column in month["columns"] if column.working and column.date <= today)
    rows, gaps = [], []
    for row in month["rows"]:
        filed = max(due - row.counts["absent"], 0)
        item = {
            "employee": row.employee,
            "due": due,
            "filed": filed,
            "missed": row.counts[MISSED],
            "missing": row.counts[MISSING],
            "percent": round(Decimal(filed * 100) / due, 1) if due else None,
        }
        rows.append(item)
        if row.counts["absent"]:
            gaps.append(item)
    gaps.sort(key=lambda item: (-item["missed"], -item["missing"], item["employee"].name))
    filed_total = sum(item["filed"] for item in rows)
    expected = due * len(rows)
    title = _("Kepatuhan pengisian laporan bulan ini")
    chart = _chart(
        "kepatuhan-laporan",
        title,
        [_("Pegawai"), _("Hari kerja s.d. hari ini"), _("Terisi"), _("Terlewat"), _("Belum diisi"), _("Kepatuhan (%)")],
        [[i["employee"].full_name, i["due"], i["filed"], i["missed"], i["missing"], i["percent"]] for i in rows],
        [(i["employee"].full_name, i["percent"]) for i in rows],
        max_value=100,
    )
    return {
        "month": month["month"],
        "due": due,
        "rate": round(Decimal(filed_total * 100) / expected, 1) if expected else None,
        "gaps": gaps,
        "gaps_shown": gaps[:SHOWN],  # the card names the first few; the chart and the calendar show all
        "gaps_more": max(len(gaps) - SHOWN, 0),
        "chart": chart if rows else None,
    }


def skp_progress(team: list, year: int, supervisor) -> dict:
    """This year's SKP of each team member: its status and achievement so far (approved ones),
    how many wait for the supervisor's approval and who has none yet. The supervisor's own SKP is
    computed in the same batch (``own``: (skp, result)), for their own part of the page."""
    from apps.indicators.models import Skp, SkpStatus
    from apps.indicators.selectors.achievement import skp_results

    people = [p.pk for p in team] + [supervisor.pk]
    skps = {skp.employee_id: skp for skp in Skp.objects.filter(employee__in=people, year=year)}
    results = skp_results([s for s in skps.values() if s.was_ever_approved]) if skps else {}
    mine = skps.pop(supervisor.pk, None)
    own = (mine, results.get(mine.pk) if mine is not None else None)
    rows = []
    for person in team:
        skp = skps.get(person.pk)
        result = results.get(skp.pk) if skp is not None else None
        rows.append({"employee": person, "skp": skp, "result": result})
    title = _("Capaian SKP tim tahun berjalan")
    table_rows = []
    for row in rows:
        status = row["skp"].get_status_display() if row["skp"] else _("Belum ada SKP")
        table_rows.append([row["employee"].full_name, status, row["result"].percent if row["result"] else None])
    chart = _chart(
        "capaian-skp-tim",
        title,
        [_("Pegawai"), _("Status SKP"), _("Capaian (%)")],
        table_rows,
        [(name, percent) for name, _status, percent in table_rows],
        max_value=120,
        reference=100,
    )
    return {
        "own": own,
        "waiting": sum(1 for s in skps.values() if s.status == SkpStatus.SUBMITTED),
        "without": [r["employee"] for r in rows if r["skp"] is None],
        "chart": chart if rows else None,
    }


def evaluations_to_do(team: list) -> dict:
    """The open evaluation period (the one the team page opens first) and the team members whose
    evaluation of it is not yet finalised. One query for the evaluations' statuses: the team
    page's rows also compute the achievement each would start from, which the home does not show."""
    from apps.evaluations.models import Evaluation, EvaluationStatus
    from apps.evaluations.selectors import open_periods

    period = open_periods().first()
    if period is None:
        return {"period": None, "to_do": [], "done": 0, "total": len(team)}
    statuses = dict(
        Evaluation.objects.filter(period=period, employee__in=[p.pk for p in team]).values_list("employee_id", "status")
    )
    to_do = [p for p in team if statuses.get(p.pk, EvaluationStatus.DRAFT) == EvaluationStatus.DRAFT]
    return {"period": period, "to_do": to_do, "done": len(team) - len(to_do), "total": len(team)}


def jp_coverage(user, year: int) -> dict:
    """This year's JP of each team member against their rule: PNS meeting the yearly floor, PPPK
    over the ceiling."""
    from apps.trainings.selectors import team_jp

    rows = team_jp(user, year)
    pns = [r for r in rows if not r["summary"].is_pppk]
    below = [r for r in pns if r["summary"].below_floor]
    floor = pns[0]["summary"].target if pns else None
    title = _("JP tim tahun ini")
    chart = _chart(
        "jp-tim",
        title,
        [_("Pegawai"), _("JP"), _("Target/batas JP"), _("Keterangan")],
        [[r["employee"].full_name, r["summary"].total, r["summary"].target, r["summary"].message] for r in rows],
        [(r["employee"].full_name, r["summary"].total) for r in rows],
        unit=" JP",
        reference=floor,
    )
    return {
        "pns_total": len(pns),
        "pns_met": len(pns) - len(below),
        "below": sorted(below, key=lambda r: r["summary"].total)[:SHOWN],
        "below_total": len(below),
        "over_ceiling": [r for r in rows if r["summary"].over_ceiling],
        "chart": chart if rows else None,
    }


def team_complaints(team: list, start: datetime.date, end: datetime.date) -> dict:
    """Complaints linked to team members and received between start and end (local dates,
    inclusive): how many, how many substantiated, how many not yet decided, per person. Spam and
    blocked ones never count (the rule of public_feedback's ``employee_evidence``), in one query
    for the whole team."""
    from apps.public_feedback.models import Complaint
    from apps.public_feedback.models.complaints import ComplaintStatus

    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    after = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    rows = (
        Complaint.objects.filter(employee__in=[p.pk for p in team], submitted_at__gte=first, submitted_at__lt=after)
        .exclude(Q(is_blocked=True) | Q(status=ComplaintStatus.SPAM))
        .values("employee_id")
        .annotate(
            n_total=Count("pk"),
            n_proven=Count("pk", filter=Q(substantiated=True)),
            n_open=Count("pk", filter=Q(substantiated__isnull=True)),
        )
        .order_by()
    )
    by_person = {row["employee_id"]: row for row in rows}
    people = [
        {"employee": p, "total": row["n_total"], "substantiated": row["n_proven"], "undecided": row["n_open"]}
        for p in team
        if (row := by_person.get(p.pk))
    ]
    people.sort(key=lambda r: (-r["substantiated"], -r["total"], r["employee"].name))
    return {
        "total": sum(r["total"] for r in people),
        "substantiated": sum(r["substantiated"] for r in people),
        "undecided": sum(r["undecided"] for r in people),
        "people": people[:SHOWN],
        "start": start,
    }


def nominations(team: list, found: dict, today: datetime.date) -> dict:
    """The team's nominations still ahead (registered or waitlisted for a session that has not
    ended), and how many team members have a recommended session they could still be nominated
    for (``found``: recommendations_for_many over the team)."""
    from apps.trainings.models import Enrollment, EnrollmentSource, EnrollmentStatus

    ahead = Enrollment.objects.filter(
        employee__in=[p.pk for p in team],
        source=EnrollmentSource.NOMINATED,
        status__in=(EnrollmentStatus.REGISTERED, EnrollmentStatus.WAITLISTED),
        session__ends_on__gte=today,
    )
    shown = list(ahead.select_related("employee", "session__program").order_by("session__starts_on", "pk")[:SHOWN])
    nominable = [p for p in team if any(option.nominable for item in found[p.pk].items for option in item.sessions)]
    return {"ahead": shown, "ahead_total": ahead.count(), "nominable": nominable}


def team_part(user, employee, team: list, found: dict) -> dict:
    """The team part of the supervisor's home but the reviews waiting (read live: ``reviews``).
    ``team``: the direct subordinates (with their units); ``found``: recommendations_for_many over
    the team."""
    from apps.indicators.selectors.skp import current_year

    today = timezone.localdate()
    year = current_year()
    return {
        "team": team,
        "filing": filing(user, today),
        "team_skp": skp_progress(team, year, employee),
        "team_evaluations": evaluations_to_do(team),
        "team_jp": jp_coverage(user, year),
        "team_complaints": team_complaints(team, datetime.date(today.year, 1, 1), today),
        "nominations": nominations(team, found, today),
    }
