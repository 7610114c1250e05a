"""The portal's rules for every form field (portal/forms.py ``harden``): a one-line field
refuses line breaks and a choice of rows refuses a key no row can have — each once seen to
crash or to store a value that broke a mail header or a calendar file."""

from __future__ import annotations

import pytest
from django import forms

from forums.models import Body
from organisations.models import User
from portal.forms import PortalForm, PortalModelForm
from workgroups.forms import PairCreateForm

HUGE = str(10**30)


def test_a_huge_key_in_a_choice_of_rows_keyed_by_a_relation_is_an_invalid_choice(
    coordinator,
):
    """Workgroup's key is its body (one-to-one): SQLite raised OverflowError, a 500."""
    form = PairCreateForm(
        {"service_interface": "Neuvola", "workgroup": HUGE, "valid_from": "2025-01-01"},
        user=coordinator,
    )
    assert not form.is_valid()
    assert str(form.errors["workgroup"][0]).startswith("Valitse oikea vaihtoehto")


class _Joint(PortalForm):
    bodies = forms.ModelMultipleChoiceField(queryset=Body.objects.all())


@pytest.mark.parametrize("value", [HUGE, str(-(10**30))])
def test_a_huge_key_in_a_multiple_choice_is_an_invalid_choice(agreement, value):
    """``pk__in`` has no overflow guard in Django 5.2: SQLite raised OverflowError."""
    form = _Joint({"bodies": [str(Body.objects.get(slug="hytefoorumi").pk), value]})
    assert not form.is_valid()
    assert "bodies" in form.errors


class _Profile(PortalModelForm):
    class Meta:
        model = User
        fields = ["first_name", "job_title"]
        widgets = {"job_title": forms.Textarea}


@pytest.mark.parametrize("text", ["Maija\nMeikäläinen", "Maija\r\nBcc: x@example.com"])
def test_a_line_break_in_a_one_line_field_is_refused_on_the_field(db, text):
    form = _Profile({"first_name": text, "job_title": "rivi\ntoinen"})
    assert not form.is_valid()
    assert form.errors == {"first_name": ["Kirjoita tämä yhdelle riville."]}


def test_the_profile_page_refuses_a_name_on_two_lines(forssa_member, client_for):
    response = client_for(forssa_member).post(
        "/profile/", {"first_name": "Maija\nBcc: x@example.com", "last_name": "M", "language": "fi"}
    )
    assert response.status_code == 200
    assert "Kirjoita tämä yhdelle riville." in response.content.decode()
    forssa_member.refresh_from_db()
    assert forssa_member.first_name == "Member"


def test_every_form_of_the_portal_is_hardened():
    """A new form that forgets the base would miss both rules."""
    import importlib

    plain = []
    for app in [
        "organisations",
        "forums",
        "meetings",
        "workgroups",
        "indicators",
        "reports",
        "console",
    ]:
        module = importlib.import_module(f"{app}.forms")
        for name, cls in vars(module).items():
            is_form = isinstance(cls, type) and issubclass(cls, forms.BaseForm)
            if is_form and cls.__module__ == module.__name__:
                if not issubclass(cls, PortalForm | PortalModelForm):
                    plain.append(f"{module.__name__}.{name}")
    assert plain == []
