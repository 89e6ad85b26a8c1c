"""Price-match requests: filed by a shopper, approved (a code, or a refund of the difference) or rejected by staff.

Every step writes a PriceMatchEvent (the append-only audit log) and emails the shopper through the worker
after commit. Approving before purchase issues a single-use discount code (shop.models.DiscountCode, kind
price_match) for that one variant at the matched price, bound to the shopper's email and valid for the
policy's days; its one use is reserved and redeemed like any code's (shop.services.code_uses), so it cannot
be used twice, nor by another email. Approving after purchase refunds the difference on every unit of the
order line, with the tax charged on it at the order's own rates (shop.price_match.price_match_refund),
through shop.services.refunds, under a key made from the request, so a double click refunds once, a Stripe
refusal leaves the request pending and the order as it was, and a retry after Stripe timed out gets back
the refund Stripe may have made rather than a second one. The request is approved (and the shopper told)
only once Stripe has said yes. The refund is recorded against the order line (RefundLine), so it never
gives back more than the line has left, and a later refund of the line gives back only the rest.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.languages import supported_language
from config.mail import enqueue_email
from shop.models import (
    DiscountCode,
    OrderLine,
    PriceMatchEvent,
    PriceMatchEventKind,
    PriceMatchRequest,
    PriceMatchStatus,
    ProductVariant,
    Refund,
    RefundStatus,
)
from shop.models.discounts import DiscountCodeKind
from shop.money import Money
from shop.price_match import (
    CompetitorOffer,
    PriceMatchDecision,
    PriceMatchPolicy,
    PriceMatchRefund,
    code_expires_at,
    matched_units,
    price_match_decision,
    price_match_refund,
    refund_key,
)
from shop.selectors.price_match import (
    PurchasedLine,
    competitor_offer_of,
    price_match_policy,
    staff_notification_address,
    variant_shelf_price,
)
from shop.services.refunds import RefundProblem, lines_refund_left, order_refund, refundable_amount

__all__ = [
    "PriceMatchProblem",
    "price_match_approve",
    "price_match_decision_now",
    "price_match_refund_now",
    "price_match_reject",
    "price_match_request_create",
]

# Code letters without 0/O and 1/I/L, so a code read aloud or copied by hand is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class PriceMatchProblem(Exception):
    """The step cannot be taken; the message says why (for staff or the shopper), and nothing was changed."""

    @property
    def message(self) -> str:
        return str(self)


def price_match_request_create(
    *,
    variant: ProductVariant,
    offer: CompetitorOffer,
    email: str,
    shelf_price: Money,
    purchase: PurchasedLine | None = None,
    screenshot=None,
) -> PriceMatchRequest:
    """File a shopper's request (already validated by the form), log it and tell them we have it."""
    with transaction.atomic():
        request = PriceMatchRequest.objects.create(
            variant=variant,
            sku=variant.sku,
            product_name=str(variant)[:200],
            competitor_name=offer.retailer,
            competitor_url=offer.url,
            competitor_price=offer.price.amount,
            currency=offer.price.currency,
            in_stock_confirmed=offer.in_stock,
            identical_confirmed=offer.identical,
            canadian_retailer_confirmed=offer.canadian_retailer,
            special_price=offer.special_price,
            email=email,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            screenshot=screenshot or "",
            order=purchase.order if purchase is not None else None,
            shelf_price=(purchase.paid_unit_price if purchase is not None else shelf_price).amount,
        )
        _log(request, PriceMatchEventKind.RECEIVED, note=f"{offer.retailer} {offer.price} — {offer.url}")
        _email(request, "price_match_received", subject=gettext_lazy("We received your price-match request"))
        _email_staff(request)
    return request


def price_match_decision_now(
    request: PriceMatchRequest, *, policy: PriceMatchPolicy | None = None
) -> PriceMatchDecision:
    """The policy's answer for a stored request today: against what the shopper paid, or our shelf price now."""
    policy = policy or price_match_policy()
    offer = competitor_offer_of(request)
    if request.order_id is not None:
        basis = Money(request.shelf_price, request.currency)
    elif request.variant is None:
        return PriceMatchDecision(eligible=False, reasons=(_("The item is no longer sold."),), matched_price=None)
    else:
        basis = variant_shelf_price(request.variant)
    return price_match_decision(offer, shelf_price=basis, policy=policy)


def price_match_refund_now(request: PriceMatchRequest, decision: PriceMatchDecision) -> PriceMatchRefund | None:
    """What approving an after-purchase request would refund today: the difference on each unit of the order's
    line for the item, its tax at the order's rates, capped by what is left to refund. None before purchase."""
    if request.order_id is None:
        return None
    order = request.order
    line, left_on_line = _purchased_line_left(request)
    # The difference is given back on the line: never more than the line has left after earlier refunds of it
    # (by line, or by an earlier match); a line refunded in full has had all its money back already.
    bought = line.quantity if line is not None and left_on_line > 0 else 0
    return price_match_refund(
        decision,
        paid_unit_price=Money(request.shelf_price, request.currency),
        units=matched_units(bought=bought, policy=price_match_policy()),
        tax_rates=order.taxes.values_list("rate", flat=True),
        refundable=Money(min(refundable_amount(order), left_on_line), order.currency),
    )


def _purchased_line_left(request: PriceMatchRequest) -> tuple[OrderLine | None, Decimal]:
    """The order's line for the request's item, and what it has left to give back (nothing without a line)."""
    order = request.order
    lines = (
        order.lines.filter(variant_id=request.variant_id) if request.variant_id else order.lines.filter(sku=request.sku)
    )
    line = lines.order_by("pk").first()
    if line is None:
        return None, Decimal("0.00")
    return line, lines_refund_left(order=order, line_ids=[line.pk])[line.pk]


def price_match_approve(*, request_id: int, staff_user, now: datetime | None = None) -> PriceMatchRequest:
    """Approve a pending request: a code before purchase, a refund of the difference after it.

    Raises PriceMatchProblem (nothing changed) when the request was decided already, the policy refuses it
    now, or Stripe refuses the refund.
    """
    now = now or timezone.now()
    policy = price_match_policy()
    with transaction.atomic():
        request = _locked_pending(request_id)
        decision = price_match_decision_now(request, policy=policy)
        if not decision.eligible:
            raise PriceMatchProblem(" ".join(decision.reasons))
        if request.order_id is None:
            return _approve_with_code(request, decision=decision, staff_user=staff_user, now=now, policy=policy)
        difference = price_match_refund_now(request, decision)
        key = refund_key(request_id)
        # A retry after Stripe did not answer asks about the first refund, whatever is left now.
        retrying = Refund.objects.filter(idempotency_key=key).exists()
        line, left_on_line = _purchased_line_left(request)
        if difference.total.amount <= 0 and not retrying:
            if line is not None and left_on_line <= 0:
                raise PriceMatchProblem(
                    _(
                        "%(sku)s on order %(number)s has been refunded in full already: there is no difference "
                        "left to refund."
                    )
                    % {"sku": line.sku, "number": request.order.number}
                )
            raise PriceMatchProblem(
                _("There is nothing left to refund on order %(number)s.") % {"number": request.order.number}
            )
        order = request.order

    # After purchase: Stripe is asked outside any transaction (order_refund writes the Refund row first, under
    # this request's key, and deletes it again if Stripe refuses).
    try:
        refund = order_refund(
            order=order,
            idempotency_key=key,
            amount=difference.total.amount,
            amount_line_id=line.pk if line is not None else None,
            reason=_("Price match with %(retailer)s") % {"retailer": request.competitor_name},
            staff_user=staff_user,
            send_email=False,  # the price-match email says it, with the matched price
        )
    except RefundProblem as problem:
        _log(request, PriceMatchEventKind.REFUND_FAILED, note=problem.message, staff_user=staff_user)
        raise PriceMatchProblem(problem.message) from problem
    if refund.status != RefundStatus.SUCCEEDED:
        # A second click while the first is still waiting for Stripe gets the first click's row: Stripe has not
        # said yes yet (and may still refuse), so nothing is approved, logged or emailed on its strength.
        raise PriceMatchProblem(_("The refund is still being sent to Stripe; try again in a moment."))

    with transaction.atomic():
        request = PriceMatchRequest.objects.select_for_update().get(pk=request_id)
        if request.status != PriceMatchStatus.PENDING:
            return request  # the same approval, clicked twice: the first one finished it
        # What Stripe refunded: the amount of the first try, if this is a retry after Stripe did not answer.
        refunded = Money(refund.amount, refund.currency)
        request.status = PriceMatchStatus.APPROVED
        request.matched_price = decision.matched_price.amount
        request.decided_at = now
        request.decided_by = staff_user
        request.refund = refund
        request.save(update_fields=["status", "matched_price", "decided_at", "decided_by", "refund"])
        _log(request, PriceMatchEventKind.APPROVED, note=" ".join(decision.reasons), staff_user=staff_user)
        _log(
            request,
            PriceMatchEventKind.REFUNDED,
            note=_("Refunded %(amount)s on order %(number)s (%(units)s × %(difference)s, and %(tax)s tax)")
            % {
                "amount": refunded,
                "number": order.number,
                "units": difference.units,
                "difference": difference.unit_difference,
                "tax": difference.tax,
            },
            staff_user=staff_user,
        )
        _email(
            request,
            "price_match_refunded",
            subject=gettext_lazy("Your price match is approved: we refunded the difference"),
            # The breakdown, when it is what was refunded (not cut down to what was left, not an earlier try's).
            context={
                "amount": refunded,
                "order": order,
                "refund": difference if not difference.limited and difference.total == refunded else None,
            },
        )
    return request


def _approve_with_code(request, *, decision, staff_user, now, policy) -> PriceMatchRequest:
    code = DiscountCode.objects.create(
        code=_new_code(),
        kind=DiscountCodeKind.PRICE_MATCH,
        value=0,
        variant=request.variant,
        bound_email=request.email,
        matched_price=decision.matched_price.amount,
        matched_units=policy.units_per_match,
        usage_limit=1,
        per_customer_limit=1,
        starts_at=now,
        ends_at=code_expires_at(approved_at=now, policy=policy),
    )
    request.status = PriceMatchStatus.APPROVED
    request.matched_price = decision.matched_price.amount
    request.decided_at = now
    request.decided_by = staff_user
    request.discount_code = code
    request.save(update_fields=["status", "matched_price", "decided_at", "decided_by", "discount_code"])
    _log(request, PriceMatchEventKind.APPROVED, note=" ".join(decision.reasons), staff_user=staff_user)
    _log(
        request,
        PriceMatchEventKind.CODE_ISSUED,
        note=_("Code %(code)s, valid until %(until)s") % {"code": code.code, "until": code.ends_at.isoformat()},
        staff_user=staff_user,
    )
    _email(
        request,
        "price_match_approved",
        subject=gettext_lazy("Your price match is approved: here is your code"),
        context={"code": code, "matched_price": Money(code.matched_price, request.currency)},
    )
    return request


def price_match_reject(*, request_id: int, staff_user, reason: str, now: datetime | None = None) -> PriceMatchRequest:
    """Reject a pending request, telling the shopper why. Raises PriceMatchProblem if it was decided already."""
    reason = (reason or "").strip()
    if not reason:
        raise PriceMatchProblem(_("Give the shopper a reason for rejecting the request."))
    with transaction.atomic():
        request = _locked_pending(request_id)
        request.status = PriceMatchStatus.REJECTED
        request.reject_reason = reason
        request.decided_at = now or timezone.now()
        request.decided_by = staff_user
        request.save(update_fields=["status", "reject_reason", "decided_at", "decided_by"])
        _log(request, PriceMatchEventKind.REJECTED, note=reason, staff_user=staff_user)
        _email(request, "price_match_rejected", subject=gettext_lazy("About your price-match request"))
    return request


def _locked_pending(request_id: int) -> PriceMatchRequest:
    request = (
        PriceMatchRequest.objects.select_for_update(of=("self",))
        .select_related("variant__product", "order")
        .get(pk=request_id)
    )
    if request.status != PriceMatchStatus.PENDING:
        raise PriceMatchProblem(
            _("This request has already been %(status)s.") % {"status": request.get_status_display().lower()}
        )
    return request


def _new_code() -> str:
    while True:
        code = "PM-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        if not DiscountCode.objects.filter(code__iexact=code).exists():
            return code


def _log(request: PriceMatchRequest, kind: str, *, note: str = "", staff_user=None) -> PriceMatchEvent:
    return PriceMatchEvent.objects.create(request=request, kind=kind, note=note[:500], staff_user=staff_user)


def _email(request: PriceMatchRequest, template: str, *, subject: str, context: dict | None = None) -> None:
    """Render the email in the shopper's language now, log it, and hand it to the worker after commit."""
    context = {
        "request": request,
        "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
        "currency": request.currency,
        **(context or {}),
    }
    with translation.override(supported_language(request.language)):
        subject = str(subject)
        text = render_to_string(f"email/{template}.txt", context)
        html = render_to_string(f"email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[request.email]
    )
    message.attach_alternative(html, "text/html")
    enqueue_email(message)
    _log(request, PriceMatchEventKind.EMAILED, note=subject)


def _email_staff(request: PriceMatchRequest) -> None:
    """Tell staff a request is waiting, with a link to it in the admin, through the worker after commit."""
    site_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    context = {
        "request": request,
        "admin_url": site_url + reverse("price_match:inspect", args=[request.pk]),
        "currency": request.currency,
    }
    with translation.override(settings.LANGUAGE_CODE):  # the staff's language, not the shopper's
        subject = _("New price-match request: %(item)s at %(retailer)s") % {
            "item": request.product_name,
            "retailer": request.competitor_name,
        }
        text = render_to_string("email/price_match_staff_new.txt", context)
        html = render_to_string("email/price_match_staff_new.html", context)
    # One line whatever the shopper typed (a stored name from before the form said so, too): a header with a
    # line break makes Django refuse the whole email (BadHeaderError) in the worker.
    subject = " ".join(subject.split())
    message = EmailMultiAlternatives(
        subject=subject[:200],
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[staff_notification_address()],
        reply_to=[request.email],
    )
    message.attach_alternative(html, "text/html")
    enqueue_email(message)
