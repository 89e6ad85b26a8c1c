"""A form that fails comes back with an error summary at its top: focusable (site.js focuses it), titled, and
listing every error with a link to its field. Checkout, order lookup, price match and the chat page share it."""

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache

from tests.factories import ProductFactory
from tests.shop.checkout_support import DETAILS, cart_with

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def summary_of(response):
    summary = BeautifulSoup(response.content, "html.parser").select_one("[data-error-summary]")
    assert summary is not None, "no error summary on the page"
    return summary


def linked_fields(summary) -> list[str]:
    return [link["href"] for link in summary.select("a[href^='#']")]


def test_a_failed_order_lookup_lists_each_missing_field_with_a_link_to_it(client):
    response = client.post("/orders/lookup/", {"number": "", "email": "not-an-email"})

    summary = summary_of(response)
    assert summary["tabindex"] == "-1" and not summary.has_attr("autofocus")
    assert summary.select_one("h2").get_text(strip=True) == "There is a problem"
    assert linked_fields(summary) == ["#id_number", "#id_email"]
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("#id_number") and page.select_one("#id_email")


def test_a_lookup_that_finds_nothing_says_so_in_the_summary_without_a_field_link(client):
    response = client.post("/orders/lookup/", {"number": "KS-999999", "email": "ada@example.com"})

    summary = summary_of(response)
    assert "We could not find an order" in summary.get_text() and linked_fields(summary) == []


def test_checkout_details_with_errors_link_each_one_radio_buttons_included(client):
    session = client.session
    session["cart_token"] = str(cart_with().token)
    session.save()

    response = client.post("/checkout/", {**DETAILS, "email": "", "shipping_method": ""})

    summary = summary_of(response)
    assert "#id_email" in linked_fields(summary)
    # A radio group has no single id: the link goes to its first button.
    page = BeautifulSoup(response.content, "html.parser")
    for href in linked_fields(summary):
        assert page.select_one(href) is not None, href
    # The summary sits at the top of the form, before the first fieldset.
    form = page.select_one("form.checkout-form")
    assert form.select_one("[data-error-summary] ~ fieldset") is not None


def test_checkout_details_without_errors_has_no_summary(client):
    session = client.session
    session["cart_token"] = str(cart_with().token)
    session.save()

    response = client.get("/checkout/")

    assert b"data-error-summary" not in response.content


def test_a_price_match_request_with_errors_gets_the_summary(client):
    product = ProductFactory(slug="theragun-mini", variant__price=Decimal("100.00"))

    response = client.post(f"/products/{product.slug}/price-match/", {"variant": product.variants.get().pk})

    summary = summary_of(response)
    assert "#id_competitor_name" in linked_fields(summary) and "#id_email" in linked_fields(summary)


def test_a_chat_message_with_errors_gets_the_summary(client):
    response = client.post("/chat/", {"email": "", "message": "", "page": "/"})

    summary = summary_of(response)
    assert linked_fields(summary) == ["#id_email", "#id_message"]


def test_a_failed_newsletter_sign_up_comes_back_with_its_message_ready_to_take_focus(client):
    # The footer form posts and comes back to the page it was on, its reason in the messages list.
    form = {"email": "ada@example.com", "topics": ["articles"], "consent": "", "source": "footer"}
    response = client.post("/newsletter/signup/", {**form, "next": "/orders/lookup/"}, follow=True)

    summary = summary_of(response)
    assert summary["tabindex"] == "-1" and "tick the box" in summary.get_text()


def test_a_message_that_is_not_an_error_does_not_take_focus(client):
    form = {"email": "ada@example.com", "topics": ["articles"], "consent": "on", "source": "footer"}
    response = client.post("/newsletter/signup/", {**form, "next": "/orders/lookup/"}, follow=True)

    assert "Check your inbox" in response.content.decode() and b"data-error-summary" not in response.content
