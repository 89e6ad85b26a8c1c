"""The product chooser article blocks open: pictures, today's price, stock, the active flag, and SKU search."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Locale

from shop.models import ProductTranslation
from tests.factories import (
    CompareProductImageFactory,
    ProductFactory,
    ProductVariantFactory,
    PromotionFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

CHOOSE = "wagtailsnippetchoosers_shop_product:choose"
RESULTS = "wagtailsnippetchoosers_shop_product:choose_results"


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory())
    return client


def rows(response) -> list[dict[str, str]]:
    # The modal answers with its HTML inside JSON; the results view answers with plain HTML.
    content = response.json()["html"] if response["Content-Type"].startswith("application/json") else response.content
    html = BeautifulSoup(content, "html.parser")
    table = html.select_one("table")
    if table is None:
        return []
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    return [
        dict(zip(headers, [td.get_text(" ", strip=True) for td in tr.select("td")], strict=False))
        | {"img": bool(tr.select_one("img")), "active": bool(tr.select_one(".icon-check"))}
        for tr in table.select("tbody tr")
    ]


def test_a_sku_search_finds_the_product_by_any_of_its_variants(staff_client):
    # Given a product whose second variant has the SKU an editor types
    gun = ProductFactory(name="Northpeak Pro", variant__sku="NP-PRO-BLK")
    ProductVariantFactory(product=gun, sku="NP-PRO-WHT")
    ProductFactory(name="Cork ball", variant__sku="CORK-01")

    response = staff_client.get(reverse(RESULTS), {"q": "pro-wht"})

    assert response.status_code == 200
    assert [row["Title"] for row in rows(response)] == ["Northpeak Pro"]


@pytest.mark.parametrize("query", ["northpeak", "NORTH", "Northpeak Pro"])
def test_a_name_search_finds_the_product(staff_client, query):
    ProductFactory(name="Northpeak Pro")
    ProductFactory(name="Cork ball")

    response = staff_client.get(reverse(RESULTS), {"q": query})

    assert [row["Title"] for row in rows(response)] == ["Northpeak Pro"]


def test_a_french_name_finds_the_product_once(staff_client):
    gun = ProductFactory(name="Northpeak Pro")
    ProductFactory(name="Cork ball")
    french, _created = Locale.objects.get_or_create(language_code="fr")
    ProductTranslation.objects.create(product=gun, locale=french, name="Pistolet Northpeak Pro")

    response = staff_client.get(reverse(RESULTS), {"q": "pistolet"})

    assert [row["Title"] for row in rows(response)] == ["Northpeak Pro"]


def test_a_search_that_finds_nothing_says_so(staff_client):
    ProductFactory(name="Cork ball")

    response = staff_client.get(reverse(RESULTS), {"q": "no-such-sku"})

    assert rows(response) == []
    assert "no-such-sku" in response.content.decode()


def test_each_row_shows_picture_price_stock_and_active_flag(staff_client):
    # Given an active product with a picture and two variants, and an inactive one without
    stones = ProductFactory(name="Basalt stones", variant__price=Decimal("49.00"), variant__stock_quantity=3)
    ProductVariantFactory(product=stones, price=Decimal("79.00"), stock_quantity=4)
    CompareProductImageFactory(product=stones)
    ProductFactory(name="Retired roller", is_active=False, variant__price=Decimal("12.50"), variant__stock_quantity=0)

    response = staff_client.get(reverse(CHOOSE))

    assert response.status_code == 200
    listed = {row["Title"]: row for row in rows(response)}
    assert listed["Basalt stones"]["Price today"] == "from $49.00"
    assert listed["Basalt stones"]["Stock"] == "7"
    assert listed["Basalt stones"]["img"] and listed["Basalt stones"]["active"]
    assert listed["Retired roller"]["Price today"] == "$12.50"
    assert listed["Retired roller"]["Stock"] == "0"
    assert not listed["Retired roller"]["img"] and not listed["Retired roller"]["active"]


def test_the_price_is_todays_shelf_price_with_the_sale(staff_client):
    oil = ProductFactory(name="Arnica oil", variant__price=Decimal("20.00"))
    PromotionFactory(products=[oil], kind="percent", value=Decimal("15"))

    response = staff_client.get(reverse(RESULTS))

    assert rows(response)[0]["Price today"] == "$17.00 (sale, was $20.00)"


def test_the_chooser_lists_25_products_a_page(staff_client, bulk_catalogue):
    bulk_catalogue(30)

    first = rows(staff_client.get(reverse(RESULTS)))
    second = rows(staff_client.get(reverse(RESULTS), {"p": 2}))

    assert (len(first), len(second)) == (25, 5)


def chooser_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(RESULTS), {"q": "bulk"})
    assert response.status_code == 200
    return len(queries)


def test_a_page_of_the_chooser_costs_the_same_queries_at_5_and_30_products(
    staff_client, bulk_catalogue, django_assert_max_num_queries
):
    products = bulk_catalogue(5)
    for product in products:
        CompareProductImageFactory(product=product)
    chooser_queries(staff_client)  # renditions are made on the first visit
    small = chooser_queries(staff_client)

    for product in bulk_catalogue(25):
        CompareProductImageFactory(product=product)
    chooser_queries(staff_client)
    with django_assert_max_num_queries(
        12
    ):  # session, user, two-factor device, count, page, variants, images, renditions, price facts...
        large = chooser_queries(staff_client)

    assert large == small
