"""Template helpers for the catalogue: product cards (prices read through money_tags)."""

from __future__ import annotations

import hashlib

from django import template
from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from config.caches import PRODUCT_CARDS
from config.page_cache import CSRF_PLACEHOLDER
from shop.selectors.cards import ProductCard

register = template.Library()


CARD_TEMPLATE = "includes/product_card.html"
# Everything a card is made of: editing any of these templates must not serve cards made by the old one.
CARD_TEMPLATES = (
    CARD_TEMPLATE,
    "shop/includes/add_to_cart.html",
    "shop/includes/lowest_price.html",
    "compare/includes/toggle.html",
)
# Stand-ins for the parts of a card that belong to the visitor, filled in on every page.
RETURN_PATH = "__card-return-path__"
RETURN_FULL_PATH = "__card-return-full-path__"
# A card's picture loads lazily (the template says so); the first `eager` cards of a page, the largest content a
# phone shows first, load at once and before other images.
LAZY_IMAGE = ' loading="lazy"'
EAGER_IMAGE = ' loading="eager" fetchpriority="high"'
# The slugs the shopper picked for comparison, put in every page's context by compare's context processor
# (compare.context_processors.compare_picks); shop reads the variable by name and never imports compare.
COMPARE_PICKS = "compare_picks"


@register.simple_tag(takes_context=True)
def product_cards(context, cards, eager: int = 0) -> list[SafeString]:
    """`{% product_cards cards eager=2 as rendered %}`: each card's HTML, in order, kept in the cache by what it shows.

    A card's HTML follows from the card (a frozen value read fresh from the database for this page), the
    language and the card's templates, so the cache key is made of exactly those: a changed price, stock
    level or name is a different key, never an old copy. One cache read serves the whole page. What
    belongs to the visitor is filled in per page: their CSRF token and the address to come back to; the
    products they picked for comparison (three at most) are rendered fresh with their "remove" button. The
    first `eager` cards' pictures load eagerly and first (the listing's top row is what a phone paints first).
    """
    request = context.get("request")
    cards = list(cards)
    if request is None:
        return _eager_first([_render_card(context, card) for card in cards], eager)
    engine = context.template.engine
    templates = _card_templates_digest(engine)
    # Only a ProductCard's repr names everything it shows; anything else is rendered fresh, never keyed.
    picks = context.get(COMPARE_PICKS, ())
    keys = {
        card: _card_cache_key(card, templates)
        for card in cards
        if isinstance(card, ProductCard) and card.slug not in picks
    }
    stored = cache.get_many(list(keys.values())) if keys else {}
    fill = {
        CSRF_PLACEHOLDER: str(context.get("csrf_token") or ""),
        RETURN_PATH: escape(request.path),
        RETURN_FULL_PATH: escape(request.get_full_path()),
    }
    rendered, new = [], {}
    for card in cards:
        key = keys.get(card)
        if key is None:
            rendered.append(_render_card(context, card))
            continue
        html = stored.get(key)
        if html is None:
            html = new[key] = _render_card(
                context, card, csrf_token=CSRF_PLACEHOLDER, return_path=RETURN_PATH, return_full_path=RETURN_FULL_PATH
            )
        for placeholder, value in fill.items():
            html = html.replace(placeholder, value)
        # Safe: the card template escaped everything it printed, and the filled-in values are escaped above.
        rendered.append(mark_safe(html))
    if new:
        cache.set_many(new, PRODUCT_CARDS.seconds)
    return _eager_first(rendered, eager)


def _eager_first(rendered: list[SafeString], eager: int) -> list[SafeString]:
    # Safe: swapping one attribute of our own markup for another of ours.
    return [
        mark_safe(html.replace(LAZY_IMAGE, EAGER_IMAGE, 1)) if index < eager else html
        for index, html in enumerate(rendered)
    ]


def _render_card(context, card: ProductCard, **extra: str) -> SafeString:
    template = context.template.engine.get_template(CARD_TEMPLATE)
    with context.push(card=card, **extra):
        return template.render(context)


def _card_cache_key(card: ProductCard, templates: str) -> str:
    what = f"{get_language()}|{templates}|{card!r}"
    return PRODUCT_CARDS.key_for(hashlib.blake2b(what.encode(), digest_size=16).hexdigest())


def _card_templates_digest(engine) -> str:
    sources = "".join(engine.get_template(name).source for name in CARD_TEMPLATES)
    return hashlib.blake2b(sources.encode(), digest_size=8).hexdigest()
