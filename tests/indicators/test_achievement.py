"""The achievement formula of DOMAIN.md: both directions, the cap, zero realisation, weights,
missing parts, and the proposed rating at its thresholds."""

from decimal import Decimal as D

import pytest

from apps.indicators import achievement as calc
from apps.indicators.models import Direction, Rating

CAP = D(120)


def iki(percent, iki_id=1):
    return calc.IkiResult(iki_id, "x", "dokumen", Direction.HIGHER, D(1), D(1), percent, False, "")


def rhk(percent, *, kind="utama", weight=None, rhk_id=1):
    return calc.RhkResult(rhk_id, "r", kind, weight, percent, "")


class TestIki:
    def test_higher_is_better_is_realisation_over_target(self):
        value, capped, reason = calc.iki_achievement(
            target=D(40), realisation=D(30), direction=Direction.HIGHER, cap=CAP
        )
        assert value == D(75) and not capped
        assert "30" in reason and "40" in reason and "75" in reason

    def test_lower_is_better_is_target_over_realisation(self):
        value, _, reason = calc.iki_achievement(target=D(3), realisation=D(4), direction=Direction.LOWER, cap=CAP)
        assert value == D(75)
        assert "rendah" in reason

    def test_lower_is_better_beating_the_target_is_capped(self):
        value, capped, reason = calc.iki_achievement(target=D(5), realisation=D(2), direction=Direction.LOWER, cap=CAP)
        assert value == CAP and capped and "120" in reason

    def test_higher_is_better_above_target_is_capped(self):
        value, capped, _ = calc.iki_achievement(target=D(10), realisation=D(30), direction=Direction.HIGHER, cap=CAP)
        assert value == D(120) and capped

    def test_the_cap_is_configurable(self):
        value, capped, _ = calc.iki_achievement(target=D(10), realisation=D(30), direction=Direction.HIGHER, cap=D(150))
        assert value == D(150) and capped

    def test_zero_realisation_of_a_lower_is_better_target_counts_as_fully_met(self):
        value, capped, _ = calc.iki_achievement(target=D(3), realisation=D(0), direction=Direction.LOWER, cap=CAP)
        assert value == D(100) and not capped

    def test_zero_realisation_of_a_higher_is_better_target_is_zero(self):
        value, _, _ = calc.iki_achievement(target=D(12), realisation=D(0), direction=Direction.HIGHER, cap=CAP)
        assert value == D(0)

    @pytest.mark.parametrize("target, realisation", [(None, D(5)), (D(5), None), (D(0), D(5))])
    def test_nothing_to_measure_is_missing_not_zero(self, target, realisation):
        value, _, reason = calc.iki_achievement(
            target=target, realisation=realisation, direction=Direction.HIGHER, cap=CAP
        )
        assert value is None and reason


class TestRhk:
    def test_mean_of_measured_iki_leaving_out_unmeasured(self):
        value, reason = calc.rhk_achievement([iki(D(80)), iki(D(100)), iki(None)])
        assert value == D(90)
        assert "1 IKI belum terukur" in reason

    def test_nothing_measured_is_none(self):
        assert calc.rhk_achievement([iki(None)])[0] is None
        assert calc.rhk_achievement([])[0] is None


class TestSkp:
    def test_plain_mean_over_rhk_utama_only(self):
        value, weighted, _ = calc.skp_achievement([rhk(D(80)), rhk(D(100)), rhk(D(10), kind="tambahan")])
        assert value == D(90) and not weighted

    def test_weights_are_used_when_every_rhk_utama_has_one(self):
        value, weighted, reason = calc.skp_achievement([rhk(D(100), weight=D(75)), rhk(D(60), weight=D(25))])
        assert value == D(90) and weighted and "tertimbang" in reason

    def test_a_missing_part_renormalises_the_weights_never_counts_as_zero(self):
        value, weighted, reason = calc.skp_achievement(
            [rhk(D(100), weight=D(50)), rhk(D(70), weight=D(20)), rhk(None, weight=D(30))]
        )
        # (100*50 + 70*20) / 70, not (100*50 + 70*20 + 0*30) / 100
        assert value == (D(5000) + D(1400)) / D(70) and weighted
        assert "dibagi ulang" in reason

    def test_missing_part_without_weights_is_left_out(self):
        value, _, reason = calc.skp_achievement([rhk(D(80)), rhk(None)])
        assert value == D(80) and "belum terukur" in reason

    def test_nothing_measured_gives_no_value(self):
        assert calc.skp_achievement([rhk(None)])[0] is None
        assert calc.skp_achievement([])[0] is None


@pytest.mark.parametrize(
    "percent, rating",
    [(D(120), Rating.DI_ATAS), (D(110), Rating.DI_ATAS), (D("109.99"), Rating.SESUAI), (D(80), Rating.SESUAI),
     (D("79.99"), Rating.DI_BAWAH), (D(0), Rating.DI_BAWAH), (None, None)],
)  # fmt: skip
def test_proposed_rating_at_its_thresholds(percent, rating):
    assert calc.propose_rating(percent, above=D(110), below=D(80)) == rating


def test_numbers_in_explanations_follow_the_language():
    from django.utils import translation

    with translation.override("id"):
        assert calc.pct(D("87.50")) == "87,5 %"
    with translation.override("en"):
        assert calc.pct(D("87.50")) == "87.5 %"
    assert calc.pct(None) == "-"
