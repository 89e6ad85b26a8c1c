"""Discount-code limits that hold: a use is held when the order is placed, freed when it lapses, spent when paid."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal

import pytest

from shop.models import DiscountRedemption, DiscountRedemptionStatus, Order, OrderStatus, ProductVariant
from shop.selectors.cart import cart_quote
from shop.services.order_status import order_mark_paid, order_release_if_unpaid
from shop.services.orders import CheckoutProblem, order_place
from tests.factories import DiscountCodeFactory, DiscountRedemptionFactory
from tests.shop.checkout_support import ONTARIO, cart_with

pytestmark = pytest.mark.django_db


def place_with(code: str, *, email: str = "ada@example.com", cart=None) -> Order:
    return order_place(
        cart=cart or cart_with(price="100.00"),
        email=email,
        address=ONTARIO,
        shipping_method="standard",
        code=code,
    )


def expire(order: Order) -> None:
    assert order_release_if_unpaid(order_id=order.pk, now=order.reserved_until + timedelta(seconds=1))


def uses(status: str) -> int:
    return DiscountRedemption.objects.filter(status=status).count()


def test_a_one_use_code_on_an_unpaid_order_refuses_the_next_placement_before_anything_is_charged():
    # Given a one-use code already on an order awaiting payment
    DiscountCodeFactory(code="HALF", value=Decimal("50"), usage_limit=1)
    first = place_with("half", email="first@example.com")
    # When a second shopper places an order with it
    with pytest.raises(CheckoutProblem) as refused:
        place_with("HALF", email="second@example.com")
    # Then they are told plainly, and only the first order exists, holding the one use
    assert "“HALF” is held by other orders awaiting payment" in str(refused.value)
    assert Order.objects.get() == first and first.discount_total == Decimal("50.00")
    assert uses(DiscountRedemptionStatus.RESERVED) == 1


def test_the_use_is_free_again_once_the_unpaid_order_expires():
    DiscountCodeFactory(code="HALF", value=Decimal("50"), usage_limit=1)
    first = place_with("HALF", email="first@example.com")
    expire(first)
    second = place_with("half", email="second@example.com")
    assert second.discount_code == "HALF" and second.discount_total == Decimal("50.00")
    assert DiscountRedemption.objects.get(order_id=first.pk).status == DiscountRedemptionStatus.RELEASED
    assert DiscountRedemption.objects.get(order_id=second.pk).status == DiscountRedemptionStatus.RESERVED


def test_a_paid_use_stays_spent_and_the_next_shopper_hears_it_is_fully_redeemed():
    DiscountCodeFactory(code="HALF", value=Decimal("50"), usage_limit=1)
    order_mark_paid(order=place_with("HALF", email="first@example.com"))
    with pytest.raises(CheckoutProblem, match="has been fully redeemed"):
        place_with("HALF", email="second@example.com")
    assert uses(DiscountRedemptionStatus.REDEEMED) == 1


@pytest.mark.parametrize("again", ["ADA@example.com", "ada@EXAMPLE.com", " Ada@Example.Com "])
def test_a_one_per_customer_code_is_refused_to_the_same_email_in_any_case(again):
    # Given the customer's first order with the code, still unpaid
    DiscountCodeFactory(code="WELCOME", value=Decimal("10"), per_customer_limit=1)
    first = place_with("WELCOME", email="ada@example.com")
    # Then a second order by the same email is refused, and says why
    with pytest.raises(CheckoutProblem, match="already on one of your orders awaiting payment"):
        place_with("welcome", email=again)
    # And once the first is paid it is simply used
    order_mark_paid(order=first)
    with pytest.raises(CheckoutProblem, match="You have already used"):
        place_with("welcome", email=again)
    # While another customer may still use it
    assert place_with("WELCOME", email="grace@example.com").discount_code == "WELCOME"


def test_the_cart_quote_counts_held_uses_so_shoppers_learn_before_checkout():
    DiscountCodeFactory(code="HALF", value=Decimal("50"), usage_limit=1)
    place_with("HALF", email="first@example.com")
    quote = cart_quote(cart=cart_with(), province="ON", code="half")
    assert quote.code is None and "held by other orders awaiting payment" in quote.code_error


def test_released_uses_count_for_nothing():
    code = DiscountCodeFactory(code="ONCE", usage_limit=1, per_customer_limit=1)
    DiscountRedemptionFactory(code=code, email="ada@example.com", status=DiscountRedemptionStatus.RELEASED)
    quote = cart_quote(cart=cart_with(), province="ON", code="ONCE", email="ada@example.com")
    assert quote.code == "ONCE" and quote.code_error is None


def test_paying_after_expiry_takes_the_use_again_when_the_code_still_has_one():
    DiscountCodeFactory(code="HALF", value=Decimal("50"), usage_limit=1)
    order = place_with("HALF")
    expire(order)
    assert order_mark_paid(order=order, payment_intent_id="pi_late") is True
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.discount_total == Decimal("50.00")
    assert DiscountRedemption.objects.values_list("order_id", "status").get() == (order.pk, "redeemed")
    assert "beyond" not in " ".join(order.status_changes.values_list("note", flat=True))


def test_paying_after_expiry_when_the_code_ran_out_keeps_the_charged_discount_and_tells_staff(caplog):
    # Given a one-use code whose first order expired, and a second shopper who then took and paid the use
    DiscountCodeFactory(code="HALF", value=Decimal("50"), usage_limit=1)
    late = place_with("HALF", email="late@example.com")
    expire(late)
    order_mark_paid(order=place_with("HALF", email="quick@example.com"))
    # When the first shopper's money arrives after all (the card was charged the discounted total)
    with caplog.at_level(logging.WARNING, logger="shop.services.order_status"):
        assert order_mark_paid(order=late, payment_intent_id="pi_late") is True
    # Then the order is paid at the price agreed when it was placed, the use is counted, and staff see why
    late.refresh_from_db()
    assert late.status == OrderStatus.PAID and late.discount_total == Decimal("50.00")
    assert uses(DiscountRedemptionStatus.REDEEMED) == 2
    assert "honoured beyond the code's limit" in late.status_changes.last().note
    assert "honoured beyond its limit" in caplog.text


def test_paying_after_expiry_when_the_stock_sold_leaves_the_use_released():
    DiscountCodeFactory(code="HALF", value=Decimal("50"), usage_limit=1)
    order = place_with("HALF", cart=cart_with(stock=1))
    expire(order)
    ProductVariant.objects.update(stock_quantity=0)
    assert order_mark_paid(order=order, payment_intent_id="pi_late") is False
    assert DiscountRedemption.objects.get().status == DiscountRedemptionStatus.RELEASED


def test_an_order_placed_before_uses_were_reserved_is_counted_when_paid():
    # Orders placed before this change hold no reservation; paying one records its use all the same.
    DiscountCodeFactory(code="HALF", value=Decimal("50"), usage_limit=1)
    order = place_with("HALF")
    DiscountRedemption.objects.all().delete()
    order_mark_paid(order=order)
    assert DiscountRedemption.objects.values_list("order_id", "status").get() == (order.pk, "redeemed")


def test_an_order_without_a_code_records_no_use():
    order_mark_paid(order=place_with(""))
    assert not DiscountRedemption.objects.exists()


def test_a_shopper_whose_code_was_taken_while_reviewing_is_told_on_the_review_page(client):
    from tests.shop.test_checkout_views import DETAILS, shopping

    # Given a shopper looking at the review with the last use of a code
    DiscountCodeFactory(code="HALF", value=Decimal("50"), usage_limit=1)
    shopping(client, cart_with(price="100.00"))
    client.post("/checkout/", {**DETAILS, "code": "half"})
    form = client.get("/checkout/review/").context["place_form"]
    # When someone else places an order with it first
    place_with("HALF", email="quick@example.com")
    response = client.post(
        "/checkout/place/",
        {"token": form["token"].value(), "expected_total": form["expected_total"].value()},
        follow=True,
    )
    # Then they are back on the review, told why, with nothing placed or charged for them
    assert response.redirect_chain == [("/checkout/review/", 302)]
    assert "held by other orders awaiting payment" in response.content.decode()
    assert Order.objects.filter(email="ada@example.com").count() == 0
