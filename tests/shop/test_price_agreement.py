"""One price per variant on every surface a shopper sees: with a sale on, after it ends, after a staff price edit.

A small shop of two stone sets is walked page by page (listing cards, the product page and its JSON-LD,
/products/<handle>.js, the cart page, /cart.js, /cart/quote.json, the checkout review, the comparison
table, an article's product block and search), and every price shown is read back from the HTML or JSON.
Each variant must show exactly one price everywhere, and it must be the price the rules give.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from freezegun import freeze_time

from shop.models import Promotion, VariantPriceChange
from shop.services.price_history import variant_prices_record
from tests.content.conftest import article_index, home_page, make_article, product_block, site  # noqa: F401
from tests.factories import BrandFactory, CategoryFactory, ProductFactory, ProductVariantFactory
from tests.shop.checkout_support import DETAILS

pytestmark = pytest.mark.django_db

AMOUNT = re.compile(r"\$([\d,]+\.\d{2})")


def amount(text: str) -> Decimal:
    """The last dollar amount in a piece of text ("Sale price $1,109.65" -> 1109.65)."""
    found = AMOUNT.findall(text)
    assert found, f"no price in {text!r}"
    return Decimal(found[-1].replace(",", ""))


def cents(value: int) -> Decimal:
    return (Decimal(value) / 100).quantize(Decimal("0.01"))


@pytest.fixture
def shop(site, settings):  # noqa: F811
    """Two stone sets: Jade (a sold-out cheapest size, one with a genuine compare-at price) and Basalt (one size)."""
    settings.STRIPE_SECRET_KEY = "sk_test_agreement"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_agreement"
    stones = CategoryFactory(name="Stones", slug="stones")
    brand = BrandFactory(name="Knot", slug="knot")
    jade = ProductFactory(name="Jade stone set", slug="jade-stone-set", category=stones, brand=brand, variant=False)
    for sku, size, price, compare_at, stock in [
        ("JADE-XS", "Extra small", "99.00", None, 0),
        ("JADE-S", "Small", "129.00", "149.00", 5),
        ("JADE-M", "Medium", "139.00", None, 3),
    ]:
        ProductVariantFactory(
            product=jade,
            sku=sku,
            size=size,
            price=Decimal(price),
            compare_at_price=compare_at and Decimal(compare_at),
            stock_quantity=stock,
        )
    # The small set sold at $149.00 for most of the last six months, so its compare-at price is genuine.
    small = jade.variants.get(sku="JADE-S")
    small.price_changes.all().delete()
    VariantPriceChange.objects.create(
        variant=small, price=Decimal("149.00"), changed_at=timezone.now() - timedelta(days=200)
    )
    VariantPriceChange.objects.create(
        variant=small, price=Decimal("129.00"), changed_at=timezone.now() - timedelta(days=20)
    )
    basalt = ProductFactory(name="Basalt stone set", slug="basalt-stone-set", category=stones, brand=brand)
    basalt.variants.update(sku="BASALT", price=Decimal("280.00"), stock_quantity=4)
    now = timezone.now()
    sale = Promotion.objects.create(
        name="Anniversary sale",
        kind="percent",
        value=Decimal("15"),
        starts_at=now - timedelta(hours=1),
        ends_at=now + timedelta(hours=2),
    )
    sale.categories.set([stones])
    return {"jade": jade, "basalt": basalt, "sale_ends": sale.ends_at}


class Seen:
    """Every price read off a surface, by SKU; leads are the product-level prices (cards, compare, teasers)."""

    def __init__(self):
        self.prices: dict[str, set[tuple[str, Decimal]]] = defaultdict(set)
        self.was: dict[str, set[tuple[str, Decimal | None]]] = defaultdict(set)

    def saw(self, surface: str, sku: str, price: Decimal, was: Decimal | None = ...) -> None:
        self.prices[sku].add((surface, price))
        if was is not ...:
            self.was[sku].add((surface, was))


def walk_every_surface(client, shop_state: dict) -> Seen:
    seen = Seen()
    skus = {"jade-stone-set": ["JADE-XS", "JADE-S", "JADE-M"], "basalt-stone-set": ["BASALT"]}
    leads = shop_state["leads"]

    # Listing cards, search results and an article's product block show each product's lead price.
    listing = BeautifulSoup(client.get("/shop/").content, "html.parser")
    cards = listing.select(".product-card")
    assert len(cards) == 2
    for card in cards:
        slug = card.select_one(".product-card__link")["href"].strip("/").split("/")[-1]
        was = card.select_one(".price__was")
        seen.saw(
            "listing card",
            leads[slug],
            amount(card.select_one(".price__current").get_text()),
            amount(was.get_text()) if was else None,
        )
    search = BeautifulSoup(client.get("/search/", {"q": "stone"}).content, "html.parser")
    found = search.select(".search-result--product")
    assert len(found) == 2
    for result in found:
        slug = result.select_one(".product-card__link")["href"].strip("/").split("/")[-1]
        seen.saw("search", leads[slug], amount(result.select_one(".price__current").get_text()))
    article = BeautifulSoup(client.get(shop_state["article_url"]).content, "html.parser")
    teasers = article.select(".product-teaser")
    assert len(teasers) == 2
    for teaser in teasers:
        price = teaser.select_one(".price__sale") or teaser.select_one(".price__current")
        seen.saw("article block", leads[teaser["data-product"]], amount(price.get_text()))

    # The product page, per variant chosen, with its picker and JSON-LD; and /products/<handle>.js.
    for slug, product_skus in skus.items():
        for sku in product_skus:
            page = BeautifulSoup(client.get(f"/products/{slug}/", {"variant": sku}).content, "html.parser")
            summary = page.select_one(".product__summary")
            was = summary.select_one(".price__was")
            seen.saw(
                "product page",
                sku,
                amount(summary.select_one(".price__current").get_text()),
                amount(was.get_text()) if was else None,
            )
        for option in page.select(".variant-picker__option"):
            sku = option["href"].split("=", 1)[1]
            seen.saw("variant picker", sku, amount(option.select_one(".variant-picker__price").get_text()))
        json_ld = json.loads(page.find("script", type="application/ld+json").string)
        for offer in json_ld["offers"]:
            seen.saw("JSON-LD", offer["sku"], Decimal(offer["price"]))
        data = client.get(f"/products/{slug}.js").json()
        for variant in data["variants"]:
            was = variant["compare_at_price"]
            seen.saw("product.js", variant["sku"], cents(variant["price"]), cents(was) if was else None)
        seen.saw("product.js lead", leads[slug], cents(data["price"]))

    # The comparison table: each product's lead price, and "ships free" by that price alone.
    compare = BeautifulSoup(client.get("/compare/", {"p": "jade-stone-set,basalt-stone-set"}).content, "html.parser")
    cells = compare.select(".compare-table__price")
    assert len(cells) == 2
    for slug, cell in zip(["jade-stone-set", "basalt-stone-set"], cells, strict=True):
        was = cell.select_one(".price__was")
        seen.saw(
            "compare",
            leads[slug],
            amount(cell.select_one(".price__current").get_text()),
            amount(was.get_text()) if was else None,
        )
    badges = [badge.get_text(strip=True) for badge in compare.select(".compare-badge--shipping")]
    assert badges, "the comparison shows the free-shipping badge"
    shop_state["ships_free_on_compare"] = ["Ships free" in badge for badge in badges]

    # The cart page, /cart.js, /cart/quote.json and the checkout review (one of each in-stock variant).
    cart = BeautifulSoup(client.get("/cart/").content, "html.parser")
    ids = shop_state["variant_ids"]
    for sku in shop_state["in_cart"]:
        row = cart.select_one(f'.cart-line[data-variant="{ids[sku]}"]')
        was = row.select_one(".price__was")
        seen.saw(
            "cart page",
            sku,
            amount(row.select_one(".price__current").get_text()),
            amount(was.get_text()) if was else None,
        )
    cart_js = client.get("/cart.js").json()
    for item in cart_js["items"]:
        was = item["compare_at_price"]
        seen.saw("cart.js", item["sku"], cents(item["price"]), cents(was) if was else None)
    shop_state["cart_subtotal"] = cents(cart_js["items_subtotal_price"])
    shop_state["quote_subtotal"] = Decimal(client.get("/cart/quote.json", {"province": "ON"}).json()["subtotal"])
    assert client.post("/checkout/", DETAILS).url == "/checkout/review/"
    review = BeautifulSoup(client.get("/checkout/review/").content, "html.parser")
    for line in review.select(".breakdown__line"):
        sku = line.select_one(".breakdown__sku").get_text(strip=True)
        seen.saw("checkout review", sku, amount(line.select_one("td").get_text()))
    return seen


def assert_one_price_per_variant(seen: Seen, expected: dict[str, tuple[str, str | None]]) -> None:
    for sku, (price, was) in expected.items():
        shown = {value for _surface, value in seen.prices[sku]}
        assert shown == {Decimal(price)}, (sku, sorted(seen.prices[sku]))
        struck = {value for _surface, value in seen.was[sku]}
        assert struck == {Decimal(was) if was else None}, (sku, sorted(seen.was[sku], key=str))
    # Every surface was read: the lead SKUs appear on every product-level surface too.
    surfaces = {surface for prices in seen.prices.values() for surface, _value in prices}
    assert surfaces == {
        "listing card",
        "search",
        "article block",
        "product page",
        "variant picker",
        "JSON-LD",
        "product.js",
        "product.js lead",
        "compare",
        "cart page",
        "cart.js",
        "checkout review",
    }


@pytest.fixture
def shopper(client, shop, make_article):  # noqa: F811
    """A shopper with one of each in-stock variant in the cart, and an article showing both sets."""
    article = make_article("Caring for your stones", body=[product_block(shop["jade"], shop["basalt"])])
    variant_ids = {v.sku: v.pk for p in (shop["jade"], shop["basalt"]) for v in p.variants.all()}
    in_cart = ["JADE-S", "JADE-M", "BASALT"]
    for sku in in_cart:
        assert client.post("/cart/add.js", {"id": variant_ids[sku], "quantity": 1}).status_code == 200
    return {**shop, "article_url": article.url, "variant_ids": variant_ids, "in_cart": in_cart}


def _check(client, state, *, leads, expected, ships_free):
    state["leads"] = leads
    seen = walk_every_surface(client, state)
    assert_one_price_per_variant(seen, expected)
    in_cart = sum(Decimal(expected[sku][0]) for sku in state["in_cart"])
    assert state["cart_subtotal"] == state["quote_subtotal"] == in_cart
    assert state["ships_free_on_compare"] == ships_free


def test_every_surface_shows_one_price_per_variant_through_a_sale_its_end_and_a_price_edit(client, shopper):
    leads = {"jade-stone-set": "JADE-XS", "basalt-stone-set": "BASALT"}
    # With the 15% anniversary sale on: the cheapest size (sold out) leads; Basalt drops under $250.
    _check(
        client,
        shopper,
        leads=leads,
        expected={
            "JADE-XS": ("84.15", "99.00"),
            "JADE-S": ("109.65", "149.00"),
            "JADE-M": ("118.15", "139.00"),
            "BASALT": ("238.00", "280.00"),
        },
        ships_free=[False, False],
    )

    # After the sale ends, by the clock alone.
    with freeze_time(shopper["sale_ends"] + timedelta(minutes=1)):
        _check(
            client,
            shopper,
            leads=leads,
            expected={
                "JADE-XS": ("99.00", None),
                "JADE-S": ("129.00", "149.00"),
                "JADE-M": ("139.00", None),
                "BASALT": ("280.00", None),
            },
            ships_free=[False, True],
        )

        # After staff lower the medium set below the others, it leads.
        medium = shopper["jade"].variants.get(sku="JADE-M")
        medium.price = Decimal("89.00")
        medium.save()
        variant_prices_record(variant_ids=[medium.pk])
        _check(
            client,
            shopper,
            leads={"jade-stone-set": "JADE-M", "basalt-stone-set": "BASALT"},
            expected={
                "JADE-XS": ("99.00", None),
                "JADE-S": ("129.00", "149.00"),
                "JADE-M": ("89.00", None),
                "BASALT": ("280.00", None),
            },
            ships_free=[False, True],
        )
