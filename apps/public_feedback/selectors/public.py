"""Reads of the citizens' site: a complaint by its tracking code, its public timeline, the form's
lists of services and units, and the landing page's figures.

What a reporter sees is only what the tracking code entitles them to: public timeline entries
(never internal notes, links to employees or escalations), the attachments of those entries, and
who acted as an organisation (the unit, or the agency), never a handler's name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.accounts.models import Role
from apps.employees.models import OrgUnit

from ..models import (
    CLOSED_STATUSES,
    Complaint,
    ComplaintAttachment,
    ComplaintEntry,
    ComplaintStatus,
    PublicService,
)
from ..services import codes


def complaint_by_code(code: str) -> Complaint | None:
    """The complaint whose tracking code this is (typed any way ``codes.normalise`` forgives)."""
    digest = codes.code_hash(code)
    if not digest:
        return None
    return _with_units(Complaint.objects.filter(code_hash=digest)).first()


def complaint_by_reference(reference: str) -> Complaint | None:
    """For the tracking pages, which then check that the session proved this complaint's code."""
    if not reference or len(reference) > 20:
        return None
    return _with_units(Complaint.objects.filter(reference=reference)).first()


def _with_units(queryset):
    return queryset.select_related("service", "unit", "handling_unit")


@dataclass
class TimelineItem:
    kind: str
    label: str
    text: str
    at: datetime.datetime
    by_reporter: bool
    who: str  # "" for the reporter; otherwise an organisation, never a person
    status_label: str
    attachments: list[ComplaintAttachment] = field(default_factory=list)


def _who(entry: ComplaintEntry, complaint: Complaint) -> str:
    if entry.by_reporter:
        return ""
    if entry.actor_id is None:
        return _("Sistem")
    if entry.actor.role == Role.ADMIN or complaint.handling_unit is None:
        return settings.SIKAP_AGENCY_NAME
    return complaint.handling_unit.name


def public_timeline(complaint: Complaint) -> list[TimelineItem]:
    """The reporter's view of the timeline, oldest first: two queries whatever its length."""
    entries = list(
        ComplaintEntry.objects.filter(complaint=complaint, is_public=True)
        .select_related("actor")
        .only("kind", "text", "at", "by_reporter", "status_after", "actor_id", "actor__role")
        .order_by("at", "pk")
    )
    files: dict[int, list[ComplaintAttachment]] = {}
    for attachment in reporter_attachments(complaint):
        files.setdefault(attachment.entry_id, []).append(attachment)
    status_labels = dict(ComplaintStatus.choices)
    return [
        TimelineItem(
            kind=entry.kind,
            label=entry.get_kind_display(),
            text=entry.text,
            at=entry.at,
            by_reporter=entry.by_reporter,
            who=_who(entry, complaint),
            status_label=status_labels.get(entry.status_after, ""),
            attachments=files.get(entry.pk, []),
        )
        for entry in entries
    ]


def reporter_attachments(complaint: Complaint):
    """Files attached to public entries (what the reporter sent, and any public reply's files)."""
    return ComplaintAttachment.objects.filter(complaint=complaint, entry__is_public=True).order_by("pk")


def attachment_for_reporter(complaint: Complaint, pk: int) -> ComplaintAttachment | None:
    return reporter_attachments(complaint).filter(pk=pk).first()


# --- the complaint form's lists ----------------------------------------------------------------


def services_grouped(query: str = "", *, include_pk: int | None = None) -> list[tuple[str, list[tuple[int, str]]]]:
    """Active services grouped by unit, for a <select> with <optgroup>s; ``query`` filters on the
    service's name, keywords and unit (every word must match), ``include_pk`` keeps a choice."""
    services = PublicService.objects.filter(is_active=True).select_related("unit")
    words = [word for word in query.split() if word][:6]
    if words:
        match = Q()
        for word in words:
            match &= Q(name__icontains=word) | Q(keywords__icontains=word) | Q(unit__name__icontains=word)
        if include_pk:
            match |= Q(pk=include_pk)
        services = services.filter(match)
    groups: dict[str, list[tuple[int, str]]] = {}
    for service in services.order_by("unit__name", "name")[:300]:
        groups.setdefault(service.unit.name, []).append((service.pk, service.name))
    return list(groups.items())


def units_for_form():
    """Units a citizen may name: those that serve the public, plus the perangkat daerah (children
    of the top unit), so a complaint about an office without a listed service can still go there."""
    return (
        OrgUnit.objects.filter(is_active=True)
        .filter(Q(public_services__is_active=True) | Q(parent__parent__isnull=True, parent__isnull=False))
        .distinct()
        .order_by("name")
    )


# --- the landing page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LandingFigures:
    year: int
    received: int
    finished: int
    on_time_share: int | None  # percent of the finished ones handled within every deadline


def landing_figures(year: int | None = None) -> LandingFigures:
    """This year's counts, one query. Aggregates only: no complaint is shown, so rahasia ones
    count too (leaving them out would misstate the workload); spam and blocked ones do not.

    "On time" for a finished complaint: verified (routed or closed) by ``verify_due`` and, once
    routed, answered (or closed) by ``follow_up_due``."""
    year = year or timezone.localdate().year
    tz = timezone.get_current_timezone()
    start = datetime.datetime(year, 1, 1, tzinfo=tz)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    counted = Complaint.objects.exclude(status=ComplaintStatus.SPAM).filter(is_blocked=False)
    finished_statuses = CLOSED_STATUSES - {ComplaintStatus.SPAM}
    finished = Q(status__in=finished_statuses, closed_at__gte=start, closed_at__lt=end)
    verified_on_time = Q(routed_at__isnull=True, closed_at__date__lte=F("verify_due")) | Q(
        routed_at__date__lte=F("verify_due")
    )
    answered_on_time = Q(routed_at__isnull=True) | Q(answered__date__lte=F("follow_up_due"))
    row = counted.annotate(answered=Coalesce("responded_at", "closed_at")).aggregate(
        received=Count("pk", filter=Q(submitted_at__gte=start, submitted_at__lt=end)),
        finished=Count("pk", filter=finished),
        on_time=Count("pk", filter=finished & verified_on_time & answered_on_time),
    )
    share = round(100 * row["on_time"] / row["finished"]) if row["finished"] else None
    return LandingFigures(year=year, received=row["received"], finished=row["finished"], on_time_share=share)
