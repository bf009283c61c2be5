"""The month strip of a home page, a month of days in one pass: through the template engine its
30 items were a third of a supervisor's home once the team's part is kept (team_snapshot.py)."""

from html import escape  # the standard library's: Django's wraps it for lazy text

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def home_strip_days(strip) -> SafeString:
    """The ``<li>`` of each day of ``strip`` (homes_asn.calendar_strip): a link where the day leads
    somewhere, its date and symbol for the eye, its date and status in words for everyone."""
    items = []
    for day in strip:
        aria = escape(day.aria)
        current = ' aria-current="date"' if day.is_today else ""
        inner = (
            f'<span aria-hidden="true">{day.date.day}</span>'
            f'<span class="home-strip__sym" aria-hidden="true">{escape(day.symbol)}</span>'
        )
        if day.url:
            inner = f'<a href="{escape(day.url)}" aria-label="{aria}" title="{aria}"{current}>{inner}</a>'
        else:
            inner = f'<span role="img" aria-label="{aria}" title="{aria}"{current}>{inner}</span>'
        css = escape(day.css) + (" home-strip__today" if day.is_today else "")
        items.append(f'<li class="{css}">{inner}</li>')
    return mark_safe("".join(items))  # noqa: S308 - every piece escaped above
