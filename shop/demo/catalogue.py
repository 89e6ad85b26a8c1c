"""Load the demo catalogue: categories, brands, products, their variants and pictures."""

from __future__ import annotations

from shop.demo.base import CREATED, UNCHANGED, DemoContext, sync
from shop.demo.data import BRANDS, CATEGORIES, ProductData
from shop.demo.data.guns import GUNS
from shop.demo.data.oils import OILS
from shop.demo.data.stones import STONES
from shop.demo.data.tools import TOOLS
from shop.demo.images import ALT_TEXT, ensure_image, render_illustration
from shop.models import Brand, Category, Product, ProductImage, ProductVariant

PRODUCTS: tuple[ProductData, ...] = STONES + GUNS + OILS + TOOLS


def load_categories(ctx: DemoContext) -> None:
    outcomes, image_outcomes = [], []
    for data in CATEGORIES:
        image, image_outcome = ensure_image(
            title=f"{data.name} (category)",
            filename=f"category-{data.slug}.png",
            render=lambda data=data: render_illustration(data.drawing, data.colour, ctx.image_size),
            alt_text=ALT_TEXT[data.drawing],
        )
        image_outcomes.append(image_outcome)
        _, outcome = sync(
            Category,
            {"slug": data.slug},
            {"name": data.name, "description": data.description, "sort_order": data.sort_order},
            # Editors may swap the picture; a re-run must not put ours back.
            initial={"image": image},
        )
        outcomes.append(outcome)
    ctx.report("Category images", image_outcomes)
    ctx.report("Categories", outcomes)


def load_brands(ctx: DemoContext) -> None:
    outcomes = [
        sync(Brand, {"slug": data.slug}, {"name": data.name, "description": data.description})[1] for data in BRANDS
    ]
    ctx.report("Brands", outcomes)


def load_products(ctx: DemoContext) -> None:
    categories = Category.objects.in_bulk([c.slug for c in CATEGORIES], field_name="slug")
    brands = Brand.objects.in_bulk([b.slug for b in BRANDS], field_name="slug")
    product_outcomes, variant_outcomes, image_outcomes = [], [], []
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
        for position, variant in enumerate(data.variants):
            _, variant_outcome = sync(
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
        image_outcomes.append(_attach_picture(ctx, product, data))
    ctx.report("Products", product_outcomes)
    ctx.report("Variants", variant_outcomes)
    ctx.report("Product images", image_outcomes)


def _attach_picture(ctx: DemoContext, product: Product, data: ProductData) -> str:
    image, outcome = ensure_image(
        title=data.name,
        filename=f"product-{data.slug}.png",
        render=lambda: render_illustration(data.drawing, data.colour, ctx.image_size),
        alt_text=f"{ALT_TEXT[data.drawing]}: {data.name}",
    )
    _, created = ProductImage.objects.get_or_create(
        product=product, image=image, defaults={"caption": data.name, "sort_order": 0}
    )
    return CREATED if created or outcome == CREATED else UNCHANGED
