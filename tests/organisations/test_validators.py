import pytest
from django.core.exceptions import ValidationError

from organisations.seed import PARTIES
from organisations.validators import (
    business_id_check_digit,
    normalise_business_id,
    validate_business_id,
)


@pytest.mark.parametrize("business_id", [row[4] for row in PARTIES])
def test_every_partys_business_id_passes_the_check(business_id):
    validate_business_id(business_id)


def test_the_agreements_en_dash_is_accepted_and_stored_with_a_hyphen():
    assert normalise_business_id(" 3221307\u20138 ") == "3221307-8"
    validate_business_id("3221307\u20138")


@pytest.mark.parametrize("value", ["3221307-7", "0145626-0", "1234567", "abc", "", "12345678-9"])
def test_a_wrong_business_id_is_refused(value):
    with pytest.raises(ValidationError):
        validate_business_id(value)


def test_remainder_one_means_no_valid_check_digit():
    # 0000010: 1*2 = 2 → 2; find a stem whose weighted sum mod 11 is 1.
    stem = next(f"{n:07d}" for n in range(10**6) if business_id_check_digit(f"{n:07d}") is None)
    for digit in range(10):
        with pytest.raises(ValidationError):
            validate_business_id(f"{stem}-{digit}")


def test_remainder_zero_gives_check_digit_zero():
    assert business_id_check_digit("0000000") == 0
