"""Who hears of what staff did with a complaint (run by the ``complaint_entry_notify`` task).

* A complaint routed to a unit: its handlers (the head and the designated) get a notice and mail.
* A public entry written by staff or the system (a question, the routing, a reply, a closing):
  the reporter gets an e-mail when they gave an address, unless their contact is blocked or the
  complaint is spam. The mail names the complaint by its public reference, never quotes the
  tracking code (it is not stored) and sends them to the tracking page.

Both are safe to run twice: notices are keyed on the entry, and the reporter's mail is marked sent
in the (database) cache before it goes out; a failed send removes the mark so a retry can send it.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.core.notify import notify

from ..models import ComplaintEntry, ComplaintStatus, EntryKind
from ..selectors.handlers import handler_users

log = logging.getLogger(__name__)
MAIL_MARK_SECONDS = 30 * 24 * 3600
# public entries that staff or the system write: the reporter is told of each
REPORTER_MAILED = frozenset(
    {
        EntryKind.INFO_REQUESTED,
        EntryKind.ROUTED,
        EntryKind.OUT_OF_SCOPE,
        EntryKind.REPLY,
        EntryKind.RESOLVED,
        EntryKind.CLOSED_UNRESOLVED,
        EntryKind.AUTO_CLOSED,
    }
)


def site_url(path: str) -> str:
    return f"{settings.SIKAP_SITE_URL.rstrip('/')}{path}"


def staff_url(complaint) -> str:
    return reverse("kelola_pengaduan:complaint-detail", args=[complaint.pk])


def _track_url() -> str:
    try:
        return site_url(reverse("pengaduan:complaint-track"))
    except NoReverseMatch:  # the public site is another part of the app; its root then
        return site_url("/")


def entry_notify(entry_id: int) -> int:
    """Send what the entry calls for; returns how many notices and mails went out now."""
    entry = ComplaintEntry.objects.select_related("complaint__handling_unit", "actor").filter(pk=entry_id).first()
    if entry is None or entry.by_reporter:
        return 0
    sent = 0
    complaint = entry.complaint
    # still with the unit it was routed to (a second routing before this ran tells the new one)
    still_there = complaint.handling_unit_id is not None and complaint.handling_unit.name == entry.text
    if entry.kind == EntryKind.ROUTED and still_there and complaint.status == ComplaintStatus.DITERUSKAN:
        with override("id"):
            title = _("Pengaduan %(ref)s diteruskan kepada %(unit)s") % {
                "ref": complaint.reference,
                "unit": complaint.handling_unit.name,
            }
            body = _("Tindak lanjuti dan beri tanggapan sebelum %(due)s.") % {
                "due": complaint.follow_up_due.strftime("%d-%m-%Y") if complaint.follow_up_due else "-"
            }
        for user in handler_users(complaint.handling_unit):
            sent += notify(user, key=f"complaint-routed-{entry.pk}", title=title, body=body, url=staff_url(complaint))
    if entry.is_public and entry.kind in REPORTER_MAILED:
        sent += reporter_mail(entry)
    return sent


def reporter_mail(entry: ComplaintEntry) -> int:
    complaint = entry.complaint
    if not complaint.reporter_email or complaint.is_blocked or complaint.status == ComplaintStatus.SPAM:
        return 0
    mark = f"complaint-entry-mailed:{entry.pk}"
    if not cache.add(mark, True, MAIL_MARK_SECONDS):
        return 0
    with override("id"):
        context = {
            "complaint": complaint,
            "entry": entry,
            "what": entry.get_kind_display(),
            "status": complaint.get_status_display(),
            "track_url": _track_url(),
            "government": settings.SIKAP_GOVERNMENT_NAME,
        }
        subject = render_to_string("emails/complaint-update-subject.txt", context).strip()
        body = render_to_string("emails/complaint-update-body.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [complaint.reporter_email])
    except Exception as exc:  # best effort, like apps.core.notify; a retry may send it
        cache.delete(mark)
        log.warning("complaint mail for entry %s failed: %s", entry.pk, exc)
        raise ConnectionError(str(exc)) from exc
    return 1
