"""NIP (PNS) and NI PPPK: layout, validation and the facts derived from them (DOMAIN.md).

A PNS NIP is 18 digits: birth date YYYYMMDD, TMT CPNS YYYYMM, gender (1 male, 2 female), and a
3-digit sequence from 001. A NI PPPK has the same length, birth date and gender digit, but its
digits 9-14 do not follow the PNS layout.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class NipFacts:
    birth_date: datetime.date
    gender: str  # "L" or "P"
    tmt_cpns: datetime.date | None


def _birth_date(nip: str) -> datetime.date:
    try:
        return datetime.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError as exc:
        raise ValidationError(
            _("8 digit pertama NIP harus tanggal lahir yang valid (TTTTBBHH)."), code="nip_birth"
        ) from exc


def parse_nip(value: str, *, pppk: bool = False) -> NipFacts:
    """Validate a NIP (or NI PPPK with ``pppk=True``) and return what it encodes."""
    nip = (value or "").strip().replace(" ", "")
    if not nip.isdigit() or not nip.isascii():
        raise ValidationError(_("NIP hanya boleh berisi angka."), code="nip_digits")
    if len(nip) != 18:
        raise ValidationError(
            _("NIP harus tepat 18 digit (tertulis %(n)d digit).") % {"n": len(nip)}, code="nip_length"
        )
    birth = _birth_date(nip)
    if nip[14] not in "12":
        raise ValidationError(_("Digit ke-15 NIP (jenis kelamin) harus 1 atau 2."), code="nip_gender")
    gender = "L" if nip[14] == "1" else "P"
    if pppk:
        return NipFacts(birth_date=birth, gender=gender, tmt_cpns=None)
    year, month = int(nip[8:12]), int(nip[12:14])
    if not 1 <= month <= 12:
        raise ValidationError(_("Bulan TMT CPNS pada NIP (digit 13-14) harus 01-12."), code="nip_tmt_month")
    tmt = datetime.date(year, month, 1)
    try:
        eighteenth = birth.replace(year=birth.year + 18)
    except ValueError:  # born on 29 February
        eighteenth = datetime.date(birth.year + 18, 3, 1)
    if tmt <= eighteenth:
        raise ValidationError(_("TMT CPNS pada NIP harus setelah ulang tahun ke-18."), code="nip_tmt_age")
    if nip[15:18] == "000":
        raise ValidationError(_("Nomor urut NIP (3 digit terakhir) tidak boleh 000."), code="nip_sequence")
    return NipFacts(birth_date=birth, gender=gender, tmt_cpns=tmt)


def make_nip(*, birth_date: datetime.date, tmt_cpns: datetime.date, gender: str, sequence: int) -> str:
    """Build a well-formed PNS NIP (used by the demo data and the tests)."""
    digit = "1" if gender == "L" else "2"
    return f"{birth_date:%Y%m%d}{tmt_cpns:%Y%m}{digit}{sequence:03d}"
