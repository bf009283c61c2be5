"""Form drafts saved as people type (htmx autosave): nothing typed is lost to a dropped connection.

An autosave can reach the server after the form it came from was submitted: the last field's
``change`` fires as the person clicks the submit button, and both requests race. If that late
autosave won, the saved activity's values would come back as the next form's draft and be filed
twice. So a form carries the moment it was rendered (``DRAFT_SINCE``), submitting leaves a
tombstone (``cleared_at``), and an autosave from a form rendered before the tombstone is dropped.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from .models import FormDraft

MAX_FIELDS, MAX_VALUE = 30, 5000
DRAFT_SINCE = "_draft_since"
_NOT_KEPT = {"csrfmiddlewaretoken", DRAFT_SINCE}


def draft_stamp() -> str:
    """The value of a form's hidden DRAFT_SINCE field: when the form was rendered."""
    return timezone.now().isoformat()


def _since(data) -> datetime.datetime | None:
    try:
        moment = datetime.datetime.fromisoformat(str(data.get(DRAFT_SINCE, "")))
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None


def draft_save(*, user, key: str, data) -> bool:
    """Keep what the form holds now; the CSRF token and oversized values are never stored. False
    when the autosave came from a form that was submitted since (see the module's note)."""
    # PostgreSQL's jsonb cannot hold NUL characters; nobody types them, so they are dropped
    clean = {
        name.replace("\x00", "")[:120]: str(value).replace("\x00", "")[:MAX_VALUE]
        for name, value in list(data.items())[:MAX_FIELDS]
        if name not in _NOT_KEPT
    }
    since = _since(data)
    with transaction.atomic():
        draft, created = FormDraft.objects.select_for_update().get_or_create(
            user=user, key=key[:120], defaults={"data": clean}
        )
        if created:
            return True
        if draft.cleared_at is not None and (since is None or since <= draft.cleared_at):
            return False
        draft.data, draft.cleared_at = clean, None
        draft.save(update_fields=["data", "cleared_at", "updated_at"])
    return True


def draft_load(*, user, key: str) -> dict:
    draft = FormDraft.objects.filter(user=user, key=key[:120], cleared_at__isnull=True).first()
    return draft.data if draft else {}


def draft_clear(*, user, key: str) -> None:
    """The form was submitted: forget its draft, and leave the tombstone late autosaves meet."""
    FormDraft.objects.update_or_create(user=user, key=key[:120], defaults={"data": {}, "cleared_at": timezone.now()})
