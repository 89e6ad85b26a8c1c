"""Order emails (receipt, payment reminder, fulfilled, shipped, cancelled, refunded), rendered from templates and sent through Django's mail API.

Only the worker calls these (shop.services.notifications, through shop.tasks); they raise whatever the
provider raises, and the caller decides when to try again.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from wagtail.contrib.settings.context_processors import SettingProxy
from wagtail.models import Site

from shop.fulfilment import tracking_url
from shop.models import Order, ShopSettings
from shop.order_links import receipt_path
from shop.selectors.orders import order_delivery_estimate

logger = logging.getLogger(__name__)


def _shop_settings() -> ShopSettings:
    site = Site.objects.filter(is_default_site=True).first()
    return ShopSettings.for_site(site) if site else ShopSettings()


def _site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _send(*, order: Order, subject: str, template: str, context: dict) -> None:
    # Every email about an order links to its page by a signed link, not to the lookup form.
    receipt_url = _site_url() + receipt_path(order_id=order.pk, email=order.email)
    context = {
        "order": order,
        "shop_settings": _shop_settings(),
        "site_url": _site_url(),
        "receipt_url": receipt_url,
        **context,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[order.email],
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    message.send()


def _order(order_id: int) -> Order:
    return Order.objects.prefetch_related("lines", "taxes").get(pk=order_id)


def _site_settings() -> SettingProxy | dict:
    """Every app's site settings, read by name in the template (the seller's name and address are the
    site's), so the shop needs no import of the app that defines them."""
    site = Site.objects.filter(is_default_site=True).first()
    return SettingProxy(request_or_site=site) if site else {}


def send_order_confirmation(*, order_id: int) -> None:
    """The receipt: what was bought at which prices and savings, the date, shipping, the card, the seller
    and its registration numbers, and a signed link to the order page."""
    order = _order(order_id)
    subject = _("Your order %(number)s is confirmed") % {"number": order.number}
    context = {
        "site_settings": _site_settings(),
        "delivery_estimate": order_delivery_estimate(order),
    }
    _send(order=order, subject=subject, template="order_confirmation", context=context)


def send_payment_reminder(*, order_id: int) -> None:
    order = _order(order_id)
    subject = _("Your order %(number)s is still waiting for payment") % {"number": order.number}
    _send(order=order, subject=subject, template="payment_reminder", context={})


def send_order_fulfilled(*, order_id: int) -> None:
    """Packed and ready to leave: what is in the parcel, and that the tracking link follows when it ships."""
    order = _order(order_id)
    subject = _("Your order %(number)s is packed") % {"number": order.number}
    _send(order=order, subject=subject, template="order_fulfilled", context={})


def send_order_shipped(*, order_id: int) -> None:
    order = _order(order_id)
    subject = _("Your order %(number)s is on its way") % {"number": order.number}
    link = tracking_url(carrier=order.carrier, tracking_number=order.tracking_number)
    _send(order=order, subject=subject, template="order_shipped", context={"tracking_url": link})


def send_order_cancelled(*, order_id: int) -> None:
    order = _order(order_id)
    subject = _("Your order %(number)s has been cancelled") % {"number": order.number}
    _send(order=order, subject=subject, template="order_cancelled", context={})


def send_order_refunded(*, order_id: int, refund_id: int | None = None) -> None:
    """The refund email: this refund's amount, and the total refunded so far when there has been more than one."""
    order = _order(order_id)
    refund = order.refunds.filter(pk=refund_id).first() if refund_id is not None else None
    subject = _("A refund for your order %(number)s") % {"number": order.number}
    context = {
        "refund_amount": refund.amount if refund is not None else order.refunded_total,
        "earlier_refunds": refund is not None and refund.amount != order.refunded_total,
    }
    _send(order=order, subject=subject, template="order_refunded", context=context)
