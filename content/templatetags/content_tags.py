"""Template tags for the site frame and content pages: menu, prices, badges, canonical links, JSON-LD."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.images.models import SourceImageIOError

from config.first_paint import SCRIPT_TAG
from config.site_url import page_public_url, public_url
from content import selectors
from content.phone import e164
from content.policies import policy_links as live_policy_links
from shop.money import format_cad
from shop.selectors.cards import ProductCard
from shop.selectors.catalogue import shop_categories

register = template.Library()

# The same escapes as Django's json_script: data inside <script> must not be able to close the tag.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def first_paint_script() -> str:
    """The inline <head> script that sets <html class="js"> before the first paint (config.first_paint)."""
    return mark_safe(SCRIPT_TAG)  # a constant of ours, allowed by its hash in the CSP


@register.filter
def tel_href(phone: str) -> str:
    """`{{ phone|tel_href }}`: "tel:+18005550148" for a number a phone can dial, "" for anything else."""
    number = e164(phone or "")
    return f"tel:{number}" if number else ""


@register.simple_tag
def nav_categories():
    """The categories for the main menu, in shop order (one query, then the cache until one is saved)."""
    return shop_categories()


@register.simple_tag
def articles_about(product):
    """`{% articles_about product as articles %}`: the product page's "Read more about it" list."""
    return selectors.articles_about(product)


@register.simple_tag
def policy_links():
    """`{% policy_links as policies %}`: the live policy pages by kind ("shipping", "returns", "privacy", ...)."""
    return live_policy_links()


@register.simple_tag
def policy_url(kind: str) -> str:
    """`{% policy_url "terms" %}`: the URL of that kind's live policy page, or "" while there is none."""
    link = live_policy_links().get(kind)
    return link.url if link else ""


@register.simple_tag(takes_context=True)
def free_shipping_text(context) -> str:
    """The badge reads the same threshold the shipping rule uses: "Free shipping over $250"."""
    from shop.models import ShopSettings

    request = context.get("request")
    threshold = ShopSettings.for_request(request).free_shipping_threshold if request else None
    if threshold is None:
        from shop.models.settings import DEFAULT_FREE_SHIPPING_THRESHOLD

        threshold = DEFAULT_FREE_SHIPPING_THRESHOLD
    return _("Free shipping over %(amount)s") % {"amount": format_cad(threshold, drop_zero_cents=True)}


@register.simple_tag(takes_context=True)
def canonical_url(context, *keep: str) -> str:
    """This page's one address: the Wagtail page URL, or the path; `keep` names query parameters that
    select different content (a tag, a page number past the first)."""
    request = context.get("request")
    if request is None:
        return ""
    page = context.get("page")
    url = page_public_url(page, request) if page is not None and hasattr(page, "get_url_parts") else None
    url = url or public_url(request.path)
    params = {}
    for name in keep:
        value = request.GET.get(name, "").strip()
        if value and not (name == "page" and value == "1"):
            params[name] = value[:100]
    if params:
        from urllib.parse import urlencode

        url = f"{url}?{urlencode(params)}"
    return url


@register.filter
def json_ld(data) -> str:
    """Render a dict as a <script type="application/ld+json"> block, safe against </script> in the data."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


@register.simple_tag(takes_context=True)
def article_json_ld(context, article) -> dict:
    """schema.org Article data for an article page."""
    from content.settings import SiteSettings

    request = context.get("request")
    shop_name = SiteSettings.for_request(request).shop_name if request else ""
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title[:110],
        "description": article.intro,
        "datePublished": article.published_on.isoformat(),
        "author": {"@type": "Person", "name": article.author},
        "mainEntityOfPage": page_public_url(article, request),
        "publisher": {"@type": "Organization", "name": shop_name},
    }
    if article.last_published_at:
        data["dateModified"] = article.last_published_at.isoformat()
    image_url = absolute_image_url(context, article.sharing_image())
    if image_url:
        data["image"] = [image_url]
    return data


@register.simple_tag(takes_context=True)
def absolute_image_url(context, image, spec: str = "fill-1200x630") -> str:
    """A full URL for an image rendition, for OpenGraph and JSON-LD; "" when there is no image."""
    request = context.get("request")
    if not image or request is None:
        return ""
    try:
        rendition = image.get_rendition(spec)
    except SourceImageIOError:  # a missing original file must not take the page down with it
        return ""
    return public_url(rendition.url)


@register.filter
def model_name(obj) -> str:
    """Which kind of search result this is: "product" (a product card), "articlepage"…"""
    if isinstance(obj, ProductCard):
        return "product"
    meta = getattr(obj, "_meta", None)
    return meta.model_name if meta else ""
