"""What a certificate prints, for many enrollments at once (one WeasyPrint document per chunk).

The organiser is the deployment's government and agency from settings (the reports' letterhead,
``apps.evaluations.reports.builders.government``); the signatory is whoever heads the agency's
unit in the organisation data on the day of issue (its Plt/Plh when one acts), never a name in
code. Names, programs and places reach the template as plain strings, so the template engine
escapes them, and the document asks the PDF fetcher for nothing but the logo.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from apps.employees.models import ActingAssignment, OrgUnit
from apps.evaluations.reports.builders import Stamp, government

from ..models import Enrollment, JpEntry


@dataclass(frozen=True)
class Signatory:
    """Who signs: the title of the post, and the person holding it (empty when nobody does)."""

    title: str
    unit: str = ""  # the agency's full name in the organisation data
    name: str = ""
    nip: str = ""
    pangkat: str = ""
    acting: str = ""  # "Plt." / "Plh."


def signatory(on: datetime.date) -> Signatory:
    """The head of the agency's unit (``SIKAP_AGENCY_NAME`` as its short name, e.g. BKPSDM) on
    the day, or the Plt/Plh acting for them: two queries."""
    agency = settings.SIKAP_AGENCY_NAME
    unit = (
        OrgUnit.objects.filter(is_active=True, short_name__iexact=agency).select_related("head").order_by("pk").first()
    )
    if unit is None:
        return Signatory(title=_("Kepala %(agency)s") % {"agency": agency})
    title = _("Kepala %(unit)s") % {"unit": unit.name}
    acting = (
        ActingAssignment.objects.filter(unit=unit, starts_on__lte=on, ends_on__gte=on)
        .select_related("employee")
        .order_by("-starts_on", "pk")
        .first()
    )
    if acting is not None:
        person, prefix = acting.employee, f"{acting.kind.capitalize()}."
    elif unit.head is not None and unit.head.is_active:
        person, prefix = unit.head, ""
    else:
        return Signatory(title=title, unit=unit.name)
    return Signatory(
        title=title, unit=unit.name, name=person.full_name, nip=person.nip, pangkat=person.pangkat, acting=prefix
    )


def place_of_issue() -> str:
    """Where the certificate is signed: a kota's seat is the kota ("Kota Palembang" → "Palembang");
    a kabupaten keeps its short name, as its seat is not in the settings."""
    short = settings.SIKAP_GOVERNMENT_SHORT_NAME.strip()
    return short[5:].strip() if short.lower().startswith("kota ") else short


def date_range(start: datetime.date, end: datetime.date) -> str:
    """Dates as Indonesian documents write them: "7–9 Desember 2026", "28 November – 2 Desember 2026",
    "30 Desember 2026 – 2 Januari 2027"."""
    if start == end:
        return date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_format(end, 'j F Y')}"
    if start.year == end.year:
        return f"{date_format(start, 'j F')} – {date_format(end, 'j F Y')}"
    return f"{date_format(start, 'j F Y')} – {date_format(end, 'j F Y')}"


def jp_label(value: Decimal) -> str:
    """24 → "24", 1.5 → "1,5" (Indonesian decimal comma)."""
    text = f"{value.normalize():f}" if value is not None else "0"
    return text.replace(".", ",")


def enrollments_for_certificates(ids) -> list[Enrollment]:
    """The completed enrollments with what a certificate prints; one query."""
    related = ("employee", "employee__unit", "session", "session__program")
    return list(Enrollment.objects.filter(pk__in=list(ids), status="completed").select_related(*related).order_by("pk"))


def credited_jp(enrollments: list[Enrollment]) -> dict[int, Decimal]:
    """{enrollment pk: JP credited in the ledger}: what was earned, even if the program's JP
    changed later. One query."""
    keys = {f"enrollment:{e.pk}": e.pk for e in enrollments}
    rows = JpEntry.objects.filter(source_key__in=list(keys)).values_list("source_key", "jp")
    return {keys[key]: jp for key, jp in rows}


def number(enrollment: Enrollment) -> str:
    """The certificate number: agency, year of the session, enrollment (stable across re-issues)."""
    return f"{settings.SIKAP_AGENCY_NAME}/{enrollment.session.ends_on.year}/{enrollment.pk:06d}"


def issued_on(enrollment: Enrollment, made_at: datetime.datetime) -> datetime.date:
    """The date the certificate bears: the day the session was closed and the participant completed
    it (the same on every re-issue); the day the file was made for a completion without a time."""
    return timezone.localdate(enrollment.completed_at or made_at)


def certificate_context(
    enrollment: Enrollment, *, stamp: Stamp, jp: Decimal | None, signed_by: Signatory, gov: dict
) -> dict:
    employee, session = enrollment.employee, enrollment.session
    program = session.program
    issued = issued_on(enrollment, stamp.generated_at)
    return {
        "key": f"c{enrollment.pk}",
        "gov": gov,
        "stamp": stamp,
        "number": number(enrollment),
        "name": employee.full_name,
        "nip": employee.nip,
        "pangkat": employee.pangkat,
        "jabatan": employee.jabatan,
        "unit": employee.unit.name,
        "program": program.name,
        "path": program.get_path_display(),
        "partner": program.partner,
        "dates": date_range(session.starts_on, session.ends_on),
        "place": session.place or _("daring"),
        "jp": jp_label(jp if jp is not None else program.jp),
        "issued_place": place_of_issue(),
        "issued_on": date_format(issued, "j F Y"),
        "signed_by": signed_by,
    }


def certificate_title(enrollment: Enrollment) -> str:
    return _("Sertifikat %(program)s – %(name)s") % {
        "program": enrollment.session.program.name,
        "name": enrollment.employee.full_name,
    }


def certificate_parts(enrollments: list[Enrollment], stamps: dict[int, Stamp]) -> dict[int, str]:
    """{enrollment pk: rendered page}: one query for the ledger, two for the signatory of each
    day of issue."""
    if not enrollments:
        return {}
    jp = credited_jp(enrollments)
    gov = government()
    signed_by: dict[datetime.date, Signatory] = {}
    parts = {}
    for enrollment in enrollments:
        day = issued_on(enrollment, stamps[enrollment.pk].generated_at)
        if day not in signed_by:
            signed_by[day] = signatory(day)
        context = certificate_context(
            enrollment, stamp=stamps[enrollment.pk], jp=jp.get(enrollment.pk), signed_by=signed_by[day], gov=gov
        )
        parts[enrollment.pk] = render_to_string("trainings/pdf/certificate.html", context)
    return parts


def document_html(parts: list[str], *, title: str) -> str:
    """The HTML document around one or more certificates (each on its own landscape page)."""
    body = mark_safe("".join(parts))  # noqa: S308 -- parts are rendered templates (autoescaped)
    return render_to_string("trainings/pdf/certificates.html", {"title": title, "body": body})
