"""Open data: a read-only Open311 GeoReport v2 endpoint (http://wiki.open311.org/GeoReport_v2).

Field names and query parameters are the spec's, so any GeoReport client reads them. What is listed
is ``selectors.open_data.public_complaints``: never rahasia, never about a person, never blocked or
spam. ``service_request_id`` is the public reference ("PGD-2026-000123"), never the tracking code;
no contact data, no staff names (complaints that name one are not public at all), no internal
notes or reply texts (``status_notes`` is the stage's public label), and ``media_url`` is always
empty because attachments are never public. The description is the citizen's own text, published
in full: a non-rahasia complaint is public by the reporter's choice.

Errors are the spec's JSON array of ``{"code", "description"}`` with the HTTP status (400, 404).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .models import CLOSED_STATUSES, Complaint
from .selectors import open_data

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
STATUSES = {"open": False, "closed": True}
# The day of a deadline ends with the working day; a due date is expected by its end.
_END_OF_DAY = datetime.time(23, 59, 59)


class _BadRequest(Exception):
    pass


def _json(data, status=200) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"  # open data: any web page may read it
    return response


def _error(status: int, description: str) -> JsonResponse:
    return _json([{"code": status, "description": description}], status=status)


def _get_only(view):
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = _error(405, _("Titik akhir ini hanya untuk dibaca (GET)."))
            response["Allow"] = "GET, HEAD"
            return response
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _w3(value: datetime.datetime | None) -> str | None:
    """The spec's w3 date-time: ISO 8601 with the offset, in the deployment's time zone."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _due(day: datetime.date | None) -> str | None:
    if day is None:
        return None
    return _w3(timezone.make_aware(datetime.datetime.combine(day, _END_OF_DAY)))


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _moment(name: str, value: str, *, end: bool) -> datetime.datetime:
    """A w3 date-time (a "+" sent unencoded arrives as a space), or a plain date meaning the whole
    day; else 400."""
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is not None:
        return timezone.make_aware(datetime.datetime.combine(day, _END_OF_DAY if end else datetime.time.min))
    for candidate in (value, value.replace(" ", "+")):
        try:
            moment = parse_datetime(candidate)
        except ValueError:
            moment = None
        if moment is not None:
            return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    raise _BadRequest(_("%(name)s tidak dikenali: gunakan format w3, mis. 2026-01-31T00:00:00+07:00.") % {"name": name})


def _window(params) -> tuple[datetime.datetime, datetime.datetime]:
    """[start, end] of ``requested_datetime``: the last 90 days by default, never more than 90."""
    start = _moment("start_date", params["start_date"], end=False) if params.get("start_date") else None
    end = _moment("end_date", params["end_date"], end=True) if params.get("end_date") else None
    if start is None and end is None:
        end = timezone.now()
    if start is None:
        start = end - open_data.DEFAULT_WINDOW
    if end is None:
        end = min(timezone.now(), start + open_data.DEFAULT_WINDOW)
    if end < start:
        raise _BadRequest(_("end_date lebih awal dari start_date."))
    if end - start > open_data.DEFAULT_WINDOW + datetime.timedelta(days=1):
        raise _BadRequest(_("Rentang start_date sampai end_date paling lama 90 hari."))
    return start, end


def _service(service) -> dict:
    return {
        "service_code": service.code,
        "service_name": service.name,
        "description": service.description,
        "metadata": False,  # no extra attributes to define (no GET service definition)
        "type": "realtime",  # a request gets its service_request_id at once
        "keywords": service.keywords,
        "group": service.unit.name,
    }


def _updated(complaint: Complaint) -> datetime.datetime:
    """When the public stage last changed (closed: when it was closed, as the spec says); internal
    notes and links never move it, so the data tells nothing about work done out of sight."""
    if complaint.status in CLOSED_STATUSES and complaint.closed_at:
        return complaint.closed_at
    return max(t for t in (complaint.submitted_at, complaint.routed_at, complaint.responded_at) if t is not None)


def _expected(complaint: Complaint) -> str | None:
    if complaint.status in CLOSED_STATUSES:
        return None
    return _due(complaint.follow_up_due or complaint.verify_due)


def _request(complaint: Complaint) -> dict:
    unit = complaint.handling_unit or complaint.unit or complaint.service.unit
    closed = complaint.status in CLOSED_STATUSES
    return {
        "service_request_id": complaint.reference,
        "status": "closed" if closed else "open",
        "status_notes": complaint.get_status_display(),
        "service_name": complaint.service.name,
        "service_code": complaint.service.code,
        "description": complaint.description,
        "agency_responsible": unit.name if unit else "",
        "service_notice": "",
        "requested_datetime": _w3(complaint.submitted_at),
        "updated_datetime": _w3(_updated(complaint)),
        "expected_datetime": _expected(complaint),
        "address": complaint.location,
        "address_id": "",
        "zipcode": "",
        "lat": None,
        "long": None,
        "media_url": "",  # attachments are never public
    }


@_get_only
def discovery(request):
    """The spec's service discovery document, pointing at this endpoint."""
    base = request.build_absolute_uri(reverse("open311:service-list"))[: -len("services.json")]
    return _json(
        {
            "changeset": "2026-01-01T00:00:00+07:00",
            "contact": f"{settings.SIKAP_AGENCY_NAME} {settings.SIKAP_GOVERNMENT_NAME}",
            "key_service": "",
            "endpoints": [
                {
                    "specification": SPEC_URL,
                    "url": base.rstrip("/"),
                    "changeset": "2026-01-01T00:00:00+07:00",
                    "type": "production",
                    "formats": ["application/json"],
                }
            ],
        }
    )


@_get_only
def service_list(request):
    return _json([_service(service) for service in open_data.open311_services()])


@_get_only
def request_list(request):
    params = request.GET
    try:
        if params.get("service_request_id", "").strip():
            references = _list(params["service_request_id"])[: open_data.MAX_REQUESTS]
            rows = open_data.open311_requests(references=references)
        else:
            statuses = {s.lower() for s in _list(params.get("status", ""))}
            unknown = statuses - STATUSES.keys()
            if unknown:
                raise _BadRequest(_("status hanya boleh open atau closed."))
            closed = STATUSES[statuses.pop()] if len(statuses) == 1 else None
            start, end = _window(params)
            rows = open_data.open311_requests(
                service_codes=_list(params.get("service_code", "")), start=start, end=end, closed=closed
            )
    except _BadRequest as exc:
        return _error(400, str(exc))
    return _json([_request(complaint) for complaint in rows])


@_get_only
def request_detail(request, reference):
    complaint = open_data.open311_request(reference)
    if complaint is None:
        return _error(404, _("Permintaan layanan %(id)s tidak ditemukan.") % {"id": reference[:40]})
    return _json([_request(complaint)])  # the spec answers a one-element list
