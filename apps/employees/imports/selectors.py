"""Reads of the employee import: an import is seen only by the admin who uploaded it, for a day."""

from django.utils import timezone

from apps.core import access

from .models import PREVIEW_LIFETIME, EmployeeImport


def employee_import_get_for(user, uuid) -> EmployeeImport:
    """The user's own import, uploaded less than ``PREVIEW_LIFETIME`` ago; anything else is a 404.
    Its ``rows`` (up to 50,000) are loaded only when used, by applying it."""
    recent = EmployeeImport.objects.filter(created_at__gt=timezone.now() - PREVIEW_LIFETIME).defer("rows")
    return access.get_owned_by(user, recent, owner_field="uploaded_by", uuid=uuid)
