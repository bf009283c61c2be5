"""Cell values of an import turned into what the models store: NIP, gelar, golongan, units, choices.

* A single GELAR column is split: leading known front titles (Dr., Drs., Ir., H., Hj., Prof., ...;
  with their dot) become the gelar depan, the rest the gelar belakang ("Dr. S.E., M.Si." ->
  "Dr." + "S.E., M.Si.").
* Golongan accepts 'III/a', 'iii-a', '3/a', 'Penata Muda (III/a)', 'Penata Muda', 'Gol. IX'.
* UNIT KERJA matches a unit's name, else its code, else its short name (case-insensitively);
  "Unit induk > Nama unit" picks one of several units that share a name.
"""

import re

from django.utils import translation
from django.utils.translation import gettext as _

from ..models import EmploymentType, OrgUnit
from ..pangkat import PNS_CODES, PNS_GOLONGAN, PPPK_GOLONGAN, normalise_golongan
from .parsing import normalise_header

FRONT_TITLES = {"dr.", "drs.", "dra.", "ir.", "h.", "hj.", "prof.", "drg.", "ns.", "apt.", "kh."}
GENDERS = {"L": "L", "LAKI LAKI": "L", "LAKI": "L", "PRIA": "L", "1": "L"}
GENDERS |= {"P": "P", "PEREMPUAN": "P", "WANITA": "P", "2": "P"}
EMPLOYMENT_TYPES = {"PNS": "pns", "CPNS": "pns", "PPPK": "pppk", "P3K": "pppk"}
EMPLOYMENT_TYPES |= {"PPPK PW": "pppk_pw", "PPPK PARUH WAKTU": "pppk_pw", "PARUH WAKTU": "pppk_pw"}
PHONE_RE = re.compile(r"^[0-9+()\-\s./]*$")
_GOLONGAN_IN_TEXT = re.compile(r"\b(IV|III|II|I|[1-4])\s*[/-]\s*([A-Ea-e])\b")
_PPPK_IN_TEXT = re.compile(r"^(?:GOLONGAN|GOL\.?)?\s*([IVX]+)$")
_PANGKAT_NAMES = {normalise_header(name): code for code, name in PNS_GOLONGAN}


def choice_keys(choices) -> dict[str, str]:
    """Values and Indonesian labels of a TextChoices, as normalised headers."""
    with translation.override("id"):
        return {normalise_header(text): value for value, name in choices for text in (value, str(name))}


def clean_nip(value) -> str:
    return re.sub(r"\s+", "", str(value or ""))


def split_gelar(text: str) -> tuple[str, str]:
    parts = [part.strip() for part in (text or "").split(",") if part.strip()]
    front = []
    while parts:
        words = parts[0].split()
        taken = 0
        while taken < len(words) and words[taken].casefold() in FRONT_TITLES:
            taken += 1
        front += words[:taken]
        if taken < len(words):
            parts[0] = " ".join(words[taken:])
            break
        parts.pop(0)
    return " ".join(front), ", ".join(parts)


def golongan_code(text: str, employment_type: str) -> str | None:
    """The golongan code written in ``text`` ('III/a', 'Penata Muda (III/a)', 'Gol. IX'), or None."""
    valid = PNS_CODES if employment_type == EmploymentType.PNS else PPPK_GOLONGAN
    candidates = [normalise_golongan(text)]
    if match := _GOLONGAN_IN_TEXT.search(text):
        candidates.append(normalise_golongan(f"{match[1]}/{match[2]}"))
    if match := _PPPK_IN_TEXT.match(text.upper().strip()):
        candidates.append(match[1])
    candidates.append(_PANGKAT_NAMES.get(normalise_header(text), ""))
    return next((code for code in candidates if code in valid), None)


class UnitIndex:
    """Every unit, looked up by name, code, short name or "parent > name" (one query)."""

    def __init__(self):
        rows = list(OrgUnit.objects.values_list("id", "name", "short_name", "code", "parent_id", "is_active"))
        self.active = {pk: active for pk, _n, _s, _c, _p, active in rows}
        names = {pk: name for pk, name, *_rest in rows}
        self.tiers: list[dict[str, list[int]]] = [{}, {}, {}, {}]  # parent > name, name, code, short name
        for pk, name, short_name, code, parent_id, _active in rows:
            if parent_id in names:
                self.tiers[0].setdefault(self.key(f"{names[parent_id]} > {name}"), []).append(pk)
            for tier, text in zip(self.tiers[1:], (name, code, short_name), strict=True):
                if text:
                    tier.setdefault(self.key(text), []).append(pk)

    @staticmethod
    def key(text: str) -> str:
        return " > ".join(" ".join(part.split()).casefold() for part in text.split(">"))

    def resolve(self, text: str) -> tuple[int | None, str | None]:
        key = self.key(text)
        for tier in self.tiers:
            found = tier.get(key)
            if not found:
                continue
            active = [pk for pk in found if self.active[pk]]
            if len(active) == 1:
                return active[0], None
            if len(active) > 1:
                return None, _(
                    "Nama unit '%(unit)s' dipakai oleh %(n)d unit; tulis 'Unit induk > Nama unit' atau kode unitnya."
                ) % {"unit": text, "n": len(active)}
            return None, _("Unit kerja '%(unit)s' sudah tidak aktif.") % {"unit": text}
        return None, _(
            "Unit kerja '%(unit)s' tidak ditemukan. Tulis nama unit seperti di aplikasi, singkatan, atau kodenya."
        ) % {"unit": text}
