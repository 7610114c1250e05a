"""Forms of the collaboration structure: seats, roles, preparers, open networks and the
agreement's life. They parse; the services in forums/services.py validate and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation, User
from portal.forms import PortalForm, PortalModelForm

from .models import AgreementParty, Body, RoleAssignment


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        title = f", {obj.job_title}" if obj.job_title else ""
        return f"{obj.display_name}{title}"


def _check_order(cleaned, start="valid_from", end="valid_to"):
    a, b = cleaned.get(start), cleaned.get(end)
    if a and b and b < a:
        raise forms.ValidationError(
            {end: _("The end date must not be before the start date.")}, code="order"
        )


class SeatForm(PortalForm):
    """Name a representative (and a personal deputy) of one organisation to one body."""

    person = PersonChoiceField(label=_("Representative"), queryset=User.objects.none())
    deputy = PersonChoiceField(
        label=_("Personal deputy"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Optional. Someone other than the representative."),
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput())
    valid_to = forms.DateField(
        label=_("To"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty if the seat continues until further notice."),
    )

    def __init__(
        self, *args, organisation: Organisation, fixed_person: User | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(organisation=organisation, is_active=True).order_by(
            "last_name", "first_name"
        )
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = people
        cast(forms.ModelChoiceField, self.fields["deputy"]).queryset = people
        if fixed_person is not None:
            self.fields["person"].disabled = True
            self.fields["person"].initial = fixed_person
        self.fields["valid_from"].initial = timezone.localdate()

    def clean(self):
        cleaned = cast("dict[str, Any]", super().clean())  # Form.clean returns cleaned_data
        person, deputy = cleaned.get("person"), cleaned.get("deputy")
        if person and deputy and person.pk == deputy.pk:
            self.add_error(
                "deputy", _("The personal deputy must be someone other than the member.")
            )
        _check_order(cleaned)
        return cleaned


class EndForm(PortalForm):
    valid_to = forms.DateField(label=_("Last day"), widget=DateInput(), initial=timezone.localdate)


class RoleForm(PortalForm):
    role = forms.ChoiceField(label=_("Role"), choices=RoleAssignment.Role.choices)
    person = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        help_text=_("Roles are elected from among the members."),
    )
    elected_on = forms.DateField(label=_("Elected on"), widget=DateInput())
    valid_from = forms.DateField(
        label=_("Term from"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty to start on the day of the election."),
    )
    replace_current = forms.BooleanField(
        label=_("Replace the current holder (their term ends the day before)"), required=False
    )

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        member_ids = body.memberships.current().values("person_id")
        person_field = cast(forms.ModelChoiceField, self.fields["person"])
        person_field.queryset = User.objects.filter(pk__in=member_ids).order_by(
            "last_name", "first_name"
        )
        self.fields["elected_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = cast("dict[str, Any]", super().clean())  # Form.clean returns cleaned_data
        elected_on, valid_from = cleaned.get("elected_on"), cleaned.get("valid_from")
        if elected_on and valid_from and valid_from < elected_on:
            self.add_error("valid_from", _("A term cannot start before the election."))
        return cleaned


class NetworkForm(PortalForm):
    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200, required=False)
    purpose_fi = forms.CharField(
        label=_("Purpose in Finnish"), widget=forms.Textarea(attrs={"rows": 4})
    )
    purpose_en = forms.CharField(
        label=_("Purpose in English"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    visibility = forms.ChoiceField(
        label=_("Who sees the network"),
        choices=Body.Visibility.choices,
        initial=Body.Visibility.PUBLIC,
    )

    def clean(self):
        cleaned = cast("dict[str, Any]", super().clean())  # Form.clean returns cleaned_data
        name = cleaned.get("name_fi")
        if name:
            cleaned["slug"] = slugify(name)[:80]
            if not cleaned["slug"]:
                self.add_error("name_fi", _("Give a name with letters or digits."))
            elif (
                Body.objects.filter(slug=cleaned["slug"]).exists()
                or Body.objects.filter(name_fi__iexact=name.strip()).exists()
            ):
                self.add_error("name_fi", _("A body with this name already exists."))
        return cleaned


class PartyApprovalForm(PortalModelForm):
    class Meta:
        model = AgreementParty
        fields = ["approved_on", "approved_by", "signed_on", "signed_by"]
        widgets = {"approved_on": DateInput(), "signed_on": DateInput()}

    def clean(self):
        cleaned = cast("dict[str, Any]", super().clean())  # Form.clean returns cleaned_data
        a, s = cleaned.get("approved_on"), cleaned.get("signed_on")
        if a and s and s < a:
            self.add_error(
                "signed_on", _("The agreement is signed after it has been approved, not before.")
            )
        return cleaned


class TerminationForm(PortalForm):
    organisation = forms.ModelChoiceField(
        label=_("Party giving notice"), queryset=Organisation.objects.all()
    )
    received_on = forms.DateField(
        label=_("Written notice received on"), widget=DateInput(), initial=timezone.localdate
    )

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("The notice cannot be received in the future."))
        return value


class PreparerForm(PortalForm):
    """Name a preparer: a select of the candidates grouped by organisation (current
    preparers left out of the list; the service still refuses a second naming)."""

    person = PersonChoiceField(
        label=_("Person"),
        queryset=User.objects.none(),
        help_text=_("Active users of the parties and of the organisations taking part."),
    )

    def __init__(self, *args, candidates, exclude_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(PersonChoiceField, self.fields["person"])
        field.queryset = candidates
        groups: dict[str, list] = {}
        for user in candidates:
            if user.pk in exclude_ids:
                continue
            name = user.organisation.display_short_name if user.organisation_id else "–"
            groups.setdefault(name, []).append((user.pk, field.label_from_instance(user)))
        field.choices = [("", "---------"), *groups.items()]


class NetworkMemberForm(PreparerForm):
    """Bring a person into an open network: the same grouped select of people."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].help_text = _(
            "A members-only network is joined on invitation: the person gets a seat in their "
            "own organisation's name and a mail."
        )
