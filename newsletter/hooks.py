"""What the newsletter does when the shop calls it (SHOP_ORDER_PAID_HOOKS, SHOP_STOCK_RETURNED_HOOKS and
SHOP_CHECKOUT_CONSENT_TEXT)."""

from __future__ import annotations

from newsletter.back_in_stock import back_in_stock_alerts_enqueue
from newsletter.implied_consent import implied_consent_record
from newsletter.models import SignupSource, Topic
from newsletter.selectors import consent_text
from newsletter.services import SignupContext, subscriber_sign_up
from shop.models import Order
from shop.selectors.marketing_consent import CheckoutConsentText


def checkout_consent_text(request=None) -> CheckoutConsentText:
    """The consent text under checkout's box (SHOP_CHECKOUT_CONSENT_TEXT): the very one the footer signup shows,
    in the page's language, with its version."""
    consent = consent_text(request)
    return CheckoutConsentText(text=consent.text, version=consent.version, language=consent.language)


def order_paid_start_opt_in(order_id: int) -> None:
    """A paid order whose shopper ticked the checkout opt-in starts the double opt-in for both topics."""
    order = (
        Order.objects.filter(pk=order_id, marketing_opt_in=True)
        .only(
            "email",
            "language",
            "marketing_consent_text",
            "marketing_consent_version",
            "marketing_consent_language",
            "marketing_consent_ip",
            "marketing_consent_user_agent",
        )
        .first()
    )
    if order is None:
        return
    # The consent record holds what the shopper saw (the words, their version and language) and where they were
    # when they ticked the box, all kept on the order, not the text or the client of the moment the payment
    # came in, perhaps by webhook.
    subscriber_sign_up(
        email=order.email,
        topics=[Topic.ARTICLES, Topic.OFFERS],
        context=SignupContext(
            source=SignupSource.CHECKOUT,
            language=order.language,
            ip_address=order.marketing_consent_ip,
            user_agent=order.marketing_consent_user_agent,
            consent_text_version=order.marketing_consent_version,
            consent_text=order.marketing_consent_text,
            consent_language=order.marketing_consent_language,
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
