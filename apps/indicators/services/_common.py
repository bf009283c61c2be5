from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from apps.core import access

from ..models import Skp


def require_owner_editing(actor, skp: Skp) -> None:
    """The employee edits their own SKP, and only while it is a draft or returned."""
    employee = access.employee_of(actor)
    if employee is None or employee.pk != skp.employee_id:
        raise ValidationError(_("Hanya pemilik SKP yang dapat mengubahnya."))
    if not skp.is_editable:
        raise ValidationError(
            _("SKP ini sudah %(status)s dan terkunci. Buat revisi untuk mengubahnya.")
            % {"status": skp.get_status_display().lower()}
        )
