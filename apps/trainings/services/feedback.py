"""Participants' evaluation of a session (umpan balik): one per enrollment, 1-5 for the content,
the facilitator and the relevance to their job, and a comment. A second submission updates the
first: the participant may change their mind, and a double click never makes two rows."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core import access

from ..models import Enrollment, SessionFeedback

SCORES = ("content", "facilitator", "relevance")


def feedback_save(
    *, actor, enrollment: Enrollment, content: int, facilitator: int, relevance: int, comment: str = ""
) -> SessionFeedback:
    """Record (or change) the participant's own feedback on a session they completed."""
    if not access.can(actor, "training.feedback", enrollment):
        raise PermissionDenied(_("Umpan balik diisi peserta yang lulus sesi ini."))
    values = {"content": content, "facilitator": facilitator, "relevance": relevance}
    errors = {
        name: [_("Pilih nilai 1 sampai 5.")] for name, value in values.items() if value is None or not 1 <= value <= 5
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The enrollment's row lock serialises two submissions of the same person (a double click).
        Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
        feedback, _created = SessionFeedback.objects.update_or_create(
            enrollment=enrollment, defaults={**values, "comment": (comment or "").strip()}
        )
    return feedback
