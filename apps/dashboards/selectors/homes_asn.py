"""The ASN's own part of a home page: today's report, this month's strip, SKP per IKI, JP, trainings,
the latest evaluation, recommendations and unread notices. A supervisor's home shows the same part
under their team's, so everything here takes the user and their employee record.

Every read goes through the owning app's selector; the count of queries is fixed whatever the
number of reports, indicators, enrollments or notices (tests/dashboards/test_home_asn.py)."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from apps.core import compiled
from apps.core.charts import bar_chart
from apps.core.models import Notification
from apps.core.tables import DataTable

# How much each card lists; the page links to the full list.
SESSIONS_SHOWN = 3
RECOMMENDATIONS_SHOWN = 3
NOTICES_SHOWN = 3


@dataclass(frozen=True)
class TodayStatus:
    """Today's report as the home's first line: a key (for the CSS class), a word, and a detail."""

    key: str  # "missing", "draft", "submitted", "approved", "returned" or "holiday"
    label: str | Promise
    detail: str = ""  # the return note, or the holiday's name


TODAY_LABELS = {
    "missing": gettext_lazy("Belum diisi"),
    "draft": gettext_lazy("Draf, belum diajukan"),
    "submitted": gettext_lazy("Diajukan, menunggu pemeriksaan"),
    "approved": gettext_lazy("Disetujui"),
    "returned": gettext_lazy("Dikembalikan"),
    "holiday": gettext_lazy("Hari libur"),
}


def today_status(report: tuple[str, str] | None, cell) -> TodayStatus:
    """``report``: today's report as (status, return note), or None; ``cell``: today's
    CalendarDay (working day or not)."""
    if report is not None:
        status, return_note = report
        return TodayStatus(status, TODAY_LABELS[status], return_note if status == "returned" else "")
    if cell is not None and not cell.working:
        return TodayStatus("holiday", TODAY_LABELS["holiday"], cell.holiday or _("Akhir pekan"))
    return TodayStatus("missing", TODAY_LABELS["missing"])


def calendar_strip(month: dict) -> list:
    """The month's days in order (the weeks of ``month_calendar_for`` without the padding), each
    with an ``aria`` label: the date and the status in words, so colour is never the only cue."""
    days = [day for week in month["weeks"] for day in week if day is not None]
    language = get_language()
    for day in days:
        words = _day_words(day.date, language)
        day.aria = f"{words}: {day.label}" + (f" ({day.holiday})" if day.holiday else "")
    return days


@functools.lru_cache(maxsize=512)
def _day_words(day: datetime.date, language: str) -> str:
    """ "Rabu, 2 Desember": formatting a month of them was a tenth of a home page."""
    return date_format(day, "l, j F")


def skp_chart(skp_result) -> dict | None:
    """Achievement per IKI this year (bars, with the 100 % line), and the table behind it."""
    if skp_result is None:
        return None
    rows, bars = [], []
    for rhk in skp_result.rhk:
        for iki in rhk.iki:
            bars.append((iki.text, iki.percent))
            rows.append([rhk.text, iki.text, iki.target, iki.realisation, iki.percent])
    if not rows:
        return None
    title = _("Capaian per IKI tahun berjalan")
    table = DataTable(
        key="capaian-iki", title=title, columns=[_("RHK"), _("IKI"), _("Target"), _("Realisasi"), _("Capaian (%)")]
    )
    table.rows = rows
    # drawn narrow so that, scaled to the card, its 9 px text stays legible on a phone
    chart = bar_chart(bars, title=title, max_value=120, reference=100, width=260, label_width=100, label_chars=17)
    return {"chart": chart, "table": table, "heading": title}


def own_trainings(user, today: datetime.date) -> dict:
    """The sessions the user is registered or waitlisted for that have not ended, soonest first,
    and a few more still open for registration that the user is not in."""
    from apps.trainings.models import EnrollmentStatus
    from apps.trainings.selectors import my_trainings, upcoming_sessions

    active = (EnrollmentStatus.REGISTERED, EnrollmentStatus.WAITLISTED)
    mine = [e for e in my_trainings(user) if e.status in active and e.session.ends_on >= today]
    mine.sort(key=lambda e: (e.session.starts_on, e.session.pk))
    taken = [e.session_id for e in mine]
    open_sessions = upcoming_sessions().filter(registration_deadline__gte=today).exclude(pk__in=taken)
    return {"mine": mine[:SESSIONS_SHOWN], "open": list(open_sessions[:SESSIONS_SHOWN])}


def unread_notices(user) -> list[Notification]:
    """The newest unread notices (the count comes from the header's UNREAD_NOTIFICATIONS)."""
    return _UNREAD_NEWEST.instances(Notification, user.pk)


# every home page asks: compiled once (apps/core/compiled.py)
_UNREAD_NEWEST = compiled.CompiledQuery(
    lambda user_id: (
        Notification.objects.filter(user_id=user_id, read_at__isnull=True)
        .order_by("-created_at", "-pk")
        .values_list(*compiled.columns(Notification))[:NOTICES_SHOWN]
    ),
    compiled.ID,
)


def own_skp(employee, loaded: tuple | None = None) -> dict:
    """This year's SKP of the employee and its achievement so far (a fixed number of queries).
    ``loaded``: (skp or None, result or None) when the caller computed them with others'."""
    from apps.indicators.selectors.achievement import skp_result
    from apps.indicators.selectors.skp import current_year

    if loaded is not None:
        skp, result = loaded
    else:
        skp = employee.skps.filter(year=current_year()).first()
        result = skp_result(skp) if skp is not None and skp.was_ever_approved else None
    return {"skp": skp, "skp_result": result, "skp_year": current_year(), "skp_chart": skp_chart(result)}


def own_part(user, employee, *, recommendations=None, skp: tuple | None = None) -> dict:
    """Everything the ASN's home shows about the user. ``recommendations`` (the user's
    EmployeeRecommendations) and ``skp`` (their SKP and its result): when the caller already
    loaded them with others' (the supervisor's home loads the team's and the supervisor's at once)."""
    return {**own_live(user, employee), **own_settled(user, employee, recommendations=recommendations, skp=skp)}


def own_live(user, employee) -> dict:
    """The part that changes with what the user does today: today's report, the month's strip and
    the unread notices (a supervisor's home reads these on every request, see team_snapshot.py)."""
    from apps.daily_reports.calendar import month_calendar_for
    from apps.daily_reports.selectors import own_report_status

    today = timezone.localdate()
    month = month_calendar_for(user, month=today.replace(day=1))
    strip = calendar_strip(month)
    cell = next((day for day in strip if day.date == today), None)
    return {
        "employee": employee,
        "today": today,
        "today_status": today_status(own_report_status(user, today), cell),
        "strip": strip,
        "strip_counts": month["counts"],
        "strip_month": month["month"],
        "notices": unread_notices(user),
    }


def own_settled(user, employee, *, recommendations=None, skp: tuple | None = None) -> dict:
    """The part that moves a few times a day at most: SKP, JP, the latest evaluation, trainings
    and recommendations."""
    from apps.trainings.recommendations import recommendations_for

    today = timezone.localdate()
    rec = recommendations if recommendations is not None else recommendations_for(employee, today=today)
    return {
        **own_skp(employee, skp),
        "jp": rec.jp,  # this year's JP against the PNS floor or the PPPK ceiling
        "latest_evaluation": rec.evaluation,  # the latest that is no longer a draft
        "recommendations": rec.items[:RECOMMENDATIONS_SHOWN],
        "recommendation_total": len(rec.items),
        "trainings": own_trainings(user, today),
    }
