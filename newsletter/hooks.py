"""What the newsletter does when the shop calls it (SHOP_ORDER_PAID_HOOKS and SHOP_STOCK_RETURNED_HOOKS)."""

from __future__ import annotations

from newsletter.back_in_stock import back_in_stock_alerts_enqueue
from newsletter.implied_consent import implied_consent_record
from newsletter.models import SignupSource, Topic
from newsletter.selectors import consent_text
from newsletter.services import SignupContext, subscriber_sign_up
from shop.models import Order


def order_paid_start_opt_in(order_id: int) -> None:
    """A paid order whose shopper ticked the checkout opt-in starts the double opt-in for both topics."""
    order = Order.objects.filter(pk=order_id, marketing_opt_in=True).only("email", "language").first()
    if order is None:
        return
    subscriber_sign_up(
        email=order.email,
        topics=[Topic.ARTICLES, Topic.OFFERS],
        context=SignupContext(
            source=SignupSource.CHECKOUT,
            language=order.language,
            consent_text_version=consent_text().version,
        ),
    )


def stock_returned_send_alerts(variant_id: int) -> None:
    """A variant is back in stock (SHOP_STOCK_RETURNED_HOOKS): the worker tells everyone who asked, once."""
    back_in_stock_alerts_enqueue(variant_id=variant_id)


def order_paid_record_implied_consent(order_id: int) -> None:
    """Every paid order implies consent for two years (CASL); it is used only if the shop turns it on."""
    order = Order.objects.filter(pk=order_id, paid_at__isnull=False).only("email", "paid_at", "language").first()
    if order is None:
        return
    implied_consent_record(email=order.email, purchased_at=order.paid_at, language=order.language)
