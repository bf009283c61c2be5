"""Who is reminded about trainings, and when. Beat runs the two tasks of ``tasks.py`` that call
these functions; each is safe to run any number of times (every notice is keyed, and only the
notices that are new are mailed).

**The day before a session** (``remind_sessions_tomorrow``, beat daily at 07:00 WIB): every
participant *registered* for a scheduled session that starts tomorrow (Asia/Jakarta) gets one
in-app notice and one email. Tomorrow is the calendar day: a session starting on Monday is
announced on Sunday morning, the last day before it. Waiting-list places, cancelled enrollments and
cancelled sessions get nothing. The key is per enrollment and start date
(``training-reminder-<enrollment>-<yyyymmdd>``): a session moved to another day is announced again.

**The last quarter** (``remind_jp_below_floor``, beat at 08:00 WIB on 1 October, 1 November and
1 December): every active PNS with an active account whose JP of the year are below the floor
(``TrainingSettings.pns_min_jp``, 20) is told their total, the gap and where the catalogue is,
once per person and month (``jp-below-floor-<yyyy>-<mm>``). Before October it does nothing, so a
run by hand in another month sends nothing. PPPK have a ceiling, not a floor, and are never told
to learn more.

Each run costs a few queries whatever the number of people: one to find them, one statement that
writes every notice (``apps.core.notify.notices_insert``), then mail over one connection.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.core.models import Notification
from apps.core.notify import Notice, notices_insert, send_mails
from apps.employees.models import EmploymentType

from .coverage import employees_with_jp
from .models import Enrollment, EnrollmentStatus, SessionStatus, TrainingSettings

LAST_QUARTER_FROM = 10  # October


def _site(url: str) -> str:
    return f"{settings.SIKAP_SITE_URL.rstrip('/')}{url}"


def _day(day: datetime.date) -> str:
    return date_format(day, "l, j F Y")


def _jp(value: Decimal) -> str:
    return floatformat(value, -1)


def _mail(user, *, name: str, subject: str, body: str, url: str) -> EmailMessage:
    text = _("Yth. %(name)s,") % {"name": name} + f"\n\n{body}\n\n{_site(url)}\n\n{settings.SIKAP_GOVERNMENT_NAME}\n"
    return EmailMessage(subject, text, settings.DEFAULT_FROM_EMAIL, [user.email])


# --- the day before a session --------------------------------------------------------------------


def session_reminder_key(enrollment: Enrollment) -> str:
    return f"training-reminder-{enrollment.pk}-{enrollment.session.starts_on:%Y%m%d}"


def enrollments_starting(day: datetime.date):
    """Registered participants, with an active account, of the scheduled sessions starting on ``day``."""
    return (
        Enrollment.objects.filter(
            status=EnrollmentStatus.REGISTERED,
            session__starts_on=day,
            session__status=SessionStatus.SCHEDULED,
            employee__is_active=True,
            employee__user__is_active=True,
        )
        .select_related("session__program", "employee__user")
        .order_by("session_id", "pk")
    )


def _session_body(enrollment: Enrollment) -> str:
    session = enrollment.session
    lines = [
        _("%(program)s dimulai besok, %(start)s, sampai %(end)s.")
        % {"program": session.program.name, "start": _day(session.starts_on), "end": _day(session.ends_on)}
    ]
    if session.place:
        lines.append(_("Tempat: %(place)s.") % {"place": session.place})
    if session.online_url:
        lines.append(_("Tautan daring: %(url)s") % {"url": session.online_url})
    if session.facilitator:
        lines.append(_("Fasilitator: %(name)s.") % {"name": session.facilitator})
    lines.append(
        _(
            "Presensi diisi setiap hari pelatihan. Bila berhalangan, batalkan pendaftaran agar kursi Anda "
            "dapat dipakai peserta lain."
        )
    )
    return "\n".join(lines)


def remind_sessions_tomorrow(today: datetime.date | None = None) -> int:
    """Remind the registered participants of tomorrow's sessions; return how many were new.

    1. One query: the registered enrollments of the scheduled sessions that start tomorrow.
    2. One statement writes a notice per enrollment; it returns those that were new.
    3. Mail those participants only, over one connection.
    """
    today = today or timezone.localdate()
    enrollments = list(enrollments_starting(today + datetime.timedelta(days=1)))
    with override("id"):
        notices = {}
        for enrollment in enrollments:
            url = reverse("trainings:session-detail", args=[enrollment.session_id])
            notices[enrollment.pk] = Notice(
                enrollment.employee.user_id,
                session_reminder_key(enrollment),
                _("Besok: %(program)s") % {"program": enrollment.session.program.name},
                _session_body(enrollment),
                url,
            )
        new = notices_insert(notices.values())
        mails = [
            (
                enrollment.employee.user_id,
                _mail(
                    enrollment.employee.user,
                    name=enrollment.employee.full_name,
                    subject=_("Pengingat pelatihan besok: %(program)s") % {"program": enrollment.session.program.name},
                    body=notices[enrollment.pk].body,
                    url=notices[enrollment.pk].url,
                ),
            )
            for enrollment in enrollments
            if (notices[enrollment.pk].user_id, notices[enrollment.pk].key) in new and enrollment.employee.user.email
        ]
    send_mails(mails)
    return len(new)


# --- the last quarter ----------------------------------------------------------------------------


def below_floor_key(day: datetime.date) -> str:
    return f"jp-below-floor-{day:%Y-%m}"


def pns_below_floor(*, year: int, floor: int):
    """Active PNS with an active account whose JP of ``year`` are below ``floor``, annotated with
    ``jp_total``."""
    return (
        employees_with_jp(year=year)
        .filter(employment_type=EmploymentType.PNS, user__isnull=False, user__is_active=True)
        .filter(jp_total__lt=floor)
    )


def remind_jp_below_floor(today: datetime.date | None = None) -> int:
    """In October, November and December: tell every PNS below the yearly floor their gap, once a
    month; return how many were told now.

    1. Stop before October.
    2. One query: the PNS below the floor not yet told this month, with their JP of the year.
    3. One statement writes their notices (each with its own gap); it returns those that were new.
    4. Mail those people only, over one connection.
    """
    today = today or timezone.localdate()
    if today.month < LAST_QUARTER_FROM:
        return 0
    config = TrainingSettings.current()
    key = below_floor_key(today)
    told = Notification.objects.filter(user=OuterRef("user_id"), key=key)
    people = list(
        pns_below_floor(year=today.year, floor=config.pns_min_jp)
        .exclude(Exists(told))
        .select_related("user")
        .order_by("pk")
    )
    url = reverse("trainings:catalogue")
    year_end = datetime.date(today.year, 12, 31)
    with override("id"):
        notices = {}
        for person in people:
            gap = config.pns_min_jp - person.jp_total
            facts = {"total": _jp(person.jp_total), "floor": config.pns_min_jp, "gap": _jp(gap), "year": today.year}
            notices[person.pk] = Notice(
                person.user_id,
                key,
                _("JP Anda tahun %(year)s masih kurang %(gap)s JP") % facts,
                _(
                    "Hingga %(today)s Anda baru mengumpulkan %(total)s JP dari kewajiban %(floor)s JP setahun. "
                    "Kurang %(gap)s JP lagi sebelum %(end)s. Pilih pelatihan, e-learning atau kegiatan "
                    "pengembangan lain di katalog pelatihan."
                )
                % {**facts, "today": date_format(today, "j F Y"), "end": date_format(year_end, "j F Y")},
                url,
            )
        new = notices_insert(notices.values())
        mails = [
            (
                person.user_id,
                _mail(
                    person.user,
                    name=person.full_name,
                    subject=notices[person.pk].title,
                    body=notices[person.pk].body,
                    url=url,
                ),
            )
            for person in people
            if (person.user_id, key) in new and person.user.email
        ]
    send_mails(mails)
    return len(new)
