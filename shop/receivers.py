"""Framework hooks only: each receiver hands over to a service and holds no shop logic itself.

Connected in ShopConfig.ready (shop/apps.py), the one place the shop subscribes to Django's signals.
"""

from __future__ import annotations

from shop.services.cart import cart_merge_on_login


def merge_cart_on_login(sender, request, user, **kwargs) -> None:
    # Django and allauth both send user_logged_in; a login without a request (tests, scripts) has no cart.
    if request is not None and hasattr(request, "session"):
        cart_merge_on_login(request=request, user=user)
