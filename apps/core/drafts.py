"""Form drafts saved as people type (htmx autosave): nothing typed is lost to a dropped connection."""

from .models import FormDraft

MAX_FIELDS, MAX_VALUE = 30, 5000


def draft_save(*, user, key: str, data) -> None:
    """Keep what the form holds now; the CSRF token and oversized values are never stored."""
    clean = {
        name: str(value)[:MAX_VALUE] for name, value in list(data.items())[:MAX_FIELDS] if name != "csrfmiddlewaretoken"
    }
    FormDraft.objects.update_or_create(user=user, key=key[:120], defaults={"data": clean})


def draft_load(*, user, key: str) -> dict:
    draft = FormDraft.objects.filter(user=user, key=key[:120]).first()
    return draft.data if draft else {}


def draft_clear(*, user, key: str) -> None:
    FormDraft.objects.filter(user=user, key=key[:120]).delete()
