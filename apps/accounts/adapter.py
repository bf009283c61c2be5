from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.internal import ratelimit

from apps.core.exceptions import TooManyRequests


class AccountAdapter(DefaultAccountAdapter):
    """No self sign-up (BKPSDM creates accounts); a login rate limit answers HTTP 429."""

    def is_open_for_signup(self, request):
        return False

    def pre_authenticate(self, request, **credentials):
        # allauth reports an exhausted "login_failed" limit as a form error; we answer 429, so
        # scripts and people both get the same unmistakable signal (see ACCOUNT_RATE_LIMITS).
        key = self._get_login_attempts_cache_key(request, **credentials)
        self._login_failed_rl_usage = ratelimit.consume(request, app="allauth.account", action="login_failed", key=key)
        if not self._login_failed_rl_usage:
            raise TooManyRequests
