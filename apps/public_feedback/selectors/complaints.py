"""Complaints as staff read them, always from the user's scope (apps/core/access.py ``scope``):
BKPSDM admins all (the hidden ones only when they ask), leaders all but the hidden, a unit's
handlers those routed to their units, anyone else none (404 on a single one).

The queue costs the same number of queries whatever the number of rows: the page is one query
(units and service joined, the description cut to a summary in SQL, contact data never loaded),
its count one more, and the deadlines one holiday query (``deadlines.with_deadlines``).
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import F, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import access
from apps.employees import hierarchy
from apps.employees.models import OrgUnit

from ..models import CLOSED_STATUSES, Complaint, ComplaintAttachment, ComplaintEntry, ComplaintStatus
from ..services import deadlines

OPEN_STATUSES = tuple(s for s in ComplaintStatus if s not in CLOSED_STATUSES)
# personal data that no list or export ever loads
CONTACT_FIELDS = ("reporter_name", "reporter_email", "reporter_phone")
HIDDEN_BLOCKED, HIDDEN_SPAM = "diblokir", "spam"
STATUS_ALL = "semua"


def _hidden() -> Q:
    return Q(is_blocked=True) | Q(status=ComplaintStatus.SPAM)


def complaint_list_for(
    user,
    *,
    status: str = "",
    unit: OrgUnit | None = None,
    kind: str = "",
    overdue: bool = False,
    search: str = "",
    hidden: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Complaint]:
    """The user's complaints, filtered; open ones first by their running deadline.

    ``status``: "" the open ones, "semua" every status, or one ComplaintStatus value.
    ``hidden``: "" leaves out blocked contacts and spam; "diblokir" or "spam" shows only those
    (admins: the scope gives no one else any).
    ``unit``: handled by the unit or a unit below it (or reported to it while not routed yet).
    """
    today = today or timezone.localdate()
    rows = access.scope(user, Complaint.objects.all())
    if hidden == HIDDEN_SPAM:
        rows = rows.filter(status=ComplaintStatus.SPAM)
    else:
        if hidden == HIDDEN_BLOCKED:
            rows = rows.filter(is_blocked=True).exclude(status=ComplaintStatus.SPAM)
        else:
            rows = rows.exclude(_hidden())
        if status == "":
            rows = rows.filter(status__in=OPEN_STATUSES)
        elif status != STATUS_ALL:
            rows = rows.filter(status=status)
    if unit is not None:
        units = hierarchy.unit_subtree_ids(unit.pk)
        rows = rows.filter(Q(handling_unit_id__in=units) | Q(handling_unit__isnull=True, unit_id__in=units))
    if kind:
        rows = rows.filter(kind=kind)
    if overdue:
        rows = rows.filter(deadlines.overdue_q(today))
    search = (search or "").strip()[:100]
    if search:
        rows = rows.filter(
            Q(reference__icontains=search)
            | Q(description__icontains=search)
            | Q(subject_text__icontains=search)
            | Q(location__icontains=search)
        )
    return (
        rows.select_related("handling_unit", "unit", "service")
        .defer(*CONTACT_FIELDS, "description", "rating_comment", "close_reason")
        .annotate(due=deadlines.due_expression(), summary=Substr("description", 1, 160))
        .order_by(F("due").asc(nulls_last=True), "-submitted_at", "-pk")
    )


def overdue_count_for(user, *, today: datetime.date | None = None) -> int:
    """How many of the user's (visible, not hidden) complaints are past a deadline."""
    rows = access.scope(user, Complaint.objects.all()).exclude(_hidden())
    return rows.filter(deadlines.overdue_q(today or timezone.localdate())).count()


def complaint_get_for(user, pk) -> Complaint:
    """One complaint in the user's scope; anything else, existing or not, is a 404."""
    rows = Complaint.objects.select_related("handling_unit__head__supervisor", "unit", "service", "employee__unit")
    return access.get_object_for(user, rows, pk=pk)


def complaint_timeline(complaint: Complaint) -> list[ComplaintEntry]:
    """Every entry, public and internal (staff see both, told apart), with its attachments."""
    entries = list(complaint.entries.select_related("actor__employee").order_by("at", "pk"))
    by_entry: dict[int | None, list[ComplaintAttachment]] = {}
    for attachment in complaint.attachments.order_by("pk"):
        by_entry.setdefault(attachment.entry_id, []).append(attachment)
    for entry in entries:
        entry.files = by_entry.pop(entry.pk, [])
    # files not tied to an entry belong to the submission
    loose = [a for items in by_entry.values() for a in items]
    if loose and entries:
        entries[0].files = loose + entries[0].files
    return entries


def attachment_get_for(user, complaint_pk, pk) -> ComplaintAttachment:
    complaint = complaint_get_for(user, complaint_pk)
    try:
        return complaint.attachments.get(pk=pk)
    except (ComplaintAttachment.DoesNotExist, ValueError, TypeError) as exc:
        from django.http import Http404

        raise Http404 from exc


def unit_choices() -> list[tuple[int, str]]:
    """Active units as (id, label), one query; a name several units share gets its parent's name
    in brackets so the searchable list tells them apart ("Sekretariat (Dinas Kesehatan)")."""
    units = list(OrgUnit.objects.filter(is_active=True).values_list("pk", "name", "parent__name").order_by("name"))
    shared = {name for name, n in Counter(name for _pk, name, _parent in units).items() if n > 1}
    labelled = [(pk, f"{name} ({parent})" if name in shared and parent else name) for pk, name, parent in units]
    twice = {label for label, n in Counter(label for _pk, label in labelled).items() if n > 1}
    return [(pk, f"{label} #{pk}" if label in twice else label) for pk, label in labelled]


def employee_evidence(employee, start: datetime.date, end: datetime.date) -> dict:
    """For the evaluation page: of the complaints linked to the employee and received between start
    and end (local dates, inclusive), how many were substantiated, with the references of the
    latest three. Spam and blocked ones never count. One query."""
    first = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    after = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    linked = list(
        Complaint.objects.filter(employee=employee, substantiated__isnull=False, submitted_at__gte=first)
        .filter(submitted_at__lt=after)
        .exclude(_hidden())
        .order_by("-submitted_at", "-pk")
        .values_list("reference", "substantiated")
    )
    proven = [reference for reference, substantiated in linked if substantiated]
    if not linked:
        return {"value": _("0 terbukti"), "detail": _("tidak ada pengaduan yang dikaitkan pada periode ini")}
    detail = ", ".join(proven[:3]) + (" …" if len(proven) > 3 else "")
    return {"value": _("%(n)s terbukti dari %(total)s") % {"n": len(proven), "total": len(linked)}, "detail": detail}
