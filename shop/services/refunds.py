"""Refunds staff send through Stripe: the whole order, some of its lines, or an amount.

A refund takes three steps, because Stripe must be asked between two transactions:
1. a Refund row is written, pending, under the form's idempotency key (unique): a double-clicked refund
   finds that row and stops, so Stripe is asked once;
2. Stripe is asked with the same key; if it refuses, the row is deleted and the order is as it was. If it
   does not answer (a timeout), it may have made the refund all the same, so the row stays, unanswered,
   with its key and amount: the retry (the same form, which keeps its key, or any refund form on the order,
   which is given that key) asks Stripe again under that key, and Stripe returns the refund it made rather
   than making a second one. Until then no other refund can be started on the order;
3. the row is marked succeeded and the order's refunded total and status move forward.

Stripe's charge.refunded webhook (order_mark_refunded) sets the refunded total from Stripe's own running
total and only ever moves it forward; here the total becomes the larger of that and the sum of our
succeeded rows, so whichever arrives first, each refund is counted once.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from shop import payments
from shop.fulfilment import line_refund_amount
from shop.line_refunds import line_refund_left, refund_shares
from shop.models import Order, OrderEmailKind, OrderStatus, OrderStatusChange, Refund, RefundLine, RefundStatus
from shop.money import quantize_cents
from shop.services.notifications import order_staff_email_schedule

REFUNDABLE_STATUSES = frozenset(
    {
        OrderStatus.PAID,
        OrderStatus.FULFILLED,
        OrderStatus.SHIPPED,
        OrderStatus.PARTIALLY_REFUNDED,
        OrderStatus.CANCELLED,  # only with a payment: the sold-out-while-paying case, or a cancel's refund
    }
)


class RefundProblem(Exception):
    """The refund cannot be made; the message tells staff why, and nothing was changed."""

    @property
    def message(self) -> str:
        return str(self)


def refundable_amount(order: Order) -> Decimal:
    """What is left to give back: the total, less what Stripe and our refunds (pending ones too) account for."""
    ours = order.refunds.aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    return max(order.total - max(order.refunded_total, ours), Decimal("0.00"))


def lines_refund_left(*, order: Order, line_ids: Iterable[int]) -> dict[int, Decimal]:
    """What each of these lines still has to give back: its price and share of the tax, less what refunds by
    line and price matches (pending ones too) already gave back on it. Lines not on the order are left out."""
    lines = list(order.lines.filter(pk__in=list(line_ids)))
    taxable = sum((line.line_total for line in order.lines.all()), Decimal("0.00")) + order.shipping_total
    refunded = dict(
        RefundLine.objects.filter(line__in=lines)
        .values("line_id")
        .annotate(total=Sum("amount"))
        .values_list("line_id", "total")
    )
    return {
        line.pk: line_refund_left(
            owed=line_refund_amount(line_total=line.line_total, tax_total=order.tax_total, taxable_total=taxable),
            refunded=refunded.get(line.pk, Decimal("0.00")),
        )
        for line in lines
    }


def lines_refund_amount(*, order: Order, line_ids: Iterable[int]) -> Decimal:
    """What refunding these lines gives back: what each has left (after earlier refunds and price matches)."""
    return sum(lines_refund_left(order=order, line_ids=line_ids).values(), Decimal("0.00"))


def order_refund(
    *,
    order: Order,
    idempotency_key: str,
    amount: Decimal | None = None,
    line_ids: Iterable[int] = (),
    amount_line_id: int | None = None,
    reason: str = "",
    staff_user=None,
    send_email: bool = True,
) -> Refund:
    """Refund an amount, some lines (what each has left of its price and tax) or, with neither, all that is left.

    An amount with `amount_line_id` (a price match's difference) is given back on that line: recorded against
    it, and never more than the line has left.

    Raises RefundProblem with a message for staff when the refund cannot be made; nothing changes then, except
    after no answer from Stripe, when the row waits for the retry. The same idempotency key twice returns the
    first refund, or asks Stripe again about it if Stripe did not answer the first time.
    """
    line_ids = [int(pk) for pk in line_ids]
    existing = Refund.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        if existing.status == RefundStatus.UNANSWERED:
            return _refund_retry(refund=existing, staff_user=staff_user, send_email=send_email)
        return existing
    unanswered = unanswered_refund(order)
    if unanswered is not None:
        raise RefundProblem(
            _("Stripe has not yet answered the refund of %(amount)s on this order: retry that refund first.")
            % {"amount": unanswered.amount}
        )
    try:
        refund = _refund_reserve(
            order=order,
            idempotency_key=idempotency_key,
            amount=amount,
            line_ids=line_ids,
            amount_line_id=amount_line_id,
            reason=reason,
            staff_user=staff_user,
        )
    except IntegrityError:
        # The same refund posted twice at once: the first one holds the key.
        existing = Refund.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing

    return _refund_ask_stripe(refund=refund, staff_user=staff_user, send_email=send_email)


def unanswered_refund(order: Order) -> Refund | None:
    """The refund on this order that Stripe did not answer, waiting to be asked again under its key."""
    return Refund.objects.filter(order_id=order.pk, status=RefundStatus.UNANSWERED).order_by("pk").first()


def _refund_retry(*, refund: Refund, staff_user, send_email: bool) -> Refund:
    # Claim it, so two retries at once ask Stripe once; the loser gets the row as it stands.
    if not Refund.objects.filter(pk=refund.pk, status=RefundStatus.UNANSWERED).update(status=RefundStatus.PENDING):
        return Refund.objects.get(pk=refund.pk)
    refund.status = RefundStatus.PENDING
    return _refund_ask_stripe(refund=refund, staff_user=staff_user, send_email=send_email)


def _refund_ask_stripe(*, refund: Refund, staff_user, send_email: bool) -> Refund:
    """Ask Stripe for the refund under the row's key: record it, forget it (a refusal), or keep it (no answer)."""
    order = Order.objects.only("stripe_payment_intent_id", "number").get(pk=refund.order_id)
    result = payments.create_refund(
        payment_intent_id=order.stripe_payment_intent_id,
        amount_cents=int((refund.amount * 100).to_integral_value()),
        idempotency_key=f"refund-{refund.idempotency_key}",
        order_number=order.number,
    )
    if result.unanswered:
        Refund.objects.filter(pk=refund.pk, status=RefundStatus.PENDING).update(status=RefundStatus.UNANSWERED)
        raise RefundProblem(result.message)
    if not result.succeeded:
        Refund.objects.filter(pk=refund.pk, status=RefundStatus.PENDING).delete()
        raise RefundProblem(result.message)
    return _refund_record(
        refund=refund, stripe_refund_id=result.refund_id, staff_user=staff_user, send_email=send_email
    )


def _refund_reserve(*, order, idempotency_key, amount, line_ids, amount_line_id, reason, staff_user) -> Refund:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        never_paid = order.status == OrderStatus.CANCELLED and not (order.refund_due or order.paid_at)
        if order.status not in REFUNDABLE_STATUSES or never_paid or not order.stripe_payment_intent_id:
            raise RefundProblem(_("Order %(number)s has no card payment to refund.") % {"number": order.number})
        left = refundable_amount(order)
        if line_ids:
            if amount is not None:
                raise RefundProblem(_("Refund either some lines or an amount, not both."))
            if order.lines.filter(pk__in=line_ids).count() != len(set(line_ids)):
                raise RefundProblem(_("Those lines are not part of this order."))
            owed = lines_refund_left(order=order, line_ids=line_ids)
            if any(value <= 0 for value in owed.values()):
                raise RefundProblem(_("One of those lines has been refunded already."))
            amount = min(sum(owed.values(), Decimal("0.00")), left)
        elif amount is None:
            amount = left
        amount = quantize_cents(Decimal(amount))
        if amount_line_id is not None and amount > 0:
            owed = lines_refund_left(order=order, line_ids=[amount_line_id])
            if not owed:
                raise RefundProblem(_("Those lines are not part of this order."))
            if amount > owed[amount_line_id]:
                raise RefundProblem(
                    _("At most %(left)s can still be refunded on that line.") % {"left": owed[amount_line_id]}
                )
        if amount <= 0:
            raise RefundProblem(_("There is nothing left to refund on this order."))
        if amount > left:
            raise RefundProblem(_("At most %(left)s can still be refunded on this order.") % {"left": left})
        refund = Refund.objects.create(
            order=order,
            amount=amount,
            currency=order.currency,
            reason=reason[:300],
            idempotency_key=idempotency_key,
            created_by=staff_user,
        )
        if line_ids:
            ordered = sorted(owed)
            shares = refund_shares(owed=[owed[pk] for pk in ordered], total=amount)
            RefundLine.objects.bulk_create(
                RefundLine(refund=refund, line_id=pk, amount=share) for pk, share in zip(ordered, shares, strict=True)
            )
        elif amount_line_id is not None:
            RefundLine.objects.create(refund=refund, line_id=amount_line_id, amount=amount)
    return refund


def _refund_record(*, refund: Refund, stripe_refund_id: str, staff_user, send_email: bool) -> Refund:
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=refund.order_id)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.status == RefundStatus.SUCCEEDED:
            return refund
        refund.status = RefundStatus.SUCCEEDED
        refund.stripe_refund_id = stripe_refund_id
        refund.save(update_fields=["status", "stripe_refund_id"])
        ours = order.refunds.filter(status=RefundStatus.SUCCEEDED).aggregate(total=Sum("amount"))["total"]
        order.refunded_total = min(max(order.refunded_total, ours or Decimal("0.00")), order.total)
        from_status = order.status
        fields = ["refunded_total"]
        if order.refunded_total >= order.total:
            order.refund_due = False
            fields.append("refund_due")
        if order.status != OrderStatus.CANCELLED:
            full = order.refunded_total >= order.total
            order.status = OrderStatus.REFUNDED if full else OrderStatus.PARTIALLY_REFUNDED
            fields.append("status")
        order.save(update_fields=fields)
        note = _("Refunded %(amount)s (Stripe %(refund)s)") % {"amount": refund.amount, "refund": stripe_refund_id}
        if refund.reason:
            note = f"{note}: {refund.reason}"
        OrderStatusChange.objects.create(
            order=order, from_status=from_status, to_status=order.status, note=note[:300], staff_user=staff_user
        )
        if send_email:
            order_staff_email_schedule(order=order, kind=OrderEmailKind.REFUNDED, refund=refund)
    return refund
