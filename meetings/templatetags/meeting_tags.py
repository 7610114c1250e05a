"""{% meeting_body_panel body %}: a body's meetings, rhythm and register on its page (forums'
body page loads this tag; forums itself imports nothing of meetings). {% rhythm_badge state %}:
the output of ``meetings/_rhythm_badge.html``, rendered once per state and language instead of
once per body of a long rhythm list."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from meetings.dashboard import body_panel

register = template.Library()
_BADGES: dict[tuple[str, str], SafeString] = {}


@register.inclusion_tag("meetings/_meeting_body_panel.html", takes_context=True)
def meeting_body_panel(context, body):
    return {
        "meeting_panel": body_panel(body, context["request"].user),
        "request": context["request"],
    }


@register.simple_tag
def rhythm_badge(state: str) -> SafeString:
    key = (state or "", get_language() or "")
    if key not in _BADGES:
        html = render_to_string("meetings/_rhythm_badge.html", {"state": key[0]})
        _BADGES[key] = mark_safe(html)  # noqa: S308 (our own template's output)
    return _BADGES[key]
