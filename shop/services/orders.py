"""Orders: placing one (with its stock), and every change of status after that.

Each service is one transaction; emails are written down in it and enqueued for the worker after commit.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from shop.addresses import ShippingAddress
from shop.models import Order, OrderLine, OrderStatus, OrderStatusChange, OrderTaxLine, ProductVariant
from shop.models.orders import order_number_for
from shop.services.code_uses import code_use_redeem, code_use_release, code_use_reserve, discount_code_lock
from shop.services.notifications import order_payment_reminder_schedule, order_receipt_schedule
from shop.services.stock import OutOfStock, stock_release, stock_reserve

logger = logging.getLogger(__name__)

__all__ = [
    "CheckoutProblem",
    "OutOfStock",
    "order_mark_paid",
    "order_mark_payment_failed",
    "order_mark_refunded",
    "order_place",
    "order_release_expired",
    "order_release_if_unpaid",
]


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
) -> Order:
    """Turn the cart into an unpaid order, holding its stock and its code's use for ORDER_RESERVATION_MINUTES.

    Submitting twice from the same cart with the same idempotency key returns the first order; the key
    is bound to the cart, so the same key from another cart never returns this one. Raises OutOfStock
    (nothing reserved) or CheckoutProblem — also when the code has no use left, before anything is
    charged; the cart itself is untouched either way — only what was ordered leaves it once paid.
    """
    from shop.selectors.cart import cart_quote

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

            variants = ProductVariant.objects.select_related("product").in_bulk(
                [line.variant_id for line in quote.lines]
            )
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
            )
            _order_lines_create(order=order, quote=quote, variants=variants)
            if locked_code is not None and quote.code:
                code_use_reserve(order=order, code=locked_code)
            _history(order=order, from_status="", to_status=OrderStatus.PENDING_PAYMENT, note=_("Order placed"))
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


def _order_create(*, quote, email, address, shipping_method, user, idempotency_key, marketing_opt_in=False) -> Order:
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
                quantity=line.quantity,
                line_discount=line.discount.amount,
                line_total=line.line_total.amount,
            )
        )
    OrderLine.objects.bulk_create(lines)


def _history(*, order: Order, from_status: str, to_status: str, note: str = "") -> None:
    OrderStatusChange.objects.create(order=order, from_status=from_status, to_status=to_status, note=note[:300])


def _transition(*, order: Order, to_status: str, note: str = "", fields: tuple[str, ...] = ()) -> None:
    from_status = order.status
    order.status = to_status
    order.save(update_fields=["status", *fields])
    _history(order=order, from_status=from_status, to_status=to_status, note=note)


def _release_schedule(order: Order) -> None:
    """Enqueue the release for when the reservation ends; backends that cannot defer rely on the sweep."""
    from shop.tasks import release_unpaid_order

    if release_unpaid_order.get_backend().supports_defer:
        release_unpaid_order.using(run_after=order.reserved_until).enqueue(order.pk)


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _line_quantities(order: Order) -> dict[int, int]:
    quantities: dict[int, int] = {}
    for variant_id, quantity in order.lines.filter(variant__isnull=False).values_list("variant_id", "quantity"):
        quantities[variant_id] = quantities.get(variant_id, 0) + quantity
    return quantities


def order_mark_paid(*, order: Order, payment_intent_id: str = "", note: str = "") -> bool:
    """Record the payment once; a paid order stays paid whatever arrives later. Returns True if it changed."""
    with transaction.atomic():
        order = _locked(order)
        if order.is_paid:
            return False
        if payment_intent_id:
            order.stripe_payment_intent_id = payment_intent_id
        order.payment_in_doubt_method = ""
        order.last_payment_error = ""
        if order.status == OrderStatus.CANCELLED:
            # The reservation lapsed before the money arrived: take the stock again if it is still there.
            if order.discount_code:
                discount_code_lock(order.discount_code)  # before the stock, in the same order as order_place
            try:
                stock_reserve(quantities=_line_quantities(order))
            except OutOfStock:
                order.refund_due = True
                order.save(
                    update_fields=[
                        "stripe_payment_intent_id",
                        "payment_in_doubt_method",
                        "last_payment_error",
                        "refund_due",
                    ]
                )
                _history(
                    order=order,
                    from_status=order.status,
                    to_status=order.status,
                    note=_("Payment received after the reservation expired and the stock was sold: refund due."),
                )
                logger.error("Order %s paid after its stock was released and sold; refund needed", order.number)
                return False
            note = note or _("Paid after the reservation expired; stock taken again.")
        order.paid_at = timezone.now()
        _transition(
            order=order,
            to_status=OrderStatus.PAID,
            note=note or _("Payment received"),
            fields=("paid_at", "stripe_payment_intent_id", "payment_in_doubt_method", "last_payment_error"),
        )
        if not code_use_redeem(order=order):
            _code_beyond_limit_note(order=order)
        order_receipt_schedule(order=order)
        order_id = order.pk
        transaction.on_commit(lambda: order_paid_hooks_run(order_id=order_id))
    return True


def order_paid_hooks_run(*, order_id: int) -> None:
    """Call every SHOP_ORDER_PAID_HOOKS callable with the paid order's id, after the payment is committed.

    The shop's one extension point, in the way Saleor's plugins hook into `order_paid`: other apps (the
    newsletter's checkout opt-in) list a dotted path in the setting and the shop never imports them. A hook
    that raises is logged and skipped, so it can never undo or fail a payment, nor stop the hooks after it.
    """
    for path in getattr(settings, "SHOP_ORDER_PAID_HOOKS", ()):
        try:
            import_string(path)(order_id)
        except Exception:
            logger.exception("Order-paid hook %s failed for order %s", path, order_id)


def _code_beyond_limit_note(*, order: Order) -> None:
    """Tell staff a late payment kept a discount its code no longer had a use for (the total was already charged)."""
    _history(
        order=order,
        from_status=order.status,
        to_status=order.status,
        note=_(
            "Paid after the reservation expired, when code %(code)s had no uses left: "
            "its discount of %(amount)s was honoured beyond the code's limit."
        )
        % {"code": order.discount_code, "amount": order.discount_total},
    )
    logger.warning("Order %s paid late; code %s honoured beyond its limit", order.number, order.discount_code)


def order_mark_payment_failed(*, order: Order, message: str, payment_intent_id: str = "", ends_attempt: bool) -> bool:
    """A failed payment leaves the order payable, with the reason kept for the shopper; it never un-pays.

    `ends_attempt` is True when Stripe's answer to our own request says the attempt is over: the next
    one may then use a new card and a new idempotency key. A webhook only reports. Neither sends mail: the
    shopper is on the payment page, which shows the reason; an order still unpaid later gets one reminder.
    """
    message = (message or _("The payment did not go through."))[:300]
    with transaction.atomic():
        order = _locked(order)
        if not order.is_payable:
            return False
        order.last_payment_error = message
        fields = ["last_payment_error"]
        if ends_attempt:
            order.payment_in_doubt_method = ""
            order.stripe_payment_intent_id = ""
            order.payment_attempt += 1
            fields += ["payment_in_doubt_method", "stripe_payment_intent_id", "payment_attempt"]
        order.save(update_fields=fields)
        note = _("Payment failed (%(intent)s): %(message)s") % {"intent": payment_intent_id or "—", "message": message}
        _history(order=order, from_status=order.status, to_status=order.status, note=note)
    return True


def order_mark_refunded(*, order: Order, amount_refunded: Decimal) -> bool:
    """Stripe's running refunded amount decides: all of it -> refunded, part -> partially refunded."""
    with transaction.atomic():
        order = _locked(order)
        if amount_refunded <= order.refunded_total or amount_refunded <= 0:
            return False  # a stale or repeated refund event
        order.refunded_total = min(amount_refunded, order.total)
        to_status = OrderStatus.REFUNDED if amount_refunded >= order.total else OrderStatus.PARTIALLY_REFUNDED
        note = _("Refunded %(amount)s") % {"amount": order.refunded_total}
        _transition(order=order, to_status=to_status, note=note, fields=("refunded_total",))
    return True


def order_release_if_unpaid(*, order_id: int, now: datetime | None = None) -> bool:
    """An order still unpaid when its reservation ends is cancelled; its stock and its code's use are freed."""
    now = now or timezone.now()
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        if order is None or order.status != OrderStatus.PENDING_PAYMENT:
            return False
        if order.reserved_until and order.reserved_until > now:
            return False
        stock_release(quantities=_line_quantities(order))
        code_use_release(order=order)
        _transition(order=order, to_status=OrderStatus.CANCELLED, note=_("Not paid in time; stock released"))
    return True


def order_release_expired(*, now: datetime | None = None) -> int:
    """The safety net behind the per-order task: release every unpaid order whose reservation has ended."""
    now = now or timezone.now()
    released = 0
    for order_id in Order.objects.unpaid_and_expired(now).values_list("pk", flat=True):
        released += order_release_if_unpaid(order_id=order_id, now=now)
    return released
