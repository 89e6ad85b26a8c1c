"""Demo pricing: the anniversary sale on massage stones and three discount codes to try at checkout.

Shipping zones and tax rates come from the data migration, so a fresh database already has them.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from shop.models import Category, DiscountCode, Promotion
from shop.models.pricing import DiscountCodeKind, PromotionKind

SALE_NAME = "Anniversary sale"
SALE_CATEGORY_SLUG = "massage-stones"
SALE_DAYS = 14

CODES = (
    # code, kind, value, minimum subtotal
    ("WELCOME10", DiscountCodeKind.PERCENT, Decimal("10"), None),
    ("SHIPFREE", DiscountCodeKind.FREE_SHIPPING, Decimal("0"), None),
    ("STONES20", DiscountCodeKind.FIXED, Decimal("20.00"), Decimal("100.00")),
)


def _say(out, line: str) -> None:
    # load_demo passes its DemoContext (which has say()); a bare stream works too, e.g. from a shell.
    if hasattr(out, "say"):
        out.say(line)
    else:
        out.write(line + "\n")


@transaction.atomic
def load(stdout) -> None:
    """Create the sale and the codes once; a second run leaves them (and any staff edits) alone."""
    now = timezone.now()
    sale = Promotion.objects.filter(name=SALE_NAME).first()
    if sale is None:
        sale = Promotion.objects.create(
            name=SALE_NAME,
            kind=PromotionKind.PERCENT,
            value=Decimal("15"),
            starts_at=now,
            ends_at=now + timedelta(days=SALE_DAYS),
        )
        outcome = "created"
    else:
        outcome = "already present"
    category = Category.objects.filter(slug=SALE_CATEGORY_SLUG).first()
    if category is not None:
        sale.categories.add(category)  # add() is a no-op when already linked
    else:
        _say(stdout, f"Sale events: category '{SALE_CATEGORY_SLUG}' not found; the sale covers nothing yet")
    _say(stdout, f"Sale events: '{SALE_NAME}' (15% off massage stones until {sale.ends_at:%Y-%m-%d}) {outcome}")

    created = 0
    for code, kind, value, minimum in CODES:
        _obj, was_created = DiscountCode.objects.get_or_create(
            code=code, defaults={"kind": kind, "value": value, "minimum_subtotal": minimum}
        )
        created += was_created
    present = len(CODES) - created
    summary = ", ".join(
        part
        for part in (f"{created} created" if created else "", f"{present} already present" if present else "")
        if part
    )
    _say(stdout, f"Discount codes (WELCOME10, SHIPFREE, STONES20): {summary}")
