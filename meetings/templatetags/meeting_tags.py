"""{% meeting_body_panel body %}: a body's meetings, rhythm and register on its page (forums'
body page loads this tag; forums itself imports nothing of meetings)."""

from django import template

from meetings.dashboard import body_panel

register = template.Library()


@register.inclusion_tag("meetings/_meeting_body_panel.html", takes_context=True)
def meeting_body_panel(context, body):
    return {
        "meeting_panel": body_panel(body, context["request"].user),
        "request": context["request"],
    }
