"""Stored URLs as link targets: ``{{ forum.online_url|link_url }}``.

Autoescaping keeps a stored URL inside its ``href`` attribute but does nothing about what the URL
is: ``javascript:`` runs script when clicked and ``data:`` opens a page of the attacker's. Forms
validate URLs on the way in, yet a row written another way (an import, the shell, an older form)
reaches the page as stored. Only an http(s) URL or a path on this site becomes a link target;
anything else becomes "" so that the template shows the text without a link.
"""

from urllib.parse import urlsplit

from django import template

register = template.Library()

LINK_SCHEMES = {"http", "https"}


@register.filter
def link_url(value) -> str:
    text = str(value or "").strip()
    as_read = text.replace("\t", "").replace("\n", "").replace("\r", "")
    if not as_read:
        return ""
    try:
        # urlsplit drops tabs and newlines and the leading control characters, as browsers do
        # before reading the scheme ("java\tscript:" is javascript: to them).
        parts = urlsplit(text)
    except ValueError:  # an invalid IPv6 host
        return ""
    if parts.scheme:
        return text if parts.scheme.lower() in LINK_SCHEMES and parts.netloc else ""
    # no scheme: a path of this site; "//host/..." would leave it, "\\" is read as "/" by browsers
    return text if as_read.startswith("/") and not as_read.startswith(("//", "/\\")) else ""
