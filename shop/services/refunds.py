"""Refunds staff send through Stripe: the whole order, some of its lines, or an amount.

A refund takes three steps, because Stripe must be asked between two transactions:
1. a Refund row is written, pending, under the form's idempotency key (unique): a double-clicked refund
   finds that row and stops, so Stripe is asked once;
2. Stripe is asked with the same key; if it refuses, the row is deleted and the order is as it was. If it
   does not answer (a timeout), it may have made the refund all the same, so the row stays, unanswered,
   with its key and amount: the retry (the same form, which keeps its key, or any refund form on the order,
   which is given that key) first reads the payment's refunds at Stripe for one carrying the row's key in its
   metadata, and only asks for the refund again, under the same key, when there is none; so a retry never
   refunds twice, even after Stripe has forgotten the idempotency key (24 hours). Stripe's own word (a
   refund event carrying the key, refund_settle_from_stripe) settles the row too. Until then no other
   refund can be started on the order;
3. the row is marked succeeded and the order's refunded total moves forward. Only a full refund changes the
   order's status (to refunded): a partial one is shown beside the status, so the order can still be packed,
   shipped or cancelled.

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
from shop.money import format_cad, quantize_cents
from shop.services.notifications import order_staff_email_schedule

REFUNDABLE_STATUSES = frozenset(
    {
        OrderStatus.PAID,
        OrderStatus.FULFILLED,
        OrderStatus.SHIPPED,
        OrderStatus.PARTIALLY_REFUNDED,  # only on orders from before a partial refund left the status alone
        OrderStatus.CANCELLED,  # only with a payment: the sold-out-while-paying case, or a cancel's refund
    }
)


class RefundProblem(Exception):
    """The refund cannot be made; the message tells staff why, and nothing was changed.

    `unanswered` is True when Stripe did not answer: the retry must keep the refund's key. After any other
    problem (a refusal from Stripe included) the next try is a new refund, under a new key.
    """

    def __init__(self, message: str, *, unanswered: bool = False):
        super().__init__(message)
        self.unanswered = unanswered

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
            % {"amount": format_cad(unanswered.amount)}
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


def _claim_unanswered(refund: Refund) -> bool:
    """Take an unanswered refund to ask Stripe about it (PENDING); False if another request has it, or it is
    settled already. Two retries, or a retry and a webhook, at once: one asks, the other leaves it alone."""
    return bool(Refund.objects.filter(pk=refund.pk, status=RefundStatus.UNANSWERED).update(status=RefundStatus.PENDING))


def _unclaim(refund: Refund) -> None:
    """Stripe still did not answer: the row waits again for the next retry, or Stripe's own word."""
    Refund.objects.filter(pk=refund.pk, status=RefundStatus.PENDING).update(status=RefundStatus.UNANSWERED)


def _refund_retry(*, refund: Refund, staff_user, send_email: bool) -> Refund:
    # Claim it, so two retries at once ask Stripe once; the loser gets the row as it stands.
    if not _claim_unanswered(refund):
        return Refund.objects.get(pk=refund.pk)
    refund.status = RefundStatus.PENDING
    # Stripe may have made it, and may have forgotten the idempotency key since: look for it by its key first.
    order = Order.objects.only("stripe_payment_intent_id").get(pk=refund.order_id)
    made = payments.find_refund(payment_intent_id=order.stripe_payment_intent_id, refund_key=refund.idempotency_key)
    if made is not None:
        return _refund_settle(refund=refund, result=made, staff_user=staff_user, send_email=send_email)
    return _refund_ask_stripe(refund=refund, staff_user=staff_user, send_email=send_email)


def _refund_ask_stripe(*, refund: Refund, staff_user, send_email: bool) -> Refund:
    """Ask Stripe for the refund under the row's key: record it, forget it (a refusal), or keep it (no answer)."""
    order = Order.objects.only("stripe_payment_intent_id", "number").get(pk=refund.order_id)
    result = payments.create_refund(
        payment_intent_id=order.stripe_payment_intent_id,
        amount_cents=int((refund.amount * 100).to_integral_value()),
        idempotency_key=f"refund-{refund.idempotency_key}",
        order_number=order.number,
        refund_key=refund.idempotency_key,
    )
    return _refund_settle(refund=refund, result=result, staff_user=staff_user, send_email=send_email)


def _refund_settle(*, refund: Refund, result: payments.RefundResult, staff_user, send_email: bool) -> Refund:
    """Act on Stripe's answer about a pending row: record it, forget it (a refusal), or keep it (no answer)."""
    if result.unanswered:
        _unclaim(refund)
        raise RefundProblem(result.message, unanswered=True)
    if not result.succeeded:
        Refund.objects.filter(pk=refund.pk, status=RefundStatus.PENDING).delete()
        raise RefundProblem(result.message)
    return _refund_record(
        refund=refund, stripe_refund_id=result.refund_id, staff_user=staff_user, send_email=send_email
    )


def refund_settle_from_stripe(*, refund_key: str, stripe_refund_id: str, stripe_status: str) -> Refund | None:
    """Stripe's own word about a refund it made under one of our keys (a webhook's refund object): a row still
    waiting for Stripe's answer is recorded (or, refused, forgotten). Returns the row it settled, if any.

    A row being asked about right now (pending) is left to that request; a recorded one is never changed.
    """
    refund = Refund.objects.filter(idempotency_key=refund_key, status=RefundStatus.UNANSWERED).first()
    if refund is None or not stripe_refund_id:
        return None
    if stripe_status in ("failed", "canceled"):
        Refund.objects.filter(pk=refund.pk, status=RefundStatus.UNANSWERED).delete()
        return None
    if not _claim_unanswered(refund):
        return None
    return _refund_record(refund=refund, stripe_refund_id=stripe_refund_id, staff_user=None, send_email=True)


def refunds_settle_unanswered(*, order_id: int) -> int:
    """Read the payment's refunds at Stripe and settle each of the order's unanswered rows Stripe lists
    (recorded, or forgotten if Stripe refused it); a row Stripe does not list stays for the retry. Asks for
    no refund. Returns how many were recorded."""
    recorded = 0
    order = Order.objects.only("stripe_payment_intent_id").get(pk=order_id)
    for refund in Refund.objects.filter(order_id=order_id, status=RefundStatus.UNANSWERED):
        if not _claim_unanswered(refund):
            continue
        made = payments.find_refund(payment_intent_id=order.stripe_payment_intent_id, refund_key=refund.idempotency_key)
        if made is None or made.unanswered:
            _unclaim(refund)
            continue
        try:
            _refund_settle(refund=refund, result=made, staff_user=None, send_email=True)
        except RefundProblem:
            continue
        recorded += 1
    return recorded


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
                    _("At most %(left)s can still be refunded on that line.")
                    % {"left": format_cad(owed[amount_line_id])}
                )
        if amount <= 0:
            raise RefundProblem(_("There is nothing left to refund on this order."))
        if amount > left:
            raise RefundProblem(_("At most %(left)s can still be refunded on this order.") % {"left": format_cad(left)})
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
            # All the money is back: the order is over (a cancelled one stays cancelled). A part leaves the
            # status alone, so a partly refunded order is still packed, shipped or cancelled as usual.
            if order.status != OrderStatus.CANCELLED:
                order.status = OrderStatus.REFUNDED
                fields.append("status")
        order.save(update_fields=fields)
        note = _("Refunded %(amount)s (Stripe %(refund)s)") % {
            "amount": format_cad(refund.amount),
            "refund": stripe_refund_id,
        }
        if refund.reason:
            note = f"{note}: {refund.reason}"
        OrderStatusChange.objects.create(
            order=order, from_status=from_status, to_status=order.status, note=note[:300], staff_user=staff_user
        )
        if send_email:
            order_staff_email_schedule(order=order, kind=OrderEmailKind.REFUNDED, refund=refund)
    return refund
