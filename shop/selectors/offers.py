"""Catalogue rows to offers: the only code that turns variants and the running sales into prices.

Cards, listings and their facets, the product page and its JSON, the cart and checkout (through the
LineIn built here), and the comparison table all read their prices from here, with the sale events
from one cached list (shop.selectors.pricing.shelf_sale_events) that each rule checks against the clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from shop.discounts import PromotionRule, best_promotion
from shop.models import ProductVariant
from shop.money import Money
from shop.offers import ProductOffer, VariantOffer, lead_price, product_offer, variant_offer
from shop.pricing import LineIn
from shop.reference_prices import NO_FACTS, PriceFacts, genuine_reference, lowest_recent_price
from shop.selectors.pricing import shelf_free_shipping_threshold, shelf_sale_events
from shop.selectors.reference_prices import price_facts


@dataclass(frozen=True)
class ShelfTerms:
    """What every offer on one page is worked out against: the sales, the moment, the free-shipping threshold."""

    sales: Sequence[PromotionRule]
    now: datetime
    free_shipping_threshold: Money
    # Price facts by variant id, for the variants that need them (see needs_facts); read by terms_with_facts.
    facts: Mapping[int, PriceFacts] = field(default_factory=dict)


def shelf_terms(*, now: datetime | None = None) -> ShelfTerms:
    """The cached sale events and threshold, read once per page so every offer on it sees the same moment."""
    return ShelfTerms(
        sales=shelf_sale_events(),
        now=now or timezone.now(),
        free_shipping_threshold=shelf_free_shipping_threshold(),
    )


def needs_facts(
    *, product_id: int, category_id: int | None, price: Decimal, compare_at_price: Decimal | None, terms: ShelfTerms
) -> bool:
    """A variant's past matters when it shows a compare-at price above its price, or a running sale lowers it."""
    if compare_at_price is not None and compare_at_price > price:
        return True
    _price, sale = best_promotion(
        terms.sales, list_price=Money(price), product_id=product_id, category_id=category_id, now=terms.now
    )
    return sale is not None


def terms_with_facts(terms: ShelfTerms, rows: Iterable[FactsRow]) -> ShelfTerms:
    """`terms` with the price facts of these variants (variant id, product id, category id, price, compare-at).

    One query for every variant not known yet, whether or not it needs them today, so a page costs the same
    queries whatever its products are: one more than before, never one per product.
    """
    wanted = [row[0] for row in rows if row[0] is not None and row[0] not in terms.facts]
    if not wanted:
        return terms
    return replace(terms, facts={**terms.facts, **price_facts(wanted, now=terms.now)})


FactsRow = tuple[int, int, int | None, Decimal, Decimal | None]


def variant_facts_row(variant: ProductVariant) -> FactsRow:
    product = variant.product
    return (variant.pk, product.pk, product.category_id, variant.price, variant.compare_at_price)


def terms_for_products(terms: ShelfTerms, products: Iterable) -> ShelfTerms:
    """`terms` with the price facts of these loaded products' variants (prefetched), in at most one query."""
    return terms_with_facts(
        terms,
        [
            (variant.pk, product.pk, product.category_id, variant.price, variant.compare_at_price)
            for product in products
            for variant in product.variants.all()
        ],
    )


def variant_line_in(variant: ProductVariant, quantity: int, *, terms: ShelfTerms) -> LineIn:
    """A variant as the pricing rules see it (its product must be loaded already, its facts in `terms`)."""
    product = variant.product
    return row_line_in(
        variant_id=variant.pk,
        product_id=product.pk,
        category_id=product.category_id,
        product_name=product.name,
        variant_title=variant.title,
        sku=variant.sku,
        quantity=quantity,
        price=variant.price,
        compare_at_price=variant.compare_at_price,
        terms=terms,
    )


def row_line_in(
    *,
    variant_id: int,
    product_id: int,
    category_id: int | None,
    product_name: str,
    variant_title: str,
    sku: str,
    quantity: int,
    price: Decimal,
    compare_at_price: Decimal | None,
    terms: ShelfTerms,
) -> LineIn:
    """A variant read as a plain row (cards read no model instances), as the pricing rules see it.

    Its compare-at price comes along only when genuine (shop.reference_prices), judged on its facts in `terms`;
    a variant that needs facts and was not given them has them read here (one query: pass them in batches).
    """
    facts = terms.facts.get(variant_id)
    if (
        facts is None
        and variant_id is not None
        and needs_facts(
            product_id=product_id, category_id=category_id, price=price, compare_at_price=compare_at_price, terms=terms
        )
    ):
        facts = price_facts([variant_id], now=terms.now)[variant_id]
    facts = facts or NO_FACTS
    list_price = Money(price)
    reference = Money(compare_at_price) if compare_at_price is not None else None
    return LineIn(
        variant_id=variant_id,
        product_id=product_id,
        category_id=category_id,
        # The same title as str(ProductVariant): the product, then the option values that tell variants apart.
        title=f"{product_name} — {variant_title}" if variant_title else product_name,
        sku=sku,
        quantity=quantity,
        list_price=list_price,
        compare_at=genuine_reference(reference, list_price, facts, now=terms.now),
        lowest_recent=lowest_recent_price(facts.history, now=terms.now),
    )


def offer_for_line(line: LineIn, *, stock: int, terms: ShelfTerms) -> VariantOffer:
    return variant_offer(
        line, stock=stock, sales=terms.sales, now=terms.now, free_shipping_threshold=terms.free_shipping_threshold
    )


def variant_offers(variants: Iterable[ProductVariant], *, terms: ShelfTerms | None = None) -> list[VariantOffer]:
    """Each variant's offer, in the order given (their products must be loaded already)."""
    variants = list(variants)
    terms = terms_with_facts(terms or shelf_terms(), [variant_facts_row(variant) for variant in variants])
    return [
        offer_for_line(variant_line_in(variant, 1, terms=terms), stock=variant.stock_quantity, terms=terms)
        for variant in variants
    ]


def offers_of_product(product, *, terms: ShelfTerms | None = None) -> tuple[list[VariantOffer], ProductOffer]:
    """A loaded product's variant offers (in shop order, as prefetched) and the product's offer."""
    variants = list(product.variants.all())
    for variant in variants:
        variant.product = product  # already loaded; saves a query per variant
    offers = variant_offers(variants, terms=terms)
    return offers, product_offer(offers)


def cheapest_row_price(
    *, product_id: int, category_id: int | None, cheapest_list_price: Decimal, terms: ShelfTerms
) -> Money:
    """A listing row's "from" price: its lead variant's offer price (shop.offers.lead_price), in plain Python."""
    return lead_price(
        Money(cheapest_list_price), product_id=product_id, category_id=category_id, sales=terms.sales, now=terms.now
    )
