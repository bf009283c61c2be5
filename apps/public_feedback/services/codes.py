"""Tracking codes and reference numbers of complaints.

The tracking code is the reporter's only key to their complaint, so it must be unguessable and easy
to read aloud or type on a phone:

* 80 bits from ``secrets``, written as 16 characters of Crockford's base 32 (digits and capitals
  without I, L, O and U), in groups of four after the prefix: ``ADU-7K3Q-9XPM-2F4H-JW8C``.
* Reading it back forgives what people do: lower case, spaces, missing or extra dashes, the
  prefix left out, and the look-alikes Crockford defines (O read as 0; I and L read as 1).
* Only the SHA-256 of the normalised code is stored (``Complaint.code_hash``).

The code is derived from a random seed with the secret key (``code_from_seed``). The seed travels
to the e-mail task through the outbox table, so the code can be mailed after commit without
being written anywhere: the seed alone, from a leaked backup, gives nothing without the key.

The reference number (``PGD-2026-000123``) is public and not secret: it is what staff quote and
the Open311 id. Numbers run per year and are allocated under a transaction-scoped advisory lock,
so two submissions at the same moment never get the same number.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import IntegerField, Max
from django.db.models.functions import Cast, Substr

PREFIX = "ADU"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32
LENGTH = 16  # x 5 bits = 80 bits
BITS = LENGTH * 5
GROUP = 4
# Crockford's decoding of look-alikes; U is not in the alphabet and is not guessed.
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_NOT_CODE = re.compile(r"[\s\-_.,/]+")

REFERENCE_PREFIX = "PGD"
REFERENCE_DIGITS = 6
# Any constant: the key of the advisory lock that serialises reference allocation.
_REFERENCE_LOCK = 0x5067_6431


@dataclass(frozen=True)
class Issued:
    code: str  # formatted, shown once to the reporter
    seed: str  # what the e-mail task needs to rebuild the code (with the secret key)

    @property
    def code_hash(self) -> str:
        return code_hash(self.code)


def _encode(number: int) -> str:
    chars = []
    for _ in range(LENGTH):
        number, digit = divmod(number, 32)
        chars.append(ALPHABET[digit])
    return "".join(reversed(chars))


def code_from_seed(seed: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"tracking-code:{seed}".encode(), hashlib.sha256).digest()
    return format_code(_encode(int.from_bytes(digest[: BITS // 8], "big")))


def issue() -> Issued:
    """A new tracking code (80 bits of ``secrets`` entropy behind the HMAC)."""
    seed = secrets.token_hex(16)
    return Issued(code=code_from_seed(seed), seed=seed)


def format_code(body: str) -> str:
    groups = [body[i : i + GROUP] for i in range(0, len(body), GROUP)]
    return "-".join([PREFIX, *groups])


def normalise(text: str) -> str | None:
    """The 16 characters of a code as typed, or None when it cannot be a code."""
    if not text or len(text) > 80:
        return None
    compact = _NOT_CODE.sub("", text).upper()
    if len(compact) == LENGTH + len(PREFIX) and compact.startswith(PREFIX):
        compact = compact[len(PREFIX) :]
    compact = compact.translate(_LOOK_ALIKES)
    if len(compact) != LENGTH or any(char not in ALPHABET for char in compact):
        return None
    return compact


def code_hash(text: str) -> str:
    """SHA-256 of the normalised code ("" for something that is not a code: matches nothing)."""
    body = normalise(text)
    if body is None:
        return ""
    return hashlib.sha256(format_code(body).encode()).hexdigest()


def next_reference(year: int) -> str:
    """The next free reference number of ``year``. Call inside the transaction that saves it: the
    advisory lock is held until that transaction ends, so concurrent submissions wait in turn."""
    from ..models import Complaint

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REFERENCE_LOCK])
    prefix = f"{REFERENCE_PREFIX}-{year}-"
    # the number as an integer, so the order holds past 999,999 (when a seventh digit appears)
    last = (
        Complaint.objects.filter(reference__startswith=prefix)
        .aggregate(n=Max(Cast(Substr("reference", len(prefix) + 1), IntegerField())))
        .get("n")
    )
    return f"{prefix}{(last or 0) + 1:0{REFERENCE_DIGITS}d}"
