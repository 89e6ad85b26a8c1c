"""Helpers for the checkout, order, payment and webhook tests: an Ontario address, carts, signed events."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from decimal import Decimal

from shop.addresses import ShippingAddress
from shop.services.orders import order_place
from tests.factories import CartFactory, CartLineFactory, ProductVariantFactory

WEBHOOK_SECRET = "whsec_test_checkout"
ONTARIO = ShippingAddress(name="Ada Stone", line1="1 King St W", city="Toronto", province="ON", postal_code="M5H 1A1")


def cart_with(*, lines: int = 1, price: str = "100.00", stock: int = 10, quantity: int = 1):
    cart = CartFactory()
    for _ in range(lines):
        CartLineFactory(cart=cart, variant=ProductVariantFactory(price=Decimal(price), stock_quantity=stock), quantity=quantity)
    return cart


def place(cart, *, email: str = "ada@example.com", **kwargs):
    return order_place(cart=cart, email=email, address=ONTARIO, shipping_method="standard", code=None, **kwargs)


def signed(payload: dict, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> tuple[bytes, str]:
    """A webhook body and its Stripe-Signature header, signed the way Stripe (and localstripe) sign."""
    body = json.dumps(payload).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={signature}"


def intent_event(order, *, event_id: str = "evt_1", type: str = "payment_intent.succeeded", intent_id: str = "pi_1", **extra):
    obj = {
        "id": intent_id,
        "object": "payment_intent",
        "amount": order.total_cents,
        "amount_received": order.total_cents,
        "currency": "cad",
        "metadata": {"order_number": order.number},
        **extra,
    }
    return {"id": event_id, "type": type, "data": {"object": obj}}
