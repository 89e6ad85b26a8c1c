"""Odd but possible input on the cart's forms and JSON API: a 4xx with a message, never a 500.

Each case here was a 500 once: Unicode digits ("²" passes str.isdigit(), then int() refuses it), ids and
quantities beyond 64 bits, JSON Infinity and 1e400, and bodies nested deeper than the parser can follow.
"""

import json

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache

from shop.models import CartLine
from tests.factories import ProductVariantFactory

pytestmark = pytest.mark.django_db

HUGE = 2**70
DEEP = b'{"id": ' + b"[" * 20_000 + b"]" * 20_000 + b"}"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def variant():
    return ProductVariantFactory(stock_quantity=5)


def post_json(client, url, body):
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json")


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("quantity", ["²", "¹²", "٣", str(HUGE), "1e400", "inf"])
def test_the_add_form_refuses_odd_quantities_with_a_message(client, variant, quantity):
    response = client.post("/cart/add/", {"variant": variant.pk, "quantity": quantity})
    assert response.status_code == 302
    assert any("quantity" in message for message in messages_of(response))
    assert not CartLine.objects.exists()


@pytest.mark.parametrize("variant_id", ["²", str(HUGE), str(-HUGE), "1e400"])
def test_the_add_form_refuses_odd_ids_with_a_message(client, variant_id):
    response = client.post("/cart/add/", {"variant": variant_id, "quantity": "1"})
    assert response.status_code == 302
    assert "That product option does not exist." in messages_of(response)


@pytest.mark.parametrize(("field", "value"), [("quantity", "²"), ("quantity", str(HUGE)), ("variant", str(HUGE))])
def test_the_update_form_refuses_odd_values_with_a_message(client, variant, field, value):
    client.post("/cart/add/", {"variant": variant.pk, "quantity": "1"})
    response = client.post("/cart/update/", {"variant": variant.pk, "quantity": "2", field: value})
    assert response.status_code == 302
    assert messages_of(response)[-1] != "Your cart was updated."
    assert CartLine.objects.get().quantity == 1


@pytest.mark.parametrize("variant_id", [str(HUGE), "²", "-1"])
def test_the_remove_form_refuses_odd_ids_with_a_message(client, variant, variant_id):
    client.post("/cart/add/", {"variant": variant.pk, "quantity": "1"})
    response = client.post("/cart/remove/", {"variant": variant_id})
    assert response.status_code == 302
    assert "That product option does not exist." in messages_of(response)
    assert CartLine.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "status", "fragment"),
    [
        ({"id": "VARIANT", "quantity": "²"}, 422, "whole number"),
        ({"id": "VARIANT", "quantity": "¹²"}, 422, "whole number"),
        ({"id": "VARIANT", "quantity": HUGE}, 422, "at most"),
        ({"id": HUGE, "quantity": 1}, 422, "does not exist"),
        ({"id": -HUGE, "quantity": 1}, 422, "does not exist"),
        ({"id": "²", "quantity": 1}, 422, "does not exist"),
        ({"id": 1.5e300, "quantity": 1}, 422, "does not exist"),
        (b'{"id": Infinity, "quantity": 1}', 400, "not valid JSON"),
        (b'{"id": 1e400, "quantity": 1}', 400, "not valid JSON"),
        (b'{"id": 1, "quantity": NaN}', 400, "not valid JSON"),
        (DEEP, 400, "nested too deeply"),
        (b"[" * 40_000 + b"]" * 40_000, 400, "too large"),
    ],
)
@pytest.mark.parametrize("url", ["/cart/add.js", "/cart/change.js"])
def test_the_json_api_answers_odd_input_with_a_4xx_json_message(client, variant, url, body, status, fragment):
    post_json(client, "/cart/add.js", {"id": variant.pk, "quantity": 1})
    if isinstance(body, dict):
        body = {key: (variant.pk if value == "VARIANT" else value) for key, value in body.items()}
    response = post_json(client, url, body)
    assert response.status_code == status
    assert response.json()["status"] == status
    assert fragment in response.json()["description"]
    assert CartLine.objects.get().quantity == 1


@pytest.mark.parametrize("url", ["/cart/add.js", "/cart/change.js"])
def test_the_json_api_reads_form_posts_with_the_same_parser(client, variant, url):
    post_json(client, "/cart/add.js", {"id": variant.pk, "quantity": 1})
    response = client.post(url, {"id": variant.pk, "quantity": "²"})
    assert response.status_code == 422
    assert "whole number" in response.json()["description"]


@pytest.mark.parametrize("code", ["\x00", "SAVE\x0010", "x" * 3000])
def test_a_code_that_cannot_exist_is_a_message_on_the_cart_page(client, variant, code):
    # PostgreSQL refuses a NUL byte in a query outright: this was a 500 there (found by tests/test_fuzz.py)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": "1"})
    response = client.get("/cart/", {"code": code})
    assert response.status_code == 200
    assert "That is not a valid discount code." in response.content.decode()


@pytest.mark.parametrize("code", ["\x00", "x" * 3000])
def test_a_code_that_cannot_exist_is_a_400_from_the_quote(client, code):
    response = client.get("/cart/quote.json", {"code": code, "province": "ON"})
    assert response.status_code == 400
    assert "not a valid discount code" in response.json()["description"]
