"""What of the complaints the public may read: the one filter behind the Open311 data and the
statistics page, so the two can never disagree about what is public.

``public_complaints()`` is ``Complaint.is_public`` as a query: never rahasia, never about a person
(a named civil servant in ``subject_text``, or an employee linked by a handler), never blocked,
never spam. The reporter's name, email and phone are never selected by the readers below.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from ..models import Complaint, ComplaintStatus, PublicService

MAX_REQUESTS = 1000  # GeoReport v2: "a max of 1000 requests are returned"
DEFAULT_WINDOW = datetime.timedelta(days=90)  # GeoReport v2: the default query covers 90 days
# SPAM is closed too, but never public; what remains closed is what the public sees as closed.
CLOSED_FOR_PUBLIC = (ComplaintStatus.SELESAI, ComplaintStatus.TIDAK_SELESAI, ComplaintStatus.BUKAN_WEWENANG)


def public_complaints() -> QuerySet[Complaint]:
    return Complaint.objects.filter(
        is_confidential=False, subject_text="", employee__isnull=True, is_blocked=False
    ).exclude(status=ComplaintStatus.SPAM)


def open311_services() -> QuerySet[PublicService]:
    return PublicService.objects.filter(is_active=True).select_related("unit").order_by("unit__name", "name", "pk")


def _requests() -> QuerySet[Complaint]:
    # Only complaints about a service: a service request needs its service_code.
    return (
        public_complaints()
        .filter(service__isnull=False)
        .select_related("service", "handling_unit", "unit", "service__unit")
        .only(
            "reference",
            "status",
            "description",
            "location",
            "submitted_at",
            "routed_at",
            "responded_at",
            "closed_at",
            "follow_up_due",
            "verify_due",
            "service__code",
            "service__name",
            "service__unit__name",
            "handling_unit__name",
            "unit__name",
        )
    )


def open311_requests(
    *,
    references: list[str] | None = None,
    service_codes: list[str] | None = None,
    start: datetime.datetime | None = None,
    end: datetime.datetime | None = None,
    closed: bool | None = None,
) -> list[Complaint]:
    """Service requests, newest first, at most ``MAX_REQUESTS``; one query.

    ``references`` (the spec's ``service_request_id`` list) overrides every other argument, as the
    spec says; otherwise the window is [start, end] on ``requested_datetime``.
    """
    rows = _requests()
    if references is not None:
        rows = rows.filter(reference__in=references)
    else:
        if service_codes:
            rows = rows.filter(service__code__in=service_codes)
        if start is not None:
            rows = rows.filter(submitted_at__gte=start)
        if end is not None:
            rows = rows.filter(submitted_at__lte=end)
        if closed is True:
            rows = rows.filter(status__in=CLOSED_FOR_PUBLIC)
        elif closed is False:
            rows = rows.exclude(status__in=CLOSED_FOR_PUBLIC)
    return list(rows.order_by("-submitted_at", "-pk")[:MAX_REQUESTS])


def open311_request(reference: str) -> Complaint | None:
    return _requests().filter(reference=reference).first()
