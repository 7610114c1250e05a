"""Forms of the workgroups: documents (action plans, rules), proposals, counterpart pairs."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.forms import DateInput, PersonChoiceField
from organisations.models import Organisation, User
from portal.forms import PortalForm, PortalModelForm

from .models import CounterpartPair, Workgroup, WorkgroupDocument, WorkgroupProposal


class DocumentForm(PortalModelForm):
    class Meta:
        model = WorkgroupDocument
        fields = ["title", "text", "file", "valid_from", "valid_to"]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "text": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = timezone.localdate()

    def clean(self):
        cleaned = cast("dict[str, Any]", super().clean())  # Form.clean returns cleaned_data
        if not (cleaned.get("text") or "").strip() and not cleaned.get("file"):
            raise forms.ValidationError(_("Write the text or attach a file."))
        a, b = cleaned.get("valid_from"), cleaned.get("valid_to")
        if a and b and b < a:
            self.add_error("valid_to", _("The end date must not be before the start date."))
        return cleaned


class WorkgroupForm(PortalModelForm):
    class Meta:
        model = Workgroup
        fields = [
            "arrangement_fi",
            "arrangement_en",
            "arranging_organisation",
            "term",
            "focus",
            "goals",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("arrangement_fi", "arrangement_en", "focus", "goals")
        }


class ProposalForm(PortalModelForm):
    class Meta:
        model = WorkgroupProposal
        fields = ["name_fi", "name_en", "focus", "goals", "reasons"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 4}) for name in ("focus", "goals", "reasons")
        }


class DecisionForm(PortalForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve: found the workgroup")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = cast("dict[str, Any]", super().clean())  # Form.clean returns cleaned_data
        if cleaned.get("decision") == "refuse" and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Give the reasons for refusing."))
        return cleaned


class PairCreateForm(PortalForm):
    service_interface = forms.CharField(label=_("Service interface"), max_length=200)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Organisation.objects.municipalities()
    )
    workgroup = forms.ModelChoiceField(
        label=_("Workgroup"), required=False, queryset=Workgroup.objects.select_related("body")
    )
    person = PersonChoiceField(
        label=_("Person on your side"), queryset=User.objects.none(), required=False
    )
    hours = forms.DecimalField(
        label=_("Hours a month on your side"),
        required=False,
        min_value=0,
        max_value=200,
        decimal_places=1,
    )
    valid_from = forms.DateField(label=_("From"), widget=DateInput(), initial=timezone.localdate)
    valid_to = forms.DateField(label=_("To"), widget=DateInput(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        person_field = cast(forms.ModelChoiceField, self.fields["person"])
        person_field.queryset = User.objects.filter(
            organisation_id=user.organisation_id, is_active=True
        )
        if user.organisation and user.organisation.is_municipality and not user.is_coordinator:
            municipality_field = cast(forms.ModelChoiceField, self.fields["municipality"])
            municipality_field.queryset = Organisation.objects.filter(pk=user.organisation_id)

    def clean(self):
        cleaned = cast("dict[str, Any]", super().clean())  # Form.clean returns cleaned_data
        a, b = cleaned.get("valid_from"), cleaned.get("valid_to")
        if a and b and b < a:
            self.add_error("valid_to", _("The end date must not be before the start date."))
        return cleaned


class PairHalfForm(PortalForm):
    person = PersonChoiceField(label=_("Person"), queryset=User.objects.none(), required=False)
    hours = forms.DecimalField(
        label=_("Hours a month"), required=False, min_value=0, max_value=200, decimal_places=1
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        person_field = cast(forms.ModelChoiceField, self.fields["person"])
        person_field.queryset = User.objects.filter(organisation=organisation, is_active=True)


def pair_initial(pair: CounterpartPair, side: str) -> dict:
    return {"person": getattr(pair, f"{side}_person"), "hours": getattr(pair, f"{side}_hours")}
