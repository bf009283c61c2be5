"""The team calendar's cells: a month for a team of 50 is 1,500 cells. Rendered one by one through
the template engine they took about 100 ms of the page, and through format_html still 40 ms. A
row's cells are written here in one pass from pieces escaped once per page: the day titles and
the labels (kept in the render context), the CSS classes (fixed names) and each link."""

from html import escape  # the standard library's: Django's wraps it for lazy text, 4,000 times a page

from django import template
from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def team_calendar_cells(context, row) -> SafeString:
    """The ``<td>`` of each day of ``row`` (a calendar.TeamRow)."""
    pieces = context.render_context.setdefault("team_calendar_cells", {})

    def piece(key, make):
        if key not in pieces:
            pieces[key] = escape(str(make()))
        return pieces[key]

    cells = []
    for day in row.days:
        css = day.css + (" cal-work" if day.working else "") + (" cal-today" if day.is_today else "")
        label = piece(("label", day.kind.key), lambda day=day: str(day.kind.label))
        inner = f'<span aria-hidden="true">{escape(day.symbol)}</span><span class="visually-hidden">{label}</span>'
        if day.url:
            title = piece(day.date, lambda day=day: date_format(day.date, "j F"))
            inner = f'<a href="{escape(day.url)}" title="{title}: {label}">{inner}</a>'
        cells.append(f'<td class="{escape(css)}">{inner}</td>')
    return mark_safe("".join(cells))  # noqa: S308 - every piece escaped above
