"""Guessing discount codes: every way a code is tried counts against one allowance per client.

The cart page, /cart/quote.json, and checkout's details, review and place steps share CODE_TRIES_PER_MINUTE.
Over it, the shopper reads why on the page (or gets a 429 from the JSON API) and the code is not tried.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from shop.models import Order
from shop.session_keys import CHECKOUT_DETAILS
from shop.visitor import CODE_TRIES_PER_MINUTE
from tests.factories import DiscountCodeFactory
from tests.shop.checkout_support import cart_with
from tests.shop.test_checkout_views import DETAILS, shopping

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many discount codes tried"


def guess_until_the_limit(client, how: str = "quote") -> None:
    """Use up the allowance with distinct wrong codes, through one entry point."""
    for n in range(CODE_TRIES_PER_MINUTE):
        if how == "quote":
            assert client.get(f"/cart/quote.json?code=GUESS{n}").status_code == 200
        elif how == "cart":
            assert TOO_MANY not in client.get(f"/cart/?code=GUESS{n}").content.decode()
        else:
            assert client.post("/checkout/", {**DETAILS, "code": f"GUESS{n}"}).status_code == 302


def details_in_session(client, code: str) -> None:
    """Checkout details saved with `code`, as if entered in an earlier minute (so not yet counted in this one)."""
    session = client.session
    session[CHECKOUT_DETAILS] = {**DETAILS, "postal_code": "M5H 1A1", "code": code}
    session.save()


@pytest.fixture
def shopper(client):
    shopping(client, cart_with(price="100.00"))
    return client


def test_quote_json_answers_429_once_the_allowance_is_used(shopper):
    guess_until_the_limit(shopper, "quote")
    response = shopper.get("/cart/quote.json?code=GUESS99")
    assert response.status_code == 429 and TOO_MANY in response.json()["description"]


@pytest.mark.parametrize("how", ["quote", "cart", "details"])
def test_checkout_details_refuse_a_new_code_over_the_shared_allowance(shopper, how):
    # Given a client that guessed its allowance away on any entry point
    guess_until_the_limit(shopper, how)
    DiscountCodeFactory(code="REAL10")
    # When it types one more code on the checkout's details step
    response = shopper.post("/checkout/", {**DETAILS, "code": "REAL10"})
    # Then the form says why, next to the code, and nothing is saved for the review to try
    assert response.status_code == 200
    assert TOO_MANY in response.context["form"].errors["code"][0]
    assert shopper.session.get(CHECKOUT_DETAILS, {}).get("code") != "REAL10"


def test_checkout_details_without_a_code_are_never_limited(shopper):
    guess_until_the_limit(shopper, "quote")
    assert shopper.post("/checkout/", DETAILS).url == "/checkout/review/"


def test_the_review_does_not_try_a_new_code_over_the_allowance(shopper):
    DiscountCodeFactory(code="REAL10")
    details_in_session(shopper, "REAL10")
    guess_until_the_limit(shopper, "quote")
    response = shopper.get("/checkout/review/", follow=True)
    assert response.redirect_chain == [("/checkout/", 302)]
    assert TOO_MANY in response.content.decode()


def test_placing_does_not_try_a_new_code_over_the_allowance(shopper):
    DiscountCodeFactory(code="REAL10")
    details_in_session(shopper, "REAL10")
    guess_until_the_limit(shopper, "quote")
    response = shopper.post("/checkout/place/", {"token": "t" * 32, "expected_total": "0.00"}, follow=True)
    assert response.redirect_chain == [("/checkout/", 302)]
    assert TOO_MANY in response.content.decode() and not Order.objects.exists()


def test_the_cart_page_counts_against_the_same_allowance(shopper):
    guess_until_the_limit(shopper, "details")
    assert TOO_MANY in shopper.get("/cart/?code=ONE-MORE").content.decode()


def test_a_shopper_at_the_limit_still_checks_out_with_the_code_already_entered(shopper):
    # Given a shopper who entered a real code, then (say) a script on the same address used the rest
    DiscountCodeFactory(code="REAL10", value=Decimal("10"))
    assert shopper.post("/checkout/", {**DETAILS, "code": "real10"}).url == "/checkout/review/"
    for n in range(CODE_TRIES_PER_MINUTE - 1):
        shopper.get(f"/cart/quote.json?code=GUESS{n}")
    assert shopper.get("/cart/quote.json?code=GUESS99").status_code == 429
    # Then re-checking the same code on review and place costs nothing, however often the review is seen
    for _ in range(3):
        review = shopper.get("/checkout/review/")
        assert review.status_code == 200 and review.context["quote"].code == "REAL10"
    form = review.context["place_form"]
    placed = shopper.post(
        "/checkout/place/", {"token": form["token"].value(), "expected_total": form["expected_total"].value()}
    )
    assert placed.status_code == 302 and Order.objects.get().discount_code == "REAL10"


def test_retrying_the_same_code_counts_once(shopper):
    for _ in range(CODE_TRIES_PER_MINUTE * 2):
        assert shopper.get("/cart/quote.json?code=same").status_code == 200
    statuses = [shopper.get(f"/cart/quote.json?code=GUESS{n}").status_code for n in range(CODE_TRIES_PER_MINUTE)]
    assert statuses == [200] * (CODE_TRIES_PER_MINUTE - 1) + [429]
    assert shopper.get("/cart/quote.json?code=SAME").status_code == 200  # already tried this minute: still free
