"""Tasks of complaint intake: the tracking code by e-mail, and telling staff what a reporter did."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from apps.accounts.models import Role, User
from apps.core.notify import notify

from ..models import Complaint, ComplaintEntry, ComplaintStatus, EntryKind
from ..selectors.handlers import handler_users
from ..services import codes

log = logging.getLogger(__name__)
CODE_MAIL_ONCE = 14 * 24 * 3600  # seconds the "already mailed" mark is kept


@shared_task(time_limit=60, soft_time_limit=50, autoretry_for=(ConnectionError,), max_retries=5)
def tracking_code_mail(complaint_id: int, seed: str) -> int:
    """Mail the tracking code to the address the reporter gave (once; safe to run twice).

    The code is rebuilt from the seed with the secret key and checked against the stored hash, so
    a seed that does not belong to this complaint (or a rotated key) sends nothing."""
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None or not complaint.reporter_email or complaint.is_blocked:
        return 0
    code = codes.code_from_seed(seed)
    if codes.code_hash(code) != complaint.code_hash:
        log.warning("tracking_code_mail: the seed does not match complaint %s", complaint_id)
        return 0
    mark = f"complaint-code-mailed:{complaint.pk}"
    if not cache.add(mark, True, CODE_MAIL_ONCE):
        return 0
    context = {
        "complaint": complaint,
        "code": code,
        "track_url": settings.SIKAP_SITE_URL.rstrip("/") + reverse("pengaduan:complaint-track"),
        "government": settings.SIKAP_GOVERNMENT_NAME,
    }
    with override("id"):
        subject = render_to_string("emails/complaint-code-subject.txt", context).strip()
        body = render_to_string("emails/complaint-code-body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [complaint.reporter_email])
    except Exception:
        cache.delete(mark)  # let the retry (or a second run) send it
        raise
    return 1


def _staff_url(complaint: Complaint) -> str:
    """The back office page of the complaint (built by another part; empty until it exists)."""
    try:
        return reverse("kelola_pengaduan:complaint-detail", kwargs={"pk": complaint.pk})
    except NoReverseMatch:
        return ""


_TITLES = {
    EntryKind.INFO_ADDED: gettext_lazy("Pelapor menambahkan informasi pada pengaduan %(ref)s"),
    EntryKind.REOPENED: gettext_lazy("Pengaduan %(ref)s dibuka kembali oleh pelapor"),
    EntryKind.RESOLVED: gettext_lazy("Pelapor menyatakan pengaduan %(ref)s selesai"),
    EntryKind.RATED: gettext_lazy("Pelapor menilai penanganan pengaduan %(ref)s"),
}


@shared_task(time_limit=60, soft_time_limit=50, autoretry_for=(ConnectionError,), max_retries=5)
def reporter_action_notify(entry_id: int) -> int:
    """Tell whoever holds the complaint what the reporter did on the tracking page: the unit's
    handlers once it was routed, else the BKPSDM admins. Idempotent (``notify`` keys on the entry)."""
    entry = ComplaintEntry.objects.select_related("complaint__handling_unit").filter(pk=entry_id).first()
    if entry is None or not entry.by_reporter or entry.kind not in _TITLES:
        return 0
    complaint = entry.complaint
    routed = complaint.handling_unit_id is not None and complaint.status not in (
        ComplaintStatus.BARU,
        ComplaintStatus.PERLU_INFO,
    )
    recipients = handler_users(complaint.handling_unit) if routed else []
    if not recipients:
        recipients = list(User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk"))
    sent = 0
    with override("id"):
        title = str(_TITLES[entry.kind]) % {"ref": complaint.reference}
        body = entry.text[:500]
        if entry.kind == EntryKind.RATED and complaint.rating:
            body = _("Nilai %(n)s dari 5. %(comment)s") % {
                "n": complaint.rating,
                "comment": complaint.rating_comment[:400],
            }
        for user in recipients:
            sent += notify(user, key=f"complaint-entry-{entry.pk}", title=title, body=body, url=_staff_url(complaint))
    return sent
