"""What the cart, checkout and order views share about the visitor: the orders this browser may see and
how fast it may write to the cart. Views import this; no view imports another view.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

from config import ratelimit
from shop.models import Order
from shop.selectors.orders import order_for_viewer
from shop.session_keys import CHECKOUT_ORDERS

# Generous enough for a shopper clicking quickly through quantities; tight enough to blunt a script.
# The page's forms and the JSON API share one allowance per client.
CART_WRITES_PER_MINUTE = 60
# Trying discount codes is limited separately, so codes cannot be guessed by brute force.
CODE_TRIES_PER_MINUTE = 20


def code_try_allowed(request: HttpRequest) -> bool:
    """Count one attempt at a discount code from this client; False once it has tried too many this minute."""
    return ratelimit.hit(request, action="cart-code", rate=ratelimit.Rate(hits=CODE_TRIES_PER_MINUTE, seconds=60))


def _session_orders(request: HttpRequest) -> list[str]:
    return list(request.session.get(CHECKOUT_ORDERS, []))


def remember_order(request: HttpRequest, order: Order) -> None:
    """Let this browser see `order` again (after placing it, or after finding it by number and email)."""
    numbers = _session_orders(request)
    if order.number not in numbers:
        request.session[CHECKOUT_ORDERS] = [*numbers[-19:], order.number]


def viewer_order(request: HttpRequest, number: str) -> Order:
    """The order `number`, if this browser placed it or its signed-in owner asks; otherwise 404."""
    order = order_for_viewer(number=number, session_numbers=_session_orders(request), user=request.user)
    if order is None:
        raise Http404
    return order
