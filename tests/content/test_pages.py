import datetime
import json
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from content.models import ArticlePage
from content.models import HomePageFeaturedProduct
from tests.content.conftest import paragraph, product_block
from tests.factories import ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_home_page_shows_the_hero_featured_products_and_latest_three_articles(client, home_page, make_article):
    # Given two featured products and four articles
    first, second = ProductFactory(name="Basalt stone set"), ProductFactory(name="Pulse Pro massage gun")
    for order, product in enumerate((second, first)):
        HomePageFeaturedProduct.objects.create(page=home_page, product=product, sort_order=order)
    for day in range(1, 5):
        make_article(f"Article from day {day}", date=datetime.date(2026, 3, day))

    # When a shopper opens the home page
    response = client.get("/")

    # Then the hero, the featured products (in the editor's order) and the three newest articles show
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one(".hero__heading").get_text(strip=True) == "Tools for tired muscles"
    assert response.context["featured_products"] == [second, first]
    titles = [a.get_text(strip=True) for a in page.select(".article-card__title a")]
    assert titles == ["Article from day 4", "Article from day 3", "Article from day 2"]


def test_home_page_leaves_out_inactive_featured_products(client, home_page):
    hidden = ProductFactory(is_active=False)
    HomePageFeaturedProduct.objects.create(page=home_page, product=hidden, sort_order=0)

    response = client.get("/")

    assert response.context["featured_products"] == []
