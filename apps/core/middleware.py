import logging

from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from . import access, errors
from .exceptions import TooManyRequests

log = logging.getLogger(__name__)


class PublicOrLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Login required everywhere except the public views (``access.is_public_view``).

    The API (``/api/``) is left to Django REST framework, whose default permission is
    IsAuthenticated, because API clients authenticate with a token that only DRF reads.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and access.is_public_view(match):
            return None
        if request.path_info.startswith("/api/"):
            return None
        return self.handle_no_permission(request, view_func)


class FriendlyErrorsMiddleware:
    """Turns infrastructure failures into pages a person can read instead of a 500:
    the database being unreachable answers 503, a rate limit answers 429."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, TooManyRequests):
            return render(request, "429.html", status=429)
        if isinstance(exception, errors.DATABASE_ERRORS):
            log.error("database unavailable: %s", exception)
            return errors.database_unavailable(request)
        return None


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the person chose another language with the switch (the language
    cookie). The browser's Accept-Language is ignored: a civil servant's phone set to English
    still gets the product in the language of its users and documents."""

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
