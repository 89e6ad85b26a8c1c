"""Pages carry only what they use: each page links only its own stylesheets and scripts, and HTML is
gzipped on the wire with Django's BREACH padding."""

import gzip
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

from config import first_paint
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


def test_cart_css_is_the_cart_pages_alone(client, catalogue):
    for path in ("/", "/shop/", catalogue.get_absolute_url()):
        assert "css/cart" not in assets(client.get(path)), path

    assert "css/cart" in assets(client.get("/cart/"))


def test_the_chat_panel_brings_its_own_files_only_when_opened(client, catalogue):
    # Given any catalogue page: the launcher and the (closed) panel, but not chat.css or chat.js
    response = client.get(catalogue.get_absolute_url())
    loaded = assets(response)
    assert not {"css/chat", "js/chat"} & loaded
    panel = BeautifulSoup(response.content, "html.parser").select_one("[data-chat]")

    # Then the panel names them, for site.js to load when a shopper opens it
    assert panel["data-chat-style"] == "/static/css/chat.css"
    assert panel["data-chat-script"] == "/static/js/chat.js"
    for attribute in ("data-chat-style", "data-chat-script"):
        assert finders.find(panel[attribute].removeprefix("/static/")), panel[attribute]


def test_the_chat_page_styles_its_own_form(client, home_page):
    assert "css/chat" in assets(client.get("/chat/"))


def test_the_comparison_tables_styles_load_on_the_compare_page_alone(client, catalogue):
    assert "css/compare-page" not in assets(client.get("/shop/"))

    assert {"css/compare", "css/compare-page"} <= assets(client.get("/compare/"))


def test_the_js_class_is_set_in_the_head_before_any_stylesheet_or_body(client, catalogue):
    # The first paint already has the phone menu collapsed: no layout shift when the deferred site.js runs.
    html = client.get("/shop/").content.decode()

    script = html.index(first_paint.SCRIPT_TAG)
    assert script < html.index('rel="stylesheet"') < html.index("</head>")
    assert first_paint.CSP_HASH in client.get("/shop/")["Content-Security-Policy"]
