"""Template tags of the base layout: the browser title built from a page's title block."""

from django import template
from django.template.loader_tags import BLOCK_CONTEXT_KEY

register = template.Library()

SITE = "Yhdyspinta"


@register.simple_tag(takes_context=True)
def page_title(context) -> str:
    """ "<page> – Yhdyspinta", or just "Yhdyspinta" when the page gives no title. Renders
    the ``title`` block the page defines (Django templates have no ``self.title``)."""
    blocks = context.render_context.get(BLOCK_CONTEXT_KEY)
    block = blocks.get_block("title") if blocks is not None else None
    text = " ".join(block.render(context).split()) if block is not None else ""
    return f"{text} – {SITE}" if text else SITE
