"""{% meeting_body_panel body %}: a body's meetings, rhythm and register on its page."""

from django import template

register = template.Library()


@register.inclusion_tag("forums/_meeting_body_panel.html", takes_context=True)
def meeting_body_panel(context, body):
    from forums.meeting_services import body_panel

    return {
        "meeting_panel": body_panel(body, context["request"].user),
        "request": context["request"],
    }
