"""Search relevance: a product's own name outweighs its description, its category and, last, its brand."""

import pytest
from bs4 import BeautifulSoup

from content.search import search_storefront
from tests.factories import BrandFactory, CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stones_and_oils(home_page):
    house = BrandFactory(name="Knot & Stone", slug="knot-and-stone")
    other = BrandFactory(name="Basalt Works", slug="basalt-works")
    oils = CategoryFactory(name="Massage oils", slug="massage-oils")
    stones = CategoryFactory(name="Hot stones", slug="hot-stones")
    for name in ("Arnica Massage Oil", "Lavender Massage Oil", "Unscented Massage Oil"):
        ProductFactory(name=name, brand=house, category=oils, summary="A light oil that glides.")
    ProductFactory(name="Basalt Hot Stone Set", brand=other, category=stones)
    ProductFactory(name="Jade Stone Roller", brand=house, category=stones)
    ProductFactory(name="Stone Heater", brand=other, category=stones)
    ProductFactory(name="Warming Mitt", brand=other, category=stones, summary="Keeps a heated stone in your palm.")
    ProductFactory(name="Cork Ball", brand=other, category=CategoryFactory(name="Stone tools", slug="stone-tools"))


def test_searching_stone_lists_the_stone_products_before_the_oils(client, stones_and_oils):
    response = client.get("/search/", {"q": "stone"})

    page = BeautifulSoup(response.content, "html.parser")
    names = [el.get_text(" ", strip=True) for el in page.select(".search-result--product .search-result__title")]
    names = names or [el.get_text(" ", strip=True) for el in page.select(".search-result--product")]
    order = [next(n for n in names if product in n) for product in ("Basalt", "Jade", "Heater", "Mitt", "Cork")]
    assert order == sorted(order, key=names.index)
    first_oil = min(names.index(n) for n in names if "Oil" in n)
    assert all(names.index(n) < first_oil for n in order)


def test_the_order_is_name_then_description_then_category_then_brand(stones_and_oils):
    names = [product.name for product in search_storefront("stone")[0:20]]

    assert names == [
        "Basalt Hot Stone Set",
        "Jade Stone Roller",
        "Stone Heater",
        "Warming Mitt",
        "Cork Ball",
        "Arnica Massage Oil",
        "Lavender Massage Oil",
        "Unscented Massage Oil",
    ]


def test_a_name_with_every_word_comes_before_a_name_with_one(stones_and_oils):
    names = [product.name for product in search_storefront("stone set")[0:3]]

    assert names[0] == "Basalt Hot Stone Set"
