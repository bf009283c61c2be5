"""In-app notifications, with an email copy. ``notify`` is idempotent on (user, key), so a task
that runs twice neither writes a second notice nor sends a second email."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from .models import Notification

log = logging.getLogger(__name__)


def notify(user, *, key: str, title: str, body: str = "", url: str = "", email: bool = True) -> bool:
    """Write the notice once; True when it is new (and, with ``email``, mailed)."""
    if user is None or not user.is_active:
        return False
    _notice, created = Notification.objects.get_or_create(
        user=user, key=key[:200], defaults={"title": title[:200], "body": body, "url": url[:300]}
    )
    if created and email and user.email:
        link = f"{settings.SIKAP_SITE_URL.rstrip('/')}{url}" if url else ""
        try:
            send_mail(title, f"{body}\n\n{link}".strip(), None, [user.email])
        except Exception as exc:  # mail trouble must not undo the notice; the centre still shows it
            log.warning("notify: mail to user %s failed: %s", user.pk, exc)
    return created


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(*, user, notice_ids=None) -> int:
    notices = Notification.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    return notices.update(read_at=timezone.now())
