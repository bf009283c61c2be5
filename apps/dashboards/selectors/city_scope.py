"""What the city dashboard is asked for: a period and a unit subtree, read from the query string.

Anything a person can type into the address bar ends as a clear message and a sensible default
(an unknown period, a period that has not started, a reversed or absurd date range) or, for a unit
that does not exist, a 404 — never a 500.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.employees.models import OrgUnit
from apps.public_feedback.selectors.surveys import Period, period_month, period_parse

MAX_RANGE_DAYS = 366 * 2
FIRST_DAY = datetime.date(2000, 1, 1)


@dataclass
class Filter:
    period: Period
    unit: OrgUnit | None
    messages: list[str] = field(default_factory=list)

    @property
    def start(self) -> datetime.date:
        return self.period.start

    @property
    def end(self) -> datetime.date:
        """The last day with figures: the period's end, or today for the running period."""
        return min(self.period.end, timezone.localdate())

    @property
    def filed_until(self) -> datetime.date:
        """The last day daily-report compliance counts: today's reports are still being written."""
        return min(self.end, timezone.localdate() - datetime.timedelta(days=1))

    def query(self, *, with_unit: bool = True) -> str:
        """The query string that keeps this filter (for links and the XLSX export)."""
        if self.period.code.startswith("~"):
            params = {"dari": self.period.start.isoformat(), "sampai": self.period.end.isoformat()}
        else:
            params = {"periode": self.period.code}
        if with_unit and self.unit is not None:
            params["unit"] = self.unit.pk
        return urlencode(params)


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None


def _custom(params, messages: list[str], today: datetime.date) -> Period | None:
    raw_from, raw_to = params.get("dari"), params.get("sampai")
    if not raw_from and not raw_to:
        return None
    start, end = _date(raw_from), _date(raw_to)
    if start is None or end is None:
        messages.append(_("Tanggal awal dan akhir harus diisi dengan format TTTT-BB-HH."))
        return None
    if end < start:
        messages.append(_("Tanggal akhir lebih awal dari tanggal awal; rentang dibalik."))
        start, end = end, start
    if start > today:
        messages.append(_("Rentang tanggal itu belum dimulai."))
        return None
    if start < FIRST_DAY or (end - start).days > MAX_RANGE_DAYS:
        messages.append(_("Rentang tanggal paling panjang dua tahun."))
        return None
    label = f"{date_format(start, 'j M Y')} – {date_format(end, 'j M Y')}"
    return Period(f"~{start.isoformat()}", start, end, label)


def parse_unit(value) -> OrgUnit | None:
    """The unit named by ``?unit=``; a missing or empty value means the whole city."""
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 12:
        raise Http404
    try:
        return OrgUnit.objects.only("id", "name", "short_name", "parent_id", "kind").get(pk=int(text))
    except OrgUnit.DoesNotExist as exc:
        raise Http404 from exc


def default_period(today: datetime.date) -> Period:
    """This month; in its first week, still the month before, which has figures worth reading."""
    if today.day > 7:
        return period_month(today.year, today.month)
    last = today.replace(day=1) - datetime.timedelta(days=1)
    return period_month(last.year, last.month)


def parse_filter(params, *, today: datetime.date | None = None) -> Filter:
    today = today or timezone.localdate()
    messages: list[str] = []
    period = _custom(params, messages, today)
    code = params.get("periode")
    if period is None and code:
        period = period_parse(code)
        if period is None:
            text = _("Periode “%(code)s” tidak dikenal; ditampilkan periode bawaan.")
            messages.append(text % {"code": str(code)[:20]})
        elif period.start > today:
            messages.append(_("Periode %(label)s belum dimulai; ditampilkan periode bawaan.") % {"label": period.label})
            period = None
    if period is None:
        period = default_period(today)
    return Filter(period=period, unit=parse_unit(params.get("unit")), messages=messages)


@dataclass
class Group:
    """One row of the dashboard: a unit and everything under it, or (``own``) the staff placed
    directly in the chosen unit itself."""

    key: int
    name: str
    unit_id: int
    own: bool = False
    has_children: bool = False


@dataclass
class Tree:
    groups: list[Group]
    key_of: dict[int, int]  # {unit id: row key} for every unit counted
    trail: list[tuple[int, str]]  # the breadcrumb from the top down to the chosen unit


def groups_for(unit: OrgUnit | None) -> Tree:
    """The rows for a unit (its children, plus its own staff) or for the city (the perangkat daerah,
    plus the government root's own staff). One query."""
    units = list(OrgUnit.objects.values_list("id", "parent_id", "name", "short_name"))
    parent = {pk: parent_id for pk, parent_id, _name, _short in units}
    names = {pk: short or name for pk, _parent, name, short in units}
    children: dict[int | None, list[int]] = {}
    for pk, parent_id, _name, _short in units:
        children.setdefault(parent_id, []).append(pk)
    # the city: the government unit(s) at the root; a root without children is a perangkat daerah
    roots = [unit.pk] if unit is not None else [pk for pk in children.get(None, []) if children.get(pk)]
    heads = [child for root in roots for child in children.get(root, [])]
    if unit is None:
        heads += [pk for pk in children.get(None, []) if not children.get(pk)]
    groups = [Group(pk, names[pk], pk, has_children=bool(children.get(pk))) for pk in heads]
    groups.sort(key=lambda g: g.name.lower())
    groups += [Group(-root, _("%(unit)s (staf langsung)") % {"unit": names[root]}, root, own=True) for root in roots]
    key_of = {root: -root for root in roots}
    for head in heads:
        stack = [head]
        while stack:
            node = stack.pop()
            key_of[node] = head
            stack.extend(children.get(node, []))
    trail, node, seen = [], unit.pk if unit is not None else None, 0
    while node is not None and seen < 50:
        trail.append((node, names[node]))
        node, seen = parent.get(node), seen + 1
    return Tree(groups, key_of, trail[::-1])
