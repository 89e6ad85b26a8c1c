"""Two price-match requests waiting in the staff queue, so the dashboard panel and the queue have something to show.

Written straight to the rows (no emails go to the made-up shoppers); a second run finds them and adds nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from demo.base import CREATED, UNCHANGED, DemoContext
from shop.models import PriceMatchEvent, PriceMatchEventKind, PriceMatchRequest, ProductVariant
from shop.selectors.price_match import variant_shelf_price

# (SKU, retailer, listing, their price incl. shipping, shopper)
REQUESTS = [
    (
        "NP-MINI-GRA",
        "Physio Supply Canada",
        "https://www.physiosupply.ca/products/mini-percussion-massager-graphite",
        Decimal("154.99"),
        "maya.tremblay@example.com",
    ),
    (
        "NP-PRO16-GRA",
        "Canadian Tire",
        "https://www.canadiantire.ca/en/pdp/pro-16-percussion-massager.html",
        Decimal("309.99"),
        "d.okafor@example.com",
    ),
]


@transaction.atomic
def load_price_match_requests(ctx: DemoContext) -> None:
    outcomes = []
    variants = ProductVariant.objects.select_related("product").in_bulk([row[0] for row in REQUESTS], field_name="sku")
    for sku, retailer, url, price, email in REQUESTS:
        variant = variants.get(sku)
        if variant is None:
            continue
        if PriceMatchRequest.objects.filter(sku=sku, email=email).exists():
            outcomes.append(UNCHANGED)
            continue
        request = PriceMatchRequest.objects.create(
            variant=variant,
            sku=sku,
            product_name=str(variant),
            competitor_name=retailer,
            competitor_url=url,
            competitor_price=price,
            in_stock_confirmed=True,
            identical_confirmed=True,
            canadian_retailer_confirmed=True,
            email=email,
            shelf_price=variant_shelf_price(variant).amount,  # the one price path, sales included
        )
        PriceMatchEvent.objects.create(request=request, kind=PriceMatchEventKind.RECEIVED, note=f"{retailer} {price}")
        outcomes.append(CREATED)
    ctx.report("Price-match requests", outcomes)
