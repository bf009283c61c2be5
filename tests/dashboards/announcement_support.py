"""Helpers shared by the announcement tests (test_announcements*.py)."""

import datetime

from django.utils import timezone

from apps.dashboards.services.announcements import announcement_publish

# a Monday, 16:00 WIB: the tests run at this frozen time
NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def publish(actor, **data):
    """Publish through the service, by default to everyone and already started."""
    defaults = {"title": "Program baru", "body": "Baris satu\nBaris dua", "audience": "all"}
    defaults["starts_at"] = timezone.now() - datetime.timedelta(minutes=1)
    return announcement_publish(actor=actor, data={**defaults, **data})


def fresh(user):
    """The user as a new request would load it (no per-request caches of ``access``)."""
    return type(user).objects.get(pk=user.pk)
