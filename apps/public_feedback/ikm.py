"""The IKM formula and grades (PermenPANRB 14/2017; DOMAIN.md "Citizens' satisfaction survey").

Pure functions on score totals. NRR per element is the mean score; IKM = (sum of NRR x 1/9) x 25,
computed with exact fractions (the regulation's weight 0.111 is a rounded 1/9, and using it would
put 100-point units at 99.9). Only the shown value is rounded, to two decimals, half up; the grade
is read from that shown value, so a page never shows 88.31 next to grade B.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext_lazy as _

ELEMENT_COUNT = 9
# (lowest shown value, grade, meaning), best first
GRADES = (
    (Decimal("88.31"), "A", _("Sangat Baik")),
    (Decimal("76.61"), "B", _("Baik")),
    (Decimal("65.00"), "C", _("Kurang Baik")),
    (Decimal("25.00"), "D", _("Tidak Baik")),
)


@dataclass(frozen=True)
class Ikm:
    respondents: int
    nrr: tuple[Fraction, ...]  # per element, the regulation's order
    exact: Fraction | None  # None without respondents

    @property
    def value(self) -> Decimal | None:
        return shown(self.exact) if self.exact is not None else None

    @property
    def grade(self) -> str:
        return grade_of(self.value)[0] if self.value is not None else ""

    @property
    def grade_label(self) -> str:
        return str(grade_of(self.value)[1]) if self.value is not None else ""

    def nrr_shown(self) -> list[Decimal]:
        return [shown(n, places="0.001") for n in self.nrr]


def shown(value: Fraction, places: str = "0.01") -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def grade_of(value: Decimal) -> tuple[str, object]:
    for lowest, grade, label in GRADES:
        if value >= lowest:
            return grade, label
    return GRADES[-1][1], GRADES[-1][2]


def compute(respondents: int, totals: list[int] | tuple[int, ...]) -> Ikm:
    """``totals``: the sum of each element's scores over ``respondents`` responses."""
    if len(totals) != ELEMENT_COUNT:
        raise ValueError("SKM has nine elements")
    if respondents <= 0:
        return Ikm(0, tuple(Fraction(0) for _ in totals), None)
    nrr = tuple(Fraction(total, respondents) for total in totals)
    return Ikm(respondents, nrr, sum(nrr, Fraction(0)) / ELEMENT_COUNT * 25)
