"""The checkout pages as a shopper meets them: details, review, place, pay, complete — and the error paths."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop import payments
from shop.models import Order, OrderStatus, ProductVariant
from tests.factories import ProductVariantFactory
from tests.shop.checkout_support import DETAILS, cart_with, place
from tests.shop.test_payments import ScriptedStripe, intent, timeout

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_checkout"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_checkout"
    settings.STRIPE_API_BASE = ""


def shopping(client, cart):
    session = client.session
    session["cart_token"] = str(cart.token)
    session.save()
    return cart


def reviewed(client, cart):
    shopping(client, cart)
    assert client.post("/checkout/", DETAILS).url == "/checkout/review/"
    return client.get("/checkout/review/")


def placed(client, cart) -> Order:
    review = reviewed(client, cart)
    response = client.post(
        "/checkout/place/",
        {
            "token": review.context["place_form"]["token"].value(),
            "expected_total": review.context["place_form"]["expected_total"].value(),
        },
    )
    order = Order.objects.get()
    assert response.url == f"/checkout/pay/{order.number}/"
    return order


def test_an_empty_cart_has_nothing_to_check_out(client):
    assert "Your cart is empty" in client.get("/checkout/").content.decode()


def test_a_postal_code_from_another_province_is_explained_on_the_form(client):
    shopping(client, cart_with())
    response = client.post("/checkout/", {**DETAILS, "postal_code": "V6B 1A1"})
    assert response.status_code == 200
    assert "V6B 1A1 is not a postal code in Ontario." in response.content.decode()


def test_the_review_shows_every_line_of_the_breakdown_with_hst_as_its_own_row(client):
    page = reviewed(client, cart_with(price="100.00")).content.decode()
    assert 'data-tax="HST"' in page and "HST 13%" in page
    for row in ("subtotal", "shipping", "total"):
        assert f'data-breakdown="{row}"' in page


def test_placing_then_paying_clears_the_cart_only_once_paid(client):
    cart = cart_with(price="100.00")
    order = placed(client, cart)
    assert cart.lines.count() == 1
    pay_page = client.get(f"/checkout/pay/{order.number}/").content.decode()
    assert 'data-stripe-key="pk_test_checkout"' in pay_page and "js/checkout.js" in pay_page
    with payments.using_http_client(ScriptedStripe(intent(order))):
        answer = client.post(f"/checkout/pay/{order.number}/", {"payment_method_id": "pm_card_visa"})
    assert answer.json() == {"status": "succeeded", "redirect": f"/checkout/complete/{order.number}/"}
    assert cart.lines.count() == 0
    assert "your order is confirmed" in client.get(answer.json()["redirect"]).content.decode()


def test_paying_takes_only_the_ordered_quantities_out_of_the_cart(client):
    # Given an order for 2 rollers, after which the shopper put 1 more roller and a set of stones in the cart
    cart = cart_with(price="100.00", quantity=2)
    roller = cart.lines.get().variant
    order = placed(client, cart)
    stones = ProductVariantFactory(stock_quantity=5)
    client.post("/cart/add/", {"variant": roller.pk, "quantity": 1})
    client.post("/cart/add/", {"variant": stones.pk, "quantity": 1})
    # When the order is paid and its confirmation is seen (twice)
    with payments.using_http_client(ScriptedStripe(intent(order))):
        client.post(f"/checkout/pay/{order.number}/", {"payment_method_id": "pm_card_visa"})
    client.get(f"/checkout/complete/{order.number}/")
    client.get(f"/checkout/complete/{order.number}/")
    # Then only the 2 ordered rollers left the cart; what came after stays
    assert dict(cart.lines.values_list("variant_id", "quantity")) == {roller.pk: 1, stones.pk: 1}


def test_revisiting_an_old_confirmation_leaves_a_new_cart_alone(client):
    order = placed(client, cart_with())
    with payments.using_http_client(ScriptedStripe(intent(order))):
        client.post(f"/checkout/pay/{order.number}/", {"payment_method_id": "pm_card_visa"})
    new_cart = shopping(client, cart_with())
    client.get(f"/checkout/complete/{order.number}/")
    assert new_cart.lines.count() == 1


def test_a_signed_in_customer_s_order_belongs_to_their_account(client):
    from tests.factories import UserFactory

    user = UserFactory()
    client.force_login(user)
    order = placed(client, cart_with())
    assert order.user == user


def test_stripe_down_answers_503_with_a_retryable_message_and_the_cart_intact(client):
    cart = cart_with()
    order = placed(client, cart)
    with payments.using_http_client(ScriptedStripe(timeout())):
        answer = client.post(f"/checkout/pay/{order.number}/", {"payment_method_id": "pm_card_visa"})
    assert answer.status_code == 503 and answer.json()["status"] == "retryable"
    assert cart.lines.count() == 1 and Order.objects.get().status == OrderStatus.PENDING_PAYMENT


def test_selling_out_before_placing_returns_to_the_review_with_a_clear_message(client):
    cart = cart_with(stock=1)
    review = reviewed(client, cart)
    ProductVariant.objects.update(stock_quantity=0)
    response = client.post(
        "/checkout/place/",
        {
            "token": review.context["place_form"]["token"].value(),
            "expected_total": review.context["place_form"]["expected_total"].value(),
        },
        follow=True,
    )
    assert "sold out" in response.content.decode()
    assert not Order.objects.exists()


def test_a_changed_price_is_caught_before_the_order_is_placed(client):
    cart = cart_with(price="100.00")
    review = reviewed(client, cart)
    ProductVariant.objects.update(price=Decimal("110.00"))
    response = client.post(
        "/checkout/place/",
        {
            "token": review.context["place_form"]["token"].value(),
            "expected_total": review.context["place_form"]["expected_total"].value(),
        },
        follow=True,
    )
    assert "Prices changed" in response.content.decode() and not Order.objects.exists()


def test_a_bad_payment_method_id_is_a_400_not_a_500(client):
    order = placed(client, cart_with())
    answer = client.post(f"/checkout/pay/{order.number}/", {"payment_method_id": "<script>"})
    assert answer.status_code == 400


def test_someone_elses_order_is_not_found(client):
    order = place(cart_with())
    assert client.get(f"/checkout/pay/{order.number}/").status_code == 404
    assert client.get(f"/orders/{order.number}/").status_code == 404


@pytest.mark.parametrize("thief_has_a_cart", [True, False])
def test_another_session_posting_a_checkout_token_never_sees_that_order(client, thief_has_a_cart):
    # Given shopper A placed an order with the token from their review page
    review = reviewed(client, cart_with(price="100.00"))
    posted = {
        "token": review.context["place_form"]["token"].value(),
        "expected_total": review.context["place_form"]["expected_total"].value(),
    }
    client.post("/checkout/place/", posted)
    victim = Order.objects.get()
    # When session B, with its own details (and its own cart, or none), posts A's token
    thief = Client()
    if thief_has_a_cart:
        shopping(thief, cart_with(price="100.00"))
    session = thief.session
    session["checkout_details"] = {**DETAILS, "email": "bo@example.com", "name": "Bo Crane", "line1": "9 Bay St"}
    session.save()
    response = thief.post("/checkout/place/", posted, follow=True)
    # Then B gets its own order or a refusal, never A's number, address or order page
    page = response.content.decode()
    assert victim.number not in page and "1 King St W" not in page and "ada@example.com" not in page
    assert thief.get(f"/orders/{victim.number}/").status_code == 404
    assert thief.get(f"/checkout/pay/{victim.number}/").status_code == 404
    assert not Order.objects.exclude(pk=victim.pk).filter(email="ada@example.com").exists()


def test_the_success_page_asks_stripe_when_the_webhook_is_late(client):
    order = placed(client, cart_with())
    Order.objects.filter(pk=order.pk).update(stripe_payment_intent_id="pi_123")
    with payments.using_http_client(ScriptedStripe(intent(order))):
        page = client.get(f"/checkout/complete/{order.number}/").content.decode()
    assert "your order is confirmed" in page
    assert Order.objects.get().status == OrderStatus.PAID


def _client_at_review(lines: int) -> Client:
    client = Client()
    shopping(client, cart_with(lines=lines))
    client.post("/checkout/", DETAILS)
    for path in CHECKOUT_PAGES:  # warm the per-process caches (site, settings) before counting
        client.get(path)
    return client


CHECKOUT_PAGES = ["/checkout/", "/checkout/review/"]


@pytest.mark.parametrize("path", CHECKOUT_PAGES)
@pytest.mark.parametrize("lines", [1, 20])
def test_the_checkout_pages_stay_within_their_query_budget(path, lines, django_assert_max_num_queries):
    client = _client_at_review(lines)
    with django_assert_max_num_queries(20):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", CHECKOUT_PAGES)
def test_the_checkout_pages_cost_the_same_queries_for_1_and_20_lines(path):
    counts = []
    for lines in (1, 20):
        client = _client_at_review(lines)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts.append(len(queries))
    assert counts[0] == counts[1]
