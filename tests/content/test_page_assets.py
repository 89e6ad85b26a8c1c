"""Pages carry only what they use: each page links only its own stylesheets and scripts, and HTML is
gzipped on the wire with Django's BREACH padding."""

import gzip
import re

import pytest

from tests.factories import CategoryFactory, ProductFactory
from tests.shop.checkout_support import cart_with

pytestmark = pytest.mark.django_db


def assets(response) -> set[str]:
    html = response.content.decode()
    return set(re.findall(r'(?:href|src)="/static/((?:css|js)/[\w.-]+?)(?:\.[0-9a-f]{12})?\.(?:css|js)"', html))


@pytest.fixture
def catalogue(home_page):
    category = CategoryFactory(slug="hot-stones")
    return ProductFactory(slug="basalt-set", category=category)


def in_checkout(client):
    session = client.session
    session["cart_token"] = str(cart_with().token)
    session.save()


def test_the_listing_loads_the_catalogue_assets_and_nothing_of_checkout(client, catalogue):
    loaded = assets(client.get("/shop/"))

    assert {"css/site", "css/shop", "css/compare", "js/shop", "js/cart", "js/compare"} <= loaded
    assert not {"css/checkout", "js/checkout"} & loaded


def test_the_product_page_loads_no_listing_facets_script_and_no_checkout(client, catalogue):
    loaded = assets(client.get(catalogue.get_absolute_url()))

    assert {"css/shop", "js/cart", "js/compare"} <= loaded
    assert not {"js/shop", "css/checkout", "js/checkout"} & loaded


def test_checkout_loads_its_own_stylesheet_and_none_of_the_catalogue(client, home_page):
    in_checkout(client)

    loaded = assets(client.get("/checkout/"))

    assert {"css/site", "css/checkout"} <= loaded
    assert not {"css/shop", "css/compare", "js/shop", "js/compare", "js/cart"} & loaded


def test_order_lookup_and_sign_in_load_no_catalogue_assets(client, home_page):
    for path in ("/orders/lookup/", "/accounts/login/"):
        loaded = assets(client.get(path))
        assert "css/checkout" in loaded, path
        assert not {"css/shop", "css/compare", "js/compare", "js/cart"} & loaded, path


def test_html_is_gzipped_on_the_wire_with_random_padding_against_breach(client, catalogue):
    response = client.get("/shop/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")

    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = response.content
    assert body[3] & gzip.FNAME  # Django's BREACH mitigation: a random-length file name in the gzip header
    assert b"<!DOCTYPE html>" in gzip.decompress(body)
    plain = client.get("/shop/")
    assert "Content-Encoding" not in plain
    assert len(body) < len(plain.content) / 3


def test_a_client_that_does_not_ask_for_gzip_gets_plain_html(client, catalogue):
    response = client.get("/shop/", HTTP_ACCEPT_ENCODING="identity")

    assert not response.has_header("Content-Encoding")
    assert response.content.startswith(b"<!DOCTYPE html>") or b"<!DOCTYPE html>" in response.content[:300]
