"""`manage.py load_demo` as a command: a second run changes nothing, and the demo data itself is sound.

What the loaded shop contains is checked in test_demo_contents.py, against one shared load.
"""

from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from content.models import HomePage
from content.settings import SiteSettings
from demo import loaders, staff
from demo.content import ARTICLES, HOME_FEATURED_SLUGS
from demo.data import BRANDS, CATEGORIES
from demo.data.articles import Products
from demo.management.commands.load_demo import PRODUCTION_SETTINGS
from demo.shop import PRODUCTS, load_sales_and_codes
from shop.models import Brand, Category, DiscountCode, Product, ProductImage, ProductVariant, Promotion, ShopSettings
from shop.specifications import ProductType, spec_fields_for
from tests.factories import CategoryFactory

# Small pictures keep the suite fast; the command's default is 800 px.
TEST_IMAGE_SIZE = 64


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", image_size=TEST_IMAGE_SIZE, stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "categories": Category.objects.count(),
        "brands": Brand.objects.count(),
        "products": Product.objects.count(),
        "variants": ProductVariant.objects.count(),
        "product images": ProductImage.objects.count(),
        "images": get_image_model().objects.count(),
        "pages": Page.objects.count(),
        "revisions": sum(page.revisions.count() for page in Page.objects.all()),
        "users": get_user_model().objects.count(),
        "sites": Site.objects.count(),
        "site settings": SiteSettings.objects.count(),
        "shop settings": ShopSettings.objects.count(),
    }


@pytest.mark.django_db
def test_a_second_run_creates_nothing_and_changes_nothing():
    # given a loaded demo shop
    first_output = load_demo()
    before = counts()
    product_updated = {p.slug: p.updated_at for p in Product.objects.all()}
    announcement_ends = SiteSettings.for_site(Site.objects.get(is_default_site=True)).announcement_ends_at

    # when it is loaded again
    second_output = load_demo()

    # then nothing new exists and nothing was saved
    assert counts() == before
    assert {p.slug: p.updated_at for p in Product.objects.all()} == product_updated
    assert SiteSettings.for_site(Site.objects.get(is_default_site=True)).announcement_ends_at == announcement_ends
    assert "Products: 20 created" in first_output
    assert "created" not in second_output
    assert "updated" not in second_output
    assert "Products: 20 already present" in second_output


@pytest.mark.django_db
def test_the_staff_password_comes_from_the_environment_and_a_rerun_keeps_it(monkeypatch):
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "a-long-local-password")
    load_demo()
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "a-different-password")

    second_output = load_demo()

    assert "username 'staff' already exists" in second_output
    assert "a-different-password" not in second_output
    assert get_user_model().objects.get(username="staff").check_password("a-long-local-password")


@pytest.mark.django_db
def test_a_rerun_restores_demo_prices_but_keeps_stock_that_orders_have_moved():
    # given a shop that sold three Tidewell Quiet Pulse guns and had its price fiddled with
    load_demo()
    variant = ProductVariant.objects.get(sku="TW-QP-SLT")
    variant.stock_quantity -= 3
    variant.price = Decimal("1.00")
    variant.save()

    output = load_demo()

    variant.refresh_from_db()
    assert variant.price == Decimal("249.00")
    assert variant.stock_quantity == 12 - 3
    assert "Variants: 1 updated, 29 already present" in output


@pytest.mark.parametrize(
    ("product_type", "lowest", "highest"),
    [
        (ProductType.MASSAGE_GUN, "129.00", "449.00"),
        (ProductType.STONE_SET, "39.00", "189.00"),
        (ProductType.OIL, "14.00", "39.00"),
        (ProductType.TOOL, "12.00", "59.00"),
    ],
)
def test_demo_prices_sit_in_the_range_shoppers_expect(product_type, lowest, highest):
    prices = [v.price for p in PRODUCTS if p.product_type == product_type for v in p.variants]
    assert prices
    assert all(Decimal(lowest) <= price <= Decimal(highest) for price in prices)
    for product in PRODUCTS:
        for variant in product.variants:
            assert variant.compare_at_price is None or variant.compare_at_price > variant.price


def test_every_demo_product_has_its_own_picture_colour_and_full_copy():
    assert len({product.colour for product in PRODUCTS}) == len(PRODUCTS)
    for product in PRODUCTS:
        assert product.description.count("<p>") == 2, product.slug
        assert set(product.specs) == {field.attribute for field in spec_fields_for(product.product_type)}


@pytest.mark.django_db
def test_an_impossible_image_size_is_refused_before_anything_is_loaded():
    with pytest.raises(CommandError, match="image-size"):
        call_command("load_demo", image_size=5, stdout=StringIO())
    assert not Product.objects.exists()


@pytest.mark.django_db
def test_a_feature_adds_its_demo_data_with_one_loader_in_the_list(monkeypatch):
    seen = []

    def load_shipping_zones(ctx: loaders.DemoContext) -> None:
        seen.append(ctx.image_size)
        ctx.report("Shipping zones", ["created", "created"])

    monkeypatch.setattr(loaders, "LOADERS", [load_shipping_zones])

    output = load_demo()

    assert seen == [TEST_IMAGE_SIZE]
    assert "Shipping zones: 2 created" in output


def load_staff_only(monkeypatch, **options) -> str:
    monkeypatch.setattr(loaders, "LOADERS", [staff.load_staff_account])
    out = StringIO()
    call_command("load_demo", image_size=TEST_IMAGE_SIZE, stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_under_the_production_settings_no_account_gets_the_published_demo_password(monkeypatch, settings):
    # given the production settings and no password chosen for the demo's staff account
    settings.SETTINGS_MODULE = PRODUCTION_SETTINGS
    monkeypatch.delenv("DEMO_STAFF_PASSWORD", raising=False)

    # when the demo is loaded
    output = load_staff_only(monkeypatch)

    # then no staff account exists, and the output says how to make one
    assert not get_user_model().objects.filter(username=staff.STAFF_USERNAME).exists()
    assert "Staff account: not created" in output
    assert "DEMO_STAFF_PASSWORD" in output
    assert staff.DEFAULT_STAFF_PASSWORD not in output


@pytest.mark.django_db
def test_under_the_production_settings_a_chosen_staff_password_is_used(monkeypatch, settings):
    settings.SETTINGS_MODULE = PRODUCTION_SETTINGS
    monkeypatch.setenv("DEMO_STAFF_PASSWORD", "a-long-chosen-password")

    load_staff_only(monkeypatch)

    assert get_user_model().objects.get(username=staff.STAFF_USERNAME).check_password("a-long-chosen-password")


@pytest.mark.django_db
def test_the_admin_address_names_the_port_the_shop_runs_on(monkeypatch):
    monkeypatch.setenv("PORT", "8123")

    assert "Admin: http://127.0.0.1:8123/admin/" in load_staff_only(monkeypatch)
    assert "Admin: http://127.0.0.1:8765/admin/" in load_staff_only(monkeypatch, port=8765)
    monkeypatch.delenv("PORT")
    assert "Admin: http://127.0.0.1:8000/admin/" in load_staff_only(monkeypatch)


@pytest.mark.django_db
def test_without_a_default_site_the_home_page_gets_one():
    # given a database where someone removed Wagtail's default site
    Site.objects.all().delete()

    load_demo()

    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage


def test_every_slug_the_demo_refers_to_is_a_demo_product():
    known = {product.slug for product in PRODUCTS}
    referred = set(HOME_FEATURED_SLUGS)
    for article in ARTICLES:
        referred.update(article.related_products)
        referred.update(slug for block in article.body if isinstance(block, Products) for slug in block.slugs)
    assert referred <= known
    assert {product.category for product in PRODUCTS} == {category.slug for category in CATEGORIES}
    assert {product.brand for product in PRODUCTS} <= {brand.slug for brand in BRANDS}
    assert len({variant.sku for product in PRODUCTS for variant in product.variants}) == sum(
        len(product.variants) for product in PRODUCTS
    )


@pytest.mark.django_db
def test_demo_pricing_loader_is_idempotent():
    CategoryFactory(slug="massage-stones")
    first, second = StringIO(), StringIO()
    load_sales_and_codes(first)
    load_sales_and_codes(second)
    assert Promotion.objects.get().name == "Anniversary sale"
    assert Promotion.objects.get().categories.get().slug == "massage-stones"
    assert set(DiscountCode.objects.values_list("code", flat=True)) == {"WELCOME10", "SHIPFREE", "STONES20"}
    assert "3 created" in first.getvalue()
    assert "3 already present" in second.getvalue()
