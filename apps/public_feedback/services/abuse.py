"""Abuse defences of the public forms, all server-side (issue #8 item 6).

* Rate limits per client address, kept in PostgreSQL (``apps/core/ratelimit.py``) so they hold
  while Redis is down: complaints per hour, and wrong tracking codes per hour.
* A honeypot field that people never see and bots fill in, and a minimum fill time carried by a
  signed timestamp in the form (a bot posting at once, or replaying an old form, is refused).
* A self-hosted captcha (django-simple-captcha) once an address sent more than the configured
  number of complaints in a day. The API cannot show one: there the same volume answers 429.
* A blocklist of e-mails and phone numbers that admins keep (``ContactBlock``): such submissions
  are stored (for the record) but hidden from every list and count.

The limits and thresholds are ``FeedbackSettings``, editable by BKPSDM admins.
"""

from __future__ import annotations

import datetime
import re

from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import ratelimit

from ..models import ContactBlock, ContactKind, FeedbackSettings

SUBMIT_SCOPE = "pengaduan.kirim"
LOOKUP_SCOPE = "pengaduan.lacak"
HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
HONEYPOT_FIELD = "situs_web"
TIMESTAMP_FIELD = "mulai"
_TIMESTAMP_SALT = "public_feedback.form-started"
# A form left open longer than this is refused once (it comes back with a fresh timestamp).
FORM_MAX_AGE = datetime.timedelta(days=1)


# --- rate limits -------------------------------------------------------------------------------


def submission_limited(ip: str, config: FeedbackSettings | None = None) -> bool:
    config = config or FeedbackSettings.current()
    return ratelimit.limited(SUBMIT_SCOPE, ip, config.complaints_per_hour, HOUR)


def needs_captcha(ip: str, config: FeedbackSettings | None = None) -> bool:
    """Whether this address sent (or tried suspiciously to send) enough today to be asked."""
    config = config or FeedbackSettings.current()
    return ratelimit.limited(SUBMIT_SCOPE, ip, config.captcha_after, DAY)


def record_submission(ip: str) -> None:
    """Count one submission, or one suspicious attempt (honeypot, too fast, wrong captcha)."""
    ratelimit.hit(SUBMIT_SCOPE, ip)


def lookup_limited(ip: str, config: FeedbackSettings | None = None) -> bool:
    config = config or FeedbackSettings.current()
    return ratelimit.limited(LOOKUP_SCOPE, ip, config.lookups_per_hour, HOUR)


def record_wrong_code(ip: str) -> None:
    ratelimit.hit(LOOKUP_SCOPE, ip)


# --- honeypot and fill time ----------------------------------------------------------------------


def form_timestamp() -> str:
    """The signed moment a form was rendered (goes into a hidden field)."""
    return signing.dumps(int(timezone.now().timestamp()), salt=_TIMESTAMP_SALT)


def timing_problem(token: str, config: FeedbackSettings | None = None) -> str | None:
    """None when the form was rendered long enough ago (and not too long); else the message."""
    config = config or FeedbackSettings.current()
    try:
        started = signing.loads(token or "", salt=_TIMESTAMP_SALT, max_age=FORM_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return _("Formulir ini sudah terlalu lama terbuka atau tidak lengkap. Periksa isian Anda, lalu kirim lagi.")
    if not isinstance(started, int):
        return _("Formulir ini tidak lengkap. Periksa isian Anda, lalu kirim lagi.")
    elapsed = timezone.now().timestamp() - started
    if elapsed < config.min_fill_seconds:
        return _("Formulir dikirim terlalu cepat. Periksa isian Anda, tunggu sebentar, lalu kirim lagi.")
    return None


def timestamp_is_valid(token: str) -> bool:
    try:
        signing.loads(token or "", salt=_TIMESTAMP_SALT, max_age=FORM_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    return True


# --- blocklist ---------------------------------------------------------------------------------


def normalise_email(value: str) -> str:
    return (value or "").strip().lower()


def normalise_phone(value: str) -> str:
    """Digits only, Indonesian numbers in their domestic form: +62 812-3456 and 0812 3456 match."""
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits


def contact_blocked(*, email: str = "", phone: str = "") -> bool:
    """Whether the e-mail or phone is on the admins' blocklist (compared in normalised form, so a
    number blocked as "+62 812-3456-7890" also matches "081234567890")."""
    email, phone = normalise_email(email), normalise_phone(phone)
    if not email and not phone:
        return False
    kinds = [kind for kind, value in ((ContactKind.EMAIL, email), (ContactKind.PHONE, phone)) if value]
    # the list is short and kept by hand, in whatever format the admin typed: compare in Python
    for kind, value in ContactBlock.objects.filter(kind__in=kinds).values_list("kind", "value"):
        if kind == ContactKind.EMAIL and email and normalise_email(value) == email:
            return True
        if kind == ContactKind.PHONE and phone and normalise_phone(value) == phone:
            return True
    return False
