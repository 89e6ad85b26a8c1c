"""One public address, SITE_URL: the Site follows it, the deploy check warns when they part, and every
absolute link a page, the sitemap or the feed gives out is on it."""

import json
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Site

from config.site_url import check_site_url_matches_the_default_site, public_url, site_address, site_follow_site_url
from tests.factories import ProductFactory, ProductVariantFactory

PUBLIC = "https://shop.example.ca"


@pytest.mark.parametrize(
    ("url", "hostname", "port"),
    [
        ("http://127.0.0.1:8001", "127.0.0.1", 8001),
        ("https://shop.example.ca", "shop.example.ca", 443),
        ("https://shop.example.ca/", "shop.example.ca", 443),
        ("http://localhost", "localhost", 80),
    ],
)
def test_a_site_address_is_the_host_and_port_of_site_url(url, hostname, port):
    address = site_address(url)

    assert (address.hostname, address.port) == (hostname, port)


def test_public_urls_are_on_site_url_and_leave_a_cdn_url_alone(settings):
    settings.SITE_URL = PUBLIC + "/"

    assert public_url("/products/cork-ball/") == f"{PUBLIC}/products/cork-ball/"
    assert public_url("https://cdn.example.net/media/a.png") == "https://cdn.example.net/media/a.png"


@pytest.mark.django_db
def test_the_site_follows_site_url_once_and_then_changes_nothing(settings, home_page):
    settings.SITE_URL = "http://127.0.0.1:8123"

    assert site_follow_site_url() is True
    assert site_follow_site_url() is False

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8123, "http://127.0.0.1:8123")


@pytest.mark.django_db
def test_the_deploy_check_warns_while_the_site_and_site_url_disagree(settings, home_page):
    # Given the Site at localhost:80 (as the demo used to create it) and a real public address
    settings.SITE_URL = PUBLIC

    warnings = check_site_url_matches_the_default_site()

    assert [warning.id for warning in warnings] == ["config.W001"]
    assert "http://localhost" in warnings[0].msg and PUBLIC in warnings[0].msg

    # When the Site is synced, the warning goes
    call_command("site_url_sync", stdout=StringIO())
    assert check_site_url_matches_the_default_site() == []


@pytest.mark.django_db
def test_the_deploy_check_is_part_of_check_deploy(settings, home_page):
    from django.core.checks.registry import registry

    assert check_site_url_matches_the_default_site in registry.get_checks(include_deployment_checks=True)
    assert check_site_url_matches_the_default_site not in registry.get_checks(include_deployment_checks=False)


@pytest.mark.django_db
def test_canonical_opengraph_json_ld_sitemap_and_feed_all_use_site_url(client, settings, make_article):
    # Given a Site row still at localhost:80 and requests arriving as "testserver"
    settings.SITE_URL = PUBLIC
    article = make_article("Trigger point guide")
    product = ProductFactory(slug="cork-ball")
    ProductVariantFactory(product=product)

    for path in ("/", article.url, "/articles/", product.get_absolute_url(), "/shop/"):
        head = BeautifulSoup(client.get(path).content, "html.parser").head
        assert head.select_one('link[rel="canonical"]')["href"] == f"{PUBLIC}{path}", path
        assert head.select_one('meta[property="og:url"]')["content"] == f"{PUBLIC}{path}", path

    article_head = BeautifulSoup(client.get(article.url).content, "html.parser").head
    article_data = json.loads(article_head.select_one('script[type="application/ld+json"]').string)
    assert article_data["mainEntityOfPage"] == f"{PUBLIC}{article.url}"
    product_head = BeautifulSoup(client.get(product.get_absolute_url()).content, "html.parser")
    product_data = json.loads(product_head.select_one('script[type="application/ld+json"]').string)
    assert {offer["url"] for offer in product_data["offers"]} == {f"{PUBLIC}/products/cork-ball/"}

    sitemap = client.get("/sitemap.xml").content.decode()
    feed = client.get("/articles/feed/").content.decode()
    for document in (sitemap, feed):
        assert "localhost" not in document and "testserver" not in document
    assert f"<loc>{PUBLIC}{article.url}</loc>" in sitemap
    assert f"<link>{PUBLIC}{article.url}</link>" in feed
    assert f"<link>{PUBLIC}/articles/</link>" in feed


@pytest.mark.django_db
def test_the_demo_creates_its_site_at_site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8042"

    call_command("load_demo", image_size=64, stdout=StringIO())

    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8042"
