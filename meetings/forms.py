"""Forms of meetings, answers, minutes and action items: they parse input; the services
validate it (their errors are shown on the right fields) and write."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models import Body
from organisations.models import Organisation
from portal.permissions import has_perm

from .models import ActionItem, Meeting, Minutes, MinutesItem, Participant
from .permissions import schedulable_bodies

User = get_user_model()
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H.%M", "%d.%m.%Y %H:%M"]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class MeetingForm(forms.ModelForm):
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

    class Meta:
        model = Meeting
        fields = [
            "body",
            "joint_bodies",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "remote_url",
            "host_organisation",
            "visibility",
            "description",
            "guests",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        labels = {"title": _("Name of the meeting")}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        allowed = list(schedulable_bodies(user).values_list("pk", flat=True))
        bodies = Body.objects.filter(pk__in=allowed).order_by("tier", "order", "name_fi")
        self.fields["body"].queryset = bodies
        self.fields["joint_bodies"].queryset = bodies
        self.fields["host_organisation"].queryset = Organisation.objects.order_by(
            "-is_party", "name"
        )
        if self.instance.pk:
            # The convening body does not change; joint bodies may be added.
            self.fields["body"].disabled = True
            self.fields["body"].queryset = Body.objects.filter(pk=self.instance.body_id)
            self.fields["joint_bodies"].queryset = (
                Body.objects.filter(
                    pk__in=[*allowed, *self.instance.bodies.values_list("pk", flat=True)]
                )
                .exclude(pk=self.instance.body_id)
                .order_by("tier", "order", "name_fi")
            )
            self.initial.setdefault(
                "joint_bodies",
                list(
                    self.instance.bodies.exclude(pk=self.instance.body_id).values_list(
                        "pk", flat=True
                    )
                ),
            )
            self.fields["guests"].help_text = _(
                "Add guests: e-mail addresses of portal users, one per line."
            )
        elif user.organisation_id and not self.initial.get("host_organisation"):
            self.initial["host_organisation"] = user.organisation_id
        self.fields["remote_url"].widget.attrs["placeholder"] = "https://"

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        changed_time = not self.instance.pk or starts != self.instance.starts_at
        if starts and changed_time and starts <= timezone.now():
            self.add_error("starts_at", _("The meeting cannot start in the past."))
        if not data.get("place") and not data.get("remote_url"):
            self.add_error("place", _("Give a place, a remote link or both."))
        body = data.get("body") or (self.instance.body if self.instance.pk else None)
        if self.instance.pk:
            already = set(self.instance.bodies.values_list("pk", flat=True))
            for joint in data.get("joint_bodies") or []:
                if joint.pk not in already and not has_perm(
                    self.user, "meetings.schedule_meeting", joint
                ):
                    self.add_error(
                        "joint_bodies", _("You may not convene %(body)s.") % {"body": joint.name}
                    )
        if body is not None:
            self.bodies = [body, *[b for b in data.get("joint_bodies") or [] if b.pk != body.pk]]
        return data

    def clean_guests(self):
        from .scheduling import resolve_guests

        emails = (self.cleaned_data.get("guests") or "").replace(",", "\n").split()
        bodies = self._bodies_for_guests()
        try:
            return resolve_guests(emails, bodies)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["guests"]) from None

    def _bodies_for_guests(self):
        if self.instance.pk:
            return list(self.instance.bodies.all())
        body_id = self.data.get(self.add_prefix("body"))
        joint_ids = (
            self.data.getlist(self.add_prefix("joint_bodies"))
            if hasattr(self.data, "getlist")
            else []
        )
        ids = [i for i in [body_id, *joint_ids] if i and str(i).isdigit()]
        return list(Body.objects.filter(pk__in=ids))


class AgendaItemForm(forms.Form):
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
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args, preparers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if preparers is not None:
            self.fields["preparer"].queryset = preparers
        if self.initial.get("attachment_name"):
            self.fields["attachment"].help_text = _("Now: %(name)s. A new file replaces it.") % {
                "name": self.initial["attachment_name"]
            }

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > 10 * 1024 * 1024:
            raise ValidationError(_("An attachment can be at most 10 MB."))
        return upload


class BaseAgendaFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "preparers": self.preparers}

    def __init__(self, *args, preparers=None, **kwargs):
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


AgendaFormSet = forms.formset_factory(
    AgendaItemForm, formset=BaseAgendaFormSet, extra=3, max_num=60, validate_max=True
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
                "attachment_name": i.attachment.name.rsplit("/", 1)[-1] if i.attachment else "",
            }
            for i in meeting.agenda_items.order_by("number")
        ]
    return AgendaFormSet(data, files, prefix="agenda", initial=initial, preparers=preparers)


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancellation"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to everyone invited."),
    )


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Are you coming?"),
        choices=[
            (Participant.Answer.ACCEPTED, _("Yes, I'm coming")),
            (Participant.Answer.TENTATIVE, _("Maybe")),
            (Participant.Answer.DECLINED, _("No, I can't come")),
        ],
        widget=forms.RadioSelect,
    )


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Minutes
        fields = ["attendance", "notes"]
        widgets = {
            "attendance": forms.Textarea(attrs={"rows": 4}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class MinutesItemForm(forms.ModelForm):
    class Meta:
        model = MinutesItem
        fields = ["discussion", "decision", "confidential", "election_role", "elected"]
        widgets = {
            "discussion": forms.Textarea(attrs={"rows": 3}),
            "decision": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["elected"].queryset = members if members is not None else User.objects.none()
        self.fields["elected"].required = False

    def clean(self):
        data = super().clean()
        if data.get("election_role") and not data.get("elected"):
            self.add_error("elected", _("Name the person elected."))
        return data


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "owner_organisation", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_organisation"].queryset = Organisation.objects.order_by(
            "-is_party", "name"
        )
        self.fields["due_date"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
