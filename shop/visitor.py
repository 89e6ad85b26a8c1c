"""What the cart, checkout and order views share about the visitor: the orders this browser may see and
how fast it may write to the cart. Views import this; no view imports another view.
"""

from __future__ import annotations

import hashlib

from django.http import Http404, HttpRequest

from config import ratelimit
from config.caches import RATE_LIMIT_COUNTS
from shop.models import Order
from shop.selectors.orders import order_for_viewer
from shop.session_keys import CHECKOUT_ORDERS

# Generous enough for a shopper clicking quickly through quantities; tight enough to blunt a script.
# The page's forms and the JSON API share one allowance per client.
CART_WRITES_PER_MINUTE = 60
# Trying discount codes is limited separately, so codes cannot be guessed by brute force.
CODE_TRIES_PER_MINUTE = 20
CODE_TRIES = ratelimit.Rate(hits=CODE_TRIES_PER_MINUTE, seconds=60)


def code_try_allowed(request: HttpRequest, code: str | None = None) -> bool:
    """Count one attempt at a discount code from this client; False once it has tried too many this minute.

    Every way in shares the one allowance: the cart page and /cart/quote.json (which pass no `code`: it is
    their `code` query parameter), and the checkout's details, review and place steps. A code this client
    already tried this minute costs nothing the next time — the review and place steps re-check the code
    given on the details step, and a repeat teaches a guesser nothing — so a shopper at the limit can
    still finish checking out with the code already entered. A code refused here was not tried.
    """
    if code is None:
        code = request.GET.get("code", "")
    code = (code or "").strip().upper()
    if not code:
        return True
    window = int(ratelimit.clock() // CODE_TRIES.seconds)
    digest = hashlib.sha256(code.encode()).hexdigest()[:16]
    tried = RATE_LIMIT_COUNTS.key_for("cart-code-tried", ratelimit.client_key(request), window, digest)
    if ratelimit.cache.get(tried):
        return True
    if not ratelimit.hit(request, action="cart-code", rate=CODE_TRIES):
        return False
    ratelimit.cache.set(tried, 1, timeout=CODE_TRIES.seconds + 1)
    return True


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
