"""Policies the shopper can read before paying: the pages, where they are linked, and the live rate table."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError

from content.policies import PolicyKind, PolicyPage, policy_links
from demo.base import DemoContext
from demo.data.policies import POLICIES
from demo.policies import load_policy_pages
from shop.models import ShippingRate, ShippingZone
from shop.money import Money
from shop.provinces import Province
from shop.selectors.cart import cart_quote
from shop.shipping import SHIPPING_METHODS
from tests.factories import StaffFactory
from tests.shop.checkout_support import DETAILS, cart_with

pytestmark = pytest.mark.django_db


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def load(home_page) -> str:
    out = StringIO()
    load_policy_pages(DemoContext(stdout=out))
    return out.getvalue()


@pytest.fixture
def policies(home_page, site_settings) -> dict[str, PolicyPage]:
    site_settings.mailing_address = "214 Woolwich Street, Unit 3\nGuelph ON  N1H 3V7"
    site_settings.contact_phone = "1-800-555-0148"
    site_settings.contact_email = "hello@knotandstone.example"
    site_settings.save()
    load(home_page)  # the English pages and their French translations
    return {page.kind: page for page in PolicyPage.objects.filter(locale__language_code="en")}


def shopping(client, cart):
    session = client.session
    session["cart_token"] = str(cart.token)
    session.save()
    return cart


# --- the pages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", POLICIES, ids=[policy.kind for policy in POLICIES])
def test_each_policy_page_renders_with_its_title_and_summary(client, policies, policy):
    page = soup(client.get(f"/{policy.slug}/"))
    assert page.select_one("h1").get_text() == policy.title
    assert policy.intro in page.select_one(".policy__header").get_text()
    assert page.select_one(".policy__updated")


def test_the_demo_returns_policy_gives_thirty_days_and_refunds_to_the_card(client, policies):
    text = soup(client.get("/returns/")).select_one(".policy__body").get_text()
    assert "30 days of delivery" in text and "Stripe" in text


def test_the_privacy_policy_names_pipeda_casl_and_the_only_two_cookies(client, policies):
    text = soup(client.get("/privacy/")).get_text()
    assert "PIPEDA" in text and "CASL" in text
    assert "two cookies" in text and "no advertising or tracking cookies" in text


def test_the_contact_page_shows_the_address_and_the_office_hours_from_site_settings(client, policies, site_settings):
    site_settings.saturday_opens, site_settings.saturday_closes = "10:00", "14:00"
    site_settings.save()
    page = soup(client.get("/contact/"))
    assert "214 Woolwich Street" in page.select_one(".contact-details address").get_text()
    assert page.select_one('.contact-details a[href="tel:+18005550148"]')
    hours = {row.th.get_text(): row.td.get_text() for row in page.select(".office-hours tr")}
    assert hours["Monday"] == "9:00 AM – 5:00 PM"
    assert hours["Saturday"] == "10:00 AM – 2:00 PM"
    assert hours["Sunday"] == "Closed"
    assert page.select_one(".contact-details a[data-chat-open]").get_text() == "Chat with us"


def test_only_one_page_may_be_each_kind(policies, home_page):
    second = PolicyPage(title="More returns", slug="more-returns", kind=PolicyKind.RETURNS, body=[])
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "kind" in error.value.message_dict


def test_editors_can_open_a_policy_page_in_the_admin(client, policies):
    client.force_login(StaffFactory())
    response = client.get(f"/admin/pages/{policies['shipping'].pk}/edit/")
    assert soup(response).select_one('select[name="kind"]')
    assert "Shipping rate table (live)" in response.content.decode()  # the body's block menu


# --- the demo loader ----------------------------------------------------------------------------------


def test_the_demo_loads_five_published_pages_once_and_keeps_an_editors_change(home_page):
    first = load(home_page)
    assert "Policy pages: 5 created" in first and "French policy pages: 5 created" in first
    for language in ("en", "fr"):
        in_language = PolicyPage.objects.live().filter(locale__language_code=language)
        assert sorted(in_language.values_list("kind", flat=True)) == sorted(PolicyKind.values)
    returns = PolicyPage.objects.get(kind="returns", locale__language_code="en")
    returns.title = "Returns (edited)"
    returns.save_revision().publish()
    revisions = sum(page.revisions.count() for page in PolicyPage.objects.all())

    second = load(home_page)

    assert "created" not in second
    assert PolicyPage.objects.count() == 10
    assert sum(page.revisions.count() for page in PolicyPage.objects.all()) == revisions
    assert PolicyPage.objects.get(kind="returns", locale__language_code="en").title == "Returns (edited)"


# --- where they are linked -------------------------------------------------------------------------------


def test_the_footer_links_every_policy_and_the_price_match_policy(client, policies):
    footer = soup(client.get("/")).select_one(".site-footer__policies")
    hrefs = {link["href"] for link in footer.select("a")}
    assert hrefs == {"/shipping/", "/returns/", "/privacy/", "/terms/", "/contact/", "/price-match/"}


def test_an_unpublished_policy_leaves_the_footer_at_once(client, policies):
    assert "/privacy/" in policy_links()["privacy"].url
    policies["privacy"].unpublish()
    footer = soup(client.get("/")).select_one(".site-footer__policies")
    assert not footer.select('a[href="/privacy/"]')
    assert "privacy" not in policy_links()


def test_a_retitled_policy_shows_its_new_title_in_the_footer(client, policies):
    client.get("/")  # the links are cached now
    terms = policies["terms"]
    terms.title = "Conditions of sale"
    terms.save_revision().publish()
    footer = soup(client.get("/")).select_one(".site-footer__policies")
    assert footer.select_one('a[href="/terms/"]').get_text() == "Conditions of sale"


def test_review_step_says_placing_the_order_accepts_the_terms_and_links_the_policies(client, policies):
    shopping(client, cart_with(price="40.00"))
    assert client.post("/checkout/", DETAILS).status_code == 302
    note = soup(client.get("/checkout/review/")).select_one(".checkout-place [data-policies-note]")
    assert "By placing your order you agree to our terms of sale." in " ".join(note.get_text().split())
    assert {link["href"] for link in note.select("a")} == {"/terms/", "/returns/", "/shipping/", "/privacy/"}


def test_the_first_checkout_step_links_the_shipping_page(client, policies):
    shopping(client, cart_with(price="40.00"))
    page = soup(client.get("/checkout/"))
    assert page.select_one('[data-shipping-options] a[href="/shipping/"]')


def test_checkout_without_policy_pages_shows_no_dead_links(client, home_page):
    shopping(client, cart_with(price="40.00"))
    client.post("/checkout/", DETAILS)
    note = soup(client.get("/checkout/review/")).select_one("[data-policies-note]")
    assert note.select("a") == []


# --- the live rate table ---------------------------------------------------------------------------------


def rate_cells(client) -> dict[tuple[str, str], str]:
    page = soup(client.get("/shipping/"))
    return {
        (row["data-province"], cell["data-method"]): " ".join(cell.get_text(" ").split())
        for row in page.select(".shipping-rates__table tbody tr")
        for cell in row.select("td")
    }


@pytest.fixture
def table(client, policies):
    return rate_cells(client)


@pytest.mark.parametrize("method", SHIPPING_METHODS)
@pytest.mark.parametrize("province", Province.values)
def test_the_shipping_table_shows_what_checkout_charges(table, province, method):
    # A cart below the threshold is charged the full rate, by the quote checkout places orders with.
    quote = cart_quote(cart=cart_with(price="40.00"), province=province, shipping_method=method)
    rate = ShippingRate.objects.get(zone__provinces__contains=province, method=method)
    assert table[(province, method)] == (
        f"{quote.shipping} {rate.delivery_days_min}–{rate.delivery_days_max} business days"
    )


def test_every_province_and_method_is_in_the_table(table):
    assert len(table) == len(Province.values) * len(SHIPPING_METHODS)


def test_the_table_follows_an_edited_rate_and_estimate(client, policies):
    ShippingRate.objects.filter(zone__name="Territories", method="expedited").update(
        price=Decimal("61.50"), delivery_days_min=5, delivery_days_max=5
    )
    assert rate_cells(client)[("YT", "expedited")] == "$61.50 5 business days"


def test_a_province_without_a_rate_says_so_instead_of_a_price(client, policies):
    ShippingRate.objects.filter(zone__name="Territories", method="expedited").delete()
    assert rate_cells(client)[("NU", "expedited")] == "Not available"


def test_the_shipping_page_states_the_free_shipping_threshold_from_shop_settings(client, policies, shop_settings):
    text = soup(client.get("/shipping/")).select_one(".shipping-rates__free").get_text()
    assert "$250.00" in text
    shop_settings.free_shipping_threshold = Decimal("199.00")
    shop_settings.save()
    assert "$199.00" in soup(client.get("/shipping/")).select_one(".shipping-rates__free").get_text()


def test_the_table_and_the_threshold_agree_with_the_free_shipping_rule(policies):
    quote = cart_quote(cart=cart_with(price="250.00"), province="ON", shipping_method="standard")
    assert quote.free_shipping and quote.shipping == Money("0.00")


@pytest.mark.parametrize("extra_zones", [0, 12])
def test_the_shipping_page_reads_the_table_in_a_fixed_number_of_queries(
    client, policies, django_assert_max_num_queries, extra_zones
):
    # The page (5: the page, its ancestors, view restrictions), the rates with their zones (1), the threshold (1),
    # the locale Wagtail serves the tree of (1) and the page's translations for the language links (1).
    for number in range(extra_zones):
        zone = ShippingZone.objects.create(name=f"Extra zone {number}", provinces=["ON"])
        ShippingRate.objects.create(zone=zone, method="standard", price=Decimal("90.00"))
    client.get("/shipping/")  # warm the site, settings and link caches
    with django_assert_max_num_queries(9):
        assert client.get("/shipping/").status_code == 200


def test_copying_a_policy_page_is_refused_with_a_message_not_an_error(client, policies, home_page):
    client.force_login(StaffFactory())
    returns = policies["returns"]
    response = client.post(
        f"/admin/pages/{returns.pk}/copy/",
        {"new_title": "Returns copy", "new_slug": "returns-copy", "new_parent_page": home_page.pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == f"/admin/pages/{returns.pk}/edit/"
    assert "Policy pages can't be copied" in soup(response).get_text()
    assert PolicyPage.objects.filter(kind="returns", locale=returns.locale).count() == 1
