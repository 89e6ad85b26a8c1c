"""The cache registry: every cache is listed once, the code takes its keys from the list, and each one
lets go of an old copy when the change that should clear it happens (the next read sees the new value)."""

from __future__ import annotations

import ast
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.test import Client, RequestFactory
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import Site

from config import caches, ratelimit
from config.caches import REGISTRY, CacheEntry
from config.site_settings import site_for_request
from content.settings import SiteSettings
from shop.models import Brand, Category, ProductVariant, Promotion, ShopSettings
from shop.selectors.catalogue import shop_brands, shop_categories
from shop.selectors.pricing import shelf_free_shipping_threshold, shelf_sale_events
from shop.services.stock import stock_reserve
from tests.factories import BrandFactory, CategoryFactory, ProductFactory, PromotionFactory

ROOT = Path(__file__).resolve().parent.parent
APPS = ("config", "shop", "content", "compare", "newsletter")
REGISTRY_FILE = ROOT / "config" / "caches.py"


def source_files() -> list[Path]:
    return [
        path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and "settings" not in path.parts
    ]


def card_price(client: Client, name: str) -> str:
    for card in BeautifulSoup(client.get("/shop/").content, "html.parser").select(".product-card"):
        if card.select_one(".product-card__name").get_text(strip=True) == name:
            return card.select_one(".price__current").get_text(" ", strip=True)
    raise AssertionError(f"no card for {name!r}")


# --- the registry itself ---------------------------------------------------------------------------


def test_every_entry_says_what_it_is_how_long_it_lives_and_what_clears_it():
    names = [entry.name for entry in REGISTRY]
    assert len(set(names)) == len(names)
    for entry in REGISTRY:
        assert entry.name and entry.key and entry.cleared_by
        assert entry.seconds is None or entry.seconds > 0
    entries = {value for value in vars(caches).values() if isinstance(value, CacheEntry)}
    assert entries == set(REGISTRY), "every CacheEntry in config/caches.py is in REGISTRY"


def test_no_two_entries_share_a_key_or_a_prefix():
    keys = [entry.key for entry in REGISTRY]
    for key in keys:
        assert [other for other in keys if other.startswith(key)] == [key]


def test_cache_keys_are_spelled_only_in_the_registry():
    """A key written out anywhere else would be a cache the registry does not know about, or one that drifted."""
    keys = tuple(entry.key for entry in REGISTRY)
    found = []
    for path in source_files():
        if path == REGISTRY_FILE:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(keys):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert found == []


def test_every_entry_is_used_by_the_code_and_every_cache_user_reads_the_registry():
    entry_names = {name for name, value in vars(caches).items() if isinstance(value, CacheEntry)}
    used, users_without_registry = set(), []
    for path in source_files():
        if path == REGISTRY_FILE:
            continue
        tree = ast.parse(path.read_text())
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "config.caches"
            for alias in node.names
        }
        used |= imported & entry_names
        touches_cache = any(
            isinstance(node, ast.ImportFrom) and node.module == "django.core.cache" for node in ast.walk(tree)
        )
        # config/caching.py only forgets the key it is handed.
        if touches_cache and not imported and path != ROOT / "config" / "caching.py":
            users_without_registry.append(str(path.relative_to(ROOT)))
    assert used == entry_names
    assert users_without_registry == []


# --- one test per entry: the change that should clear it does ------------------------------------


@pytest.mark.django_db
def test_pages_show_a_price_change_once_their_lifetime_has_passed(settings):
    settings.PAGE_CACHE_SECONDS = caches.PAGES.seconds
    product = ProductFactory(name="Basalt set", variant__price=Decimal("45.00"))
    client = Client()
    with freeze_time(timezone.now()) as clock:
        assert card_price(client, "Basalt set") == "$45.00"
        ProductVariant.objects.filter(product=product).update(price=Decimal("39.00"))
        assert card_price(client, "Basalt set") == "$45.00"  # still the stored page, by design

        clock.tick(timedelta(seconds=caches.PAGES.seconds + 0.1))
        assert card_price(client, "Basalt set") == "$39.00"


@pytest.mark.django_db
def test_product_cards_show_stock_sold_through_the_stock_services_bulk_update(client):
    product = ProductFactory(name="Basalt set", variant__price=Decimal("45.00"), variant__stock_quantity=1)
    assert "Sold out" not in client.get("/shop/").content.decode()

    stock_reserve(quantities={product.variants.get().pk: 1})  # UPDATE … SET stock_quantity: no save()

    assert "Sold out" in client.get("/shop/").content.decode()


@pytest.mark.django_db
def test_product_cards_show_a_new_price_on_the_very_next_page(client):
    product = ProductFactory(name="Basalt set", variant__price=Decimal("45.00"))
    assert card_price(client, "Basalt set") == "$45.00"

    ProductVariant.objects.filter(product=product).update(price=Decimal("39.00"))

    assert card_price(client, "Basalt set") == "$39.00"


@pytest.mark.django_db
def test_sale_events_are_read_afresh_after_a_sale_is_saved_changed_or_deleted():
    product = ProductFactory()
    assert shelf_sale_events() == []

    sale = PromotionFactory(name="Spring", products=[product])
    assert [rule.name for rule in shelf_sale_events()] == ["Spring"]
    assert product.pk in shelf_sale_events()[0].product_ids

    sale.products.clear()
    assert product.pk not in shelf_sale_events()[0].product_ids

    sale.name = "Summer"
    sale.save()
    assert [rule.name for rule in shelf_sale_events()] == ["Summer"]

    Promotion.objects.filter(pk=sale.pk).delete()  # as the admin's bulk delete does
    assert shelf_sale_events() == []


@pytest.mark.django_db
def test_the_free_shipping_threshold_is_read_afresh_after_staff_change_it():
    assert shelf_free_shipping_threshold().amount == Decimal("250.00")
    shop_settings = ShopSettings.for_site(Site.objects.get(is_default_site=True))

    shop_settings.free_shipping_threshold = Decimal("199.00")
    shop_settings.save()

    assert shelf_free_shipping_threshold().amount == Decimal("199.00")


@pytest.mark.django_db
def test_the_category_list_is_read_afresh_after_a_category_is_saved_or_deleted():
    oils = CategoryFactory(name="Oils", slug="oils")
    assert [entry.name for entry in shop_categories()] == ["Oils"]

    oils.name = "Massage oils"
    oils.save()
    assert [entry.name for entry in shop_categories()] == ["Massage oils"]

    CategoryFactory(name="Stones", slug="stones").delete()
    Category.objects.filter(pk=oils.pk).delete()  # as the admin's bulk delete does
    assert shop_categories() == []


@pytest.mark.django_db
def test_the_policy_links_are_read_afresh_after_a_policy_page_is_saved_unpublished_or_deleted():
    from content.policies import PolicyPage, policy_links

    home = Site.objects.get(is_default_site=True).root_page
    terms = home.add_child(instance=PolicyPage(title="Terms", slug="terms", kind="terms", body=[]))
    assert policy_links()["terms"].title == "Terms"

    terms.title = "Terms of sale"
    terms.save_revision().publish()
    assert policy_links()["terms"].title == "Terms of sale"

    terms.unpublish()
    assert "terms" not in policy_links()

    terms.save_revision().publish()
    assert "terms" in policy_links()
    terms.delete()
    assert "terms" not in policy_links()


@pytest.mark.django_db
def test_the_brand_list_is_read_afresh_after_a_brand_is_saved_or_deleted():
    knot = BrandFactory(name="Knot", slug="knot")
    assert [entry.name for entry in shop_brands()] == ["Knot"]

    knot.name = "Knot & Stone"
    knot.save()
    assert [entry.name for entry in shop_brands()] == ["Knot & Stone"]

    Brand.objects.filter(pk=knot.pk).delete()  # as the admin's bulk delete does
    assert shop_brands() == []


@pytest.mark.django_db
def test_the_site_is_read_afresh_after_staff_save_it():
    site = Site.objects.get(is_default_site=True)
    assert site_for_request(RequestFactory().get("/")).site_name == site.site_name

    site.site_name = "Knot & Stone"
    site.save()

    assert site_for_request(RequestFactory().get("/")).site_name == "Knot & Stone"


@pytest.mark.django_db
def test_site_settings_are_read_afresh_after_staff_save_them():
    SiteSettings.for_request(RequestFactory().get("/"))
    settings_row = SiteSettings.for_site(Site.objects.get(is_default_site=True))

    settings_row.shop_name = "Knot & Stone"
    settings_row.save()

    assert SiteSettings.for_request(RequestFactory().get("/")).shop_name == "Knot & Stone"


def test_rate_limit_counts_start_again_in_the_next_window(monkeypatch):
    rate = ratelimit.Rate(hits=1, seconds=60)
    request = RequestFactory().post("/cart/add/", REMOTE_ADDR="198.51.100.7")
    assert ratelimit.hit(request, action="cart", rate=rate)
    assert not ratelimit.hit(request, action="cart", rate=rate)

    monkeypatch.setattr(ratelimit, "clock", lambda: 1_800_000_000.0 + rate.seconds)

    assert ratelimit.hit(request, action="cart", rate=rate)
