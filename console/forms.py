"""Forms of the console. They parse and label; the services decide what is allowed."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.forms import InvitationForm
from organisations.models import Organisation, User
from portal.forms import PortalForm
from portal.lib import files
from portal.permissions import has_perm, is_coordinator

from . import actions

STATUS_CHOICES = [
    ("", _("All")),
    ("active", _("In use")),
    ("invited", _("Invited, link valid")),
    ("expired", _("Invitation expired")),
    ("never", _("Never logged in")),
    ("inactive", _("Deactivated")),
    ("anonymised", _("Anonymised")),
]


def _roles_for(user) -> list[tuple[str, Any]]:
    return [
        (v, label)
        for v, label in User.Role.choices
        if has_perm(user, "organisations.grant_role", v)
    ]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class PeopleFilterForm(PortalForm):
    q = forms.CharField(label=_("Name or e-mail address"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    role = forms.ChoiceField(label=_("Role"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = [("", _("All")), *User.Role.choices]
        if not is_coordinator(user):
            del self.fields["organisation"]


class ConsoleInvitationForm(InvitationForm):
    """The portal's invitation form with the organisation to invite to."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )

    field_order = ["organisation", "email", "first_name", "last_name", "job_title", "role"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        orgs = Organisation.objects.order_by("-is_party", "name")
        if not is_coordinator(user):
            orgs = orgs.filter(pk=user.organisation_id)
            self.fields["organisation"].initial = user.organisation_id
        cast(forms.ModelChoiceField, self.fields["organisation"]).queryset = orgs


class RoleForm(PortalForm):
    role = forms.ChoiceField(label=_("New role"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["role"]).choices = _roles_for(user)


class MoveForm(PortalForm):
    organisation = forms.ModelChoiceField(
        label=_("New organisation"),
        queryset=Organisation.objects.order_by("-is_party", "name"),
        error_messages={
            "invalid_choice": _("That organisation does not exist. Choose one from the list.")
        },
    )
    role = forms.ChoiceField(label=_("Role in the new organisation"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        cast(
            forms.ModelChoiceField, self.fields["organisation"]
        ).queryset = Organisation.objects.order_by("-is_party", "name").exclude(
            pk=person.organisation_id
        )
        cast(forms.ChoiceField, self.fields["role"]).choices = _roles_for(user)
        self.fields["role"].initial = (
            User.Role.COORDINATOR if person.role == User.Role.COORDINATOR else User.Role.MEMBER
        )


class BulkInviteForm(PortalForm):
    file = files.CheckedFileField(
        allowed=files.TABLES,
        max_bytes=2 * files.MB,
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: email, first_name, last_name, organisation, role, job_title, language."
        ),
    )


class SsoForm(PortalForm):
    enabled = forms.BooleanField(label=_("In use"), required=False, initial=True)
    server_url = forms.CharField(
        label=_("Address of the identity provider (issuer)"),
        max_length=500,
        widget=forms.URLInput,
        help_text=_(
            "The address of your organisation's own tenant, beginning with https://, e.g. "
            "https://login.microsoftonline.com/<tenant ID>/v2.0 for Entra ID."
        ),
    )
    tenant_id = forms.CharField(
        label=_("Tenant ID"),
        max_length=100,
        required=False,
        help_text=_(
            "Filled in from an Entra ID address; sign-ins from another tenant are refused."
        ),
    )
    client_id = forms.CharField(label=_("Application (client) ID"), max_length=191)
    secret = forms.CharField(
        label=_("Client secret"),
        max_length=191,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to keep the secret saved earlier."),
    )
    domains = forms.CharField(
        label=_("The organisation's e-mail domains"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. hattula.fi. Sign-ins with another domain are refused."),
    )
    allow_new_members = forms.BooleanField(
        label=_("People without an account may sign in and are created as members"),
        required=False,
    )


class PolicyForm(PortalForm):
    require_mfa_for_org_admins = forms.BooleanField(
        label=_("Organisation admins must use two-factor authentication"), required=False
    )


class AuditFilterForm(PortalForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("All"),
    )
    person = forms.CharField(label=_("Person (name or e-mail address)"), required=False)
    kind = forms.ChoiceField(label=_("Kind of object"), required=False)
    action = forms.ChoiceField(label=pgettext_lazy("audit", "Action"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = [("", _("All")), *actions.kind_choices()]
        cast(forms.ChoiceField, self.fields["kind"]).choices = kinds
        codes = [("", _("All")), *actions.action_choices()]
        cast(forms.ChoiceField, self.fields["action"]).choices = codes
        if not is_coordinator(user):
            del self.fields["organisation"]


class MailFilterForm(PortalForm):
    q = forms.CharField(label=_("Recipient"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.CharField(label=_("Kind"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("All"),
    )

    def __init__(self, *args, user, **kwargs):
        from portal.models import OutboundEmail

        super().__init__(*args, **kwargs)
        statuses = [("", _("All")), *OutboundEmail.Status.choices]
        cast(forms.ChoiceField, self.fields["status"]).choices = statuses
        if not is_coordinator(user):
            del self.fields["organisation"]
