import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from apps.core import access

from .models import ApiToken

# "Last used" is shown to the minute (profile page); writing it on every request would add an
# UPDATE to each API call, reads included. A token used again within this time keeps its stamp.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class PersonalTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer sikap_...`` with a personal token made on the profile page."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Header Authorization tidak valid."))
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Token tidak valid.")) from exc
        # The user's employee record (and unit) in the same query: nearly every API call asks
        # access.employee_of, which then costs nothing more. key_hash is unique: get() asks for no
        # ordering (first() would add one, and build the query again for it).
        try:
            token = ApiToken.objects.select_related("user__employee__unit").get(
                key_hash=ApiToken.hash_key(key), revoked_at__isnull=True
            )
        except ApiToken.DoesNotExist:
            token = None
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Token tidak valid atau sudah dicabut."))
        try:
            employee = token.user.employee
        except ObjectDoesNotExist:  # an account without an employee record (admin, leader)
            employee = None
        access.employee_loaded_with(token.user, employee)
        if token.last_used_at is None or timezone.now() - token.last_used_at >= LAST_USED_PRECISION:
            token.mark_used()
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
