"""Forms of meetings, answers, minutes and action items: they parse input; the services
validate it (their errors are shown on the right fields) and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models import Body
from organisations.models import Organisation
from portal.forms import PortalForm, PortalModelForm
from portal.lib import files

from .models import ActionItem, Meeting, Minutes, MinutesItem, Participant
from .permissions import schedulable_bodies

User = get_user_model()


def _choices(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's model choice field (single or multiple), typed, to set its queryset."""
    return cast(forms.ModelChoiceField, form.fields[name])


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H.%M", "%d.%m.%Y %H:%M"]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


MODEL_FIELDS = [
    "title",
    "place",
    "remote_url",
    "remote_url_public",
    "host_organisation",
    "visibility",
    "description",
]


class MeetingForm(PortalForm):
    """What a convener types when scheduling or editing a meeting. It parses; the service
    (``meetings.scheduling``) validates, and the view shows its errors on these fields."""

    body = forms.ModelChoiceField(
        label=_("Body"),
        queryset=Body.objects.none(),
        error_messages={
            "invalid_choice": _("You may not convene this body."),
        },
    )
    joint_bodies = forms.ModelMultipleChoiceField(
        label=_("Joint meeting with"),
        queryset=Body.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A joint meeting is scheduled by someone who may convene every body in it."),
        error_messages={
            "invalid_choice": _(
                "You may not convene %(value)s: a joint meeting is scheduled by someone who "
                "convenes every body in it."
            ),
        },
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        input_formats=DATETIME_FORMATS,
        widget=DateTimeLocalInput(),
        help_text=_("Finnish time (Europe/Helsinki)."),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), input_formats=DATETIME_FORMATS, widget=DateTimeLocalInput()
    )
    guests = forms.CharField(
        label=_("Guests"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "E-mail addresses of other portal users to invite, one per line. Members and "
            "personal deputies are invited automatically."
        ),
    )

    def __init__(self, *args, user, meeting: Meeting | None = None, **kwargs):
        if meeting is not None:
            kwargs.setdefault("initial", {})
            kwargs["initial"] = {**_meeting_initial(meeting), **kwargs["initial"]}
        super().__init__(*args, **kwargs)
        self.fields.update(
            forms.fields_for_model(
                Meeting,
                fields=MODEL_FIELDS,
                widgets={"description": forms.Textarea(attrs={"rows": 4})},
            )
        )
        self.fields["title"].label = _("Name of the meeting")
        allowed = schedulable_bodies(user).order_by("tier", "order", "name_fi")
        _choices(self, "body").queryset = allowed
        _choices(self, "joint_bodies").queryset = allowed
        _choices(self, "host_organisation").queryset = Organisation.objects.order_by(
            "-is_party", "name"
        )
        self.fields["remote_url"].widget.attrs["placeholder"] = "https://"
        if meeting is not None:
            self._for_existing(meeting, allowed)
        elif user.organisation_id and not self.initial.get("host_organisation"):
            self.initial["host_organisation"] = user.organisation_id

    def _for_existing(self, meeting: Meeting, allowed) -> None:
        """The convening body does not change; joint bodies may be added."""
        self.fields["body"].disabled = True
        _choices(self, "body").queryset = Body.objects.filter(pk=meeting.body_id)
        _choices(self, "joint_bodies").queryset = (
            Body.objects.filter(
                Q(pk__in=allowed.values("pk")) | Q(pk__in=meeting.bodies.values("pk"))
            )
            .exclude(pk=meeting.body_id)
            .order_by("tier", "order", "name_fi")
        )
        self.fields["guests"].help_text = _(
            "Add guests: e-mail addresses of portal users, one per line."
        )

    def clean_guests(self) -> list[str]:
        return (self.cleaned_data.get("guests") or "").replace(",", "\n").split()


def _meeting_initial(meeting: Meeting) -> dict:
    return {
        **forms.model_to_dict(meeting, fields=MODEL_FIELDS),
        "body": meeting.body_id,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "joint_bodies": list(
            meeting.bodies.exclude(pk=meeting.body_id).values_list("pk", flat=True)
        ),
    }


class AgendaItemForm(PortalForm):
    title = forms.CharField(label=_("Item"), max_length=300, required=False)
    preparer = forms.ModelChoiceField(
        label=_("Preparer"), queryset=User.objects.none(), required=False
    )
    proposed_decision = forms.CharField(
        label=_("Proposed decision"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Presentation"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    confidential = forms.BooleanField(
        label=_("Confidential (salassa pidettävä)"),
        required=False,
        help_text=_("Only the meeting's members see the presentation, proposal and attachment."),
    )
    attachment = files.CheckedFileField(
        label=_("Attachment"), required=False, allowed=files.DOCUMENTS, max_bytes=10 * files.MB
    )

    def __init__(self, *args, preparers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if preparers is not None:
            _choices(self, "preparer").queryset = preparers
        if self.initial.get("attachment_name"):
            self.fields["attachment"].help_text = _("Now: %(name)s. A new file replaces it.") % {
                "name": self.initial["attachment_name"]
            }


class BaseAgendaFormSet(forms.BaseFormSet):
    preparers: Any

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "preparers": self.preparers}

    def __init__(self, *args: Any, preparers: Any = None, **kwargs: Any) -> None:
        self.preparers = preparers
        super().__init__(*args, **kwargs)

    def items(self) -> list[dict]:
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("title"):
                rows.append(
                    {
                        "title": data["title"],
                        "preparer": data.get("preparer"),
                        "proposed_decision": data.get("proposed_decision", ""),
                        "description": data.get("description", ""),
                        "confidential": bool(data.get("confidential")),
                        **({"attachment": data["attachment"]} if data.get("attachment") else {}),
                    }
                )
        return rows

    def clean(self):
        if any(self.errors):
            return
        for form in self.forms:
            data = form.cleaned_data or {}
            if not data.get("title") and (data.get("proposed_decision") or data.get("description")):
                raise ValidationError(_("Every agenda item with text needs a title."))


AgendaFormSet = cast(
    type[BaseAgendaFormSet],
    forms.formset_factory(
        AgendaItemForm, formset=BaseAgendaFormSet, extra=3, max_num=60, validate_max=True
    ),
)


def agenda_formset(data=None, files=None, *, meeting=None, initial=None):
    preparers = (
        User.objects.filter(is_active=True)
        .select_related("organisation")
        .order_by("last_name", "first_name")
    )
    if meeting is not None and initial is None:
        initial = [
            {
                "title": i.title,
                "preparer": i.preparer_id,
                "proposed_decision": i.proposed_decision,
                "description": i.description,
                "confidential": i.confidential,
                "attachment_name": i.attachment_name if i.attachment else "",
            }
            for i in meeting.agenda_items.order_by("number")
        ]
    return AgendaFormSet(data, files, prefix="agenda", initial=initial, preparers=preparers)


class CancelForm(PortalForm):
    reason = forms.CharField(
        label=_("Reason for cancellation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone invited."),
    )


class AnswerForm(PortalForm):
    answer = forms.ChoiceField(
        label=_("Are you coming?"),
        choices=[
            (Participant.Answer.ACCEPTED, _("Yes, I'm coming")),
            (Participant.Answer.TENTATIVE, _("Maybe")),
            (Participant.Answer.DECLINED, _("No, I can't come")),
        ],
        widget=forms.RadioSelect,
    )


class MinutesForm(PortalModelForm):
    class Meta:
        model = Minutes
        fields = ["attendance", "notes"]
        widgets = {
            "attendance": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class MinutesItemForm(PortalModelForm):
    class Meta:
        model = MinutesItem
        fields = ["discussion", "decision", "confidential", "election_role", "elected"]
        widgets = {
            "discussion": forms.Textarea(attrs={"rows": 3}),
            "decision": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "elected").queryset = members if members is not None else User.objects.none()
        self.fields["elected"].required = False


class ActionItemForm(PortalModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "owner_organisation", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _choices(self, "owner_organisation").queryset = Organisation.objects.order_by(
            "-is_party", "name"
        )
        cast(forms.DateField, self.fields["due_date"]).input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
