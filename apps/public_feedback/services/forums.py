"""Public forums (forum konsultasi publik, sosialisasi): BKPSDM schedules them, citizens send input
before they start, and after a forum is held its minutes and follow-up actions are published.

1. ``forum_schedule`` / ``forum_update``: topic, unit, time, and a place or an online link (one is
   needed, so a citizen knows where to go); ``forum_cancel`` while it is still scheduled.
2. ``forum_input_submit``: anonymous, before the start only, limited per address in the database
   (the limit holds while Redis is down) and with a honeypot; moderators hide input, never delete it.
3. ``forum_mark_held`` once it has started; ``forum_minutes_save`` writes the minutes, and with
   ``publish`` puts them (and the follow-up actions) on the public page.
4. ``follow_up_add`` / ``follow_up_set_done`` / ``follow_up_delete``: the actions agreed, with
   the unit responsible and a target date.

Every write runs in one transaction under ``pghistory.context`` (who did it), like the other apps.
"""

from __future__ import annotations

import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import ratelimit
from apps.core.exceptions import TooManyRequests

from ..models import Forum, ForumFollowUp, ForumInput, ForumStatus

INPUT_SCOPE = "forum_input"
INPUTS_PER_HOUR = 5  # per address, counted on every try: a person writes one or two
INPUT_MAX_CHARS = 2000
NAME_MAX_CHARS = 120


def _check_details(*, starts_at, ends_at, place, online_url, unit) -> None:
    errors = {}
    if unit is None:
        errors["unit"] = _("Pilih unit penyelenggara.")
    if ends_at is not None and ends_at <= starts_at:
        errors["ends_at"] = _("Waktu selesai harus setelah waktu mulai.")
    if not place.strip() and not online_url.strip():
        errors["place"] = _("Isi tempat atau tautan daring, agar warga tahu ke mana harus datang.")
    if errors:
        raise ValidationError(errors)


def forum_schedule(
    *, actor, topic, unit, starts_at, ends_at=None, description="", kind="", place="", online_url=""
) -> Forum:
    _check_details(starts_at=starts_at, ends_at=ends_at, place=place, online_url=online_url, unit=unit)
    if starts_at <= timezone.now():
        # a forum is announced beforehand, so that citizens can send their input
        raise ValidationError({"starts_at": _("Waktu mulai sudah lewat; jadwalkan forum di waktu mendatang.")})
    forum = Forum(
        topic=topic.strip(),
        description=description.strip(),
        unit=unit,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_url=online_url.strip(),
        created_by=actor,
    )
    if kind:
        forum.kind = kind
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="forum_schedule"):
        forum.save()
    return forum


def forum_update(
    *, actor, forum: Forum, topic, unit, starts_at, ends_at=None, description="", kind="", place="", online_url=""
) -> Forum:
    if forum.status == ForumStatus.CANCELLED:
        raise ValidationError(_("Forum ini sudah dibatalkan dan tidak dapat diubah."), code="decided")
    _check_details(starts_at=starts_at, ends_at=ends_at, place=place, online_url=online_url, unit=unit)
    if forum.status == ForumStatus.SCHEDULED and starts_at != forum.starts_at and starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("Waktu mulai yang baru sudah lewat.")})
    forum.topic, forum.description, forum.unit = topic.strip(), description.strip(), unit
    forum.starts_at, forum.ends_at = starts_at, ends_at
    forum.place, forum.online_url = place.strip(), online_url.strip()
    if kind:
        forum.kind = kind
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="forum_update"):
        forum.save()
    return forum


def _set_status(actor, forum: Forum, status: str, action: str) -> Forum:
    with transaction.atomic(), pghistory.context(actor=actor.pk, action=action):
        # a conditional update: two admins pressing at once change it once
        changed = Forum.objects.filter(pk=forum.pk, status=ForumStatus.SCHEDULED).update(
            status=status, updated_at=timezone.now()
        )
    if not changed:
        raise ValidationError(_("Status forum ini sudah berubah."), code="decided")
    forum.status = status
    return forum


def forum_cancel(*, actor, forum: Forum) -> Forum:
    if forum.status != ForumStatus.SCHEDULED:
        raise ValidationError(_("Hanya forum yang masih terjadwal yang dapat dibatalkan."), code="decided")
    return _set_status(actor, forum, ForumStatus.CANCELLED, "forum_cancel")


def forum_mark_held(*, actor, forum: Forum) -> Forum:
    if forum.status != ForumStatus.SCHEDULED:
        raise ValidationError(_("Hanya forum yang terjadwal yang dapat ditandai terlaksana."), code="decided")
    if forum.starts_at > timezone.now():
        raise ValidationError(_("Forum belum dimulai; tandai terlaksana setelah waktu mulainya."))
    return _set_status(actor, forum, ForumStatus.HELD, "forum_mark_held")


def forum_minutes_save(*, actor, forum: Forum, minutes: str, publish: bool) -> Forum:
    """Published minutes stay published: later edits go straight to the public page."""
    if forum.status != ForumStatus.HELD:
        raise ValidationError(_("Notulen ditulis setelah forum ditandai terlaksana."))
    minutes = minutes.strip()
    if (publish or forum.minutes_published_at) and not minutes:
        raise ValidationError({"minutes": _("Notulen yang diterbitkan tidak boleh kosong.")})
    forum.minutes = minutes
    fields = ["minutes", "updated_at"]
    if publish and forum.minutes_published_at is None:
        forum.minutes_published_at = timezone.now()
        fields.append("minutes_published_at")
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="forum_minutes_save"):
        forum.save(update_fields=fields)
    return forum


def accepts_input(forum: Forum, now: datetime.datetime | None = None) -> bool:
    return forum.status == ForumStatus.SCHEDULED and (now or timezone.now()) < forum.starts_at


def input_try(client: str) -> None:
    """Count one try to send input from ``client`` (valid or not: a flood of broken posts counts
    too); 429 once the hourly limit is used up."""
    if ratelimit.limited(INPUT_SCOPE, client, INPUTS_PER_HOUR, datetime.timedelta(hours=1)):
        raise TooManyRequests
    ratelimit.hit(INPUT_SCOPE, client)


def forum_input_submit(*, forum: Forum, name: str, text: str, honeypot: str = "") -> ForumInput | None:
    """A citizen's input (after ``input_try``). A filled honeypot is answered like a success and
    stores nothing (None)."""
    if honeypot:
        return None
    if not accepts_input(forum):
        raise ValidationError(_("Masukan untuk forum ini sudah ditutup."), code="closed")
    text, name = text.strip(), " ".join(name.split())
    if not text:
        raise ValidationError({"text": _("Tulis masukan Anda.")})
    if len(text) > INPUT_MAX_CHARS:
        raise ValidationError({"text": _("Masukan paling banyak %(n)s karakter.") % {"n": INPUT_MAX_CHARS}})
    if len(name) > NAME_MAX_CHARS:
        raise ValidationError({"name": _("Nama paling banyak %(n)s karakter.") % {"n": NAME_MAX_CHARS}})
    return ForumInput.objects.create(forum=forum, name=name, text=text)


def forum_input_moderate(*, actor, item: ForumInput, hidden: bool) -> ForumInput:
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="forum_input_moderate"):
        ForumInput.objects.filter(pk=item.pk).update(is_hidden=hidden, updated_at=timezone.now())
    item.is_hidden = hidden
    return item


def _held(forum: Forum) -> None:
    if forum.status != ForumStatus.HELD:
        raise ValidationError(_("Tindak lanjut dicatat setelah forum terlaksana."))


def follow_up_add(*, actor, forum: Forum, action: str, unit=None, due_on=None) -> ForumFollowUp:
    _held(forum)
    action = " ".join(action.split())
    if not action:
        raise ValidationError({"action": _("Tulis tindak lanjutnya.")})
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="forum_follow_up_add"):
        return ForumFollowUp.objects.create(forum=forum, action=action, unit=unit, due_on=due_on)


def follow_up_set_done(*, actor, follow_up: ForumFollowUp, done: bool) -> ForumFollowUp:
    follow_up.done_at = timezone.localdate() if done else None
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="forum_follow_up_done"):
        follow_up.save(update_fields=["done_at", "updated_at"])
    return follow_up


def follow_up_delete(*, actor, follow_up: ForumFollowUp) -> None:
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="forum_follow_up_delete"):
        follow_up.delete()
