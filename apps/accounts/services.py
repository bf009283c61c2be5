"""Writes on accounts: every one takes the acting user and leaves an audit trail (pghistory)."""

import pghistory
from django.db import transaction
from django.utils import timezone

from .models import ApiToken, User


def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal token for ``actor``; returns the row and the key, shown only once."""
    key = ApiToken.new_key()
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="api_token_create"):
        token = ApiToken.objects.create(user=actor, name=name.strip(), key_hash=ApiToken.hash_key(key), hint=key[:10])
    return token, key


def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="api_token_revoke"):
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at", "updated_at"])
    return token


def user_tokens_revoke_all(*, actor: User, user: User) -> int:
    """Revoke every active token of ``user`` (used when an employee is deactivated)."""
    with pghistory.context(actor=actor.pk, action="api_tokens_revoke_all"):
        return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
