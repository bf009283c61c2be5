"""Achievement of IKI, RHK and SKP (DOMAIN.md "Achievement of an IKI"), with the reasons.

Pure functions over plain values: the selectors load the numbers (``selectors_achievement``), this
module computes and explains them, so the same numbers reach the pages, the API, the PDF and the
evaluations. Every result carries an ``explanation`` that answers "why is my achievement 87 %?".

* IKI: higher is better = realisation / target; lower is better = target / realisation (a zero
  realisation against a positive target counts as fully met); capped (120 % by default).
* RHK: the mean of its measured IKI.
* SKP: the mean over RHK utama, weighted where the SKP sets weights; a part that cannot be measured
  yet is left out and the weights of the rest re-normalise (it never counts as zero).
* Proposed rating: >= 110 % Di Atas, >= 80 % Sesuai, below Di Bawah (thresholds configurable).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from .models import Direction, Rating

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def num(value: Decimal | None) -> str:
    """A number for explanations, in the active locale ("87,5" in Indonesian), at most two
    decimals and no trailing zeros."""
    if value is None:
        return "-"
    text = f"{value.quantize(CENT):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    decimals = len(text.partition(".")[2])
    return number_format(Decimal(text), decimal_pos=decimals)


def pct(value: Decimal | None) -> str:
    return "-" if value is None else f"{num(value)} %"


@dataclass
class IkiResult:
    iki_id: int
    text: str
    unit: str
    direction: str
    target: Decimal | None
    realisation: Decimal | None
    percent: Decimal | None
    capped: bool
    explanation: str

    @property
    def bar(self) -> int:
        """Width of a progress bar, 0-100."""
        return 0 if self.percent is None else int(min(self.percent, HUNDRED))


@dataclass
class RhkResult:
    rhk_id: int
    text: str
    kind: str
    weight: Decimal | None
    percent: Decimal | None
    explanation: str
    iki: list[IkiResult] = field(default_factory=list)

    @property
    def bar(self) -> int:
        return 0 if self.percent is None else int(min(self.percent, HUNDRED))


@dataclass
class SkpResult:
    percent: Decimal | None
    proposal: str | None
    weighted: bool
    explanation: str
    rhk: list[RhkResult] = field(default_factory=list)
    # for a "year so far" result: the last period whose targets are counted
    through: int | None = None

    @property
    def bar(self) -> int:
        return 0 if self.percent is None else int(min(self.percent, HUNDRED))

    @property
    def proposal_label(self) -> str:
        return Rating(self.proposal).label if self.proposal else _("belum dapat diusulkan")


def iki_achievement(
    *, target: Decimal | None, realisation: Decimal | None, direction: str, cap: Decimal
) -> tuple[Decimal | None, bool, str]:
    """(percent or None when it cannot be measured, whether the cap applied, the reason)."""
    if target is None:
        return None, False, _("Belum ada target untuk periode ini.")
    if realisation is None:
        return None, False, _("Belum ada realisasi yang tercatat.")
    if direction == Direction.LOWER:
        if realisation == 0:
            raw = HUNDRED
            reason = _("Makin rendah makin baik; realisasi 0 dihitung tercapai penuh (100 %).")
        else:
            raw = target / realisation * HUNDRED
            reason = _("Makin rendah makin baik: target %(t)s ÷ realisasi %(r)s × 100 = %(p)s.") % {
                "t": num(target),
                "r": num(realisation),
                "p": pct(raw),
            }
    else:
        if target == 0:
            return None, False, _("Target 0: tidak ada yang diukur pada periode ini.")
        raw = realisation / target * HUNDRED
        reason = _("Realisasi %(r)s ÷ target %(t)s × 100 = %(p)s.") % {
            "r": num(realisation),
            "t": num(target),
            "p": pct(raw),
        }
    if raw > cap:
        return cap, True, reason + " " + _("Dibatasi %(cap)s.") % {"cap": pct(cap)}
    return raw, False, reason


def rhk_achievement(iki: list[IkiResult]) -> tuple[Decimal | None, str]:
    measured = [item.percent for item in iki if item.percent is not None]
    if not measured:
        return None, _("Belum ada IKI yang dapat diukur.")
    mean = sum(measured) / len(measured)
    left_out = len(iki) - len(measured)
    reason = _("Rata-rata %(n)s IKI = %(p)s.") % {"n": len(measured), "p": pct(mean)}
    if left_out:
        reason += " " + _("%(k)s IKI belum terukur dan tidak dihitung.") % {"k": left_out}
    return mean, reason


def skp_achievement(rhk: list[RhkResult]) -> tuple[Decimal | None, bool, str]:
    """(percent, whether weights were used, the reason). Only RHK utama count."""
    utama = [item for item in rhk if item.kind == "utama"]
    measured = [item for item in utama if item.percent is not None]
    if not measured:
        return None, False, _("Belum ada RHK utama yang dapat diukur.")
    weighted = bool(utama) and all(item.weight for item in utama)
    if weighted:
        total = sum(item.weight for item in measured)
        value = sum(item.percent * item.weight for item in measured) / total
        reason = _("Rata-rata tertimbang %(n)s RHK utama (bobot %(w)s dari 100) = %(p)s.") % {
            "n": len(measured),
            "w": num(total),
            "p": pct(value),
        }
        if total != HUNDRED:
            reason += " " + _("Bobot RHK yang belum terukur dibagi ulang ke RHK lainnya.")
    else:
        value = sum(item.percent for item in measured) / len(measured)
        reason = _("Rata-rata %(n)s RHK utama = %(p)s.") % {"n": len(measured), "p": pct(value)}
        if len(measured) < len(utama):
            reason += " " + _("%(k)s RHK utama belum terukur dan tidak dihitung.") % {"k": len(utama) - len(measured)}
    return value, weighted, reason


def propose_rating(percent: Decimal | None, *, above: Decimal, below: Decimal) -> str | None:
    if percent is None:
        return None
    if percent >= above:
        return Rating.DI_ATAS
    if percent >= below:
        return Rating.SESUAI
    return Rating.DI_BAWAH
