"""{% meeting_body_panel body %}: a body's meetings, rhythm and register on its page (forums'
body page loads this tag; forums itself imports nothing of meetings). {% rhythm_badge state %},
{% answer_badge answer %} and {% meeting_status status %}: the output of the small badge
templates, rendered once per value and language instead of once per row of a long list."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from meetings.dashboard import body_panel

register = template.Library()
_BADGES: dict[tuple[str, str, str], SafeString] = {}


@register.inclusion_tag("meetings/_meeting_body_panel.html", takes_context=True)
def meeting_body_panel(context, body):
    return {
        "meeting_panel": body_panel(body, context["request"].user),
        "request": context["request"],
    }


def _once(template_name: str, value: str, context: dict[str, Any]) -> SafeString:
    """A small template that reads one value and words: rendered once per value and language."""
    key = (template_name, value or "", get_language() or "")
    if key not in _BADGES:
        html = render_to_string(template_name, context)
        _BADGES[key] = mark_safe(html)  # noqa: S308 (our own template's output)
    return _BADGES[key]


@register.simple_tag
def rhythm_badge(state: str) -> SafeString:
    return _once("meetings/_rhythm_badge.html", state, {"state": state})


@register.simple_tag
def answer_badge(answer: str) -> SafeString:
    return _once("meetings/_answer_badge.html", answer, {"answer": answer})


@register.simple_tag
def meeting_status(status: str) -> SafeString:
    return _once("meetings/_meeting_status.html", status, {"meeting": {"status": status}})
