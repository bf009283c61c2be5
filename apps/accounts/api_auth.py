import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from apps.core import access, compiled
from apps.employees.models import Employee, OrgUnit

from .models import ApiToken, User

# "Last used" is shown to the minute (profile page); writing it on every request would add an
# UPDATE to each API call, reads included. A token used again within this time keeps its stamp.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


# The token, its user, the user's employee record and its unit in one statement: nearly every
# API call asks access.employee_of, which then costs nothing more. Every API call runs it, so its
# SQL is compiled once (apps/core/compiled.py); the joins to the employee and unit are LEFT
# (an admin's or a leader's account has no employee record).
_LOADED = (ApiToken, User, Employee, OrgUnit)
_TOKEN_QUERY = compiled.CompiledQuery(
    lambda key_hash: (
        ApiToken.objects.filter(key_hash=key_hash, revoked_at__isnull=True)
        .order_by()
        .values_list(
            *compiled.columns(ApiToken),
            *compiled.columns(User, "user__"),
            *compiled.columns(Employee, "user__employee__"),
            *compiled.columns(OrgUnit, "user__employee__unit__"),
        )
    ),
    compiled.TEXT,
)


def _token_with_user(key_hash: str) -> ApiToken | None:
    """The live token with its user; the user's employee record and unit handed to access."""
    rows = _TOKEN_QUERY.rows(key_hash)
    if not rows:
        return None
    token, user, employee, unit = compiled.split_row(rows[0], _LOADED)
    ApiToken.user.field.set_cached_value(token, user)
    access.employee_loaded_with(user, employee, unit)
    return token


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
        token = _token_with_user(ApiToken.hash_key(key))
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Token tidak valid atau sudah dicabut."))
        if token.last_used_at is None or timezone.now() - token.last_used_at >= LAST_USED_PRECISION:
            token.mark_used()
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
