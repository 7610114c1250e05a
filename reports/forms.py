"""Forms of the report page. They only parse: the services validate (year, language, a build
already running, the conclusions' length) and the views show the services' messages."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from portal.forms import PortalForm

from .models import CONCLUSIONS_MAX_LENGTH


class BuildForm(PortalForm):
    year = forms.IntegerField(label=_("Year"))
    language = forms.CharField(label=_("Language"), max_length=10)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget = forms.Select(choices=[(y, y) for y in reversed(years)])
        self.fields["language"].widget = forms.Select(choices=list(settings.LANGUAGES))


class ConclusionsForm(PortalForm):
    text_fi = forms.CharField(
        label=_("Conclusions and areas for development (Finnish)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        # Formatted lazily: a "%" here would freeze the text in the language of the import.
        help_text=format_lazy(
            _("At most {limit} characters. An empty line starts a new paragraph."),
            limit=f"{CONCLUSIONS_MAX_LENGTH:,}".replace(",", "\u00a0"),
        ),
    )
    text_en = forms.CharField(
        label=_("Conclusions and areas for development (English)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Optional: the English report uses the Finnish text when this is empty."),
    )
