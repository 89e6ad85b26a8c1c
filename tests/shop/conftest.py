"""Catalogue fixtures: a real Wagtail image and a bulk-built catalogue of any size."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from shop.models import Brand, Category, Product, ProductImage, ProductVariant
from shop.specifications import ProductType


def _png(colour: str = "#1f5c4a", size: tuple[int, int] = (40, 40)) -> ImageFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, colour).save(buffer, "PNG")
    return ImageFile(buffer, name="product.png")


@pytest.fixture
def site(db) -> Site:
    """The default Site that Wagtail's own migrations create, pointing at their root page's child."""
    found = Site.objects.filter(is_default_site=True).first()
    if found is None:
        root = Page.get_first_root_node()
        found = Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)
    return found


@pytest.fixture
def wagtail_image(db):
    return get_image_model().objects.create(title="Stone set", file=_png())


@pytest.fixture
def make_catalogue(db, site, wagtail_image):
    """Build `count` active products across 4 categories and 3 brands, each with two variants
    (one in stock, prices spread over every price band) and two images, in a handful of bulk inserts."""

    def build(count: int) -> list[Product]:
        categories = [
            Category.objects.get_or_create(slug=f"bulk-category-{i}", defaults={"name": f"Bulk category {i}"})[0]
            for i in range(4)
        ]
        brands = [
            Brand.objects.get_or_create(slug=f"bulk-brand-{i}", defaults={"name": f"Bulk brand {i}"})[0]
            for i in range(3)
        ]
        start = Product.objects.count()
        products = Product.objects.bulk_create(
            Product(
                name=f"Bulk product {start + i:04d}",
                slug=f"bulk-product-{start + i:04d}",
                summary="A product made in bulk for query budgets.",
                category=categories[i % 4],
                brand=brands[i % 3],
                product_type=ProductType.MASSAGE_GUN,
                stall_force_lb=40,
                is_featured=i % 7 == 0,
            )
            for i in range(count)
        )
        ProductVariant.objects.bulk_create(
            ProductVariant(
                product=product,
                sku=f"BULK-{product.pk}-{option}",
                size=option,
                price=Decimal(20 + (i * 13) % 400) + (Decimal("10") if option == "L" else 0),
                compare_at_price=Decimal(500) if i % 5 == 0 else None,
                stock_quantity=5 if option == "M" else 0,
                sort_order=order,
            )
            for i, product in enumerate(products)
            for order, option in enumerate(("M", "L"))
        )
        ProductImage.objects.bulk_create(
            ProductImage(product=product, image=wagtail_image, caption=f"View {order}", sort_order=order)
            for product in products
            for order in range(2)
        )
        return products

    return build
