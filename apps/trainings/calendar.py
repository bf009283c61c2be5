"""Training sessions by month (the calendar page) and as a personal iCalendar feed (RFC 5545).

The month costs two queries whatever the number of sessions: the sessions that run in it, and the
user's own enrollments among them. A session spanning several days appears on each day it runs.

The feed is read by calendar apps, which cannot sign in: its URL carries a token that is the user's
id signed with the project's secret key and a salt of its own (``django.core.signing``), so it
cannot be guessed or altered, and a token made for anything else never opens it. A forged or
unknown token, or the token of an inactive account, is a 404.
"""

import calendar
import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core import access
from apps.daily_reports.calendar import MAX_YEAR, MIN_YEAR

from .models import Enrollment, EnrollmentStatus, SessionStatus, TrainingSession

FEED_SALT = "apps.trainings.calendar-feed"

# How the user's own enrollment is marked: a symbol and a word, never colour alone.
MARKS = {
    EnrollmentStatus.REGISTERED: ("✓", gettext_lazy("Anda terdaftar")),
    EnrollmentStatus.WAITLISTED: ("○", gettext_lazy("Anda di daftar tunggu")),
    EnrollmentStatus.COMPLETED: ("★", gettext_lazy("Anda lulus")),
    EnrollmentStatus.NOT_COMPLETED: ("✓", gettext_lazy("Anda ikut")),
}
SHOWN_ENROLLMENTS = tuple(MARKS)
# The feed lists the sessions the user holds a seat in (or held: past ones stay in their calendar),
# and, as tentative, those they wait for.
FEED_ENROLLMENTS = SHOWN_ENROLLMENTS


# --- month ---------------------------------------------------------------------------------------


@dataclass
class DayEvent:
    """One session on one day of the grid."""

    session: TrainingSession
    status: str | None  # the user's enrollment status, if any
    first: bool  # the session starts on this day
    last: bool  # the session ends on this day

    @property
    def mark(self) -> str:
        return MARKS[self.status][0] if self.status else ""

    @property
    def mark_label(self):
        return MARKS[self.status][1] if self.status else ""

    @property
    def css(self) -> str:
        classes = ["tcal-event"]
        if self.status:
            classes.append("tcal-mine")
        if not self.first:
            classes.append("tcal-cont-before")
        if not self.last:
            classes.append("tcal-cont-after")
        return " ".join(classes)


@dataclass
class SessionDay:
    date: datetime.date
    is_today: bool
    weekend: bool
    events: list[DayEvent] = field(default_factory=list)


@dataclass
class AgendaItem:
    """A session of the month with the user's own status, for the list under the grid."""

    session: TrainingSession
    status: str | None

    @property
    def mark(self) -> str:
        return MARKS[self.status][0] if self.status else ""

    @property
    def mark_label(self):
        return MARKS[self.status][1] if self.status else ""


def _shift_month(first: datetime.date, months: int) -> datetime.date | None:
    index = first.year * 12 + first.month - 1 + months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, 1) if MIN_YEAR <= year <= MAX_YEAR else None


def sessions_in(first: datetime.date, last: datetime.date):
    """Sessions that run on at least one day of [first, last]; cancelled ones are not shown."""
    return (
        TrainingSession.objects.filter(starts_on__lte=last, ends_on__gte=first)
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("program")
        .order_by("starts_on", "ends_on", "program__name", "pk")
    )


def month_calendar_for(user, *, month: datetime.date) -> dict:
    """The month's sessions as weeks of seven days (Monday first; ``None`` for the neighbouring
    months' days), each day with the sessions running on it, the user's own enrollments marked."""
    today = timezone.localdate()
    first = month
    last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    sessions = list(sessions_in(first, last))
    employee = access.employee_of(user)
    statuses: dict[int, str] = {}
    if employee is not None and sessions:
        statuses = dict(
            Enrollment.objects.filter(employee=employee, session__in=sessions, status__in=SHOWN_ENROLLMENTS)
            .order_by()
            .values_list("session_id", "status")
        )
    days: dict[datetime.date, SessionDay] = {}
    grid = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(month.year, month.month)
    for week in grid:
        for day in week:
            if day.month == month.month:
                days[day] = SessionDay(day, is_today=day == today, weekend=day.weekday() >= 5)
    for session in sessions:
        day = max(session.starts_on, first)
        while day <= min(session.ends_on, last):
            days[day].events.append(
                DayEvent(session, statuses.get(session.pk), day == session.starts_on, day == session.ends_on)
            )
            day += datetime.timedelta(days=1)
    return {
        "month": first,
        "today": today,
        "prev_month": _shift_month(first, -1),
        "next_month": _shift_month(first, +1),
        "this_month": today.replace(day=1),
        "weeks": [[days.get(day) for day in week] for week in grid],
        "weekday_names": grid[0],  # seven dates, Monday to Sunday, to name the columns
        "agenda": [AgendaItem(session, statuses.get(session.pk)) for session in sessions],
        "employee": employee,
        "mine": sum(1 for status in statuses.values() if status),
    }


# --- feed token ----------------------------------------------------------------------------------


def feed_token(user) -> str:
    """The user's feed token: their id, signed (the same user always gets the same token)."""
    return signing.dumps(user.pk, salt=FEED_SALT)


def feed_user(token: str | None):
    """The active user a token was made for, or None when it is missing, forged or stale."""
    if not token:
        return None
    try:
        user_id = signing.loads(token, salt=FEED_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(user_id, int) or isinstance(user_id, bool):
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def feed_enrollments(user) -> list[Enrollment]:
    """The user's sessions for the feed: held seats (past ones too) and waiting-list places;
    cancelled sessions are left out, so they disappear from the calendar on its next refresh."""
    return list(
        Enrollment.objects.filter(employee__user=user, employee__is_active=True, status__in=FEED_ENROLLMENTS)
        .exclude(session__status=SessionStatus.CANCELLED)
        .select_related("session__program")
        .order_by("session__starts_on", "pk")
    )


# --- iCalendar (RFC 5545) ------------------------------------------------------------------------

CRLF = "\r\n"
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # TEXT may hold no control character but HTAB


def ics_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, line breaks as \\n."""
    value = str(value).replace("\r\n", "\n").replace("\r", "\n")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")
    return _CONTROL.sub("", value)


def ics_fold(line: str) -> str:
    """Fold a content line longer than 75 octets (RFC 5545 3.1): CRLF and a space before each
    further part, never inside a UTF-8 character. The space counts toward the next part's 75."""
    parts, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > (75 if not parts else 74):
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += octets
    parts.append("".join(current))
    return (CRLF + " ").join(parts)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _site() -> str:
    return settings.SIKAP_SITE_URL.rstrip("/")


def _description(enrollment: Enrollment, url: str) -> str:
    session = enrollment.session
    program = session.program
    lines = [
        program.name,
        _("%(path)s · %(jp)s JP") % {"path": program.get_path_display(), "jp": floatformat(program.jp, -1)},
        _("Tanggal: %(start)s sampai %(end)s")
        % {"start": date_format(session.starts_on, "j F Y"), "end": date_format(session.ends_on, "j F Y")},
    ]
    if session.place:
        lines.append(_("Tempat: %(place)s") % {"place": session.place})
    if session.online_url:
        lines.append(_("Tautan daring: %(url)s") % {"url": session.online_url})
    if session.facilitator:
        lines.append(_("Fasilitator: %(name)s") % {"name": session.facilitator})
    if program.partner:
        lines.append(_("Lembaga mitra: %(name)s") % {"name": program.partner})
    lines.append(_("Status Anda: %(status)s") % {"status": enrollment.get_status_display()})
    lines.append(url)
    return "\n".join(lines)


def _vevent(enrollment: Enrollment, host: str) -> list[str]:
    session = enrollment.session
    url = f"{_site()}{reverse('trainings:session-detail', args=[session.pk])}"
    stamp = max(enrollment.updated_at, session.updated_at)
    summary = session.program.name
    if enrollment.status == EnrollmentStatus.WAITLISTED:
        summary = _("%(program)s (daftar tunggu)") % {"program": summary}
    lines = [
        "BEGIN:VEVENT",
        f"UID:enrollment-{enrollment.pk}@{host}",
        f"DTSTAMP:{_utc(stamp)}",
        f"LAST-MODIFIED:{_utc(stamp)}",
        # All-day dates; DTEND is the day after the last one (it is not included).
        f"DTSTART;VALUE=DATE:{session.starts_on:%Y%m%d}",
        f"DTEND;VALUE=DATE:{session.ends_on + datetime.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{ics_text(summary)}",
    ]
    location = session.place or session.online_url
    if location:
        lines.append(f"LOCATION:{ics_text(location)}")
    lines += [
        f"DESCRIPTION:{ics_text(_description(enrollment, url))}",
        f"URL:{url}",
        "STATUS:" + ("TENTATIVE" if enrollment.status == EnrollmentStatus.WAITLISTED else "CONFIRMED"),
        "TRANSP:OPAQUE",
        "END:VEVENT",
    ]
    return lines


def ics_feed(enrollments: list[Enrollment]) -> str:
    """The VCALENDAR text: CRLF line endings, long lines folded."""
    host = urlsplit(_site()).hostname or "sikap-asn"
    name = _("Pelatihan saya · SIKAP ASN %(government)s") % {"government": settings.SIKAP_GOVERNMENT_SHORT_NAME}
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{ics_text(settings.SIKAP_GOVERNMENT_NAME)}//SIKAP ASN Pelatihan//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{ics_text(name)}",
        "X-WR-TIMEZONE:Asia/Jakarta",
        "REFRESH-INTERVAL;VALUE=DURATION:PT6H",
        "X-PUBLISHED-TTL:PT6H",
    ]
    for enrollment in enrollments:
        lines += _vevent(enrollment, host)
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + CRLF for line in lines)
