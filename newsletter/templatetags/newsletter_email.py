"""Template tags for campaign emails: each body block through its email templates, and plain-text helpers."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.blocks import BoundBlock

from newsletter.rendering import absolute_url, email_block_templates, html_to_text

register = template.Library()


def _block_context(context, block: BoundBlock) -> dict:
    values = context.flatten()
    values.update({"value": block.value, "block_type": block.block_type, "self": block.value})
    if block.block_type == "products":
        teasers = values.get("product_teasers")
        products = [product for product in block.value["products"] if product is not None]
        if teasers is None or any(product.pk not in teasers for product in products):
            from content.selectors import product_teasers

            teasers = product_teasers(products)
        values["teasers"] = [teasers[product.pk] for product in products if product.pk in teasers]
    return values


@register.simple_tag(takes_context=True)
def email_block(context, block: BoundBlock) -> str:
    """The block as an email shows it: tables, inline-able classes, absolute links."""
    templates = email_block_templates(block.block_type)
    if templates is None:  # a block added to the article blocks without email templates yet: its web version
        return block.render(context=context.flatten())
    html_template, _text_template = templates
    return mark_safe(render_to_string(html_template, _block_context(context, block)))


@register.simple_tag(takes_context=True)
def email_block_text(context, block: BoundBlock) -> str:
    """The block for the plain-text part."""
    templates = email_block_templates(block.block_type)
    if templates is None:
        return html_to_text(block.render(context=context.flatten())).strip()
    _html_template, text_template = templates
    return render_to_string(text_template, _block_context(context, block)).strip()


@register.simple_tag(takes_context=True)
def block_as_text(context, block: BoundBlock) -> str:
    """The block rendered as HTML in this context, turned into readable plain text."""
    return html_to_text(block.render(context=context.flatten()))


@register.filter
def as_text(html: str) -> str:
    """Rich text's HTML as readable plain text: links kept as "text (url)"."""
    return html_to_text(str(html)).strip()


@register.filter
def absolute(url: str) -> str:
    """A site-relative address made absolute for a mail client."""
    return absolute_url(str(url or ""))
