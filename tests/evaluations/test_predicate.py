"""The predicate matrix (all nine cells) and the distribution curve (DOMAIN.md)."""

import pytest

from apps.evaluations.predicate import Predicate, UnitResult, check_curve, predicate_for

SB, B, BP, K, SK = (
    Predicate.SANGAT_BAIK,
    Predicate.BAIK,
    Predicate.BUTUH_PERBAIKAN,
    Predicate.KURANG,
    Predicate.SANGAT_KURANG,
)


@pytest.mark.parametrize(
    "hasil, perilaku, expected",
    [
        ("di_atas", "di_atas", SB),
        ("di_atas", "sesuai", B),
        ("di_atas", "di_bawah", K),
        ("sesuai", "di_atas", B),
        ("sesuai", "sesuai", B),
        ("sesuai", "di_bawah", K),
        ("di_bawah", "di_atas", BP),
        ("di_bawah", "sesuai", BP),
        ("di_bawah", "di_bawah", SK),
    ],
)
def test_every_cell_of_the_matrix(hasil, perilaku, expected):
    assert predicate_for(hasil, perilaku) == expected


def test_no_predicate_until_both_ratings_are_given():
    assert predicate_for("sesuai", "") is None and predicate_for(None, "sesuai") is None


class TestCurve:
    def test_istimewa_allows_at_most_70_percent_sangat_baik(self):
        assert check_curve(UnitResult.ISTIMEWA, [SB] * 7 + [B] * 3).fits
        check = check_curve(UnitResult.ISTIMEWA, [SB] * 8 + [B] * 2)
        assert not check.fits and "70 % Sangat Baik" in check.problems[0] and check.shares[SB] == 80.0

    def test_baik_needs_some_below_and_at_most_70_percent_baik(self):
        assert check_curve(UnitResult.BAIK, [B] * 7 + [SB] * 2 + [BP]).fits
        check = check_curve(UnitResult.BAIK, [B] * 8 + [SB] * 2)
        assert not check.fits and len(check.problems) == 2

    def test_butuh_perbaikan(self):
        assert check_curve(UnitResult.BUTUH_PERBAIKAN, [BP] * 6 + [B] * 3 + [SB]).fits
        assert not check_curve(UnitResult.BUTUH_PERBAIKAN, [BP] * 5 + [B] * 3 + [SB] * 2).fits

    def test_kurang(self):
        assert check_curve(UnitResult.KURANG, [K] * 6 + [BP] + [B] * 2 + [SB]).fits
        assert len(check_curve(UnitResult.KURANG, [K] * 6 + [B] * 2 + [SB] * 2).problems) == 2

    def test_sangat_kurang(self):
        assert check_curve(UnitResult.SANGAT_KURANG, [SK] * 6 + [K] + [B] * 3).fits
        check = check_curve(UnitResult.SANGAT_KURANG, [SK] * 6 + [B] * 3 + [SB])
        assert not check.fits and len(check.problems) == 2

    def test_an_unrated_unit_or_an_empty_one_fits(self):
        assert check_curve(None, [SB] * 10).fits and check_curve(UnitResult.BAIK, []).fits
