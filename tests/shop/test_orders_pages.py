"""Order pages: guests look up by number and email; customers see their history, guest orders included."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache

from shop.services.order_status import order_mark_paid
from tests.factories import UserFactory
from tests.shop.checkout_support import cart_with, place

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


@pytest.fixture
def order():
    placed = place(cart_with(), email="Ada@Example.com")
    order_mark_paid(order=placed)
    return placed


def test_a_guest_finds_an_order_by_number_and_email(client, order):
    response = client.post("/orders/lookup/", {"number": order.number.lower(), "email": "ada@example.com"})
    assert response.url == f"/orders/{order.number}/"
    page = client.get(response.url).content.decode()
    assert order.number in page and "Paid" in page and "HST 13%" in page


@pytest.mark.parametrize(("number", "email"), [("KS-99999", "ada@example.com"), (None, "eve@example.com")])
def test_a_wrong_number_or_email_finds_nothing_and_says_so(client, order, number, email):
    response = client.post("/orders/lookup/", {"number": number or order.number, "email": email})
    assert response.status_code == 200
    assert "could not find an order" in response.content.decode()


def test_order_lookups_are_rate_limited(client, order):
    for _ in range(10):
        client.post("/orders/lookup/", {"number": "KS-1", "email": "eve@example.com"})
    response = client.post("/orders/lookup/", {"number": order.number, "email": "ada@example.com"})
    assert response.status_code == 429 and "Too many attempts" in response.content.decode()


def test_a_customer_sees_guest_orders_once_the_email_is_verified(client, order):
    user = UserFactory(email="ada@example.com")
    address = EmailAddress.objects.create(user=user, email="ada@example.com", verified=False, primary=True)
    client.force_login(user)
    assert order.number not in client.get("/account/orders/").content.decode()
    address.verified = True
    address.save()
    history = client.get("/account/orders/").content.decode()
    assert order.number in history
    assert client.get(f"/orders/{order.number}/").status_code == 200


def test_order_history_needs_sign_in(client):
    assert client.get("/account/orders/").url.startswith("/accounts/login/")


def test_account_pages_wear_the_store_layout(client):
    page = client.get("/accounts/login/").content.decode()
    assert "css/checkout.css" in page and 'class="page-account"' in page


def test_a_guest_who_signs_up_after_paying_finds_the_order_in_their_history(
    client, order, django_capture_on_commit_callbacks
):
    # Given a guest's paid order, and the confirmation page offering an account for that email
    session = client.session
    session["checkout_orders"] = [order.number]
    session.save()
    offer = client.get(f"/checkout/complete/{order.number}/").content.decode()
    assert "/accounts/signup/?email=Ada%40Example.com" in offer

    # When they sign up with that email and follow the verification link
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the worker sends the link once the sign-up commits
        client.post(
            "/accounts/signup/",
            {"email": "ada@example.com", "password1": "stone-and-knot-42", "password2": "stone-and-knot-42"},
        )
    link = re.search(r"http://testserver(/accounts/confirm-email/[^/\s]+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    client.post("/accounts/login/", {"login": "ada@example.com", "password": "stone-and-knot-42"})

    # Then the guest order is in their order history
    assert order.number in client.get("/account/orders/").content.decode()
