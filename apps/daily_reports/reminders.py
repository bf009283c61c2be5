"""Who is reminded about daily reports, and when (DOMAIN.md "Daily reports"). Beat runs the two
tasks of ``tasks.py`` that call these functions; each is safe to run any number of times.

**Missing reports** (``remind_missing_reports``): on a working day (weekends and the holiday table
are not; a *hari kerja tambahan* is), from ``ReportSettings.reminder_hour``:00 Asia/Jakarta on (the
hour itself included), every active employee with an active account who has no *submitted* or
*approved* report for today gets one in-app notice and one email that day. A draft, a returned
report, or no report at all counts as missing.

**Waiting reviews** (``escalate_waiting_reviews``), on working days only. A report waits from the
local day it was (last) submitted; the waiting time is the number of working days in
(submission day, today], so the submission day never counts and neither do weekends or holidays.
"Longer than" is strictly more:

* waited > ``review_days`` (default 3): the pejabat penilai (and a Plt/Plh standing in) is
  reminded. Submitted Monday: Thursday is day 3, still within the limit; Friday reminds.
* waited > ``review_days + escalate_days`` (default 5): the *Atasan Pejabat Penilai* (the
  pejabat penilai's own supervisor) is told whose report waits, and since when. Submitted
  Monday: Tuesday of the next week.

Every notice has a key per report and per submission (a report returned and submitted again
starts a new wait), so each is written once. Emails go out only for notices that are new, one
digest per recipient and run, over one mail connection. Mail is best effort, as in
``apps.core.notify``: a failed mail is logged, the in-app notice stays.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Exists, OuterRef, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.core.models import Notification
from apps.core.notify import Notice, notices_insert, notify, send_mails
from apps.core.workdays import WorkCalendar, subtract_working_days, working_days_between
from apps.employees import hierarchy
from apps.employees.models import Employee

from .models import DailyReport, ReportSettings, ReportStatus

FILED = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def _site(url: str) -> str:
    return f"{settings.SIKAP_SITE_URL.rstrip('/')}{url}"


def _day(day: datetime.date) -> str:
    return date_format(day, "j F Y")


# --- missing reports -----------------------------------------------------------------------------


def reminder_day(now: datetime.datetime | None = None, *, config: ReportSettings | None = None) -> datetime.date | None:
    """The day to remind about, or None: today (Asia/Jakarta) when it is a working day and the local
    time has reached the configured reminder hour."""
    local = timezone.localtime(now)
    config = config or ReportSettings.current()
    if local.hour < config.reminder_hour:
        return None
    if not WorkCalendar().is_working_day(local.date()):
        return None
    return local.date()


def missing_report_key(day: datetime.date) -> str:
    return f"report-missing-{day.isoformat()}"


def employees_missing_report(day: datetime.date) -> QuerySet[Employee]:
    """Active employees with an active account and no submitted or approved report for ``day``."""
    filed = DailyReport.objects.filter(employee=OuterRef("pk"), date=day, status__in=FILED)
    # Without an atasan there is nobody to submit to (the top official): no reminder.
    return Employee.objects.filter(
        is_active=True, user__isnull=False, user__is_active=True, supervisor__isnull=False
    ).exclude(Exists(filed))


def _insert_notices(user_ids: list[int], *, key: str, title: str, body: str, url: str) -> set[int]:
    """Write the same notice for many users in one statement; return the users whose notice is new."""
    notices = [Notice(user_id, key, title, body, url) for user_id in user_ids]
    return {user_id for user_id, _key in notices_insert(notices)}


def remind_missing_reports(now: datetime.datetime | None = None) -> int:
    """Remind everyone whose report for today is missing; return how many were reminded now.

    1. Stop unless today is a working day and the reminder hour has come.
    2. One query: who is missing and has not been reminded today yet.
    3. One statement writes all their notices; it returns those that were new.
    4. Mail those people only, over one connection.
    """
    day = reminder_day(now)
    if day is None:
        return 0
    key = missing_report_key(day)
    reminded = Notification.objects.filter(user=OuterRef("user_id"), key=key)
    people = list(
        employees_missing_report(day)
        .exclude(Exists(reminded))
        .select_related("user")
        .only("name", "gelar_depan", "gelar_belakang", "user__email", "user__is_active")
    )
    url = reverse("daily_reports:report-today")
    with override("id"):
        shown = _day(day)
        title = _("Laporan harian %(day)s belum diajukan") % {"day": shown}
        body = _("Anda belum mengajukan laporan harian tanggal %(day)s. Isi kegiatan Anda lalu ajukan ke atasan.") % {
            "day": shown
        }
        new = _insert_notices([person.user_id for person in people], key=key, title=title, body=body, url=url)
        context = {"day": shown, "url": _site(url), "government": settings.SIKAP_GOVERNMENT_NAME}
        subject = render_to_string("emails/daily-report-reminder-subject.txt", context).strip()
        mails = [
            (
                person.user_id,
                EmailMessage(
                    subject,
                    render_to_string("emails/daily-report-reminder-body.txt", {**context, "name": person.full_name}),
                    settings.DEFAULT_FROM_EMAIL,
                    [person.user.email],
                ),
            )
            for person in people
            if person.user_id in new and person.user.email
        ]
    send_mails(mails)
    return len(new)


# --- waiting reviews -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WaitingReport:
    """A submitted report that has waited longer than the review limit."""

    report: DailyReport
    since: datetime.date  # the local day it was submitted
    waited: int  # working days in (since, today]

    def key(self, kind: str) -> str:
        return f"report-review-{kind}-{self.report.pk}-{self.report.submitted_at:%Y%m%d%H%M%S}"


def waiting_reports(*, today: datetime.date, more_than: int, calendar: WorkCalendar) -> list[WaitingReport]:
    """Submitted reports that have waited strictly more than ``more_than`` working days, oldest first.

    The database narrows by submission time (the partial index on waiting reports): a report
    submitted on or after the ``more_than``-th working day before today cannot qualify. The exact
    count is then made per submission day with the shared calendar.
    """
    latest_day = subtract_working_days(today, more_than, calendar=calendar)
    before = timezone.make_aware(datetime.datetime.combine(latest_day, datetime.time.min))
    reports = (
        DailyReport.objects.filter(status=ReportStatus.SUBMITTED, submitted_at__lt=before)
        .select_related("employee__user", "employee__supervisor__supervisor__user")
        .order_by("submitted_at", "pk")
    )
    waited_since: dict[datetime.date, int] = {}
    found = []
    for report in reports:
        since = timezone.localdate(report.submitted_at)
        if since not in waited_since:
            waited_since[since] = working_days_between(since, today, calendar=calendar)
        if waited_since[since] > more_than:
            found.append(WaitingReport(report, since, waited_since[since]))
    return found


def atasan_pejabat_penilai(employee: Employee, evaluators: list[Employee]) -> Employee | None:
    """The pejabat penilai's own supervisor: the supervisor of the employee's atasan langsung (or,
    when the employee has none and a Plt/Plh of the vacant head post reviews, that Plt/Plh's
    supervisor). None when there is nobody above, or when that person already reviews the report."""
    evaluator = employee.supervisor if employee.supervisor_id else next(iter(evaluators), None)
    atasan = evaluator.supervisor if evaluator is not None else None
    if atasan is None or not atasan.is_active or atasan.pk == employee.pk:
        return None
    if any(person.pk == atasan.pk for person in evaluators):
        return None  # a Plt/Plh who is also the head's supervisor: the reminder already reached them
    return atasan


@dataclass
class ReviewNotices:
    reminded: int = 0
    escalated: int = 0


def escalate_waiting_reviews(today: datetime.date | None = None) -> ReviewNotices:
    """Remind the pejabat penilai of overdue reports and escalate the long-overdue ones.

    1. Stop unless today is a working day.
    2. Find the reports waiting longer than ``review_days``; skip those whose notices were all
       written by an earlier run (one query for all of them), so a run with nothing new costs a
       few queries whatever the backlog.
    3. For the rest: a notice per evaluator, and past ``review_days + escalate_days`` one for the
       Atasan Pejabat Penilai; then one digest mail per person for the notices that are new.
    """
    today = today or timezone.localdate()
    calendar = WorkCalendar()
    result = ReviewNotices()
    if not calendar.is_working_day(today):
        return result
    config = ReportSettings.current()
    escalate_after = config.review_days + config.escalate_days
    waiting = waiting_reports(today=today, more_than=config.review_days, calendar=calendar)

    def due_keys(item: WaitingReport) -> list[str]:
        supervisor = item.report.employee.supervisor
        nobody_above = supervisor is not None and supervisor.supervisor_id is None
        escalates = item.waited > escalate_after and not nobody_above
        return [item.key("overdue")] + ([item.key("escalated")] if escalates else [])

    # Looked up by (user, key), the notices' unique index: by key alone it would scan the table.
    wanted = [key for item in waiting for key in due_keys(item)]
    recipients = {user_id for item in waiting for user_id in _usual_recipients(item.report.employee)}
    written = set(
        Notification.objects.filter(user_id__in=recipients, key__in=wanted).values_list("key", flat=True).distinct()
    )
    evaluators_by_employee: dict[int, list[Employee]] = {}
    to_evaluator: dict = defaultdict(list)
    to_atasan: dict = defaultdict(list)
    with override("id"):
        for item in waiting:
            if written.issuperset(due_keys(item)):
                continue
            employee = item.report.employee
            if employee.pk not in evaluators_by_employee:
                evaluators_by_employee[employee.pk] = hierarchy.evaluators_of(employee, on=today)
            evaluators = evaluators_by_employee[employee.pk]
            names = ", ".join(person.full_name for person in evaluators) or "-"
            for evaluator in evaluators:
                if _notify_evaluator(evaluator, item, limit=config.review_days):
                    to_evaluator[evaluator.user].append((item, names))
                    result.reminded += 1
            if item.waited > escalate_after:
                atasan = atasan_pejabat_penilai(employee, evaluators)
                if atasan is not None and _notify_atasan(atasan, item, names, limit=config.review_days):
                    to_atasan[atasan.user].append((item, names))
                    result.escalated += 1
        mails = _digests(to_evaluator, "daily-report-review-reminder", limit=config.review_days)
        mails += _digests(to_atasan, "daily-report-escalation", limit=config.review_days)
    send_mails(mails)
    return result


def _usual_recipients(employee: Employee) -> list[int]:
    """The users who usually get the notices of the employee's reports: the atasan langsung and
    their supervisor. Only a shortcut: a report whose notices went to others (a Plt/Plh for a
    vacant head post) is simply looked at again, and ``notify`` finds what exists."""
    supervisor = employee.supervisor
    ids = [supervisor.user_id, supervisor.supervisor.user_id if supervisor.supervisor else None] if supervisor else []
    return [user_id for user_id in ids if user_id is not None]


def _notify_evaluator(evaluator: Employee, item: WaitingReport, *, limit: int) -> bool:
    report = item.report
    return notify(
        evaluator.user,
        key=item.key("overdue"),
        title=_("Laporan %(name)s menunggu pemeriksaan Anda %(n)s hari kerja")
        % {"name": report.employee.full_name, "n": item.waited},
        body=_("Laporan harian tanggal %(day)s diajukan %(since)s; batas pemeriksaan %(limit)s hari kerja.")
        % {"day": _day(report.date), "since": _day(item.since), "limit": limit},
        url=reverse("daily_reports:report-review", args=[report.pk]),
        email=False,  # one digest per person and run instead (see _digests)
    )


def _notify_atasan(atasan: Employee, item: WaitingReport, evaluators: str, *, limit: int) -> bool:
    report = item.report
    return notify(
        atasan.user,
        key=item.key("escalated"),
        title=_("Laporan %(name)s belum diperiksa sejak %(since)s")
        % {"name": report.employee.full_name, "since": _day(item.since)},
        body=_(
            "Laporan harian tanggal %(day)s diajukan %(since)s dan sudah menunggu %(n)s hari kerja "
            "(batas %(limit)s hari kerja). Pejabat penilai: %(evaluators)s."
        )
        % {
            "day": _day(report.date),
            "since": _day(item.since),
            "n": item.waited,
            "limit": limit,
            "evaluators": evaluators,
        },
        url=reverse("daily_reports:report-review", args=[report.pk]),
        email=False,
    )


def _digests(items_by_user: dict, template: str, *, limit: int) -> list[tuple[int, EmailMessage]]:
    """One mail per user, listing the reports whose notice was new in this run (with the names of
    their pejabat penilai)."""
    mails = []
    for user, items in items_by_user.items():
        if not user.email:
            continue
        context = {
            "count": len(items),
            "limit": limit,
            "government": settings.SIKAP_GOVERNMENT_NAME,
            "queue_url": _site(reverse("daily_reports:review-queue")),
            "items": [
                {
                    "name": item.report.employee.full_name,
                    "nip": item.report.employee.nip,
                    "evaluators": evaluators,
                    "day": _day(item.report.date),
                    "since": _day(item.since),
                    "waited": item.waited,
                    "url": _site(reverse("daily_reports:report-review", args=[item.report.pk])),
                }
                for item, evaluators in items
            ],
        }
        subject = render_to_string(f"emails/{template}-subject.txt", context).strip()
        body = render_to_string(f"emails/{template}-body.txt", context)
        mails.append((user.pk, EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])))
    return mails
