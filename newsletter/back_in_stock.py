"""Back-in-stock alerts: asking (double opt-in), confirming, cancelling, and the one email when stock is back.

Each service is one transaction and mail goes to the worker after commit. The shop says a variant is back
through SHOP_STOCK_RETURNED_HOOKS (newsletter.hooks.stock_returned_send_alerts), which hands the sending
to a task here; each confirmed request is used up by a conditional UPDATE before its email is written,
so two restocks, or two workers, never send one request twice. A request is never a subscription.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from enum import Enum

from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from config.languages import supported_language
from config.mail import enqueue_email
from newsletter import tokens
from newsletter.models import (
    ACTIVE_STATUSES,
    BackInStockRequest,
    BackInStockStatus,
    Subscriber,
    SubscriberStatus,
    normalise_email,
)
from newsletter.selectors import SenderDetails, sender_details
from newsletter.services import RESEND_AFTER, site_url
from shop.models import ProductVariant
from shop.selectors.offers import variant_offers
from shop.selectors.translations import show_option_text, show_product_text, with_option_text, with_product_text

logger = logging.getLogger(__name__)

# The alert's consent text is the shop's own words, not an editor's, so its version changes with the code.
ALERT_CONSENT_TEXT_VERSION = 1
ALERT_CONSENT_TEXT = _(
    "Yes, email me once when this is back in stock. This is not a newsletter subscription. "
    "{shop_name}, {mailing_address}. Contact: {contact_email}. You can withdraw your consent at any time "
    "with the link in our email or by writing to us."
)


@dataclass(frozen=True, slots=True)
class AlertContext:
    """What the form saw, kept on the request as its consent record."""

    language: str = ""
    ip_address: str | None = None
    user_agent: str = ""
    consent_text_version: int | None = ALERT_CONSENT_TEXT_VERSION


class AlertConfirmResult(Enum):
    CONFIRMED = "confirmed"
    ALREADY_CONFIRMED = "already"
    EXPIRED = "expired"
    INVALID = "invalid"


def alert_consent_text(request=None) -> str:
    """The words next to the alert's consent box, with the shop's name, mailing address and contact."""
    sender = sender_details(request)
    address = ", ".join(line.strip() for line in sender.mailing_address.splitlines() if line.strip())
    return str(ALERT_CONSENT_TEXT).format(
        shop_name=sender.shop_name, mailing_address=address, contact_email=sender.contact_email
    )


def _is_suppressed(email: str) -> bool:
    return Subscriber.objects.filter(email__iexact=email, status=SubscriberStatus.SUPPRESSED).exists()


def back_in_stock_request(
    *, email: str, variant_id: int, context: AlertContext, sender: SenderDetails | None = None
) -> BackInStockRequest | None:
    """Start the double opt-in for one alert. The caller shows the same answer whatever happened.

    A new request is pending and gets a confirmation link; asking again while pending resends it at most
    once per 10 minutes; a confirmed request stays as it is; a suppressed address gets nothing at all.
    """
    email = normalise_email(email)
    if _is_suppressed(email):
        return None
    now = timezone.now()
    with transaction.atomic():
        request = _locked_active(email, variant_id)
        if request is None:
            try:
                with transaction.atomic():
                    request = BackInStockRequest.objects.create(email=email, variant_id=variant_id)
            except IntegrityError:  # the same request a moment ago, from another tab
                request = _locked_active(email, variant_id)
                if request is None:
                    raise
        if request.status == BackInStockStatus.CONFIRMED:
            return request
        if request.confirmation_sent_at and now - request.confirmation_sent_at < RESEND_AFTER:
            return request
        request.language = context.language or request.language
        request.consent_text_version = context.consent_text_version
        request.ip_address = context.ip_address or None
        request.user_agent = (context.user_agent or "")[:300]
        request.confirmation_nonce = secrets.token_urlsafe(16)
        request.confirmation_sent_at = now
        request.save(
            update_fields=[
                "language",
                "consent_text_version",
                "ip_address",
                "user_agent",
                "confirmation_nonce",
                "confirmation_sent_at",
            ]
        )
        _send_confirmation(request, sender=sender)
    return request


def _locked_active(email: str, variant_id: int) -> BackInStockRequest | None:
    return (
        BackInStockRequest.objects.select_for_update()
        .filter(email__iexact=email, variant_id=variant_id, status__in=ACTIVE_STATUSES)
        .first()
    )


def back_in_stock_confirm(*, token: str) -> tuple[AlertConfirmResult, BackInStockRequest | None]:
    """Use a confirmation link, once: the request waits for stock (and is answered at once if it is back)."""
    try:
        parts = tokens.read_confirm_token(token, salt=tokens.ALERT_CONFIRM_SALT)
    except tokens.LinkExpired:
        return AlertConfirmResult.EXPIRED, None
    except tokens.LinkInvalid:
        return AlertConfirmResult.INVALID, None
    with transaction.atomic():
        request = BackInStockRequest.objects.select_for_update().filter(pk=parts.subscriber_id).first()
        if request is None:
            return AlertConfirmResult.INVALID, None
        if not request.confirmation_nonce or not constant_time_compare(request.confirmation_nonce, parts.secret):
            if request.status in (BackInStockStatus.CONFIRMED, BackInStockStatus.NOTIFIED):
                return AlertConfirmResult.ALREADY_CONFIRMED, request
            return AlertConfirmResult.INVALID, None
        if request.status != BackInStockStatus.PENDING:
            return AlertConfirmResult.INVALID, None
        request.status = BackInStockStatus.CONFIRMED
        request.confirmed_at = timezone.now()
        request.confirmation_nonce = ""
        request.save(update_fields=["status", "confirmed_at", "confirmation_nonce"])
        # Stock that came back while the request was pending was not told to it: tell it now.
        if ProductVariant.objects.filter(pk=request.variant_id, stock_quantity__gt=0).exists():
            variant_id = request.variant_id
            transaction.on_commit(lambda: back_in_stock_alerts_enqueue(variant_id=variant_id))
    return AlertConfirmResult.CONFIRMED, request


def request_from_cancel_link(token: str) -> BackInStockRequest | None:
    try:
        parts = tokens.read_standing_token(token, salt=tokens.ALERT_CANCEL_SALT)
    except tokens.LinkInvalid:
        return None
    request = BackInStockRequest.objects.select_related("variant__product").filter(pk=parts.subscriber_id).first()
    if request is None or not constant_time_compare(request.secret, parts.secret):
        return None
    return request


def back_in_stock_cancel(*, request: BackInStockRequest) -> bool:
    """Withdraw a request that has not been answered yet. True if it changed anything."""
    with transaction.atomic():
        return bool(
            BackInStockRequest.objects.filter(pk=request.pk, status__in=ACTIVE_STATUSES).update(
                status=BackInStockStatus.CANCELLED, cancelled_at=timezone.now(), confirmation_nonce=""
            )
        )


def back_in_stock_cancel_for_email(*, email: str) -> int:
    """Withdraw every unanswered request of an address (it was suppressed). Returns how many."""
    with transaction.atomic():
        return BackInStockRequest.objects.filter(
            email__iexact=normalise_email(email), status__in=ACTIVE_STATUSES
        ).update(status=BackInStockStatus.CANCELLED, cancelled_at=timezone.now(), confirmation_nonce="")


def back_in_stock_alerts_enqueue(*, variant_id: int) -> None:
    """Hand the alerts for a variant that is back to the worker."""
    send_back_in_stock_alerts.enqueue(variant_id)


@task()
def send_back_in_stock_alerts(variant_id: int) -> int:
    """The worker's side of back_in_stock_notify."""
    return back_in_stock_notify(variant_id=variant_id)


def back_in_stock_notify(*, variant_id: int, sender: SenderDetails | None = None) -> int:
    """One email to each confirmed request for a variant that is in stock now; each request is used up.

    Each request is taken by a conditional UPDATE (confirmed -> notified) in its own transaction, and only
    the caller whose UPDATE changed the row writes the email, so a request is told once however many
    restocks or workers race here. An address suppressed since it asked is withdrawn instead of mailed.
    Returns how many emails were handed to the worker.
    """
    variant = ProductVariant.objects.select_related("product").filter(pk=variant_id).first()
    if variant is None or variant.stock_quantity <= 0 or not variant.product.is_active:
        return 0
    offer = variant_offers([variant])[0]
    sender = sender or sender_details()
    waiting = BackInStockRequest.objects.filter(variant_id=variant_id, status=BackInStockStatus.CONFIRMED)
    sent = 0
    named: dict[str, ProductVariant] = {}  # the variant with its names in each language asked for, read once
    for request in waiting.order_by("pk"):
        now = timezone.now()
        with transaction.atomic():
            mine = BackInStockRequest.objects.filter(pk=request.pk, status=BackInStockStatus.CONFIRMED)
            if _is_suppressed(request.email):
                mine.update(status=BackInStockStatus.CANCELLED, cancelled_at=now)
                continue
            if not mine.update(status=BackInStockStatus.NOTIFIED, notified_at=now):
                continue  # another restock or worker told it already
            language = supported_language(request.language)
            if language not in named:
                named[language] = variant_named_in(variant_id, language) or variant
            _send_alert(request, variant=named[language], offer=offer, sender=sender)
            sent += 1
    return sent


def back_in_stock_sweep() -> int:
    """Tell every confirmed request whose variant is in stock now: the safety net behind the hook's task."""
    variant_ids = (
        BackInStockRequest.objects.filter(status=BackInStockStatus.CONFIRMED, variant__stock_quantity__gt=0)
        .order_by("variant_id")
        .values_list("variant_id", flat=True)
        .distinct()
    )
    return sum(back_in_stock_notify(variant_id=variant_id) for variant_id in list(variant_ids))


def product_url(variant: ProductVariant) -> str:
    return site_url(f"{variant.product.get_absolute_url()}?variant={variant.sku}")


def cancel_url(request: BackInStockRequest) -> str:
    token = tokens.standing_token(request.pk, request.secret, salt=tokens.ALERT_CANCEL_SALT)
    return site_url(reverse("newsletter:back_in_stock_cancel", args=[token]))


def variant_named_in(variant_id: int, language: str) -> ProductVariant | None:
    """The variant with its product's name and its options in `language` (the catalogue's translations), for display.

    Read through shop.selectors.translations, so a French shopper is told about "Pierres de basalte — Grand";
    a name with no translation is the English one.
    """
    with translation.override(language):
        rows = with_option_text(with_product_text(ProductVariant.objects.select_related("product"), via="product__"))
        variant = rows.filter(pk=variant_id).first()
        if variant is not None:
            show_product_text(variant.product, variant)
            show_option_text(variant)
    return variant


def _send_confirmation(request: BackInStockRequest, *, sender: SenderDetails | None) -> None:
    language = supported_language(request.language)
    variant = variant_named_in(request.variant_id, language)
    token = tokens.confirm_token(request.pk, request.confirmation_nonce, salt=tokens.ALERT_CONFIRM_SALT)
    # The links open the pages in the shopper's language (/fr/… in French).
    with translation.override(language):
        context = {
            "variant": variant,
            "product_name": str(variant),
            "confirm_url": site_url(reverse("newsletter:back_in_stock_confirm", args=[token])),
            "cancel_url": cancel_url(request),
        }
    _send(request, "back_in_stock_confirm", context, sender=sender)


def _send_alert(request: BackInStockRequest, *, variant: ProductVariant, offer, sender: SenderDetails) -> None:
    with translation.override(supported_language(request.language)):
        context = {
            "variant": variant,
            "product_name": str(variant),
            "price": offer.price,
            "was": offer.was if offer.on_sale else None,
            "product_url": product_url(variant),
            "asked_on": request.created_at,
        }
    _send(request, "back_in_stock", context, sender=sender)


def _send(request: BackInStockRequest, template: str, context: dict, *, sender: SenderDetails | None) -> None:
    """Render the email now, in the shopper's language, and hand it to the worker after commit."""
    sender = sender or sender_details()
    context = {**context, "request": request, "sender": sender}
    with translation.override(supported_language(request.language)):
        subject = render_to_string(f"newsletter/email/{template}_subject.txt", context).strip()
        text = render_to_string(f"newsletter/email/{template}.txt", context)
        html = render_to_string(f"newsletter/email/{template}.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, from_email=sender.from_email, to=[request.email])
    if sender.reply_to:
        message.reply_to = [sender.reply_to]
    message.attach_alternative(html, "text/html")
    enqueue_email(message)


__all__ = [
    "ALERT_CONSENT_TEXT_VERSION",
    "AlertConfirmResult",
    "AlertContext",
    "back_in_stock_alerts_enqueue",
    "back_in_stock_cancel",
    "back_in_stock_cancel_for_email",
    "back_in_stock_confirm",
    "back_in_stock_notify",
    "back_in_stock_request",
    "back_in_stock_sweep",
    "send_back_in_stock_alerts",
]
