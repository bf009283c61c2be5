"""Public verification of printed documents by their code (``/verifikasi/<code>/``).

The page lives with the evaluation reports, but other apps print verifiable documents too (the
training certificates). So that the page need not import them, each app registers a lookup at
start-up (its ``AppConfig.ready``): a function that takes a code and answers ``None`` when the
code is not one of its documents, or a ``Verified`` saying what the document certifies. A lookup
shows only what is printed on the document itself, masked where a stranger holding a code needs
no more (a NIP: its last digits)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

MAX_CODE_LENGTH = 64


@dataclass(frozen=True)
class Verified:
    """What the public page shows of one registered document."""

    kind: str  # "Sertifikat pelatihan"
    code: str
    sha256: str
    generated_at: datetime
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, value), in print order
    note: str = ""  # what the checksum and the code mean for this kind of document


Lookup = Callable[[str], "Verified | None"]
_LOOKUPS: dict[str, Lookup] = {}


def register(name: str, lookup: Lookup) -> None:
    """Add (or replace, by ``name``) an app's lookup; calling it twice registers it once."""
    _LOOKUPS[name] = lookup


def verify(code: str) -> Verified | None:
    """The registered document with this code, or None (an empty, overlong or unknown code)."""
    code = (code or "").strip()
    if not code or len(code) > MAX_CODE_LENGTH:
        return None
    for lookup in _LOOKUPS.values():
        found = lookup(code)
        if found is not None:
            return found
    return None


def mask_nip(nip: str, *, visible: int = 4) -> str:
    """A NIP with only its last digits shown: the first 14 digits hold the birth date, the start
    of service and the gender, which a verifier does not need to match a printed copy."""
    nip = (nip or "").strip()
    if len(nip) <= visible:
        return "•" * len(nip)
    return "•" * (len(nip) - visible) + nip[-visible:]
