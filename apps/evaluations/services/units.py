import pghistory
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core import access

from ..models import UnitRating
from ..predicate import UnitResult


def unit_rating_set(*, actor, unit, period, result: str) -> UnitRating:
    """The leader (or a BKPSDM admin) rates a unit's organisational result for the period."""
    if not (access.is_leader(actor) or access.is_admin(actor)):
        raise PermissionDenied(_("Hanya pimpinan yang menilai hasil kinerja organisasi."))
    if result not in UnitResult.values:
        raise ValidationError({"result": [_("Pilih hasil kinerja organisasi.")]})
    with transaction.atomic(), pghistory.context(actor=actor.pk, action="unit_rating_set"):
        rating, _created = UnitRating.objects.update_or_create(
            unit=unit, period=period, defaults={"result": result, "rated_by": actor}
        )
    return rating
