"""The predikat kinerja matrix and the distribution curve (DOMAIN.md, PermenPANRB 6/2022 and
SE MenPANRB 3/2023). Pure functions: the predicate is always computed, never typed."""

from collections import Counter
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.indicators.models import Rating


class Predicate(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", gettext_lazy("Sangat Baik")
    BAIK = "baik", gettext_lazy("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", gettext_lazy("Butuh Perbaikan")
    KURANG = "kurang", gettext_lazy("Kurang/Misconduct")
    SANGAT_KURANG = "sangat_kurang", gettext_lazy("Sangat Kurang")


A, S, B = Rating.DI_ATAS, Rating.SESUAI, Rating.DI_BAWAH
# (rating hasil kerja, rating perilaku kerja) -> predikat
MATRIX = {
    (A, A): Predicate.SANGAT_BAIK, (A, S): Predicate.BAIK, (A, B): Predicate.KURANG,
    (S, A): Predicate.BAIK, (S, S): Predicate.BAIK, (S, B): Predicate.KURANG,
    (B, A): Predicate.BUTUH_PERBAIKAN, (B, S): Predicate.BUTUH_PERBAIKAN, (B, B): Predicate.SANGAT_KURANG,
}  # fmt: skip


def predicate_for(hasil: str | None, perilaku: str | None) -> str | None:
    if not hasil or not perilaku:
        return None
    return MATRIX[(Rating(hasil), Rating(perilaku))]


class UnitResult(models.TextChoices):
    """The leader's rating of a unit's organisational result, which bounds its staff's predicates."""

    ISTIMEWA = "istimewa", gettext_lazy("Istimewa")
    BAIK = "baik", gettext_lazy("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", gettext_lazy("Butuh Perbaikan")
    KURANG = "kurang", gettext_lazy("Kurang")
    SANGAT_KURANG = "sangat_kurang", gettext_lazy("Sangat Kurang")


@dataclass
class CurveCheck:
    fits: bool
    shares: dict  # predicate -> percent of the unit (0-100, rounded to 1 decimal)
    problems: list[str]


def _share(counts: Counter, total: int, *predicates) -> float:
    return 100 * sum(counts[p] for p in predicates) / total if total else 0.0


def check_curve(result: str | None, predicates: list[str]) -> CurveCheck:
    """Compare a unit's predicates with the curve its organisational result allows. It only
    reports: nobody's predicate is changed here or anywhere else."""
    counts, total = Counter(predicates), len(predicates)
    shares = {p: round(_share(counts, total, p), 1) for p in Predicate.values}
    if not result or not total:
        return CurveCheck(True, shares, [])
    sb, b, bp = Predicate.SANGAT_BAIK, Predicate.BAIK, Predicate.BUTUH_PERBAIKAN
    k, sk = Predicate.KURANG, Predicate.SANGAT_KURANG
    rules = {
        UnitResult.ISTIMEWA: [(_share(counts, total, sb) <= 70, _("paling banyak 70 % Sangat Baik"))],
        UnitResult.BAIK: [
            (_share(counts, total, b) <= 70, _("paling banyak 70 % Baik")),
            (_share(counts, total, bp, k) > 0, _("ada yang Butuh Perbaikan atau Kurang/Misconduct")),
        ],
        UnitResult.BUTUH_PERBAIKAN: [
            (_share(counts, total, bp) >= 60, _("sedikitnya 60 % Butuh Perbaikan")),
            (_share(counts, total, sb) <= 10, _("paling banyak 10 % Sangat Baik")),
        ],
        UnitResult.KURANG: [
            (_share(counts, total, k) >= 60, _("sedikitnya 60 % Kurang/Misconduct")),
            (_share(counts, total, bp) >= 10, _("sedikitnya 10 % Butuh Perbaikan")),
            (_share(counts, total, sb) <= 10, _("paling banyak 10 % Sangat Baik")),
        ],
        UnitResult.SANGAT_KURANG: [
            (_share(counts, total, sk) >= 60, _("sedikitnya 60 % Sangat Kurang")),
            (_share(counts, total, k, bp) >= 10, _("sedikitnya 10 % Kurang/Misconduct atau Butuh Perbaikan")),
            (counts[sb] == 0, _("tidak ada Sangat Baik")),
        ],
    }[UnitResult(result)]
    problems = [
        _("Kurva %(result)s meminta %(rule)s.") % {"result": UnitResult(result).label, "rule": rule}
        for ok, rule in rules
        if not ok
    ]
    return CurveCheck(not problems, shares, problems)
