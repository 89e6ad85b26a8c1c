"""Query budgets: the home and article pages cost the same with 10 and with 200 products in the shop."""

from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from content.models import HomePageFeaturedProduct
from tests.content.conftest import paragraph, product_block

pytestmark = pytest.mark.django_db

# Measured at 11 (home), 17 (article) and 10 (article index) with the demo shop; the headroom is for the
# cart link and compare tray includes.
HOME_BUDGET = 14
ARTICLE_BUDGET = 20
ARTICLE_INDEX_BUDGET = 13


def queries_for(client, path: str, budget: int, assert_max) -> int:
    """Fetch `path` within `budget` queries and say how many it took."""
    with assert_max(budget), CaptureQueriesContext(connection) as context:
        response = client.get(path)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_home_page_queries_do_not_grow_with_the_catalogue(
    client, home_page, make_article, bulk_catalogue, django_assert_max_num_queries
):
    # Given a home page with four featured products and three articles, in a shop of 10 products
    products = bulk_catalogue(10)
    for order, product in enumerate(products[:4]):
        HomePageFeaturedProduct.objects.create(page=home_page, product=product, sort_order=order)
    for _ in range(3):
        make_article()
    client.get("/")  # warm the menu cache, as any earlier visitor would
    small = queries_for(client, "/", HOME_BUDGET, django_assert_max_num_queries)

    # When the catalogue grows to 200 products
    bulk_catalogue(190)

    # Then the home page costs the same, within its budget
    assert queries_for(client, "/", HOME_BUDGET, django_assert_max_num_queries) == small


def test_article_page_queries_do_not_grow_with_the_catalogue(
    client, make_article, bulk_catalogue, django_assert_max_num_queries
):
    # Given an article with two product blocks and related products, in a shop of 10 products
    products = bulk_catalogue(10)
    make_article("Older")
    article = make_article(
        body=[paragraph("Start gently."), product_block(*products[:3]), product_block(products[3], products[0])]
    )
    make_article("Newer")
    client.get(article.url)
    small = queries_for(client, article.url, ARTICLE_BUDGET, django_assert_max_num_queries)

    # When the catalogue grows to 200 products
    bulk_catalogue(190)

    # Then the article costs the same, within its budget
    assert queries_for(client, article.url, ARTICLE_BUDGET, django_assert_max_num_queries) == small


def test_article_page_queries_do_not_grow_with_the_products_it_shows(
    client, make_article, bulk_catalogue, django_assert_max_num_queries
):
    products = bulk_catalogue(12)
    one = make_article(body=[product_block(products[0])])
    many = make_article(
        body=[product_block(*products[1:5]), product_block(*products[5:9]), product_block(*products[9:12])]
    )
    client.get(one.url)

    assert queries_for(client, many.url, ARTICLE_BUDGET, django_assert_max_num_queries) == queries_for(
        client, one.url, ARTICLE_BUDGET, django_assert_max_num_queries
    )


def test_article_index_queries_do_not_grow_with_the_articles_on_the_page(
    client, make_article, django_assert_max_num_queries
):
    def picture():
        buffer = BytesIO()
        PillowImage.new("RGB", (60, 40), "#1f5c4a").save(buffer, "PNG")
        return get_image_model().objects.create(title="Stones", file=ImageFile(buffer, name="stones.png"))

    make_article(hero_image=picture())
    client.get("/articles/")  # the first visit makes the card rendition (then kept in the cache)
    one = queries_for(client, "/articles/", ARTICLE_INDEX_BUDGET, django_assert_max_num_queries)

    for _ in range(11):
        make_article(hero_image=picture())
    client.get("/articles/")

    assert queries_for(client, "/articles/", ARTICLE_INDEX_BUDGET, django_assert_max_num_queries) == one
