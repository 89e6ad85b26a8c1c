"""Every page title names the page, then the shop, with one separator: " · "."""

import html
import re

import pytest

from tests.factories import CategoryFactory, ProductFactory, ProductVariantFactory
from tests.shop.checkout_support import cart_with

pytestmark = pytest.mark.django_db

SHOP = "Knot & Stone Therapy Supply"
SEPARATOR = " · "


def title_of(response) -> str:
    match = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)
    assert match, "the page has no <title>"
    # Browsers collapse white space in a title, as in any text.
    return " ".join(html.unescape(match.group(1)).split())


def assert_one_separator(title: str) -> None:
    for other in (" | ", " — ", " - ", " – ", " :: "):
        assert other not in title, f"{title!r} uses {other!r}"


@pytest.fixture
def catalogue(home_page):
    category = CategoryFactory(name="Hot stones", slug="hot-stones")
    product = ProductFactory(name="Basalt Hot Stone Set", slug="basalt-hot-stone-set", category=category)
    ProductVariantFactory(product=product)
    for number in range(30):  # enough for a second listing page
        ProductVariantFactory(product=ProductFactory(name=f"Stone {number}", category=category))
    return category, product


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/shop/", f"Shop all products{SEPARATOR}{SHOP}"),
        ("/shop/?page=2", f"Shop all products{SEPARATOR}Page 2{SEPARATOR}{SHOP}"),
        ("/shop/hot-stones/", f"Hot stones{SEPARATOR}{SHOP}"),
        ("/products/basalt-hot-stone-set/", f"Basalt Hot Stone Set{SEPARATOR}{SHOP}"),
        ("/search/?q=basalt", f"Search: basalt{SEPARATOR}{SHOP}"),
        ("/cart/", f"Your cart{SEPARATOR}{SHOP}"),
        ("/orders/lookup/", f"Find your order{SEPARATOR}{SHOP}"),
        ("/compare/", f"Compare products{SEPARATOR}{SHOP}"),
        ("/price-match/", f"Price match assurance{SEPARATOR}{SHOP}"),
        ("/accounts/login/", f"Sign In{SEPARATOR}{SHOP}"),
        ("/no-such-page/", f"Page not found{SEPARATOR}{SHOP}"),
    ],
)
def test_every_key_page_title_is_the_page_then_the_shop_with_one_separator(client, catalogue, path, expected):
    response = client.get(path)

    assert response.status_code in (200, 404)
    assert title_of(response) == expected


def test_article_and_article_index_titles_use_the_same_separator(client, make_article):
    article = make_article("Trigger point therapy guide")

    assert title_of(client.get(article.url)) == f"Trigger point therapy guide{SEPARATOR}{SHOP}"
    assert title_of(client.get(article.get_parent().url)) == f"Articles{SEPARATOR}{SHOP}"


def test_home_title_is_the_shop_then_its_tagline(client, site_settings):
    site_settings.tagline = "Tools for tired muscles"
    site_settings.save()

    title = title_of(client.get("/"))

    assert title == f"{SHOP}{SEPARATOR}Tools for tired muscles"


def test_checkout_title_uses_the_same_separator(client, home_page):
    cart = cart_with()
    session = client.session
    session["cart_token"] = str(cart.token)
    session.save()

    response = client.get("/checkout/")

    assert title_of(response) == f"Checkout{SEPARATOR}{SHOP}"
    assert_one_separator(title_of(response))


def test_no_storefront_template_joins_its_title_with_another_separator():
    """The pages above are the key ones; this catches the rest (order pages, account pages, newsletter pages)."""
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    offenders = []
    for template in templates.rglob("*.html"):
        if "admin" in template.parts or "email" in template.parts:
            continue
        for block in re.findall(r"{% block title %}(.*?){% endblock %}", template.read_text(), re.S):
            if any(other in block for other in (" | ", " — ", " – ")):
                offenders.append(str(template.relative_to(templates)))
    assert offenders == []
