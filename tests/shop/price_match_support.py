"""Helpers for the price-match tests: a filed request, before or after purchase."""

from __future__ import annotations

from decimal import Decimal

from shop.money import Money
from shop.price_match import CompetitorOffer
from shop.selectors.price_match import purchased_line
from shop.services.price_match import price_match_request_create
from tests.factories import ProductVariantFactory


def competitor(price: str = "90.00", **changes) -> CompetitorOffer:
    values = {
        "retailer": "Physio Depot",
        "url": "https://www.physiodepot.ca/massage-gun-pro",
        "price": Money(price),
        "in_stock": True,
        "identical": True,
        "canadian_retailer": True,
        "special_price": False,
        **changes,
    }
    return CompetitorOffer(**values)


def filed_request(*, variant=None, price: str = "90.00", email: str = "ada@example.com", order=None, **changes):
    """A request as the form files it: for `variant` (a $100.00 one by default), or for a line of `order`."""
    variant = variant or ProductVariantFactory(price=Decimal("100.00"))
    purchase = purchased_line(number=order.number, email=email, variant_id=variant.pk) if order else None
    return price_match_request_create(
        variant=variant,
        offer=competitor(price, **changes),
        email=email,
        shelf_price=Money(variant.price),
        purchase=purchase,
    )


def set_policy(**values):
    """Save the default site's price-match settings with these values."""
    from wagtail.models import Site

    from shop.models import PriceMatchSettings

    settings = PriceMatchSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in values.items():
        setattr(settings, name, value)
    settings.save()
    return settings
