"""In-app notifications, with an email copy. ``notify`` is idempotent on (user, key), so a task
that runs twice neither writes a second notice nor sends a second email.

For reminders that reach many people at once, ``notices_insert`` writes all their notices in one
statement and says which are new, and ``send_mails`` mails those over one connection.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, get_connection, send_mail
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from . import compiled
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


def _unread_of(user_id):
    unread = Notification.objects.filter(user_id=user_id, read_at__isnull=True).order_by()
    return unread.values("user_id").annotate(n=Count("pk")).values_list("n")


# The header of every signed-in page asks: its SQL is compiled once (apps/core/compiled.py)
_UNREAD = compiled.CompiledQuery(_unread_of, compiled.ID)


def unread_count(user) -> int:
    rows = _UNREAD.rows(user.pk)  # grouped by the user: no row when nothing is unread
    return rows[0][0] if rows else 0


def mark_read(*, user, notice_ids=None) -> int:
    notices = Notification.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    return notices.update(read_at=timezone.now())


@dataclass(frozen=True)
class Notice:
    """One notice to write for ``user_id``; ``key`` as in ``notify``."""

    user_id: int
    key: str
    title: str
    body: str = ""
    url: str = ""


def notices_insert(notices: Iterable[Notice]) -> set[tuple[int, str]]:
    """Write many notices in one statement; return the (user id, key) pairs that are new.

    ``bulk_create(ignore_conflicts=True)`` cannot tell which rows it wrote, and only those may be
    mailed (two runs at once must not mail anyone twice), hence ``ON CONFLICT DO NOTHING RETURNING``.
    """
    rows = list({(n.user_id, n.key[:200]): n for n in notices}.values())  # one per (user, key)
    if not rows:
        return set()
    quote = connection.ops.quote_name
    meta = Notification._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in ("user", "key", "title", "body", "url"))
    user_id, key = quote(meta.get_field("user").column), quote(meta.get_field("key").column)
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}, {quote('created_at')}) "  # noqa: S608 (names from _meta)
        "SELECT n.u, n.k, n.t, n.b, n.l, %s "
        "FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[]) AS n(u, k, t, b, l) "
        f"ON CONFLICT ({user_id}, {key}) DO NOTHING RETURNING {user_id}, {key}"
    )
    params = [
        timezone.now(),
        [n.user_id for n in rows],
        [n.key[:200] for n in rows],
        [n.title[:200] for n in rows],
        [n.body for n in rows],
        [n.url[:300] for n in rows],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(row[0], row[1]) for row in cursor.fetchall()}


def send_mails(mails: list[tuple[int, EmailMessage]]) -> int:
    """Send ``(user id, message)`` pairs over one connection; return how many went. A refused mail
    is logged and the rest still go; when the server cannot be reached at all, the rest are dropped
    (the in-app notices remain)."""
    if not mails:
        return 0
    sent = 0
    try:
        with get_connection() as mailer:
            for user_id, message in mails:
                try:
                    sent += mailer.send_messages([message])
                except Exception as exc:
                    log.warning("notify: mail to user %s failed: %s", user_id, exc)
                    mailer.close()  # a fresh connection for the next one
                    mailer.open()
    except Exception as exc:
        log.warning("notify: mail server unreachable, %s of %s mails not sent: %s", len(mails) - sent, len(mails), exc)
    return sent
