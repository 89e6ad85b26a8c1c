"""Template tags for campaign emails: a block's plain-text version for the text part."""

from __future__ import annotations

from django import template
from wagtail.blocks import BoundBlock

from newsletter.rendering import html_to_text

register = template.Library()


@register.simple_tag(takes_context=True)
def block_as_text(context, block: BoundBlock) -> str:
    """The block rendered as HTML in this context, turned into readable plain text."""
    return html_to_text(block.render(context=context.flatten()))
