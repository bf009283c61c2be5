"""The main menu, rendered once per (language, page, what the user may open) and kept.

The menu reverses about 45 URLs and tests six permissions: rendering it took about 3.5 ms of every
signed-in page (bench/README.md). Its HTML depends only on the language, the current view (which
link is marked) and the six answers below, so each combination is rendered once per process; the
logout form's CSRF token, the one part that is the user's own, is put in on every request.
"""

import functools

from django import template
from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from apps.core import access

register = template.Library()

_TOKEN_MARK = "\x00csrf\x00"  # stands for the token input in the kept HTML; never in a template


def menu_sections(user) -> tuple[bool, ...]:
    """What the menu shows the user, in the order of ``_render``'s ``show``. A unit's complaints
    are asked only of a supervisor who does not read the whole city, so a plain ASN's pages cost
    no query for them."""
    review = access.can(user, "report.review")
    city = access.can(user, "reports.read_city")
    return (
        access.can(user, "report.file"),
        review,
        review and not city and access.can(user, "complaint.queue"),
        city,
        access.can(user, "admin.manage"),
        access.can(user, "api.use"),
    )


@functools.lru_cache(maxsize=2048)
def _render(language: str, current: str, sections: tuple[bool, ...]) -> str:
    names = ("file", "review", "unit_complaints", "city", "admin", "api")
    with translation.override(language):
        return render_to_string(
            "includes/nav.html",
            {"current": current, "show": dict(zip(names, sections, strict=True)), "csrf_input": _TOKEN_MARK},
        )


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    request = context["request"]
    match = request.resolver_match
    key = (translation.get_language(), match.view_name if match else "", menu_sections(request.user))
    html = _render.__wrapped__(*key) if settings.DEBUG else _render(*key)  # DEBUG: see template edits
    token = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
    return mark_safe(html.replace(_TOKEN_MARK, token))  # noqa: S308 - the template's output, escaped there
