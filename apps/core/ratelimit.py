"""Rate limits kept in PostgreSQL (so they hold while Redis is down), for anonymous endpoints.

``limited(scope, key, limit, window)`` says whether ``key`` already used up ``limit`` attempts in
the last ``window``; ``hit(scope, key)`` counts one. They are separate because some limits count
only failures (wrong tracking codes) and some count every try (submissions). Keys are hashed with
the secret key: the table never holds an IP address. Old rows are pruned by ``prune`` (beat).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from django.conf import settings
from django.utils import timezone

from .models import RateHit

KEEP = datetime.timedelta(days=2)


def key_of(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def client_ip(request) -> str:
    """The client's address. Behind the production proxy REMOTE_ADDR is the proxy, which sets
    X-Forwarded-For; only its last hop (added by our own proxy) is trusted."""
    if getattr(settings, "SIKAP_TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def count(scope: str, key: str, window: datetime.timedelta) -> int:
    return RateHit.objects.filter(scope=scope, key=key_of(key), at__gte=timezone.now() - window).count()


def limited(scope: str, key: str, limit: int, window: datetime.timedelta) -> bool:
    return count(scope, key, window) >= limit


def hit(scope: str, key: str) -> None:
    RateHit.objects.create(scope=scope, key=key_of(key), at=timezone.now())


def prune() -> int:
    deleted, _ = RateHit.objects.filter(at__lt=timezone.now() - KEEP).delete()
    return deleted
