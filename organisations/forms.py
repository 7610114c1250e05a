"""Forms for an organisation's details, inviting and editing its people, and a person's own
profile. The rules themselves live in the models' validators and ``services``."""

from typing import cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm, PortalModelForm
from portal.permissions import has_perm

from .models import Organisation
from .validators import normalise_business_id

User = get_user_model()


class BusinessIdField(forms.CharField):
    """Accepts ``3221307–8`` (en dash, as in the agreement) and stores ``3221307-8``."""

    def to_python(self, value):
        return normalise_business_id(super().to_python(value))


class OrganisationForm(PortalModelForm):
    IDENTITY_FIELDS = (
        "name",
        "short_name",
        "name_en",
        "short_name_en",
        "kind",
        "business_id",
        "municipality_code",
        "region_code",
        "is_party",
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "name_en",
            "short_name_en",
            "kind",
            "business_id",
            "municipality_code",
            "region_code",
            "is_party",
            "street_address",
            "postal_code",
            "post_office",
            "email",
            "phone",
            "website",
            "signatory_name",
            "signatory_title",
        ]
        field_classes = {"business_id": BusinessIdField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_perm(user, "organisations.change_organisation_identity", self.instance):
            # A party's contact person keeps the contact data current; the legal identity is
            # the coordinator's to change. Disabled fields ignore whatever is posted.
            for name in self.IDENTITY_FIELDS:
                self.fields[name].disabled = True
        for name in ("postal_code", "municipality_code", "region_code"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"


class OrganisationCreateForm(PortalModelForm):
    """A participating organisation that is not a party (parties come from seed_agreement)."""

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "name_en",
            "short_name_en",
            "slug",
            "kind",
            "business_id",
            "street_address",
            "postal_code",
            "post_office",
            "email",
            "phone",
            "website",
        ]
        field_classes = {"business_id": BusinessIdField}
        help_texts = {"slug": _("Used in addresses: lower-case letters, digits and hyphens.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            choice
            for choice in Organisation.Kind.choices
            if choice[0]
            not in (Organisation.Kind.WELLBEING_COUNTY, Organisation.Kind.REGIONAL_COUNCIL)
        ]


class InvitationForm(PortalForm):
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    job_title = forms.CharField(label=_("Title"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=User.Role.choices)
    language = forms.ChoiceField(label=_("Language of the invitation"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from django.conf import settings

        cast(forms.ChoiceField, self.fields["language"]).choices = settings.LANGUAGES
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (value, label)
            for value, label in User.Role.choices
            if has_perm(user, "organisations.grant_role", value)
        ]
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("This address already has an account in the portal."), code="exists"
            )
        return email


class MemberForm(PortalModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "phone", "role", "is_active"]
        labels = {"is_active": _("Account in use")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [
            (value, label)
            for value, label in User.Role.choices
            if has_perm(user, "organisations.grant_role", value)
        ]


class ProfileForm(PortalModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "job_title", "phone", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
