"""The Shopify-style JSON cart API: field names, integer cents, 4xx JSON errors, CSRF, query budgets."""

import json
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from shop.money import Money
from tests.factories import ProductFactory, ProductVariantFactory, PromotionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def post(client, url, payload=None, **headers):
    return client.post(url, data=json.dumps(payload or {}), content_type="application/json", **headers)


# The site frame's own middleware (the storefront lock: site + lock row) runs before every view.
FRAME_QUERIES = 2


def test_empty_cart_js_without_creating_a_cart(client, django_assert_max_num_queries):
    client.get("/cart.js")  # the first request of a fresh database creates the site's settings rows
    # the free-shipping threshold is the only read of ours: no session, so no cart
    with django_assert_max_num_queries(FRAME_QUERIES + 1):
        data = client.get("/cart.js").json()
    assert data["item_count"] == 0
    assert data["items"] == []
    assert data["total_price"] == 0
    assert data["token"] is None


def test_add_js_returns_the_line_in_cents(client):
    variant = ProductVariantFactory(price=Decimal("49.99"), stock_quantity=5, product__slug="basalt-set", sku="BAS-1")
    response = post(client, "/cart/add.js", {"id": variant.pk, "quantity": 2})
    assert response.status_code == 200
    item = response.json()
    assert item["id"] == variant.pk
    assert item["quantity"] == 2
    assert item["price"] == 4999
    assert item["line_price"] == 9998
    assert item["handle"] == "basalt-set"
    assert item["sku"] == "BAS-1"


def test_cart_js_fields_follow_shopify(client):
    # Given two lines, one on a 15% category sale
    on_sale = ProductVariantFactory(price=Decimal("80.00"), stock_quantity=5)
    PromotionFactory(categories=[on_sale.product.category])
    plain = ProductVariantFactory(price=Decimal("12.50"), stock_quantity=5)
    post(client, "/cart/add.js", {"id": on_sale.pk, "quantity": 1})
    post(client, "/cart/add.js", {"id": plain.pk, "quantity": 3})
    # When the cart is read
    data = client.get("/cart.js").json()
    # Then it reads like Shopify's cart, in integer cents
    assert data["item_count"] == 4
    assert [(item["id"], item["quantity"], item["price"], item["line_price"]) for item in data["items"]] == [
        (on_sale.pk, 1, 6800, 6800),
        (plain.pk, 3, 1250, 3750),
    ]
    assert data["items"][0]["original_price"] == 8000
    assert data["total_price"] == 10550
    assert data["total_discount"] == 1200
    assert all(isinstance(item["price"], int) for item in data["items"])
    assert {"title", "line_price", "total_price"} <= set(data["items"][0]) | set(data)


def test_change_js_sets_quantity_and_zero_removes(client):
    variant = ProductVariantFactory(stock_quantity=5)
    post(client, "/cart/add.js", {"id": variant.pk, "quantity": 1})
    assert post(client, "/cart/change.js", {"id": variant.pk, "quantity": 4}).json()["item_count"] == 4
    assert post(client, "/cart/change.js", {"id": variant.pk, "quantity": 0}).json()["items"] == []


def test_clear_js_empties_the_cart(client):
    variant = ProductVariantFactory(stock_quantity=5)
    post(client, "/cart/add.js", {"id": variant.pk, "quantity": 1})
    assert post(client, "/cart/clear.js").json()["item_count"] == 0


def test_add_js_accepts_a_form_post_too(client):
    variant = ProductVariantFactory(stock_quantity=5)
    assert client.post("/cart/add.js", {"id": variant.pk, "quantity": "2"}).json()["quantity"] == 2


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({"id": 999999, "quantity": 1}, 422, "does not exist"),
        ({"id": "abc", "quantity": 1}, 422, "does not exist"),
        ({"quantity": 1}, 400, "variant"),
        ({"id": "VARIANT", "quantity": 0}, 422, "at least 1"),
        ({"id": "VARIANT", "quantity": -3}, 422, "at least 1"),
        ({"id": "VARIANT", "quantity": 1.5}, 422, "whole number"),
        ({"id": "VARIANT", "quantity": 4}, 422, "Only 3"),
    ],
)
def test_add_js_bad_input_is_a_4xx_json_error(client, payload, status, fragment):
    variant = ProductVariantFactory(stock_quantity=3)
    payload = {key: (variant.pk if value == "VARIANT" else value) for key, value in payload.items()}
    response = post(client, "/cart/add.js", payload)
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status
    assert body["message"]
    assert fragment in body["description"]


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b"\xff\xfe"])
def test_malformed_json_is_a_400_json_error(client, body):
    response = client.post("/cart/add.js", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_change_js_above_stock_is_refused(client):
    variant = ProductVariantFactory(stock_quantity=2)
    post(client, "/cart/add.js", {"id": variant.pk, "quantity": 1})
    response = post(client, "/cart/change.js", {"id": variant.pk, "quantity": 3})
    assert response.status_code == 422
    assert "Only 2" in response.json()["description"]


def test_change_js_without_a_cart_is_refused(client):
    response = post(client, "/cart/change.js", {"id": ProductVariantFactory().pk, "quantity": 1})
    assert response.status_code == 422


@pytest.mark.parametrize("url", ["/cart/add.js", "/cart/change.js", "/cart/clear.js"])
def test_posts_require_the_csrf_token(url):
    # Given a browser-like client that enforces CSRF and has a cart
    browser = Client(enforce_csrf_checks=True)
    variant = ProductVariantFactory(stock_quantity=5)
    # When it posts without the token
    response = post(browser, url, {"id": variant.pk, "quantity": 1})
    # Then it is refused in JSON
    assert response.status_code == 403
    assert response.json()["status"] == 403


def test_posts_with_the_csrf_token_in_the_header_succeed():
    from django.middleware.csrf import _get_new_csrf_string

    # Given the CSRF cookie a page of the shop sets, sent back in the X-CSRFToken header as Django expects
    browser = Client(enforce_csrf_checks=True)
    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    variant = ProductVariantFactory(stock_quantity=5)
    response = post(browser, "/cart/add.js", {"id": variant.pk, "quantity": 1}, HTTP_X_CSRFTOKEN=secret)
    assert response.status_code == 200


def test_get_is_not_allowed_on_post_endpoints(client):
    assert client.get("/cart/add.js").status_code == 405


def test_public_posts_are_rate_limited(client):
    variant = ProductVariantFactory(stock_quantity=1000)
    statuses = [post(client, "/cart/add.js", {"id": variant.pk, "quantity": 1}).status_code for _ in range(61)]
    assert statuses[:60] == [200] * 60
    assert statuses[60] == 429
    assert post(client, "/cart/change.js", {"id": variant.pk, "quantity": 1}).json()["status"] == 429


def test_product_js(client):
    product = ProductFactory(slug="tidewell-pulse", name="Tidewell Pulse", variant=False)
    graphite = ProductVariantFactory(product=product, colour="Graphite", price=Decimal("199.00"), stock_quantity=2)
    sage = ProductVariantFactory(product=product, colour="Sage", price=Decimal("209.00"), stock_quantity=0)
    data = client.get("/products/tidewell-pulse.js").json()
    assert (data["id"], data["handle"], data["title"]) == (product.pk, "tidewell-pulse", "Tidewell Pulse")
    assert data["variants"] == [
        {
            "id": graphite.pk,
            "title": "Graphite",
            "sku": graphite.sku,
            "price": 19900,
            "compare_at_price": None,
            "available": True,
        },
        {"id": sage.pk, "title": "Sage", "sku": sage.sku, "price": 20900, "compare_at_price": None, "available": False},
    ]


def test_product_js_shows_sale_prices(client):
    variant = ProductVariantFactory(price=Decimal("100.00"))
    PromotionFactory(products=[variant.product], value=Decimal("15"))
    data = client.get(f"/products/{variant.product.slug}.js").json()
    assert (data["variants"][0]["price"], data["variants"][0]["compare_at_price"]) == (8500, 10000)


@pytest.mark.parametrize("slug", ["nope", "inactive"])
def test_product_js_unknown_or_inactive_is_a_404_json(client, slug):
    ProductFactory(slug="inactive", is_active=False)
    response = client.get(f"/products/{slug}.js")
    assert response.status_code == 404
    assert response.json()["status"] == 404


def test_quote_json_for_ontario(client):
    variant = ProductVariantFactory(price=Decimal("100.00"), stock_quantity=5)
    post(client, "/cart/add.js", {"id": variant.pk, "quantity": 1})
    data = client.get("/cart/quote.json?province=ON").json()
    # Each method's charge and estimate for the first checkout step (tests/shop/test_checkout_shipping_options.py).
    assert [option["price_text"] for option in data.pop("shipping_options")] == ["$11.00", "$22.00"]
    assert data == {
        "currency": "CAD",
        "province": "ON",
        "item_count": 1,
        "subtotal": "100.00",
        "discounts": "0.00",
        "code": None,
        "code_error": None,
        "shipping": "11.00",
        "shipping_method": "standard",
        "free_shipping": False,
        "amount_to_free_shipping": "150.00",
        "taxes": [{"name": "HST", "rate": "0.13", "amount": "14.43"}],
        "tax_total": "14.43",
        "total": "125.43",
    }


def test_quote_json_with_a_code_in_quebec(client):
    from tests.factories import DiscountCodeFactory

    DiscountCodeFactory(code="WELCOME10", kind="percent", value=Decimal("10"))
    variant = ProductVariantFactory(price=Decimal("300.00"), stock_quantity=5)
    post(client, "/cart/add.js", {"id": variant.pk, "quantity": 1})
    data = client.get("/cart/quote.json?province=qc&code=welcome10").json()
    assert (data["code"], data["discounts"], data["free_shipping"], data["shipping"]) == (
        "WELCOME10",
        "30.00",
        True,
        "0.00",
    )
    assert data["taxes"] == [
        {"name": "GST", "rate": "0.05", "amount": "13.50"},
        {"name": "QST", "rate": "0.09975", "amount": "26.93"},
    ]
    assert Money(data["total"]) == Money("270.00") + Money("13.50") + Money("26.93")


@pytest.mark.parametrize("query", ["province=XX", "province=Ontario", "province=ON&method=teleport"])
def test_quote_json_bad_input_is_a_400_json_error(client, query):
    response = client.get(f"/cart/quote.json?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["description"]


def _fill(client, count):
    for _ in range(count):
        variant = ProductVariantFactory(stock_quantity=5)
        post(client, "/cart/add.js", {"id": variant.pk, "quantity": 1})


@pytest.mark.parametrize("lines", [1, 20])
def test_cart_js_queries_do_not_grow_with_the_cart(client, django_assert_max_num_queries, lines):
    PromotionFactory(categories=[ProductVariantFactory().product.category])
    _fill(client, lines)
    client.get("/cart.js")
    # session, cart, lines, threshold, three for sales
    with django_assert_max_num_queries(FRAME_QUERIES + 7):
        assert client.get("/cart.js").json()["item_count"] == lines


@pytest.mark.parametrize("lines", [1, 20])
def test_quote_json_queries_do_not_grow_with_the_cart(client, django_assert_max_num_queries, lines):
    _fill(client, lines)
    client.get("/cart.js")
    # session, cart, lines, threshold, three for sales, code, shipping, tax
    with django_assert_max_num_queries(FRAME_QUERIES + 10):
        assert client.get("/cart/quote.json?province=BC&code=NONE").json()["item_count"] == lines


def test_guessing_codes_is_rate_limited(client):
    statuses = [client.get(f"/cart/quote.json?province=ON&code=GUESS{n}").status_code for n in range(21)]
    assert statuses[:20] == [200] * 20
    assert statuses[20] == 429
    # an estimate without a code still works
    assert client.get("/cart/quote.json?province=ON").status_code == 200


def test_update_js_sets_quantities_by_variant_id_like_shopify(client):
    # Given a cart with two lines
    kept, dropped = ProductVariantFactory(stock_quantity=5), ProductVariantFactory(stock_quantity=5)
    added = ProductVariantFactory(stock_quantity=5)
    post(client, "/cart/add.js", {"id": kept.pk, "quantity": 1})
    post(client, "/cart/add.js", {"id": dropped.pk, "quantity": 1})
    # When one quantity changes, one goes to 0 and a new variant is named
    response = post(client, "/cart/update.js", {"updates": {str(kept.pk): 3, str(dropped.pk): 0, str(added.pk): 2}})
    # Then the cart JSON comes back with the new quantities
    assert response.status_code == 200
    assert {item["id"]: item["quantity"] for item in response.json()["items"]} == {kept.pk: 3, added.pk: 2}


def test_update_js_changes_all_or_nothing_when_one_update_is_refused(client):
    # Given a cart with one line, and a variant with only 2 left
    kept, scarce = ProductVariantFactory(stock_quantity=5), ProductVariantFactory(stock_quantity=2)
    post(client, "/cart/add.js", {"id": kept.pk, "quantity": 1})
    # When an update raises the first line but asks for more of the scarce one than there is
    response = post(client, "/cart/update.js", {"updates": {str(kept.pk): 4, str(scarce.pk): 3}})
    # Then it is refused with a message, and the cart is as it was
    assert response.status_code == 422
    assert {item["id"]: item["quantity"] for item in client.get("/cart.js").json()["items"]} == {kept.pk: 1}


def test_update_js_takes_a_list_of_quantities_in_cart_order_and_form_posts(client):
    first, second = ProductVariantFactory(stock_quantity=5), ProductVariantFactory(stock_quantity=5)
    post(client, "/cart/add.js", {"id": first.pk, "quantity": 1})
    post(client, "/cart/add.js", {"id": second.pk, "quantity": 1})
    data = post(client, "/cart/update.js", {"updates": [2, 4]}).json()
    assert [item["quantity"] for item in data["items"]] == [2, 4]
    data = client.post("/cart/update.js", {f"updates[{second.pk}]": "1"}).json()
    assert [item["quantity"] for item in data["items"]] == [2, 1]
    data = client.post("/cart/update.js", {"updates[]": ["3", "0"]}).json()
    assert [(item["id"], item["quantity"]) for item in data["items"]] == [(first.pk, 3)]


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({}, 400, "updates"),
        ({"updates": "3"}, 422, "list of quantities"),
        ({"updates": {}}, 422, "at least one"),
        ({"updates": [1, 1]}, 422, "more quantities"),
        ({"updates": {"VARIANT": "²"}}, 422, "whole number"),
        ({"updates": {"VARIANT": 2**70}}, 422, "at most"),
        ({"updates": {str(2**70): 1}}, 422, "does not exist"),
        ({"updates": {"VARIANT": 9}}, 422, "Only 3"),
    ],
)
def test_update_js_refuses_odd_updates_with_a_json_message(client, payload, status, fragment):
    variant = ProductVariantFactory(stock_quantity=3)
    post(client, "/cart/add.js", {"id": variant.pk, "quantity": 1})
    text = json.dumps(payload).replace("VARIANT", str(variant.pk))
    response = client.post("/cart/update.js", data=text, content_type="application/json")
    assert response.status_code == status
    assert fragment in response.json()["description"]
    assert client.get("/cart.js").json()["items"][0]["quantity"] == 1


def test_update_js_exists_and_answers_only_post(client):
    response = client.get("/cart/update.js")
    assert response.status_code == 405
