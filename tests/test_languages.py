"""English at /, French at /fr/: the addresses, the middlewares that read paths, the switcher's view, the page
cache, and the rule that picks an order's language."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import resolve, reverse
from django.utils import translation
from wagtail.models import Site

from config.languages import explicit_choice, path_without_language, supported_language, translated_path
from config.page_cache import AnonymousPageCacheMiddleware
from content.middleware import is_open_path
from content.settings import StorefrontLock
from shop.languages import order_language
from tests.factories import ProductFactory

PUBLIC = "https://shop.example.ca"


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = PUBLIC


@pytest.fixture
def product(db):
    return ProductFactory(slug="river-stone-set", name="River stone set", variant__price=Decimal("89.00"))


def html_lang(response) -> str:
    return BeautifulSoup(response.content, "html.parser").html["lang"]


def switch_link(response):
    return BeautifulSoup(response.content, "html.parser").select_one("[data-language-switch]")


# --- rules: no database ---


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/fr/cart/", "/cart/"),
        ("/fr/", "/"),
        ("/fr", "/"),
        ("/cart/", "/cart/"),
        ("/french-oils/", "/french-oils/"),
        ("/", "/"),
    ],
)
def test_path_without_language_strips_only_a_language_prefix(path, expected):
    assert path_without_language(path) == expected


@pytest.mark.parametrize(
    ("url", "language", "expected"),
    [
        ("/shop/?sort=price&brand=knot", "fr", "/fr/shop/?sort=price&brand=knot"),
        ("/fr/shop/massage-stones/?page=2", "en", "/shop/massage-stones/?page=2"),
        ("/fr/products/river-stone-set/", "en", "/products/river-stone-set/"),
        ("/cart/", "fr", "/fr/cart/"),
        ("/", "fr", "/fr/"),
        ("/fr/", "en", "/"),
        ("/cart/", "en", "/cart/"),
        # A host never survives: the switcher only ever links to this site.
        ("https://evil.example/cart/", "fr", "/fr/cart/"),
    ],
)
def test_translated_path_keeps_the_page_and_its_query(url, language, expected):
    assert translated_path(url, language) == expected


@pytest.mark.parametrize(
    ("code", "expected"), [("fr-ca", "fr"), ("en-ca", "en"), ("fr", "fr"), ("", "en"), ("de", "en")]
)
def test_stored_language_codes_become_the_storefronts_own(code, expected):
    # "en-ca" (the old LANGUAGE_CODE) activated as it is would reverse every link under /en-ca/.
    assert supported_language(code) == expected


@pytest.mark.parametrize(
    ("reading", "chosen", "province", "expected"),
    [
        ("en", "", "QC", "fr"),  # a Quebec address and no choice: French
        ("en", "en", "QC", "en"),  # the shopper picked English: English, Quebec or not
        ("fr", "", "ON", "fr"),  # read checkout in French: French
        ("en", "", "ON", "en"),
        ("en", "fr", "ON", "fr"),
    ],
)
def test_an_orders_language_is_the_choice_then_quebec_then_the_page(reading, chosen, province, expected):
    assert order_language(reading=reading, chosen=chosen, province=province) == expected


def test_only_a_known_language_counts_as_a_choice():
    assert explicit_choice({settings.LANGUAGE_COOKIE_NAME: "fr"}) == "fr"
    assert explicit_choice({settings.LANGUAGE_COOKIE_NAME: "de"}) == ""
    assert explicit_choice({}) == ""


# --- addresses ---


def test_french_addresses_reverse_under_fr_and_english_ones_have_no_prefix():
    assert reverse("shop:cart") == "/cart/"
    with translation.override("fr"):
        assert reverse("shop:cart") == "/fr/cart/"
        assert reverse("compare:page") == "/fr/compare/"
        assert reverse("newsletter:signup") == "/fr/newsletter/signup/"
        assert reverse("account_login") == "/fr/accounts/login/"
        # Staff and machines keep one address in every language.
        assert reverse("language_switch") == "/language/"
        assert reverse("wagtailadmin_home") == "/admin/"


@pytest.mark.parametrize(
    "path",
    ["/shop/stripe/webhook/", "/newsletter/webhooks/mailgun/tracking/", "/newsletter/webhooks/postmark/tracking/"],
)
def test_webhooks_answer_at_their_unprefixed_addresses(path):
    assert resolve(path).url_name in {"stripe_webhook", "mailgun_tracking", "postmark_tracking"}


def test_the_stripe_webhook_is_reached_unprefixed(client, db, settings):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_languages"
    response = client.post("/shop/stripe/webhook/", b"{}", content_type="application/json")
    # Reached the view, which refuses an unsigned body (not a 404, not a redirect to a language).
    assert response.status_code == 400


def test_the_cart_speaks_each_language_at_its_own_address(client, db):
    english = client.get("/cart/")
    french = client.get("/fr/cart/")
    assert (english.status_code, french.status_code) == (200, 200)
    assert html_lang(english) == "en-CA" and html_lang(french) == "fr-CA"
    assert french["Content-Language"] == "fr"


def test_an_unprefixed_address_is_english_whatever_the_browser_asks(client, db):
    response = client.get("/cart/", HTTP_ACCEPT_LANGUAGE="fr-CA,fr;q=0.9")
    assert response.status_code == 200 and html_lang(response) == "en-CA"


def test_the_admin_has_no_french_address(client, db):
    assert client.get("/fr/admin/").status_code == 404
    assert client.get("/admin/").status_code == 302  # to the staff sign-in


def test_french_account_pages_are_private_too(client, db):
    response = client.get("/fr/accounts/login/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize("machine_path", ["robots.txt", "sitemap.xml", "healthz/"])
def test_machine_addresses_have_one_url_and_the_french_prefix_leads_to_it(client, db, machine_path):
    response = client.get(f"/fr/{machine_path}")

    assert response.status_code == 301 and response["Location"] == f"/{machine_path}"
    assert client.get(f"/{machine_path}").status_code == 200


@pytest.mark.parametrize(
    ("path", "open_"),
    [
        ("/fr/password/", True),
        ("/fr/newsletter/confirm/abc/", True),
        ("/fr/robots.txt", True),
        ("/fr/cart/", False),
        ("/fr/", False),
        ("/french/newsletter/", False),
    ],
)
def test_the_lock_knows_its_open_pages_in_french_too(path, open_):
    assert is_open_path(path) is open_


def test_a_locked_storefront_asks_for_the_password_in_french_at_french_addresses(client, db):
    lock = StorefrontLock.for_site(Site.objects.get(is_default_site=True))
    lock.is_locked = True
    lock.set_password("pre-launch-basalt")
    lock.save()

    response = client.get("/fr/cart/")

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("body")["class"] == ["password-body"] and soup.html["lang"] == "fr-CA"


# --- the switcher ---


def test_the_product_pages_switcher_opens_the_same_product_in_french_and_remembers_it(client, product):
    # Given the English product page
    page = client.get("/products/river-stone-set/?variant=X1")
    link = switch_link(page)
    assert (
        link["lang"] == "fr-CA"
        and link["hreflang"] == "fr-CA"
        and link.select_one(".language-switch__name").get_text(strip=True) == "Français"
    )

    # When the shopper follows it
    response = client.get(link["href"])

    # Then they land on the same product, query kept, in French, and the choice is remembered
    assert response.status_code == 302 and response.url == "/fr/products/river-stone-set/?variant=X1"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    french = client.get(response.url)
    assert html_lang(french) == "fr-CA"
    back = switch_link(french)
    assert back["lang"] == "en-CA" and back.select_one(".language-switch__name").get_text(strip=True) == "English"
    assert client.get(back["href"]).url == "/products/river-stone-set/?variant=X1"


def test_a_filtered_listing_keeps_its_filters_in_the_other_language(client, product):
    link = switch_link(client.get("/shop/?sort=price-asc&q=stone"))
    target = client.get(link["href"]).url
    assert target == "/fr/shop/?sort=price-asc&q=stone"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_the_switcher_never_sends_a_shopper_off_the_site(client, db, next_url):
    response = client.get("/language/", {"lang": "fr", "next": next_url})
    assert response.status_code == 302 and response.url == "/fr/"


def test_an_unknown_language_is_not_remembered(client, db):
    response = client.get("/language/", {"lang": "de", "next": "/cart/"})
    assert response.status_code == 302 and response.url == "/cart/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_the_switcher_is_not_for_crawlers(client, db):
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /language/" in robots and "Disallow: /fr/checkout/" in robots


# --- hreflang and canonical on the shop's own pages ---


def test_a_product_page_names_itself_and_its_translation(client, product):
    soup = BeautifulSoup(client.get("/fr/products/river-stone-set/").content, "html.parser")
    assert soup.find("link", rel="canonical")["href"] == f"{PUBLIC}/fr/products/river-stone-set/"
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
    assert alternates == {
        "en-CA": f"{PUBLIC}/products/river-stone-set/",
        "fr-CA": f"{PUBLIC}/fr/products/river-stone-set/",
        "x-default": f"{PUBLIC}/products/river-stone-set/",
    }
    assert soup.find("meta", property="og:locale")["content"] == "fr_CA"


def test_the_listing_alternates_follow_its_canonical_not_its_filters(client, product):
    soup = BeautifulSoup(client.get("/fr/shop/?sort=price-asc").content, "html.parser")
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
    assert alternates["en-CA"] == f"{PUBLIC}/shop/" and alternates["fr-CA"] == f"{PUBLIC}/fr/shop/"


def test_checkout_and_missing_pages_list_no_alternates(client, db):
    for path in ("/fr/checkout/", "/fr/no-such-page/"):
        soup = BeautifulSoup(client.get(path).content, "html.parser")
        assert soup.find_all("link", rel="alternate", hreflang=True) == [], path


# --- the page cache ---


@pytest.fixture
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


def test_the_page_cache_never_serves_one_language_at_the_others_address(product, page_cache_on):
    english = Client().get("/products/river-stone-set/")
    french = Client().get("/fr/products/river-stone-set/")
    english_again = Client().get("/products/river-stone-set/")
    french_again = Client().get("/fr/products/river-stone-set/")

    assert [english["X-Page-Cache"], french["X-Page-Cache"]] == ["miss", "miss"]
    assert [english_again["X-Page-Cache"], french_again["X-Page-Cache"]] == ["hit", "hit"]
    assert html_lang(english_again) == "en-CA" and html_lang(french_again) == "fr-CA"
    assert re.search(rb'href="/fr/cart/"', french_again.content)
    assert not re.search(rb'href="/fr/', english_again.content)


def test_the_language_is_part_of_the_page_cache_key(rf):
    middleware = AnonymousPageCacheMiddleware(lambda request: None)
    request = rf.get("/products/river-stone-set/")
    with translation.override("en"):
        english = middleware.cache_key(request)
    with translation.override("fr"):
        french = middleware.cache_key(request)
    assert english != french


def test_the_language_choice_cookie_keeps_the_page_cache_serving(product, page_cache_on):
    Client().get("/fr/products/river-stone-set/")
    chooser = Client()
    chooser.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert chooser.get("/fr/products/river-stone-set/")["X-Page-Cache"] == "hit"


def test_product_card_links_follow_the_language(client, product):
    english = BeautifulSoup(client.get("/shop/").content, "html.parser")
    french = BeautifulSoup(client.get("/fr/shop/").content, "html.parser")
    english_again = BeautifulSoup(client.get("/shop/").content, "html.parser")

    def product_links(soup):
        return {a["href"] for a in soup.find_all("a", href=True) if "river-stone-set" in a["href"]}

    assert product_links(english) == product_links(english_again) == {"/products/river-stone-set/"}
    assert product_links(french) == {"/fr/products/river-stone-set/"}


@pytest.mark.parametrize(
    ("code", "expected"), [("fr", "fr"), ("fr-ca", "fr"), ("en-ca", "en"), ("de", "en"), ("", "en"), (None, "en")]
)
def test_pages_and_the_catalogue_read_one_content_language(code, expected):
    from config.languages import content_language
    from shop.selectors.translations import catalogue_language

    with translation.override(code):
        assert content_language() == expected
        assert catalogue_language() == (None if expected == "en" else expected)
    with translation.override("fr"):
        assert content_language(code or "en") == (expected if code else "en")
