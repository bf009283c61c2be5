"""Writes of the announcements (sosialisasi): publish, change, withdraw (BKPSDM admins), mark read
(whoever it is addressed to), and write the notices of the notification centre (a task).

Admin actions take ``actor``, check the rule, write in one transaction under a pghistory context
(the audit trail) and enqueue their follow-up through the transactional outbox, so a broker
outage loses nothing. Notices are keyed per announcement, so every task is safe to run twice.
"""

from collections.abc import Iterable

import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import override

from apps.core import access, outbox
from apps.core.models import Notification
from apps.core.notify import Notice, notices_insert
from apps.employees.hierarchy import unit_subtree_ids
from apps.employees.models import OrgUnit

from ..models import Announcement, AnnouncementAudience, AnnouncementRead, AnnouncementStatus
from ..selectors.announcements import announcement_recipient_ids, notice_key

NOTIFY_TASK = "apps.dashboards.tasks.announcement_notify"
WITHDRAW_TASK = "apps.dashboards.tasks.announcement_notices_withdraw"
ROLE_CODES = (access.ASN, access.SUPERVISOR, access.ADMIN, access.LEADER)
# What may still change once an announcement has started (``Announcement.has_started``): people
# have seen it and have their notices, so who it is for and when it began are history.
EDITABLE_AFTER_START = ("title", "body", "expires_at")


def _require_manager(actor) -> None:
    if not access.can(actor, "announcement.manage"):
        raise PermissionDenied


def _clean(data: dict) -> dict:
    """Check and normalise the fields (the form checks the same; the service is the last word for
    every caller). Only the audience's own choice is kept: units for "units", roles for "roles"."""
    errors = {}
    title, body = (data.get("title") or "").strip(), (data.get("body") or "").strip()
    if not title:
        errors["title"] = _("Judul wajib diisi.")
    if not body:
        errors["body"] = _("Isi pengumuman wajib diisi.")
    audience = data.get("audience") or AnnouncementAudience.ALL
    if audience not in AnnouncementAudience.values:
        errors["audience"] = _("Pilih kepada siapa pengumuman ditujukan.")
    units = list(data.get("units") or []) if audience == AnnouncementAudience.UNITS else []
    roles = sorted(set(data.get("roles") or [])) if audience == AnnouncementAudience.ROLES else []
    if audience == AnnouncementAudience.UNITS and not units:
        errors["units"] = _("Pilih sedikitnya satu unit kerja.")
    if any(not isinstance(unit, OrgUnit) or not unit.is_active for unit in units):
        errors["units"] = _("Pilih unit kerja yang aktif.")
    if audience == AnnouncementAudience.ROLES and not roles:
        errors["roles"] = _("Pilih sedikitnya satu peran.")
    if any(role not in ROLE_CODES for role in roles):
        errors["roles"] = _("Peran tidak dikenal.")
    starts_at, expires_at = data.get("starts_at") or timezone.now(), data.get("expires_at")
    if expires_at is not None and expires_at <= starts_at:
        errors["expires_at"] = _("Waktu berakhir harus sesudah waktu mulai tampil.")
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "body": body,
        "audience": audience,
        "units": units,
        "roles": roles,
        "starts_at": starts_at,
        "expires_at": expires_at,
    }


def _expand(units: Iterable[OrgUnit]) -> list[int]:
    """Every unit of the chosen units' subtrees: an employee of a sub-unit is addressed too."""
    ids = set()
    for unit in units:
        ids.update(unit_subtree_ids(unit.pk))
    return sorted(ids)


def announcement_publish(*, actor, data: dict) -> Announcement:
    """Publish an announcement. ``data`` holds the form's fields (title, body, audience, units,
    roles, starts_at, expires_at); anything else in it (published_by, unit_ids, is_withdrawn) is
    ignored. Its notices are written by a task once it has started."""
    _require_manager(actor)
    fields = _clean(data)
    units = fields.pop("units")
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="announcement_publish"):
        announcement = Announcement.objects.create(**fields, unit_ids=_expand(units), published_by=actor)
        announcement.units.set(units)
        # Enqueued even when scheduled: the task does nothing before the start, and the beat
        # sweep (announcements_notify_due) sends it then.
        outbox.enqueue(NOTIFY_TASK, announcement_id=announcement.pk)
    return announcement


def announcement_update(*, actor, announcement: Announcement, data: dict) -> Announcement:
    """Change an announcement. Before it starts, everything may change; once started, only the
    title, the body and the end (``EDITABLE_AFTER_START``). A withdrawn one stays as it was."""
    _require_manager(actor)
    if announcement.is_withdrawn:
        raise ValidationError(_("Pengumuman yang sudah ditarik tidak dapat diubah."))
    started = announcement.has_started
    if started:
        # Who and when are fixed: check only what may change, the end against the real start.
        fields = _clean({**data, "audience": AnnouncementAudience.ALL, "starts_at": announcement.starts_at})
    else:
        fields = _clean(data)
    units = fields.pop("units")
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="announcement_update"):
        if started:
            for name in EDITABLE_AFTER_START:
                setattr(announcement, name, fields[name])
            announcement.save(update_fields=[*EDITABLE_AFTER_START, "updated_at"])
        else:
            for name, value in fields.items():
                setattr(announcement, name, value)
            announcement.unit_ids = _expand(units)
            announcement.save()
            announcement.units.set(units)
            outbox.enqueue(NOTIFY_TASK, announcement_id=announcement.pk)  # the start may now be past
    return announcement


def announcement_withdraw(*, actor, announcement: Announcement) -> Announcement:
    """Take an announcement back: it leaves every home page, list and detail page at once; its
    notices are removed by a task. Withdrawing twice changes nothing."""
    _require_manager(actor)
    if announcement.is_withdrawn:
        return announcement
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="announcement_withdraw"):
        announcement.is_withdrawn = True
        announcement.save(update_fields=["is_withdrawn", "updated_at"])
        outbox.enqueue(WITHDRAW_TASK, announcement_id=announcement.pk)
    return announcement


def announcement_mark_read(*, user, announcement: Announcement) -> bool:
    """Record that the user read it (once) and mark its notice read; True the first time."""
    _read, created = AnnouncementRead.objects.get_or_create(announcement=announcement, user=user)
    Notification.objects.filter(user=user, key=notice_key(announcement.pk), read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return created


# --- Notices (called by apps/dashboards/tasks.py) ---------------------------------------------


def announcement_notify(*, announcement_id: int) -> int:
    """Write one notice per addressed active user (no e-mail: a city-wide announcement must not
    become a mail storm; the home page and the notification centre carry it). Returns how many
    notices are new. Nothing before the start, nothing once withdrawn or expired; running twice
    writes nothing twice (keyed notices, ``ON CONFLICT DO NOTHING``)."""
    now = timezone.now()
    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is None or announcement.status_at(now) != AnnouncementStatus.ACTIVE:
        return 0
    user_ids = announcement_recipient_ids(announcement)
    with override("id"):
        title = _("Pengumuman: %(title)s") % {"title": announcement.title}
    body = Truncator(announcement.body).chars(300)
    url = reverse("announcements:announcement-detail", args=[announcement.pk])
    key = notice_key(announcement.pk)
    new = notices_insert(Notice(user_id=user_id, key=key, title=title, body=body, url=url) for user_id in user_ids)
    # Marks it done for the beat sweep; the count is who it reached (the admins' list shows it).
    Announcement.objects.filter(pk=announcement.pk).update(notified_at=now, addressed_count=len(user_ids))
    return len(new)


def announcements_notify_due() -> int:
    """The scheduled announcements that have started and have no notices yet: notify them."""
    now = timezone.now()
    due = Announcement.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
        notified_at__isnull=True,
        is_withdrawn=False,
        starts_at__lte=now,
    )
    return sum(announcement_notify(announcement_id=pk) for pk in due.values_list("pk", flat=True))


def announcement_notices_withdraw(*, announcement_id: int) -> int:
    """Delete the notices of a withdrawn announcement (their link would lead nowhere)."""
    if not Announcement.objects.filter(pk=announcement_id, is_withdrawn=True).exists():
        return 0
    # By key alone, which no index leads with: a rare admin action, run in the background.
    deleted, _by_model = Notification.objects.filter(key=notice_key(announcement_id)).delete()
    return deleted
