"""The first checkout step: each shipping method shows its price and delivery time for the chosen province."""

from __future__ import annotations

import pytest

from shop.models import ShippingRate
from shop.money import Money
from shop.shipping import DeliveryEstimate, ShippingMethod, ShippingRateRule, shipping_options
from tests.shop.checkout_support import DETAILS, cart_with

pytestmark = pytest.mark.django_db


def shopping(client, cart):
    session = client.session
    session["cart_token"] = str(cart.token)
    session.save()
    return cart


def option_html(page: str, method: str) -> str:
    start = page.index(f'data-shipping-option="{method}"')
    return page[start : page.index("</label>", start)]


def test_each_method_shows_its_price_and_estimate_for_the_province_the_shopper_gave(client):
    shopping(client, cart_with(price="40.00"))
    page = client.post("/checkout/", {**DETAILS, "province": "BC", "postal_code": "", "shipping_method": ""})
    html = page.content.decode()
    assert "$15.00" in option_html(html, "standard") and "4–7 business days" in option_html(html, "standard")
    assert "$28.00" in option_html(html, "expedited") and "2–3 business days" in option_html(html, "expedited")
    # the method's own name carries no fixed estimate that could contradict the rate's
    assert "3–7" not in option_html(html, "standard") and "1–3" not in option_html(html, "expedited")


def test_the_province_remembered_from_the_cart_is_priced_on_the_first_visit(client):
    shopping(client, cart_with(price="40.00"))
    session = client.session
    session["cart_province"] = "NU"
    session.save()
    html = client.get("/checkout/").content.decode()
    assert "$32.00" in option_html(html, "standard") and "7–14 business days" in option_html(html, "standard")


def test_standard_shows_free_from_the_threshold_while_expedited_keeps_its_price(client):
    shopping(client, cart_with(price="250.00"))
    html = client.post("/checkout/", {**DETAILS, "shipping_method": ""}).content.decode()
    assert "Free" in option_html(html, "standard") and "2–4 business days" in option_html(html, "standard")
    assert "$22.00" in option_html(html, "expedited")


def test_without_a_province_the_page_asks_for_one_instead_of_guessing(client):
    shopping(client, cart_with(price="40.00"))
    html = client.get("/checkout/").content.decode()
    assert "$11.00" not in option_html(html, "standard")
    assert "Choose your province to see each method" in html


def test_an_edited_estimate_shows_on_the_next_visit(client):
    ShippingRate.objects.filter(zone__name="Ontario and Quebec", method="standard").update(
        delivery_days_min=1, delivery_days_max=1
    )
    shopping(client, cart_with(price="40.00"))
    html = client.post("/checkout/", {**DETAILS, "shipping_method": ""}).content.decode()
    assert "1 business day" in option_html(html, "standard")


def test_the_quote_json_carries_each_methods_price_and_estimate_for_the_script(client):
    shopping(client, cart_with(price="40.00"))
    body = client.get("/cart/quote.json", {"province": "QC"}).json()
    assert body["shipping_options"] == [
        {
            "method": "standard",
            "available": True,
            "free": False,
            "price": "11.00",
            "price_text": "$11.00",
            "estimate": "2–4 business days",
        },
        {
            "method": "expedited",
            "available": True,
            "free": False,
            "price": "22.00",
            "price_text": "$22.00",
            "estimate": "1–2 business days",
        },
    ]


def test_the_quote_json_has_no_options_without_a_province(client):
    shopping(client, cart_with(price="40.00"))
    assert client.get("/cart/quote.json").json()["shipping_options"] == []


def test_the_details_page_loads_the_script_that_follows_the_province(client):
    shopping(client, cart_with())
    html = client.get("/checkout/").content.decode()
    assert "js/checkout-shipping.js" in html and 'data-quote-url="/cart/quote.json"' in html


def test_an_estimate_longer_than_it_is_short_is_refused_in_the_admin_form():
    rate = ShippingRate.objects.filter(method="standard").first()
    rate.delivery_days_min, rate.delivery_days_max = 5, 2
    with pytest.raises(Exception, match="cannot be shorter"):
        rate.full_clean()


# --- the rule, without the database ----------------------------------------------------------------

RATES = (
    ShippingRateRule(
        zone="East",
        provinces=frozenset({"ON"}),
        method=ShippingMethod.STANDARD,
        price=Money("11.00"),
        estimate=DeliveryEstimate(2, 4),
    ),
)


@pytest.mark.parametrize(
    ("subtotal", "free"), [("249.99", False), ("250.00", True), ("250.01", True)], ids=["below", "at", "above"]
)
def test_options_use_the_same_free_shipping_boundary_as_the_order(subtotal, free):
    standard, expedited = shipping_options(RATES, province="ON", subtotal=Money(subtotal), threshold=Money("250.00"))
    assert standard.charge.free is free
    assert standard.price_text == ("Free" if free else "$11.00")
    assert expedited.charge is None and expedited.price_text == "Not available to this province"


def test_a_same_day_range_reads_as_one_number():
    assert str(DeliveryEstimate(3, 3)) == "3 business days"
    assert str(DeliveryEstimate(1, 1)) == "1 business day"
    assert str(DeliveryEstimate(2, 5)) == "2–5 business days"
