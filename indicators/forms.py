"""Forms of the metrics: entering a value, returning and approving, locks and exceptions,
imports (CSV, XLSX, Sotkanet)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm
from portal.lib import files

from .models import Metric
from .services import clean_raw

YES_WORDS = {"yes", "kyllä", "kylla", "k", "y", "true", "1", "on"}
NO_WORDS = {"no", "ei", "e", "n", "false", "0", "off"}


def parse_text(metric: Metric, text) -> object:
    """A value typed by a person or read from a file, in the metric's own type.

    Numbers accept a decimal comma or point and spaces ("1 234,5"); yes/no accepts
    kyllä/ei and yes/no; ratings are whole numbers 1–5. ValidationError with a message
    for people when the text does not fit.
    """
    if text is None:
        return None
    raw: int | float | str
    if isinstance(text, bool | int | float):
        raw = text
    else:
        raw = str(text).strip().replace("\u00a0", "").replace(" ", "")
        if raw == "":
            return None
    kind = metric.value_type
    if kind == "bool":
        if isinstance(raw, bool):
            return raw
        word = str(raw).lower()
        if word in YES_WORDS:
            return True
        if word in NO_WORDS:
            return False
        raise ValidationError(_("Answer yes or no."), code="invalid_bool")
    if isinstance(raw, str):
        raw = raw.replace(",", ".").replace("−", "-")
    if kind == "number" and isinstance(raw, str):
        try:
            float(raw)
        except ValueError:
            raise ValidationError(_("Enter a number, e.g. 61,2."), code="invalid_number") from None
    if kind == "rating" and isinstance(raw, str):
        try:
            as_float = float(raw)
        except ValueError:
            raise ValidationError(
                _("A self-assessment is a whole number from 1 to 5."), code="invalid_rating"
            ) from None
        if as_float != int(as_float):
            raise ValidationError(
                _("A self-assessment is a whole number from 1 to 5."), code="invalid_rating"
            )
        raw = int(as_float)
    return clean_raw(metric, raw)


class ValueForm(PortalForm):
    """One metric's row on the data-entry page."""

    value = forms.CharField(label=_("Value"), required=False, max_length=40)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    source_url = forms.URLField(
        label=_("Source link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a full web address, e.g. https://thl.fi/.")},
    )

    def __init__(self, *args, metric: Metric, disabled: bool = False, **kwargs):
        kwargs.setdefault("prefix", metric.code)
        super().__init__(*args, **kwargs)
        self.metric = metric
        field = self.fields["value"]
        kind = metric.value_type
        if kind == "bool":
            self.fields["value"] = forms.ChoiceField(
                label=_("Answer"),
                required=False,
                choices=[("", _("not answered")), ("yes", _("yes")), ("no", _("no"))],
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": _("Answer yes or no.")},
            )
        elif kind == "rating":
            self.fields["value"] = forms.CharField(
                label=_("Self-assessment (1–5)"),
                required=False,
                widget=forms.Select(choices=[("", "–")] + [(str(n), str(n)) for n in range(1, 6)]),
            )
        else:
            field.label = _("Value") + (f" ({metric.unit})" if metric.unit else "")
            field.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        if disabled:
            for f in self.fields.values():
                f.disabled = True

    def clean_value(self):
        raw: Any = self.cleaned_data.get("value")
        if self.metric.value_type == "bool":
            return {"yes": True, "no": False}.get(raw)
        return parse_text(self.metric, raw)

    @staticmethod
    def initial_for(value) -> dict:
        if value is None:
            return {}
        raw = value.raw
        if isinstance(raw, bool):
            shown = "yes" if raw else "no"
        elif raw is None:
            shown = ""
        elif value.metric.value_type == "number":
            from .results import display

            shown = display(value).split(" ")[0] if raw is not None else ""
        else:
            shown = str(raw)
        return {"value": shown, "note": value.note, "source_url": value.source_url}


class ReturnForm(PortalForm):
    comment = forms.CharField(
        label=_("Why is the value returned?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write why the value is returned.")},
    )


class ReopenForm(PortalForm):
    REGION = "region"

    year = forms.TypedChoiceField(label=_("Locked year"), coerce=int)
    organisation = forms.ChoiceField(label=_("Whose year"))
    reason = forms.CharField(
        label=_("Reason for the exception"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write the reason for the exception.")},
    )

    def __init__(self, *args, locked_years, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["year"]).choices = [(y, y) for y in locked_years]
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (self.REGION, _("The region's and bodies' values (coordinators)"))
        ] + [(o.slug, o.display_name) for o in organisations]
        self.organisations = {o.slug: o for o in organisations}

    def clean_organisation(self):
        slug = self.cleaned_data["organisation"]
        return None if slug == self.REGION else self.organisations[slug]


MAX_UPLOAD = 2 * files.MB


class ImportForm(PortalForm):
    file = files.CheckedFileField(
        allowed=files.TABLES,
        max_bytes=MAX_UPLOAD,
        label=_("File (CSV or XLSX)"),
        help_text=_(
            "Columns: metric, organisation, year, value, note, source_url. The organisation is "
            "its slug or its municipality or region code; leave it empty for the region's "
            "values."
        ),
    )


class SotkanetForm(PortalForm):
    metric = forms.ModelChoiceField(label=_("Metric"), queryset=Metric.objects.none())
    # A field named like BaseForm.data; the form's metaclass moves declared fields off the
    # class, so self.data stays the submitted data.
    data = files.CheckedFileField(  # type: ignore[assignment]
        allowed=("json", "csv"),
        max_bytes=MAX_UPLOAD,
        label=_("Data file (JSON or CSV)"),
        help_text=_("Rows of indicator, region, year, gender, value, as Sotkanet gives them."),
    )
    regions = files.CheckedFileField(
        allowed=("json",),
        max_bytes=MAX_UPLOAD,
        label=_("Regions file (JSON)"),
        help_text=_("Sotkanet's region list (/regions): maps each region to its official code."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        metric_field = cast(forms.ModelChoiceField, self.fields["metric"])
        metric_field.queryset = Metric.objects.exclude(
            kind__in=[Metric.Kind.COVERAGE, Metric.Kind.SELF_ASSESSMENT]
        )
        # A per-instance label function (called unbound, hence one argument).
        metric_field.label_from_instance = lambda m: m.name  # type: ignore[method-assign,assignment]


class ExportForm(PortalForm):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    format = forms.ChoiceField(
        label=_("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")], initial="csv"
    )
