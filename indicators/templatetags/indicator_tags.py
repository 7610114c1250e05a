"""{% status_icon value %}: a value's status mark in a metric table cell, the very output of
``indicators/_status_icon.html``, rendered once per status and language instead of once per
cell (a region table has thousands of cells)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()
_RENDERED: dict[tuple[str, str], SafeString] = {}


@register.simple_tag
def status_icon(value) -> SafeString:
    key = (str(getattr(value, "status", "")), get_language() or "")
    if key not in _RENDERED:
        html = render_to_string("indicators/_status_icon.html", {"value": {"status": key[0]}})
        _RENDERED[key] = mark_safe(html)  # noqa: S308 (our own template's output)
    return _RENDERED[key]
