"""Helpers for the checkout, order, payment and webhook tests: an Ontario address, carts, signed events."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from decimal import Decimal

import pytest
from django.conf import settings as django_settings

from shop.addresses import ShippingAddress
from shop.services.orders import order_place
from tests.conftest import MISSING_PART
from tests.factories import CartFactory, CartLineFactory, ProductVariantFactory

WEBHOOK_SECRET = "whsec_test_checkout"
PUBLISHABLE_KEY = "pk_test_localstripe"
# The checkout details form as a shopper in Toronto fills it in.
DETAILS = {
    "email": "ada@example.com",
    "name": "Ada Stone",
    "line1": "1 King St W",
    "line2": "",
    "city": "Toronto",
    "province": "ON",
    "postal_code": "m5h1a1",
    "phone": "",
    "shipping_method": "standard",
    "code": "",
}
ONTARIO = ShippingAddress(name="Ada Stone", line1="1 King St W", city="Toronto", province="ON", postal_code="M5H 1A1")


def cart_with(*, lines: int = 1, price: str = "100.00", stock: int = 10, quantity: int = 1):
    cart = CartFactory()
    for _ in range(lines):
        CartLineFactory(
            cart=cart, variant=ProductVariantFactory(price=Decimal(price), stock_quantity=stock), quantity=quantity
        )
    return cart


def place(cart, *, email: str = "ada@example.com", **kwargs):
    return order_place(cart=cart, email=email, address=ONTARIO, shipping_method="standard", code=None, **kwargs)


def signed(payload: dict, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> tuple[bytes, str]:
    """A webhook body and its Stripe-Signature header, signed the way Stripe (and localstripe) sign."""
    body = json.dumps(payload).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    signature = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={signature}"


def intent_event(
    order, *, event_id: str = "evt_1", type: str = "payment_intent.succeeded", intent_id: str = "pi_1", **extra
):
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def localstripe_post(url: str, fields: dict) -> dict:
    """POST a form to localstripe the way its Stripe.js does (authenticated by the publishable key in `fields`)."""
    request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read() or b"{}")


def _start_localstripe(port: int, log) -> subprocess.Popen | None:
    """Start localstripe on `port`; the process once it answers, None if it exited or stayed silent."""
    process = subprocess.Popen(
        [sys.executable, "-m", "config.devserver", "--serve-localstripe", str(port)],
        cwd=django_settings.BASE_DIR,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    deadline = time.monotonic() + 45  # generous: a loaded CI machine imports aiohttp slowly
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/js.stripe.com/v3/", timeout=1).close()
            return process
        except OSError:
            if process.poll() is not None:
                return None  # most often the port was taken between probing it and binding it
            time.sleep(0.2)
    process.kill()
    process.wait(timeout=10)
    return None


@pytest.fixture(scope="module")
def localstripe_url(tmp_path_factory):
    """localstripe on a free loopback port for the module; skipped as a missing part (a failure on CI).

    Another xdist worker can take the probed port before localstripe binds it, so a start that exits early is
    tried again on a new port; the skip message carries the last attempt's output.
    """
    log_path = tmp_path_factory.mktemp("localstripe") / "localstripe.log"
    for _attempt in range(3):
        port = _free_port()
        with open(log_path, "w") as log:
            process = _start_localstripe(port, log)
        if process is not None:
            break
    else:
        tail = log_path.read_text(errors="replace")[-1500:]
        pytest.skip(f"{MISSING_PART} localstripe did not start (last port {port}):\n{tail}")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)
