"""Writes of the SKM survey: one citizen's answers to the nine elements (PermenPANRB 14/2017).

1. ``survey_guard(ip=...)`` first, on every submission attempt (valid or not): at most
   ``SUBMISSIONS_PER_HOUR`` per address, counted in PostgreSQL (apps/core/ratelimit), so the limit
   holds while Redis is down; over it raises ``TooManyRequests`` (HTTP 429 on pages and API).
2. The caller validates (forms_survey.SurveyForm, for the page and the API alike).
3. ``survey_submit`` stores one response per device per unit per day. The device is a long-lived
   random cookie (or an app's ``device_id``), kept only as a keyed hash (``device_key_of``). The
   check before the insert gives the friendly answer; the database's unique constraint is the last
   line of defence against two requests racing, and its IntegrityError becomes the same message.

Citizens are anonymous: nothing here records who answered, only when and which device hash.
"""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core import ratelimit
from apps.core.exceptions import TooManyRequests

from ..models import ELEMENTS, AgeBand, Education, Gender, Occupation, SkmResponse

RATE_SCOPE = "skm-submit"
SUBMISSIONS_PER_HOUR = 30  # generous: a service hall's visitors may share one public address
HOUR = datetime.timedelta(hours=1)

DEVICE_COOKIE = "skm_perangkat"
DEVICE_COOKIE_AGE = 2 * 365 * 24 * 3600  # two years: "one per device per day" needs a stable device
SUGGESTION_MAX = 2000


def survey_guard(*, ip: str) -> None:
    """Count one submission attempt from ``ip``; refuse once the hour's allowance is used up."""
    if ratelimit.limited(RATE_SCOPE, ip, SUBMISSIONS_PER_HOUR, HOUR):
        raise TooManyRequests
    ratelimit.hit(RATE_SCOPE, ip)


def new_device_token() -> str:
    return secrets.token_urlsafe(24)


def device_key_of(token: str) -> str:
    """What is stored for a device: a keyed hash, so the table cannot be matched to a cookie."""
    return ratelimit.key_of(f"skm-device:{token}")


def valid_device_token(token: str | None) -> bool:
    """A token we could have issued (or an app's device id): printable, 8 to 128 characters."""
    return bool(token) and 8 <= len(token) <= 128 and token.isascii() and token.isprintable()


def already_answered(*, unit, device_key: str, on: datetime.date | None = None) -> bool:
    on = on or timezone.localdate()
    return SkmResponse.objects.filter(unit=unit, device_key=device_key, answered_on=on).exists()


def duplicate_message() -> str:
    return _(
        "Perangkat ini sudah mengisi survei untuk unit layanan ini hari ini. Terima kasih, jawaban Anda "
        "sudah kami terima; Anda dapat mengisi lagi besok atau menilai unit layanan lain."
    )


PROFILE_CHOICES = {"age_band": AgeBand, "gender": Gender, "education": Education, "occupation": Occupation}


def survey_submit(
    *,
    unit,
    scores: dict[str, int],
    device_key: str,
    service=None,
    profile: dict[str, str] | None = None,
    suggestion: str = "",
) -> SkmResponse:
    """Store one response. ``scores``: {"u1": 1..4, ..., "u9": 1..4}; ``profile``: any of age_band,
    gender, education, occupation (blank allowed). Raises ValidationError (code "duplicate" when the
    device already answered for the unit today)."""
    missing = [e for e in ELEMENTS if scores.get(e) not in (1, 2, 3, 4)]
    if missing:  # the form already says which; this guards every other caller
        raise ValidationError(_("Setiap unsur harus dinilai 1 sampai 4."), code="invalid")
    profile = {k: v for k, v in (profile or {}).items() if v}
    for name, value in profile.items():
        if name not in PROFILE_CHOICES or value not in PROFILE_CHOICES[name].values:
            raise ValidationError(_("Data responden tidak valid."), code="invalid")
    if service is not None and service.unit_id != unit.pk:
        raise ValidationError(_("Layanan itu bukan layanan unit ini."), code="invalid")
    suggestion = (suggestion or "").strip()
    if len(suggestion) > SUGGESTION_MAX:
        raise ValidationError(_("Saran terlalu panjang."), code="invalid")
    today = timezone.localdate()
    if already_answered(unit=unit, device_key=device_key, on=today):
        raise ValidationError(duplicate_message(), code="duplicate")
    try:
        with transaction.atomic():
            return SkmResponse.objects.create(
                unit=unit,
                service=service,
                answered_on=today,
                device_key=device_key,
                suggestion=suggestion,
                **{e: scores[e] for e in ELEMENTS},
                **profile,
            )
    except IntegrityError as exc:  # the same device, twice at the same moment: the constraint decides
        raise ValidationError(duplicate_message(), code="duplicate") from exc
