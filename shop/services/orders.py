"""Orders: placing one, with its stock and its code's use held until it is paid or lapses.

What happens to an order after that (paid, payment failed, refunded, released) is in order_status.py.
Each service is one transaction; emails are written down in it and enqueued for the worker after commit.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from shop.addresses import ShippingAddress
from shop.languages import order_language
from shop.models import Order, OrderLine, OrderStatus, OrderTaxLine, ProductVariant
from shop.models.orders import order_number_for
from shop.selectors.marketing_consent import NO_CONSENT_FIELDS, MarketingConsent
from shop.services.code_uses import code_use_reserve, discount_code_lock
from shop.services.notifications import order_payment_reminder_schedule
from shop.services.order_status import order_history_record
from shop.services.stock import OutOfStock, stock_reserve

logger = logging.getLogger(__name__)

__all__ = ["CheckoutProblem", "OutOfStock", "order_place"]


class CheckoutProblem(Exception):
    """The cart cannot become an order as it stands; the message tells the shopper what to change."""


def order_place(
    *,
    cart,
    email: str,
    address: ShippingAddress,
    shipping_method: str,
    code: str | None,
    user=None,
    idempotency_key: str | None = None,
    expected_total: Decimal | None = None,
    marketing_opt_in: bool = False,
    marketing_consent: MarketingConsent | None = None,
    language: str = "",
    language_chosen: str = "",
) -> Order:
    """Turn the cart into an unpaid order, holding its stock and its code's use for ORDER_RESERVATION_MINUTES.

    Submitting twice from the same cart with the same idempotency key returns the first order; the key
    is bound to the cart, so the same key from another cart never returns this one. Raises OutOfStock
    (nothing reserved) or CheckoutProblem — also when the code has no use left, before anything is
    charged; the cart itself is untouched either way — only what was ordered leaves it once paid.
    `language` is the one checkout was read in and `language_chosen` the shopper's pick with the switcher
    ("" for none); the order's language follows from them and the address (shop.languages.order_language).
    `marketing_consent` is the proof of a ticked marketing box (the words shown, their version and language, IP, browser).
    """
    from shop.selectors.cart import cart_quote, variants_as_shown

    idempotency_key = _cart_bound_key(cart=cart, token=idempotency_key)
    existing = Order.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing

    try:
        with transaction.atomic():
            # Lock the code first: its uses are counted by the quote below and must not change until
            # this order's reservation is written (lock order everywhere: order, code, stock).
            locked_code = discount_code_lock(code) if code else None
            if locked_code is not None:
                # The same "Place order" submitted twice at once: the first may have taken the code's
                # last use while this one queued for the lock. Hand back its order rather than refuse.
                existing = Order.objects.filter(idempotency_key=idempotency_key).first()
                if existing is not None:
                    return existing
            quote = cart_quote(
                cart=cart, province=address.province, shipping_method=shipping_method, code=code, email=email
            )
            if not quote.lines:
                raise CheckoutProblem(_("Your cart is empty."))
            if code and quote.code_error:
                raise CheckoutProblem(str(quote.code_error))
            if expected_total is not None and quote.total.amount != expected_total:
                raise CheckoutProblem(_("Prices changed since you reviewed your order. Please check the new total."))

            # Named as the shopper read them: the order lines keep the name in the language of the purchase.
            variants = variants_as_shown([line.variant_id for line in quote.lines])
            quantities: dict[int, int] = {}
            for line in quote.lines:
                quantities[line.variant_id] = quantities.get(line.variant_id, 0) + line.quantity
            names = {pk: str(variant) for pk, variant in variants.items()}
            stock_reserve(quantities=quantities, names=names)

            order = _order_create(
                quote=quote,
                email=email,
                address=address,
                shipping_method=shipping_method,
                user=user,
                idempotency_key=idempotency_key,
                marketing_opt_in=marketing_opt_in,
                marketing_consent=marketing_consent,
                language=order_language(
                    reading=language or settings.LANGUAGE_CODE, chosen=language_chosen, province=address.province
                ),
            )
            _order_lines_create(order=order, quote=quote, variants=variants)
            if locked_code is not None and quote.code:
                code_use_reserve(order=order, code=locked_code)
            order_history_record(
                order=order, from_status="", to_status=OrderStatus.PENDING_PAYMENT, note=_("Order placed")
            )
            order_payment_reminder_schedule(order=order)
            transaction.on_commit(lambda: _release_schedule(order))
    except IntegrityError:
        # The same "Place order" submitted twice at once: the first one won; hand back its order.
        existing = Order.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing
    return order


def _cart_bound_key(*, cart, token: str | None) -> str:
    """The order's idempotency key: the checkout token bound to the cart it was issued for.

    A resubmitted "Place order" from the same cart finds its order again; the same token posted from any
    other cart (another session) makes a different key, so it can never fetch someone else's order.
    """
    if not token or cart is None or cart.pk is None:
        return uuid.uuid4().hex
    return salted_hmac("shop.order_place.idempotency", f"{cart.token}:{token}", algorithm="sha256").hexdigest()


def _order_create(
    *,
    quote,
    email,
    address,
    shipping_method,
    user,
    idempotency_key,
    marketing_opt_in=False,
    marketing_consent: MarketingConsent | None = None,
    language="",
) -> Order:
    proof = marketing_consent.order_fields() if marketing_opt_in and marketing_consent else NO_CONSENT_FIELDS
    reserved_until = timezone.now() + timedelta(minutes=settings.ORDER_RESERVATION_MINUTES)
    order = Order.objects.create(
        email=email.strip(),
        user=user if user is not None and user.is_authenticated else None,
        subtotal=quote.subtotal.amount,
        discount_total=quote.discounts.amount,
        shipping_total=quote.shipping.amount,
        tax_total=quote.tax_total.amount,
        total=quote.total.amount,
        free_shipping=bool(quote.free_shipping),
        shipping_method=quote.shipping_method or shipping_method,
        discount_code=(quote.code or "") if not quote.code_error else "",
        shipping_name=address.name,
        shipping_line1=address.line1,
        shipping_line2=address.line2,
        shipping_city=address.city,
        shipping_province=address.province,
        shipping_postal_code=address.postal_code,
        shipping_phone=address.phone,
        idempotency_key=idempotency_key,
        reserved_until=reserved_until,
        marketing_opt_in=marketing_opt_in,
        **proof,
        language=language or settings.LANGUAGE_CODE,
    )
    order.number = order_number_for(order.pk)
    order.save(update_fields=["number"])
    OrderTaxLine.objects.bulk_create(
        OrderTaxLine(order=order, name=tax.name, rate=tax.rate, amount=tax.amount.amount) for tax in quote.taxes
    )
    return order


def _order_lines_create(*, order: Order, quote, variants: dict[int, ProductVariant]) -> None:
    lines = []
    for line in quote.lines:
        variant = variants.get(line.variant_id)
        lines.append(
            OrderLine(
                order=order,
                variant=variant,
                product_id_snapshot=line.product_id,
                product_name=variant.product.name if variant else line.title,
                variant_title=variant.title if variant else "",
                sku=line.sku,
                unit_price=line.unit_shelf_price.amount,
                regular_unit_price=line.unit_list_price.amount,
                quantity=line.quantity,
                line_discount=line.discount.amount,
                line_total=line.line_total.amount,
            )
        )
    OrderLine.objects.bulk_create(lines)


def _release_schedule(order: Order) -> None:
    """Enqueue the release for when the reservation ends; backends that cannot defer rely on the sweep."""
    from shop.tasks import release_unpaid_order

    if release_unpaid_order.get_backend().supports_defer:
        release_unpaid_order.using(run_after=order.reserved_until).enqueue(order.pk)
