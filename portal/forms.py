"""Forms shared by the whole portal: the base classes every form of the portal derives from
(one-line fields and choices of rows hardened in one place), the login form, and how a
service's validation errors are shown on a form (services validate; forms show)."""

from functools import cache
from typing import Any, cast

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .params import KEY_MAX, KEY_MIN
from .validators import validate_one_line

_ONE_LINE_INPUTS = {"text", "email", "url", "search", "tel"}


def show_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: errors keyed by a field's name go on
    that field, the rest on the form as a whole."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class LoginForm(AllauthLoginForm):
    """allauth's login form with visible labels and our own wording."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("E-mail address")
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"
        password = self.fields["password"]
        password.label = _("Password")
        password.help_text = ""
        password.widget.attrs.pop("placeholder", None)
        password.widget.attrs["autocomplete"] = "current-password"
        if "remember" in self.fields:
            self.fields["remember"].label = _("Remember me on this device")


def _key_field(field: forms.ModelChoiceField) -> models.Field:
    model = cast(models.QuerySet, field.queryset).model
    key = model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
    while key.is_relation:  # a one-to-one primary key: the key of the row it points to
        key = key.target_field
    return key


def _refuse_impossible_key(field: forms.ModelChoiceField, value: Any) -> None:
    """An integer no row can have as its key is an invalid choice before the database is
    asked: SQLite raises OverflowError for 10**30 (Django guards only some lookups)."""
    if not isinstance(_key_field(field), models.IntegerField):
        return
    try:
        number = int(str(value).strip())
    except ValueError:
        return  # not a number: Django's own check refuses it
    if not KEY_MIN <= number <= KEY_MAX:
        raise ValidationError(
            field.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class _SafeModelChoice(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values:
            _refuse_impossible_key(self, value)
        return super().to_python(value)


class _SafeModelMultipleChoice(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for each in value:
            _refuse_impossible_key(self, each)
        return super()._check_values(value)  # type: ignore[misc]  # Django's, not in the stubs


@cache
def _safe_class(cls: type) -> type:
    """The field's own class with the key check in front (a subclass such as forums'
    PersonChoiceField keeps its labels)."""
    guard = (
        _SafeModelMultipleChoice
        if issubclass(cls, forms.ModelMultipleChoiceField)
        else _SafeModelChoice
    )
    return type(f"Safe{cls.__name__}", (guard, cls), {})


def _is_one_line(field: forms.Field) -> bool:
    return (
        isinstance(field, forms.CharField)
        and getattr(field.widget, "input_type", None) in _ONE_LINE_INPUTS
    )


def harden(form: forms.BaseForm) -> None:
    """The portal's rules for every field of a form, in one place: a one-line text field
    refuses line breaks (Django's CharField already refuses NUL bytes), and a choice of rows
    refuses a key no row can have instead of failing in the database."""
    for field in form.fields.values():
        if _is_one_line(field) and validate_one_line not in field.validators:
            field.validators.append(validate_one_line)
        if isinstance(field, forms.ModelChoiceField) and not isinstance(
            field, _SafeModelChoice | _SafeModelMultipleChoice
        ):
            field.__class__ = _safe_class(cast(type, type(field)))


class PortalForm(forms.Form):
    """The base of every plain form of the portal. Hardened when it is validated, so that
    fields a form adds in its own ``__init__`` are covered too."""

    def full_clean(self):
        harden(self)
        super().full_clean()


class PortalModelForm(forms.ModelForm):
    """The base of every model form of the portal (see PortalForm)."""

    def full_clean(self):
        harden(self)
        super().full_clean()
