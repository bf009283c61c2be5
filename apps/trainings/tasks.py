"""Background work of the trainings: notices and certificates (keyed, safe to run twice)."""

import logging

from celery import shared_task
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.core.notify import notify

from .models import Enrollment, EnrollmentStatus

log = logging.getLogger(__name__)


def _notice(enrollment: Enrollment, key: str, title: str) -> int:
    session = enrollment.session
    body = _("%(program)s, %(start)s sampai %(end)s, %(place)s.") % {
        "program": session.program.name,
        "start": date_format(session.starts_on, "j F Y"),
        "end": date_format(session.ends_on, "j F Y"),
        "place": session.place or session.online_url or "-",
    }
    return int(
        notify(
            enrollment.employee.user,
            key=key,
            title=title,
            body=body,
            url=reverse("trainings:session-detail", args=[session.pk]),
        )
    )


@shared_task(time_limit=60, soft_time_limit=50)
def enrollment_confirmed(enrollment_id: int) -> int:
    enrollment = (
        Enrollment.objects.select_related("employee__user", "session__program").filter(pk=enrollment_id).first()
    )
    if enrollment is None:
        return 0
    with override("id"):
        if enrollment.status == EnrollmentStatus.WAITLISTED:
            title = _("Anda masuk daftar tunggu: %(p)s") % {"p": enrollment.session.program.name}
        else:
            title = _("Pendaftaran pelatihan dikonfirmasi: %(p)s") % {"p": enrollment.session.program.name}
        return _notice(enrollment, f"training-enrolled-{enrollment.pk}", title)


@shared_task(time_limit=60, soft_time_limit=50)
def enrollment_promoted(enrollment_id: int) -> int:
    enrollment = (
        Enrollment.objects.select_related("employee__user", "session__program").filter(pk=enrollment_id).first()
    )
    if enrollment is None or enrollment.status != EnrollmentStatus.REGISTERED:
        return 0
    with override("id"):
        return _notice(
            enrollment,
            f"training-promoted-{enrollment.pk}",
            _("Anda mendapat kursi: %(p)s") % {"p": enrollment.session.program.name},
        )


@shared_task(bind=True, max_retries=3, time_limit=120, soft_time_limit=100)
def certificate_issue(self, enrollment_id: int) -> int:
    """Issue the certificate PDF of a completed enrollment (with its verification code), then tell
    the participant. Safe twice: an issued certificate is kept as it is, the notice is keyed. When
    the PDF still fails after the retries, the notice goes out anyway (the JP are credited) and
    ``certificates_issue_missing`` issues it later."""
    from .certificates.services import certificate_issue as issue

    enrollment = (
        Enrollment.objects.select_related("employee__user", "session__program").filter(pk=enrollment_id).first()
    )
    if enrollment is None or enrollment.status != EnrollmentStatus.COMPLETED:
        return 0
    try:
        issued = issue(enrollment=enrollment) is not None
    except Exception as exc:
        if self.request.retries < self.max_retries:
            raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
        log.exception("trainings: the certificate of enrollment %s failed for good", enrollment_id)
        issued = False
    with override("id"):
        program = enrollment.session.program.name
        title = (
            _("Selamat, Anda lulus %(p)s; JP tercatat dan sertifikat sudah terbit") % {"p": program}
            if issued
            else _("Selamat, Anda lulus %(p)s; JP sudah tercatat") % {"p": program}
        )
        return _notice(enrollment, f"training-completed-{enrollment.pk}", title)


@shared_task(time_limit=30 * 60, soft_time_limit=28 * 60)
def certificates_sweep(days: int = 30) -> int:
    """Issue the certificates that the completion task could not (its retries ran out while
    WeasyPrint or the storage failed): completions of the last ``days``, at most 500 a run. Meant
    for beat, nightly; safe any number of times (a certificate is issued once)."""
    import datetime

    from django.utils import timezone

    from .certificates.services import certificates_issue_missing

    since = timezone.now() - datetime.timedelta(days=days)
    return certificates_issue_missing(completed_since=since, limit=500)


# Periodic reminders (beat, asn_kinerja/celery.py); who and when is in ``reminders.py``. No retries of
# their own: every notice is keyed, so the next run, or one started by hand, picks up what an
# interrupted run left and sends nothing twice.


@shared_task(time_limit=15 * 60, soft_time_limit=14 * 60)
def remind_sessions_tomorrow() -> int:
    """Beat, daily at 07:00 WIB: remind the registered participants of the sessions starting tomorrow."""
    from . import reminders

    return reminders.remind_sessions_tomorrow()


@shared_task(time_limit=30 * 60, soft_time_limit=28 * 60)
def remind_jp_below_floor() -> int:
    """Beat, 08:00 WIB on 1 October, November and December: tell the PNS below the yearly JP floor their gap."""
    from . import reminders

    return reminders.remind_jp_below_floor()
