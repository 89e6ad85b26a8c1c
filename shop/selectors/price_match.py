"""Read what the price-match rules need (the policy, our shelf price, the shopper's order) and the staff's reports."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from email.utils import parseaddr

from django.conf import settings
from django.db.models import Count, Max, Min
from wagtail.models import Site

from shop.models import (
    Order,
    OrderLine,
    OrderStatus,
    PriceMatchRequest,
    PriceMatchSettings,
    PriceMatchStatus,
    Refund,
    RefundStatus,
    ShopSettings,
)
from shop.models.catalogue import ProductVariant
from shop.money import Money, quantize_cents
from shop.price_match import CompetitorOffer, PriceMatchPolicy, paid_unit_price, refund_key
from shop.selectors.offers import variant_offers
from shop.selectors.translations import show_option_text, show_product_text, with_option_text, with_product_text

# Orders a shopper can ask about: the card was charged and not all of it has gone back.
PAID_STATUSES = (OrderStatus.PAID, OrderStatus.FULFILLED, OrderStatus.SHIPPED, OrderStatus.PARTIALLY_REFUNDED)


def price_match_settings() -> PriceMatchSettings:
    """The default site's price-match settings (a fresh read; defaults until staff save them)."""
    site = Site.objects.filter(is_default_site=True).first()
    return PriceMatchSettings.for_site(site) if site is not None else PriceMatchSettings()


def staff_notification_address() -> str:
    """Where staff hear of new requests: the shop settings' "staff notification email", else the address the
    shop sends from (DEFAULT_FROM_EMAIL, which is why the setting's help text says to fill it in when that is a
    no-reply mailbox). Chat alerts are the site settings' (content), which the shop cannot read."""
    address = (
        ShopSettings.objects.filter(site__is_default_site=True)
        .values_list("staff_notification_email", flat=True)
        .first()
    )
    return address or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def price_match_waiting_refund(request: PriceMatchRequest) -> Refund | None:
    """The refund an earlier approval of this request started and Stripe has not confirmed (it did not answer,
    or is still being asked): approving again asks Stripe about that one, for its amount, not a new one."""
    if request.order_id is None:
        return None
    return Refund.objects.filter(idempotency_key=refund_key(request.pk)).exclude(status=RefundStatus.SUCCEEDED).first()


def price_match_policy() -> PriceMatchPolicy:
    return price_match_settings().policy()


def variant_shelf_price(variant: ProductVariant) -> Money:
    """Our shelf price for the variant today, from the one price path (its product must be loaded)."""
    (offer,) = variant_offers([variant])
    return offer.price


def variant_for_sku(*, product_slug: str, sku: str | None) -> tuple[ProductVariant | None, list[ProductVariant]]:
    """An active product's variants (in shop order) and the one the shopper chose by SKU (else the first),
    named in the active language."""
    variants = ProductVariant.objects.filter(product__slug=product_slug, product__is_active=True)
    variants = with_option_text(with_product_text(variants, via="product__", fields=("name",)))
    variants = list(variants.select_related("product").order_by("sort_order", "pk"))
    for variant in variants:
        show_product_text(variant.product, variant)
        show_option_text(variant)
    chosen = next((variant for variant in variants if sku and variant.sku == sku), None)
    return chosen or (variants[0] if variants else None), variants


@dataclass(frozen=True, slots=True)
class PurchasedLine:
    order: Order
    line: OrderLine
    paid_unit_price: Money


def purchased_line(*, number: str, email: str, variant_id: int) -> PurchasedLine | None:
    """The shopper's paid order `number` (matched with their email, any case) and its line for the variant."""
    number = (number or "").strip().upper()
    if not number:
        return None
    order = Order.objects.for_email(email).filter(number=number, status__in=PAID_STATUSES).first()
    if order is None:
        return None
    line = order.lines.filter(variant_id=variant_id).order_by("pk").first()
    if line is None:
        return None
    unit = paid_unit_price(line_total=Money(line.line_total, order.currency), quantity=line.quantity)
    return PurchasedLine(order=order, line=line, paid_unit_price=unit)


def competitor_offer_of(request: PriceMatchRequest) -> CompetitorOffer:
    """A stored request as the policy rules see it."""
    return CompetitorOffer(
        retailer=request.competitor_name,
        url=request.competitor_url,
        price=Money(request.competitor_price, request.currency),
        in_stock=request.in_stock_confirmed,
        identical=request.identical_confirmed,
        canadian_retailer=request.canadian_retailer_confirmed,
        special_price=request.special_price,
    )


def price_match_pending_count() -> int:
    return PriceMatchRequest.objects.filter(status=PriceMatchStatus.PENDING).count()


def price_match_pending(limit: int = 5) -> list[PriceMatchRequest]:
    """The oldest requests still waiting for staff, first come first served."""
    return list(PriceMatchRequest.objects.filter(status=PriceMatchStatus.PENDING).order_by("created_at", "pk")[:limit])


@dataclass(frozen=True, slots=True)
class CompetitorPriceRow:
    sku: str
    product_name: str
    requests: int
    approved: int
    lowest_price: Decimal
    highest_price: Decimal
    latest_at: object
    retailers: tuple[str, ...]


def competitor_price_report() -> list[CompetitorPriceRow]:
    """Competitor prices shoppers reported, per SKU: how often, the lowest and highest, and where (two queries)."""
    rows = (
        PriceMatchRequest.objects.values("sku")
        .annotate(
            requests=Count("pk"),
            lowest=Min("competitor_price"),
            highest=Max("competitor_price"),
            latest=Max("created_at"),
            product=Max("product_name"),
        )
        .order_by("-requests", "sku")
    )
    approved = dict(
        PriceMatchRequest.objects.filter(status=PriceMatchStatus.APPROVED)
        .values("sku")
        .annotate(count=Count("pk"))
        .values_list("sku", "count")
    )
    retailers: dict[str, list[str]] = {}
    for sku, name in PriceMatchRequest.objects.values_list("sku", "competitor_name").distinct().order_by("sku"):
        if name not in retailers.setdefault(sku, []):
            retailers[sku].append(name)
    return [
        CompetitorPriceRow(
            sku=row["sku"],
            product_name=row["product"],
            requests=row["requests"],
            approved=approved.get(row["sku"], 0),
            lowest_price=_cents(row["lowest"]),
            highest_price=_cents(row["highest"]),
            latest_at=row["latest"],
            retailers=tuple(retailers.get(row["sku"], ())),
        )
        for row in rows
    ]


def _cents(value) -> Decimal:
    # SQLite hands back MIN/MAX of a decimal column as a number without its trailing zeros.
    return quantize_cents(Decimal(str(value)))
