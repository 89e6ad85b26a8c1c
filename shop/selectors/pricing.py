"""Read the pricing tables (sales, codes, shipping, tax, the free-shipping threshold) into the rules' values."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils import timezone

from config.caches import FREE_SHIPPING_THRESHOLD, SALE_EVENTS
from shop.discounts import CodeRequest, DiscountCodeRule, PromotionRule
from shop.models import DiscountCode, DiscountRedemptionStatus, Promotion, ShippingRate, ShopSettings, TaxRate
from shop.models.settings import DEFAULT_FREE_SHIPPING_THRESHOLD
from shop.money import Money
from shop.shipping import DeliveryEstimate, ShippingRateRule
from shop.tax import TaxRateRule


def free_shipping_threshold() -> Money:
    """The one free-shipping threshold (ShopSettings of the default site), in one query; $250.00 until set."""
    value = (
        ShopSettings.objects.filter(site__is_default_site=True)
        .values_list("free_shipping_threshold", flat=True)
        .first()
    )
    return Money(value if value is not None else DEFAULT_FREE_SHIPPING_THRESHOLD)


def shelf_free_shipping_threshold() -> Money:
    """The free-shipping threshold as offers read it for "ships free": shared by every page for up to a minute."""
    threshold = cache.get(FREE_SHIPPING_THRESHOLD.key)
    if threshold is None:
        threshold = free_shipping_threshold()
        cache.set(FREE_SHIPPING_THRESHOLD.key, threshold, FREE_SHIPPING_THRESHOLD.seconds)
    return threshold


# Key and lifetime from the registry (config/caches.py), which says what clears the list.
SALES_CACHE_KEY = SALE_EVENTS.key
SALES_CACHE_SECONDS = SALE_EVENTS.seconds


def shelf_sale_events() -> list[PromotionRule]:
    """Sale events running now or later, shared by every page and the cart for up to a minute.

    Upcoming ones are kept too and each rule checks its own dates when a price is worked out, so a
    sale starts and ends on the second even while this list is cached.
    """
    rules = cache.get(SALES_CACHE_KEY)
    if rules is None:
        now = timezone.now()
        upcoming = Promotion.objects.filter(is_active=True).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        rules = _promotion_rules(list(upcoming))
        cache.set(SALES_CACHE_KEY, rules, SALES_CACHE_SECONDS)
    return rules


def _promotion_rules(promotions: list[Promotion]) -> list[PromotionRule]:
    if not promotions:
        return []
    ids = [promotion.pk for promotion in promotions]
    product_ids: dict[int, set[int]] = defaultdict(set)
    category_ids: dict[int, set[int]] = defaultdict(set)
    for promotion_id, product_id in Promotion.products.through.objects.filter(promotion_id__in=ids).values_list(
        "promotion_id", "product_id"
    ):
        product_ids[promotion_id].add(product_id)
    for promotion_id, category_id in Promotion.categories.through.objects.filter(promotion_id__in=ids).values_list(
        "promotion_id", "category_id"
    ):
        category_ids[promotion_id].add(category_id)
    return [
        PromotionRule(
            name=promotion.name,
            kind=promotion.kind,
            value=promotion.value,
            starts_at=promotion.starts_at,
            ends_at=promotion.ends_at,
            product_ids=frozenset(product_ids[promotion.pk]),
            category_ids=frozenset(category_ids[promotion.pk]),
        )
        for promotion in promotions
    ]


def discount_code_request(entered: str, *, email: str | None = None) -> CodeRequest:
    """The code the shopper typed, matched case-insensitively, with its uses so far (one query).

    Uses are counted two ways, overall and for `email` (any case): redeemed on paid orders, and
    reserved by orders awaiting payment. Released reservations (unpaid orders that expired) count for nothing.
    """
    entered = (entered or "").strip()
    if not entered:
        return CodeRequest(entered=entered, rule=None)
    email = (email or "").strip().lower()
    redeemed = Q(redemptions__status=DiscountRedemptionStatus.REDEEMED)
    reserved = Q(redemptions__status=DiscountRedemptionStatus.RESERVED)
    counts = {
        "times_used": Count("redemptions", filter=redeemed),
        "times_reserved": Count("redemptions", filter=reserved),
    }
    if email:
        by_customer = Q(redemptions__email=email)
        counts["times_used_by_customer"] = Count("redemptions", filter=redeemed & by_customer)
        counts["times_reserved_by_customer"] = Count("redemptions", filter=reserved & by_customer)
    found = DiscountCode.objects.filter(code__iexact=entered).annotate(**counts).first()
    if found is None:
        return CodeRequest(entered=entered, rule=None, email=email or None)
    return CodeRequest(
        entered=entered,
        email=email or None,
        rule=DiscountCodeRule(
            code=found.code,
            kind=found.kind,
            value=found.value,
            minimum_subtotal=Money(found.minimum_subtotal) if found.minimum_subtotal is not None else None,
            starts_at=found.starts_at,
            ends_at=found.ends_at,
            usage_limit=found.usage_limit,
            per_customer_limit=found.per_customer_limit,
            times_used=found.times_used,
            times_used_by_customer=getattr(found, "times_used_by_customer", 0),
            times_reserved=found.times_reserved,
            times_reserved_by_customer=getattr(found, "times_reserved_by_customer", 0),
            is_active=found.is_active,
            variant_id=found.variant_id,
            bound_email=found.bound_email,
            matched_price=Money(found.matched_price) if found.matched_price is not None else None,
            matched_units=found.matched_units,
        ),
    )


def shipping_rates_for(province: str) -> list[ShippingRateRule]:
    """The rate rows of every zone (one query); the rule picks the zone containing `province`."""
    return [
        shipping_rate_rule_of(rate)
        for rate in ShippingRate.objects.select_related("zone")
        if province in rate.zone.provinces
    ]


def shipping_rate_rule_of(rate: ShippingRate) -> ShippingRateRule:
    """One rate row (with its zone loaded) as the shipping rules read it."""
    return ShippingRateRule(
        zone=rate.zone.name,
        provinces=frozenset(rate.zone.provinces),
        method=rate.method,
        price=Money(rate.price),
        estimate=DeliveryEstimate(min_days=rate.delivery_days_min, max_days=rate.delivery_days_max),
    )


def tax_rates_for(province: str) -> list[TaxRateRule]:
    """Every dated tax row of `province` (one query); the rule picks the ones in force on the order's day."""
    return [
        TaxRateRule(
            province=row.province,
            name=row.name,
            rate=Decimal(row.rate),
            effective_from=row.effective_from,
            effective_to=row.effective_to,
        )
        for row in TaxRate.objects.filter(province=province)
    ]
