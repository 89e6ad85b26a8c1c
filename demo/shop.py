"""Demo shop data: categories, brands, products with their variants and pictures, then the anniversary
sale on massage stones and three discount codes to try at checkout.

Shipping zones and tax rates come from the data migration, so a fresh database already has them.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from demo.base import CREATED, UNCHANGED, DemoContext, sync
from demo.data import BRANDS, CATEGORIES, OPTIONS_FRENCH, FrenchText, ProductData
from demo.data.guns import GUNS
from demo.data.oils import OILS
from demo.data.stones import STONES
from demo.data.tools import TOOLS
from demo.images import ALT_TEXT, ensure_image, render_illustration
from shop.models import (
    Brand,
    Category,
    CategoryTranslation,
    DiscountCode,
    OptionTranslation,
    Product,
    ProductImage,
    ProductTranslation,
    ProductVariant,
    Promotion,
)
from shop.models.discounts import DiscountCodeKind
from shop.models.pricing import PromotionKind
from shop.services.price_history import variant_price_history_start, variant_prices_record

PRODUCTS: tuple[ProductData, ...] = STONES + GUNS + OILS + TOOLS
# The French the demo is written in, as a Wagtail Locale (the i18n migration also makes it).
FRENCH = "fr"


def french_locale() -> Locale:
    locale, _created = Locale.objects.get_or_create(language_code=FRENCH)
    return locale


def load_categories(ctx: DemoContext) -> None:
    outcomes, image_outcomes, translation_outcomes = [], [], []
    french = french_locale()
    for data in CATEGORIES:
        image, image_outcome = ensure_image(
            title=f"{data.name} (category)",
            filename=f"category-{data.slug}.png",
            render=lambda data=data: render_illustration(data.drawing, data.colour, ctx.image_size),
            alt_text=ALT_TEXT[data.drawing],
        )
        image_outcomes.append(image_outcome)
        category, outcome = sync(
            Category,
            {"slug": data.slug},
            {"name": data.name, "description": data.description, "sort_order": data.sort_order},
            # Editors may swap the picture; a re-run must not put ours back.
            initial={"image": image},
        )
        outcomes.append(outcome)
        if data.french is not None:
            translation_outcomes.append(
                sync(
                    CategoryTranslation,
                    {"category": category, "locale": french},
                    {"name": data.french.name, "description": data.french.description},
                )[1]
            )
    ctx.report("Category images", image_outcomes)
    ctx.report("Categories", outcomes)
    ctx.report("Categories in French", translation_outcomes)


def load_brands(ctx: DemoContext) -> None:
    outcomes = [
        sync(Brand, {"slug": data.slug}, {"name": data.name, "description": data.description})[1] for data in BRANDS
    ]
    ctx.report("Brands", outcomes)


def load_products(ctx: DemoContext) -> None:
    categories = Category.objects.in_bulk([c.slug for c in CATEGORIES], field_name="slug")
    brands = Brand.objects.in_bulk([b.slug for b in BRANDS], field_name="slug")
    product_outcomes, variant_outcomes, image_outcomes, translation_outcomes = [], [], [], []
    french = french_locale()
    for data in PRODUCTS:
        product, outcome = sync(
            Product,
            {"slug": data.slug},
            {
                "name": data.name,
                "summary": data.summary,
                "description": data.description,
                "category": categories[data.category],
                "brand": brands[data.brand] if data.brand else None,
                "product_type": data.product_type,
                "is_active": True,
                "is_featured": data.is_featured,
                **data.specs,
            },
        )
        product_outcomes.append(outcome)
        if data.french is not None:
            translation_outcomes.append(_sync_french(product, data.french, french))
        for position, variant in enumerate(data.variants):
            saved, variant_outcome = sync(
                ProductVariant,
                {"sku": variant.sku},
                {
                    "product": product,
                    "colour": variant.colour,
                    "size": variant.size,
                    "price": variant.price,
                    "compare_at_price": variant.compare_at_price,
                    "weight_g": variant.weight_g,
                    "sort_order": position,
                },
                # Stock moves with every order, so only a brand-new variant gets the demo quantity.
                initial={"stock_quantity": variant.stock_quantity},
            )
            variant_outcomes.append(variant_outcome)
            _start_price_history(saved, variant.history)
        image_outcomes.append(_attach_picture(ctx, product, data))
    ctx.report("Products", product_outcomes)
    ctx.report("Products in French", translation_outcomes)
    ctx.report("Variants", variant_outcomes)
    ctx.report("Product images", image_outcomes)
    ctx.report(
        "Colours and sizes in French",
        [
            sync(OptionTranslation, {"locale": french, "value": value}, {"translation": translation})[1]
            for value, translation in OPTIONS_FRENCH.items()
        ],
    )


def _sync_french(product: Product, text: FrenchText, locale: Locale) -> str:
    """The product's French: name, summary, description and the specifications that are words."""
    values = {"name": text.name, "summary": text.summary, "description": text.description}
    values.update({field: text.specs.get(field, "") for field in ("material", "sizes", "ingredients")})
    return sync(ProductTranslation, {"product": product, "locale": locale}, values)[1]


def _start_price_history(variant: ProductVariant, history: tuple[tuple[int, Decimal], ...]) -> None:
    """The variant's declared past prices, if it has no history yet, then its current price if that changed.

    A variant without a declared past starts its history now, so the storefront strikes through no compare-at
    price for it (the Basalt Hot Stone Starter Set's $104.00 was never charged: it shows "was $89.00" in a sale).
    """
    now = timezone.now()
    variant_price_history_start(
        variant_id=variant.pk, points=[(now - timedelta(days=days), price) for days, price in history]
    )
    variant_prices_record(variant_ids=[variant.pk], at=now)


def _attach_picture(ctx: DemoContext, product: Product, data: ProductData) -> str:
    image, outcome = ensure_image(
        title=data.name,
        filename=f"product-{data.slug}.png",
        render=lambda: render_illustration(data.drawing, data.colour, ctx.image_size),
        alt_text=f"{ALT_TEXT[data.drawing]}: {data.name}",
    )
    _, created = ProductImage.objects.get_or_create(
        product=product, image=image, defaults={"caption": "", "sort_order": 0}
    )
    return CREATED if created or outcome == CREATED else UNCHANGED


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
def load_sales_and_codes(stdout) -> None:
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
