"""The shopper's side of price match: the policy page (worded from the settings), the product page's link and
the "Found it cheaper?" form with its checks, honeypot, rate limit and CSRF."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from shop.models import Order, PriceMatchRequest
from shop.price_match_forms import MAX_SCREENSHOT_BYTES
from shop.services.order_status import order_mark_paid
from tests.factories import ProductFactory
from tests.shop.checkout_support import cart_with, place
from tests.shop.price_match_support import set_policy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from config import ratelimit

    ratelimit.cache.clear()


@pytest.fixture
def product():
    return ProductFactory(name="Theragun Mini", slug="theragun-mini", variant__price=Decimal("100.00"))


def form_url(product) -> str:
    return reverse("shop:price_match_request", args=[product.slug])


def image_file(kind: str = "PNG", name: str = "listing.png", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, format=kind)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def answers(product, **changes) -> dict:
    values = {
        "variant": product.variants.get().pk,
        "competitor_name": "Physio Depot",
        "competitor_url": "https://www.physiodepot.ca/theragun-mini",
        "competitor_price": "89.99",
        "in_stock": "on",
        "identical": "on",
        "canadian_retailer": "on",
        "email": "ada@example.com",
        "order_number": "",
        "website": "",
    }
    values.update(changes)
    return {name: value for name, value in values.items() if value is not None}


# --- the policy page ------------------------------------------------------------------------------------------


def test_the_policy_page_follows_the_settings(client):
    page = client.get("/price-match/").content.decode()
    assert "Up to 20% off" in page and "amazon.ca" in page and "valid for 7 days" in page and "last 14 days" in page
    set_policy(
        max_discount_percent=Decimal("12.50"),
        marketplace_domains="bestbuy.ca/marketplace\nkijiji.ca",
        code_validity_days=5,
    )
    page = client.get("/price-match/").content.decode()
    assert "Up to 12.5% off" in page and "Up to 20% off" not in page
    assert "bestbuy.ca, kijiji.ca" in page and "amazon.ca" not in page and "valid for 5 days" in page


def test_the_policy_page_says_when_requests_are_paused(client, product):
    set_policy(enabled=False)
    assert "not taking new price-match requests" in client.get("/price-match/").content.decode()
    page = client.get(form_url(product)).content.decode()
    assert "not taking new price-match requests" in page and 'name="competitor_price"' not in page
    assert client.post(form_url(product), answers(product)).status_code == 200
    assert not PriceMatchRequest.objects.exists()


def test_the_trust_badge_and_the_product_page_link_to_price_match(client, product):
    page = client.get(product.get_absolute_url()).content.decode()
    assert 'href="/price-match/"' in page
    variant = product.variants.get()
    assert f'href="{form_url(product)}?variant={variant.sku}"' in page and "Found it cheaper?" in page
    set_policy(enabled=False)
    assert "Found it cheaper?" not in client.get(product.get_absolute_url()).content.decode()


# --- the form ---------------------------------------------------------------------------------------------------


def test_the_form_is_private_and_names_the_product(client, product):
    response = client.get(form_url(product))
    assert response.status_code == 200 and "private" in response["Cache-Control"]
    assert "Theragun Mini" in response.content.decode() and "$100.00" in response.content.decode()
    assert client.get(reverse("shop:price_match_request", args=["no-such-thing"])).status_code == 404


def test_a_good_request_is_filed_and_confirmed_by_email(client, product, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(product), answers(product, screenshot=image_file("WEBP", "shot.webp")))
    assert response.status_code == 302 and response["Location"] == reverse("shop:price_match_sent")
    request = PriceMatchRequest.objects.get()
    assert request.competitor_price == Decimal("89.99") and request.shelf_price == Decimal("100.00")
    assert request.screenshot.name.startswith("price-match/") and request.screenshot.name.endswith(".webp")
    assert "shot" not in request.screenshot.name  # the shopper's file name is not kept
    assert mail.outbox[0].to == ["ada@example.com"]
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        (SimpleUploadedFile("listing.png", b"<?php echo 'hi'; ?>", content_type="image/png"), "PNG, JPEG or WebP"),
        (image_file("GIF", "listing.png"), "PNG, JPEG or WebP"),  # a real image, of a type we do not take
        (
            SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * MAX_SCREENSHOT_BYTES, content_type="image/png"),
            "too large",
        ),
    ],
    ids=["not-an-image", "gif-named-png", "over-5-mb"],
)
def test_a_bad_screenshot_is_refused_with_a_clear_message(client, product, upload, error):
    response = client.post(form_url(product), answers(product, screenshot=upload))
    assert response.status_code == 200 and error in response.content.decode()
    assert not PriceMatchRequest.objects.exists()


def test_a_price_the_policy_refuses_shows_every_reason_and_files_nothing(client, product):
    response = client.post(
        form_url(product),
        answers(product, competitor_price="100.00", competitor_url="https://www.amazon.ca/dp/B0", identical=None),
    )
    page = response.content.decode()
    assert "We cannot match this price" in page
    assert "is not lower than our price of $100.00" in page and "amazon.ca is a marketplace" in page
    assert "identical item" in page
    assert not PriceMatchRequest.objects.exists()


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"in_stock": None}, "only items in stock"),
        ({"competitor_price": "abc"}, "Enter a number"),
        ({"competitor_price": "-5"}, "greater than or equal to 0.01"),
        ({"competitor_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"email": "not-an-email"}, "Enter a valid email address"),
        ({"variant": "999999"}, "Select a valid choice"),
    ],
)
def test_missing_or_odd_answers_get_a_message(client, product, changes, error):
    response = client.post(form_url(product), answers(product, **changes))
    assert response.status_code == 200 and error in response.content.decode()
    assert not PriceMatchRequest.objects.exists()


def paid_order_for(product, *, email="ada@example.com", days_ago=0):
    variant = product.variants.get()
    cart = cart_with(price="100.00")
    cart.lines.update(variant=variant)
    order = place(cart, email=email)
    order_mark_paid(order=order, payment_intent_id="pi_paid")
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    return order


def test_an_order_number_must_be_this_emails_paid_order_with_the_item(client, product):
    order = paid_order_for(product)
    other_item = place(cart_with(price="100.00"))
    order_mark_paid(order=other_item, payment_intent_id="pi_other")
    for number, email in [
        ("KS-99999", "ada@example.com"),
        (order.number, "eve@example.com"),
        (other_item.number, "ada@example.com"),
    ]:
        response = client.post(form_url(product), answers(product, order_number=number, email=email))
        assert "We could not find a paid order" in response.content.decode()
    assert not PriceMatchRequest.objects.exists()
    response = client.post(form_url(product), answers(product, order_number=order.number.lower()))
    assert response.status_code == 302
    assert PriceMatchRequest.objects.get().order == order


def test_an_order_older_than_the_window_is_refused(client, product):
    order = paid_order_for(product, days_ago=15)
    response = client.post(form_url(product), answers(product, order_number=order.number))
    assert "more than 14 days ago" in response.content.decode()
    set_policy(request_window_days=30)
    assert client.post(form_url(product), answers(product, order_number=order.number)).status_code == 302


def test_the_honeypot_files_nothing_and_tells_the_bot_nothing(client, product):
    response = client.post(form_url(product), answers(product, website="http://spam.example"))
    assert response.status_code == 302 and not PriceMatchRequest.objects.exists()


def test_requests_are_rate_limited_per_client(client, product):
    for _ in range(5):
        client.post(form_url(product), answers(product, competitor_price="abc"))
    response = client.post(form_url(product), answers(product))
    assert response.status_code == 429 and "try again in an hour" in response.content.decode()
    assert not PriceMatchRequest.objects.exists()


def test_the_form_needs_its_csrf_token(product):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(form_url(product), answers(product)).status_code == 403
    assert not PriceMatchRequest.objects.exists()
