import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from apps.employees.nip import make_nip, parse_nip


def test_well_formed_nip_gives_birth_date_gender_and_tmt():
    facts = parse_nip("198609262015051001")
    assert facts.birth_date == datetime.date(1986, 9, 26)
    assert facts.gender == "L"
    assert facts.tmt_cpns == datetime.date(2015, 5, 1)


@pytest.mark.parametrize(
    ("nip", "code"),
    [
        ("19860926201505100", "nip_length"),  # 17 digits
        ("1986092620150510011", "nip_length"),  # 19 digits
        ("19860926201505100A", "nip_digits"),
        ("198602302015051001", "nip_birth"),  # 30 February
        ("198609262015053001", "nip_gender"),  # gender digit 3
        ("198609262015051000", "nip_sequence"),
        ("198609262015131001", "nip_tmt_month"),
        ("198609262003051001", "nip_tmt_age"),  # TMT at 16
        ("١٩٨٦٠٩٢٦٢٠١٥٠٥١٠٠١", "nip_digits"),  # Arabic-Indic digits are not ASCII
    ],
)
def test_malformed_nip_is_refused_with_a_reason(nip, code):
    with pytest.raises(ValidationError) as excinfo:
        parse_nip(nip)
    assert excinfo.value.code == code


def test_pppk_number_skips_the_tmt_layout():
    facts = parse_nip("199001012021212001", pppk=True)
    assert facts.gender == "P" and facts.tmt_cpns is None


@given(
    birth=st.dates(min_value=datetime.date(1960, 1, 1), max_value=datetime.date(2004, 12, 31)),
    years_after_18=st.integers(min_value=1, max_value=20),
    month=st.integers(min_value=1, max_value=12),
    gender=st.sampled_from("LP"),
    sequence=st.integers(min_value=1, max_value=999),
)
def test_make_nip_round_trips(birth, years_after_18, month, gender, sequence):
    tmt = datetime.date(birth.year + 18 + years_after_18, month, 1)
    facts = parse_nip(make_nip(birth_date=birth, tmt_cpns=tmt, gender=gender, sequence=sequence))
    assert (facts.birth_date, facts.gender, facts.tmt_cpns) == (birth, gender, tmt)
