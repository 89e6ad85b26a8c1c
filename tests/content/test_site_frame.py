from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config import first_paint
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.parametrize(
    ("starts_in_days", "ends_in_days", "showing"),
    [
        (1, 5, False),  # before the window
        (-1, 5, True),  # within it
        (-5, -1, False),  # after it
        (None, None, True),  # no dates: always on
        (None, 2, True),
        (-2, None, True),
    ],
)
def test_announcement_bar_shows_only_within_its_date_window(
    client, site_settings, starts_in_days, ends_in_days, showing
):
    now = timezone.now()
    site_settings.announcement_text = "Boxing Day: 20% off massage guns"
    site_settings.announcement_starts_at = now + timedelta(days=starts_in_days) if starts_in_days is not None else None
    site_settings.announcement_ends_at = now + timedelta(days=ends_in_days) if ends_in_days is not None else None
    site_settings.save()

    bar = soup(client.get("/")).select_one("[data-announcement]")

    assert (bar is not None) is showing
    if showing:
        assert bar["data-announcement-key"] == "Boxing Day: 20% off massage guns"


def test_announcement_bar_links_and_offers_a_dismiss_button_only_when_dismissible(client, site_settings):
    site_settings.announcement_text = "Free gift with every stone set"
    site_settings.announcement_link = "/shop/"
    site_settings.announcement_dismissible = False
    site_settings.save()

    bar = soup(client.get("/")).select_one("[data-announcement]")

    assert bar.select_one("a")["href"] == "/shop/"
    assert bar.select_one("[data-announcement-dismiss]") is None


def test_announcement_bar_is_hidden_without_text(client, site_settings):
    assert soup(client.get("/")).select_one("[data-announcement]") is None


@pytest.mark.parametrize(
    ("threshold", "text"),
    [
        (Decimal("250.00"), "Free shipping over $250"),
        (Decimal("99.50"), "Free shipping over $99.50"),
        (Decimal("1000"), "Free shipping over $1,000"),
    ],
)
def test_free_shipping_badge_reads_the_shop_threshold(client, shop_settings, threshold, text):
    shop_settings.free_shipping_threshold = threshold
    shop_settings.save()

    badges = soup(client.get("/")).select(".trust-badge--free-shipping")

    assert [badge.get_text(strip=True)[1:] for badge in badges] == [text, text]  # header and footer


def test_trust_badges_follow_their_toggles(client, site_settings):
    site_settings.show_price_match_badge = False
    site_settings.show_fast_shipping_badge = True
    site_settings.save()

    header = soup(client.get("/")).select_one(".trust-badges--header")

    assert header.select_one(".trust-badge--price-match") is None
    assert header.select_one(".trust-badge--fast-shipping").get_text(strip=True).endswith("Fast shipping across Canada")
    # "Chat with us" opens the chat panel (and, without JavaScript, the chat page that comes back here)
    chat = header.select_one(".trust-badge--chat a[data-chat-open]")
    assert chat["href"] == "/chat/?from=/"


def test_chat_badge_follows_its_toggle(client, site_settings):
    site_settings.show_chat_badge = False
    site_settings.save()

    assert soup(client.get("/")).select_one(".trust-badge--chat") is None


@pytest.mark.parametrize(
    ("typed", "href"),
    [
        ("1-800-555-0148", "tel:+18005550148"),
        ("(416) 555-0199", "tel:+14165550199"),
        ("+1 604 555 0142", "tel:+16045550142"),
        ("+44 20 7946 0958", "tel:+442079460958"),
    ],
)
def test_phone_in_trust_strip_and_footer_is_a_tel_link_in_international_form(client, site_settings, typed, href):
    site_settings.contact_phone = typed
    site_settings.save()

    page = soup(client.get("/"))

    for strip in page.select(".trust-badges"):
        assert strip.select_one(f'.trust-badge--chat a[href="{href}"]').get_text() == typed
    assert page.select_one(f'.site-footer__contact a[href="{href}"]').get_text() == typed


def test_a_phone_that_is_not_a_number_is_shown_without_a_link(client, site_settings):
    site_settings.contact_phone = "1-800-KNOTS-OK"
    site_settings.save()

    page = soup(client.get("/"))

    assert "1-800-KNOTS-OK" in page.select_one(".site-footer__contact").get_text()
    assert not page.select('a[href^="tel:"]')


def test_footer_shows_contact_phone_chat_and_mailing_address(client, site_settings):
    site_settings.contact_phone = "+1 604 555 0142"
    site_settings.mailing_address = "118 Granville Street\nVancouver, BC V6C 1T2"
    site_settings.save()

    footer = soup(client.get("/")).select_one(".site-footer")

    assert footer.select_one('a[href="tel:+16045550142"]').get_text() == "+1 604 555 0142"
    assert footer.select_one('a[href="/chat/?from=/"][data-chat-open]').get_text() == "Chat with us"
    assert "Vancouver, BC V6C 1T2" in footer.select_one("address").get_text()


def test_header_has_shop_name_menu_with_categories_search_and_cart(client, site_settings):
    CategoryFactory(name="Massage guns", slug="massage-guns", sort_order=2)
    CategoryFactory(name="Stone sets", slug="stone-sets", sort_order=1)

    header = soup(client.get("/")).select_one(".site-header")

    assert header.select_one(".brand__name").get_text() == "Knot & Stone Therapy Supply"
    links = [(a.get_text(strip=True), a["href"]) for a in header.select(".site-nav__link")]
    assert links == [
        ("Shop", "/shop/"),
        ("Stone sets", "/shop/stone-sets/"),
        ("Massage guns", "/shop/massage-guns/"),
        ("Articles", "/articles/"),
    ]
    assert header.select_one('form[role="search"]')["action"] == "/search/"
    assert header.select_one(".site-header__cart") is not None


def test_frame_settings_are_read_once_then_served_from_the_cache_until_edited(client, site_settings, shop_settings):
    # Given a page has read the site and shop settings once
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    read = [
        query["sql"]
        for query in queries
        if "content_sitesettings" in query["sql"] or "shop_shopsettings" in query["sql"]
    ]
    assert read == []

    # When staff edit both
    site_settings.shop_name = "Stone & Knot Supply"
    site_settings.save()
    shop_settings.free_shipping_threshold = Decimal("199.00")
    shop_settings.save()

    # Then the very next page shows the edits
    page = soup(client.get("/"))
    assert page.select_one(".brand__name").get_text() == "Stone & Knot Supply"
    assert page.select_one(".trust-badge--free-shipping").get_text(strip=True)[1:] == "Free shipping over $199"


def test_the_site_is_looked_up_once_then_served_from_the_cache_until_staff_edit_a_site(client, site_settings):
    def site_queries() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return [query["sql"] for query in queries if "wagtailcore_site" in query["sql"]]

    # Given a page has found the request's site once
    site_queries()
    assert site_queries() == []

    # When staff save a site, the next page looks it up afresh, and the one after that no longer needs to
    site = site_settings.site
    site.site_name = "Knot & Stone"
    site.save()
    assert site_queries() != []
    assert site_queries() == []


def test_menu_categories_cost_one_query_then_come_from_the_cache(django_assert_num_queries):
    from content.templatetags.content_tags import nav_categories

    CategoryFactory(name="Oils", slug="oils")
    with django_assert_num_queries(1):
        first = nav_categories()
    with django_assert_num_queries(0):
        second = nav_categories()

    assert first == second
    assert [c.name for c in first] == ["Oils"]


def test_base_links_every_area_stylesheet_and_script_and_only_the_first_paint_inline_script(client, home_page):
    response = client.get("/")
    page = soup(response)

    styles = {link["href"] for link in page.select('link[rel="stylesheet"]')}
    scripts = list(page.select("script"))
    for name in ("site", "shop", "compare"):
        assert f"/static/css/{name}.css" in styles
        assert (Path(settings.BASE_DIR) / "static" / "css" / f"{name}.css").exists()
    # checkout.css and cart.css are their own pages' (tests/content/test_page_assets.py)
    assert not {"/static/css/checkout.css", "/static/css/cart.css"} & styles
    for name in ("site", "compare", "cart"):
        assert any(script.get("src") == f"/static/js/{name}.js" for script in scripts)
        assert (Path(settings.BASE_DIR) / "static" / "js" / f"{name}.js").exists()
    # The one inline script sets the js class before first paint, allowed by its hash, never by 'unsafe-inline'.
    inline = [s for s in scripts if not s.get("src") and s.get("type") != "application/ld+json"]
    assert [s.string for s in inline] == [first_paint.SCRIPT]
    assert first_paint.CSP_HASH in response["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_site_settings_edit_in_the_wagtail_admin(client, site):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    url = f"/admin/settings/content/sitesettings/{site.pk}/"

    page = client.get(url)
    assert page.status_code == 200
    for field in (
        "shop_name",
        "contact_phone",
        "monday_opens",
        "mailing_address",
        "announcement_text",
        "show_chat_badge",
    ):
        assert f'name="{field}"' in page.content.decode()
