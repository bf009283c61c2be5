import pghistory
from django.db import transaction


def performance_settings_save(*, actor, form) -> None:
    """Save the configurable performance rules (audited). Later periods use the new period kind;
    stored per-period targets of the other kind fall back to an even split (selectors)."""
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="performance_settings_save"):
        form.save()
