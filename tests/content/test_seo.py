import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.factories import CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


# Every absolute link is on SITE_URL, neither the Site row's host (localhost) nor the request's (testserver).
PUBLIC = "https://shop.example.ca"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = PUBLIC


def test_rss_feed_lists_live_articles_newest_first(client, make_article):
    make_article("Blending essential oils", date=datetime.date(2026, 3, 2), tags=["oils"])
    make_article("Trigger point therapy guide", date=datetime.date(2026, 3, 9))
    draft = make_article("Unfinished draft", date=datetime.date(2026, 3, 10))
    draft.unpublish()

    response = client.get("/articles/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == ["Trigger point therapy guide", "Blending essential oils"]
    assert items[0].findtext("link").startswith(f"{PUBLIC}/articles/")
    assert items[1].findtext("category") == "oils"
    assert "Knot & Stone Therapy Supply" in channel.findtext("title")


def test_sitemap_lists_pages_categories_and_active_products(client, make_article):
    article = make_article("Trigger point therapy guide")
    category = CategoryFactory(slug="stone-sets")
    product = ProductFactory(slug="basalt-hot-stone-set", category=category)
    ProductFactory(slug="retired-gun", is_active=False)

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    locations = {loc.text for loc in ET.fromstring(response.content).findall("sm:url/sm:loc", SITEMAP_NS)}
    assert f"{PUBLIC}/" in locations
    assert f"{PUBLIC}{article.url}" in locations
    assert f"{PUBLIC}{category.get_absolute_url()}" in locations
    assert f"{PUBLIC}{product.get_absolute_url()}" in locations
    assert not any("retired-gun" in location for location in locations)


def test_robots_txt_keeps_crawlers_out_of_private_paths_and_points_at_the_sitemap(client, home_page):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    for path in ("/admin/", "/cart/", "/checkout/", "/compare/", "/search/"):
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in lines


def test_health_check_answers_ok_with_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.content == b"ok"
