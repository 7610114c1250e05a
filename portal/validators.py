"""Validators shared by the whole portal: the password length check and one-line text."""

from django.contrib.auth.password_validation import MinimumLengthValidator as _Base
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(_Base):
    """Django's own check, with a message that Django's Finnish catalogue lacks."""

    def get_error_message(self):
        return ngettext(
            "This password is too short. It must contain at least %(min_length)d character.",
            "This password is too short. It must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(self.get_error_message(), code="password_too_short")

    def get_help_text(self):
        return ngettext(
            "Your password must contain at least %(min_length)d character.",
            "Your password must contain at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


def validate_one_line(value: str) -> None:
    """A name, a title or an address is one line: it lands in mail headers, calendar files
    and CSV rows, where a line break would start a new header, property or row."""
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Write this on one line."), code="one_line")
