from allauth.mfa.models import Authenticator
from django.conf import settings
from django.shortcuts import redirect

from apps.core import access

# Pages a user without TOTP may still open: the MFA set-up itself, logging out, the language.
_ALLOWED_PREFIXES = ("mfa_", "account_logout", "account_reauthenticate", "set_language")


class MFARequiredMiddleware:
    """Supervisors, admins and leaders must set up TOTP before anything else (DESIGN.md).
    Turned off only by SIKAP_MFA_ENFORCED=false, for the local demo."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.SIKAP_MFA_ENFORCED or not request.user.is_authenticated:
            return None
        if request.path_info.startswith(("/api/", settings.STATIC_URL)):
            return None
        match = request.resolver_match
        name = match.view_name if match else ""
        if name.startswith(_ALLOWED_PREFIXES) or (match is not None and access.is_public_view(match)):
            return None
        if not access.needs_mfa(request.user):
            return None
        if Authenticator.objects.filter(user=request.user, type=Authenticator.Type.TOTP).exists():
            return None
        return redirect("mfa_activate_totp")
