"""What a shopper asked the catalogue listing for, read from the query string.

Plain code, no request and no database: `parse_listing_query` turns whatever arrives in the URL
into a `ListingQuery` and never raises. Nonsense is dropped, not reported, because a mangled
link should still show the shop (`page=abc`, `sort=evil`, `min_price=-5`, 3,000-character values).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from shop.money import quantize_cents
from shop.parsing import ascii_whole_number

PER_PAGE = 24
# Longer values are never meaningful here; ignoring them keeps parsing cheap for hostile URLs.
MAX_VALUE_LENGTH = 100
MAX_BRANDS = 20
MAX_PAGE_DIGITS = 6
# No single product costs a million dollars; anything above is a typo or a probe.
MAX_PRICE = Decimal("1000000")
SLUG_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
TRUE_VALUES = frozenset({"1", "on", "true", "yes"})


class Sort(models.TextChoices):
    FEATURED = "featured", _("Featured")
    PRICE_ASC = "price-asc", _("Price: low to high")
    PRICE_DESC = "price-desc", _("Price: high to low")
    NEWEST = "newest", _("Newest")


@dataclass(frozen=True)
class PriceBand:
    """A price range shoppers pick from; the low end is included, the high end is not."""

    slug: str
    label: str
    low: Decimal | None
    high: Decimal | None

    def contains(self, price: Decimal) -> bool:
        return (self.low is None or price >= self.low) and (self.high is None or price < self.high)


PRICE_BANDS: tuple[PriceBand, ...] = (
    PriceBand("under-50", _("Under $50"), None, Decimal("50")),
    PriceBand("50-100", _("$50 to $100"), Decimal("50"), Decimal("100")),
    PriceBand("100-250", _("$100 to $250"), Decimal("100"), Decimal("250")),
    PriceBand("250-plus", _("$250 and up"), Decimal("250"), None),
)
PRICE_BANDS_BY_SLUG = {band.slug: band for band in PRICE_BANDS}


@dataclass(frozen=True)
class ListingQuery:
    brands: tuple[str, ...] = ()
    price_band: str = ""
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    sort: str = Sort.FEATURED
    page: int = 1

    @property
    def band(self) -> PriceBand | None:
        return PRICE_BANDS_BY_SLUG.get(self.price_band)

    @property
    def is_filtered(self) -> bool:
        return bool(
            self.brands or self.band or self.min_price is not None or self.max_price is not None or self.in_stock
        )


def _values(params: Mapping[str, Sequence[str]], name: str) -> Sequence[str]:
    values = params.get(name) or ()
    # A bare string is a Sequence too; treat it as one value, not as its characters.
    return (values,) if isinstance(values, str) else values


def _first(params: Mapping[str, Sequence[str]], name: str) -> str:
    for value in _values(params, name):
        if isinstance(value, str) and len(value) <= MAX_VALUE_LENGTH:
            return value.strip()
    return ""


def parse_page(raw: str) -> int:
    """A page number is a positive whole number in ASCII digits; anything else ("abc", "²") means page 1."""
    page = ascii_whole_number(raw, max_digits=MAX_PAGE_DIGITS)
    return 1 if page is None else max(page, 1)


def parse_price(raw: str) -> Decimal | None:
    """A price filter is a non-negative amount in dollars, rounded to cents; anything else is ignored."""
    if not raw:
        return None
    try:
        amount = Decimal(raw.replace("$", "").replace(",", ""))
    except (InvalidOperation, ValueError):
        return None
    if not amount.is_finite() or amount < 0 or amount > MAX_PRICE:
        return None
    return quantize_cents(amount)


def parse_brands(values: Sequence[str]) -> tuple[str, ...]:
    brands = {
        value.strip()
        for value in values
        if isinstance(value, str) and len(value) <= MAX_VALUE_LENGTH and SLUG_RE.match(value.strip())
    }
    return tuple(sorted(brands))[:MAX_BRANDS]


def parse_listing_query(params: Mapping[str, Sequence[str]]) -> ListingQuery:
    """Read listing filters, sort and page from query parameters (name -> list of values); never raises."""
    sort = _first(params, "sort")
    band = _first(params, "price")
    min_price = parse_price(_first(params, "min_price"))
    max_price = parse_price(_first(params, "max_price"))
    if min_price is not None and max_price is not None and min_price > max_price:
        # Shoppers who type the range backwards still mean the range.
        min_price, max_price = max_price, min_price
    return ListingQuery(
        brands=parse_brands(_values(params, "brand")),
        price_band=band if band in PRICE_BANDS_BY_SLUG else "",
        min_price=min_price,
        max_price=max_price,
        in_stock=_first(params, "in_stock").lower() in TRUE_VALUES,
        sort=sort if sort in Sort.values else Sort.FEATURED,
        page=parse_page(_first(params, "page")),
    )


def query_params(query: ListingQuery) -> list[tuple[str, str]]:
    """The understood filters and sort as (name, value) pairs, for links that keep them (page excluded).

    Links are rebuilt from these rather than from the raw URL so junk never echoes back into the page.
    """
    params = [("brand", brand) for brand in query.brands]
    if query.price_band:
        params.append(("price", query.price_band))
    if query.min_price is not None:
        params.append(("min_price", str(query.min_price)))
    if query.max_price is not None:
        params.append(("max_price", str(query.max_price)))
    if query.in_stock:
        params.append(("in_stock", "1"))
    if query.sort != Sort.FEATURED:
        params.append(("sort", query.sort))
    return params
