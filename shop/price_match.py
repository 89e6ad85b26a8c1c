"""The price-match policy as plain rules: which competitor prices the shop matches, and at what price.

We match an identical item, in stock at a Canadian retailer, when its price including shipping is lower
than our shelf price. Marketplace and auction listings and clearance, coupon or bundle prices are not
matched, and no match takes more than the maximum discount off our price. The values come from the
shop's price-match settings (shop.models.price_match.PriceMatchSettings); the published policy page
reads the same values through policy_points(), so the page and these rules cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shop.money import DEFAULT_CURRENCY, Money, format_number, quantize_cents

DEFAULT_MAX_DISCOUNT_PERCENT = Decimal("20")
DEFAULT_REQUEST_WINDOW_DAYS = 14
DEFAULT_CODE_VALIDITY_DAYS = 7
# One approved match covers this many units of the item: a household's worth, not a reseller's stock.
DEFAULT_UNITS_PER_MATCH = 2
DEFAULT_MARKETPLACE_DOMAINS = (
    "amazon.ca",
    "amazon.com",
    "ebay.ca",
    "ebay.com",
    "etsy.com",
    "kijiji.ca",
    "facebook.com",
    "craigslist.org",
    "aliexpress.com",
    "temu.com",
    "marketplace.walmart.ca",
)


@dataclass(frozen=True, slots=True)
class PriceMatchPolicy:
    """The settings the rules read: on or off, the largest discount, the excluded sites and the time limits."""

    enabled: bool = True
    max_discount_percent: Decimal = DEFAULT_MAX_DISCOUNT_PERCENT
    marketplace_domains: tuple[str, ...] = DEFAULT_MARKETPLACE_DOMAINS
    request_window_days: int = DEFAULT_REQUEST_WINDOW_DAYS
    code_validity_days: int = DEFAULT_CODE_VALIDITY_DAYS
    units_per_match: int = DEFAULT_UNITS_PER_MATCH


@dataclass(frozen=True, slots=True)
class CompetitorOffer:
    """What the shopper found: where, at what price including shipping, and what they declare about it."""

    retailer: str
    url: str
    price: Money  # including shipping to the shopper
    in_stock: bool
    identical: bool  # same brand, model, size and colour
    canadian_retailer: bool  # sells to Canada from a Canadian business
    special_price: bool  # a clearance, coupon, member or bundle price


@dataclass(frozen=True, slots=True)
class PriceMatchDecision:
    """The answer: eligible or not, each reason in words, and the price we would sell at."""

    eligible: bool
    reasons: tuple[str, ...]
    matched_price: Money | None  # the price we match (after the cap); None when not eligible
    capped: bool = False  # the competitor's price was lower than the maximum discount allows

    def discount_from(self, price: Money) -> Money:
        """What matching takes off `price` (our shelf price, or what the shopper paid): never below $0."""
        if self.matched_price is None or self.matched_price >= price:
            return Money.zero(price.currency)
        return price - self.matched_price


def normalise_domain(value: str) -> str:
    """A domain as staff may type it ("www.Amazon.ca/", "https://ebay.ca") reduced to "amazon.ca"."""
    value = (value or "").strip().lower()
    if "//" in value:
        value = urlsplit(value).hostname or ""
    value = value.split("/")[0].split(":")[0].strip(".")
    return value.removeprefix("www.")


def parse_domains(text: str) -> tuple[str, ...]:
    """One domain per line or comma; blanks and repeats dropped, order kept."""
    seen: list[str] = []
    for part in (text or "").replace(",", "\n").splitlines():
        domain = normalise_domain(part)
        if domain and domain not in seen:
            seen.append(domain)
    return tuple(seen)


def url_host(url: str) -> str:
    """The host of a listing's address, lower case, without "www."; "" when there is none."""
    try:
        host = urlsplit((url or "").strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


def is_marketplace(url: str, domains: tuple[str, ...]) -> bool:
    """A listing is on a marketplace or auction site when its host is an excluded domain or a subdomain of one."""
    host = url_host(url)
    return bool(host) and any(host == domain or host.endswith("." + domain) for domain in domains)


def max_discount_floor(shelf_price: Money, policy: PriceMatchPolicy) -> Money:
    """The lowest price a match may reach: our price less the maximum discount, rounded half-up to the cent."""
    off = quantize_cents(shelf_price.amount * policy.max_discount_percent / Decimal("100"))
    return Money(shelf_price.amount - off, shelf_price.currency)


def price_match_decision(offer: CompetitorOffer, *, shelf_price: Money, policy: PriceMatchPolicy) -> PriceMatchDecision:
    """We match an identical, in-stock item at a Canadian retailer that costs less than our price, up to the cap.

    Every rule is checked, so the shopper and staff see all that stands in the way at once.
    """
    reasons: list[str] = []
    if not policy.enabled:
        reasons.append(_("Price matching is not offered at the moment."))
    if not offer.identical:
        reasons.append(_("We match only the identical item: the same brand, model, size and colour."))
    if not offer.in_stock:
        reasons.append(_("The item must be in stock at the other retailer."))
    if not offer.canadian_retailer or offer.price.currency != DEFAULT_CURRENCY:
        reasons.append(_("We match Canadian retailers' prices in Canadian dollars."))
    if is_marketplace(offer.url, policy.marketplace_domains):
        reasons.append(
            _("%(site)s is a marketplace or auction site; we do not match listings there.")
            % {"site": url_host(offer.url)}
        )
    if offer.special_price:
        reasons.append(_("We do not match clearance, coupon, member or bundle prices."))
    lower = offer.price.currency == shelf_price.currency and offer.price < shelf_price
    if offer.price.currency == shelf_price.currency and not lower:
        reasons.append(
            _("%(price)s is not lower than our price of %(ours)s.") % {"price": offer.price, "ours": shelf_price}
        )
    if offer.price.amount <= 0:
        reasons.append(_("The other retailer's price must be more than $0."))
    if reasons:
        return PriceMatchDecision(eligible=False, reasons=tuple(reasons), matched_price=None)
    floor = max_discount_floor(shelf_price, policy)
    if offer.price < floor:
        return PriceMatchDecision(
            eligible=True,
            reasons=(
                _("We match up to %(percent)s%% below our price, so we can offer %(floor)s rather than %(price)s.")
                % {"percent": _percent(policy.max_discount_percent), "floor": floor, "price": offer.price},
            ),
            matched_price=floor,
            capped=True,
        )
    return PriceMatchDecision(
        eligible=True,
        reasons=(_("We can match %(price)s (our price is %(ours)s).") % {"price": offer.price, "ours": shelf_price},),
        matched_price=offer.price,
    )


def within_request_window(*, ordered_at: datetime, now: datetime, policy: PriceMatchPolicy) -> bool:
    """An order can be price-matched for `request_window_days` days after it was placed, to the second."""
    return ordered_at <= now <= ordered_at + timedelta(days=policy.request_window_days)


REFUND_KEY_PREFIX = "price-match-"


def refund_key(request_id: int) -> str:
    """The idempotency key of the refund approving request `request_id` after purchase makes: one per request,
    so a double click or a retry after Stripe timed out asks Stripe about the same refund."""
    return f"{REFUND_KEY_PREFIX}{request_id}"


def refund_key_request_id(key: str) -> int | None:
    """The price-match request a refund's key belongs to; None for any other refund's key."""
    if not key.startswith(REFUND_KEY_PREFIX):
        return None
    number = key.removeprefix(REFUND_KEY_PREFIX)
    return int(number) if number.isdigit() else None


def code_expires_at(*, approved_at: datetime, policy: PriceMatchPolicy) -> datetime:
    """A price-match code works for `code_validity_days` days from the moment staff approve the request."""
    return approved_at + timedelta(days=policy.code_validity_days)


def matched_units(*, bought: int, policy: PriceMatchPolicy) -> int:
    """How many of the units bought (or in the cart) a match covers: all of them, up to the policy's number."""
    return max(min(bought, policy.units_per_match), 0)


def paid_unit_price(*, line_total: Money, quantity: int) -> Money:
    """What the shopper paid for one unit of an order line (after any code), rounded half-up to the cent."""
    if quantity <= 0:
        return line_total
    return Money(quantize_cents(line_total.amount / quantity), line_total.currency)


@dataclass(frozen=True, slots=True)
class PriceMatchRefund:
    """What a match approved after purchase gives back: the difference on each unit, and the tax charged on it."""

    unit_difference: Money  # what the match takes off one unit (after the maximum-discount cap)
    units: int
    goods: Money  # unit_difference x units
    tax: Money  # each of the order's tax components on `goods`, rounded on its own like the receipt's
    total: Money  # goods + tax, never more than is left to refund on the order
    limited: bool = False  # cut down to what was left to refund


def price_match_refund(
    decision: PriceMatchDecision,
    *,
    paid_unit_price: Money,
    units: int,
    tax_rates: Iterable[Decimal],
    refundable: Money,
) -> PriceMatchRefund:
    """After purchase we refund the difference on every unit of the line, plus the tax the shopper paid on it
    at the order's own rates: what a code at checkout would have saved them, and never more than is left."""
    unit_difference = decision.discount_from(paid_unit_price)
    units = max(units, 0)
    goods = Money(unit_difference.amount * units, paid_unit_price.currency)
    tax = Money(
        sum((quantize_cents(goods.amount * rate) for rate in tax_rates), Decimal("0.00")), paid_unit_price.currency
    )
    total = goods + tax
    limited = total > refundable
    return PriceMatchRefund(
        unit_difference=unit_difference,
        units=units,
        goods=goods,
        tax=tax,
        total=refundable if limited else total,
        limited=limited,
    )


def _percent(value: Decimal) -> str:
    """20.00 -> "20", 12.50 -> "12.5" ("12,5" in French): the way a shop owner writes a percentage."""
    return format_number(value.normalize())


@dataclass(frozen=True, slots=True)
class PolicyPoint:
    heading: str
    text: str


def policy_points(policy: PriceMatchPolicy) -> tuple[PolicyPoint, ...]:
    """The published policy, point by point, worded from the same settings the rules above check."""
    domains = ", ".join(policy.marketplace_domains) or _("none listed")
    return (
        PolicyPoint(
            _("Identical and in stock"),
            _(
                "The item must be identical — the same brand, model, size and colour — and in stock at the other retailer."
            ),
        ),
        PolicyPoint(
            _("Canadian retailers"),
            _(
                "We match retailers that sell in Canada, in Canadian dollars, comparing their price including shipping to you."
            ),
        ),
        PolicyPoint(
            _("No marketplaces or auctions"),
            _("We do not match marketplace or auction listings, including: %(domains)s.") % {"domains": domains},
        ),
        PolicyPoint(
            _("Regular prices only"),
            _("We do not match clearance, coupon, member or bundle prices."),
        ),
        PolicyPoint(
            _("Up to %(percent)s%% off") % {"percent": _percent(policy.max_discount_percent)},
            _("The other price must be lower than ours. We match it up to %(percent)s%% below our own price.")
            % {"percent": _percent(policy.max_discount_percent)},
        ),
        PolicyPoint(
            ngettext("One unit per match", "Up to %(units)s units per match", policy.units_per_match)
            % {"units": policy.units_per_match},
            ngettext(
                "A match covers one unit of the item, before or after you buy.",
                "A match covers up to %(units)s units of the item, before or after you buy.",
                policy.units_per_match,
            )
            % {"units": policy.units_per_match},
        ),
        PolicyPoint(
            _("Before you buy"),
            _(
                "Once approved, we email you a single-use code for that item at the matched price. It works with your "
                "email address only and is valid for %(days)s days."
            )
            % {"days": policy.code_validity_days},
        ),
        PolicyPoint(
            _("After you buy"),
            _(
                "Bought from us in the last %(days)s days? Give your order number and we refund the difference to "
                "your card."
            )
            % {"days": policy.request_window_days},
        ),
    )
