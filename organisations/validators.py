"""Finnish business id (y-tunnus) normalisation and check digit."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
_FORMAT = re.compile(r"^(\d{7})-(\d)$")


def normalise_business_id(value: str | None) -> str:
    """Accept the en dash the agreement uses (``3221307–8``) and stray spaces."""
    value = (value or "").strip()
    for dash in _DASHES:
        value = value.replace(dash, "-")
    return re.sub(r"\s+", "", value)


def business_id_check_digit(first_seven: str) -> int | None:
    """Weights 7,9,10,5,8,4,2, mod 11: remainder 0 → 0, 1 → no valid id, else 11 − r."""
    remainder = sum(int(d) * w for d, w in zip(first_seven, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def validate_business_id(value: str) -> None:
    match = _FORMAT.match(normalise_business_id(value))
    if not match:
        raise ValidationError(
            _("Enter the business ID in the form 1234567-8."), code="business_id_format"
        )
    expected = business_id_check_digit(match.group(1))
    if expected is None or expected != int(match.group(2)):
        raise ValidationError(
            _("The business ID's check digit is wrong. Check the number."),
            code="business_id_checksum",
        )
