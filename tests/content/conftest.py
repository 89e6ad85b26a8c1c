"""Content fixtures: a Wagtail site rooted at a HomePage, the article index, and articles on demand.

Other areas may reuse `home_page` (the default Site's root), `article_index` and `make_article`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from content.models import ArticleIndexPage, ArticlePage, HomePage
from content.settings import SiteSettings, StorefrontLock
from shop.models import Brand, Category, Product, ProductVariant, ShopSettings
from shop.specifications import ProductType


@pytest.fixture(autouse=True)
def fresh_cache():
    """The menu, rate limits and settings use the cache; each test starts with an empty one."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db) -> HomePage:
    """A HomePage as the root of the default Site, replacing the welcome page Wagtail's migrations create."""
    root = Page.get_first_root_node()
    if root is None:  # a transactional test flushed the locale and root page Wagtail's migrations made
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    for child in root.get_children():
        child.delete()
    home = HomePage(
        title="Knot & Stone Therapy Supply",
        slug="home",
        hero_heading="Tools for tired muscles",
        hero_text="Massage stones, percussion guns and oils, shipped across Canada.",
    )
    root.add_child(instance=home)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Knot & Stone")
    return home


@pytest.fixture
def site(home_page) -> Site:
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def site_settings(site) -> SiteSettings:
    return SiteSettings.for_site(site)


@pytest.fixture
def shop_settings(site) -> ShopSettings:
    return ShopSettings.for_site(site)


@pytest.fixture
def storefront_lock(site) -> StorefrontLock:
    return StorefrontLock.for_site(site)


@pytest.fixture
def article_index(home_page) -> ArticleIndexPage:
    index = ArticleIndexPage(title="Articles", slug="articles", intro="Guides for sore muscles.")
    home_page.add_child(instance=index)
    return index


def paragraph(text: str) -> tuple[str, str]:
    return ("paragraph", f"<p>{text}</p>")


def product_block(*products: Product, heading: str = "") -> tuple[str, dict]:
    return ("products", {"heading": heading, "products": list(products)})


@pytest.fixture
def make_article(article_index):
    """Publish an article under the index: `make_article("Title", date=..., body=[...], tags=[...])`."""
    counter = iter(range(1, 10_000))

    def build(title: str | None = None, *, date: datetime.date | None = None, body=None, tags=(), **fields):
        number = next(counter)
        article = ArticlePage(
            title=title or f"Article {number}",
            author=fields.pop("author", "Maya Lindqvist"),
            date=date or datetime.date(2026, 1, number % 28 + 1),
            intro=fields.pop("intro", "How pressure on a tight spot lets a muscle let go."),
            body=body if body is not None else [paragraph("Press, hold, breathe and release.")],
            **fields,
        )
        article_index.add_child(instance=article)
        if tags:
            article.tags.add(*tags)
            article.save()
        return article

    return build


@pytest.fixture
def bulk_catalogue(db):
    """Add `count` active products (one variant each) in a few bulk inserts; returns the new products."""

    def build(count: int) -> list[Product]:
        category, _ = Category.objects.get_or_create(slug="bulk-stones", defaults={"name": "Bulk stones"})
        brand, _ = Brand.objects.get_or_create(slug="bulk-brand", defaults={"name": "Bulk brand"})
        start = Product.objects.count()
        products = Product.objects.bulk_create(
            Product(
                name=f"Bulk product {start + i:04d}",
                slug=f"bulk-product-{start + i:04d}",
                category=category,
                brand=brand,
                product_type=ProductType.TOOL,
            )
            for i in range(count)
        )
        ProductVariant.objects.bulk_create(
            ProductVariant(product=product, sku=f"BULK-{product.pk}", price=Decimal("19.00"), stock_quantity=3)
            for product in products
        )
        return products

    return build
