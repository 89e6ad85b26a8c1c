"""Reading orders for the people allowed to see them."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet

from shop.models import Order
from shop.selectors.pricing import shipping_rates_for


def _with_details(queryset: QuerySet[Order]) -> QuerySet[Order]:
    return queryset.prefetch_related("lines", "taxes", "status_changes")


def verified_emails(user) -> list[str]:
    from allauth.account.models import EmailAddress

    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    return [email.lower() for email in addresses]


def orders_for_user(*, user) -> QuerySet[Order]:
    """A customer's orders: placed while signed in, or as a guest with an email they have since verified."""
    emails = verified_emails(user)
    condition = Q(user=user)
    for email in emails:
        condition |= Q(email__iexact=email)
    return Order.objects.filter(condition).exclude(number__isnull=True)


def order_for_viewer(*, number: str, session_numbers: Iterable[str], user) -> Order | None:
    """The order if this visitor placed it (same browser session) or owns it (signed in); else None."""
    queryset = _with_details(Order.objects.filter(number=number))
    if number in set(session_numbers):
        return queryset.first()
    if user is not None and user.is_authenticated:
        return _with_details(orders_for_user(user=user).filter(number=number)).first()
    return None


def order_lookup(*, number: str, email: str) -> Order | None:
    """A guest finds an order by its number and the email it was placed with (both must match)."""
    return Order.objects.for_email(email).filter(number=number.strip().upper()).first()


def order_for_receipt_link(*, order_id: int, email: str) -> Order | None:
    """The order a receipt's signed link names, if it still has the email the link was made for."""
    return _with_details(Order.objects.filter(pk=order_id, email__iexact=email)).exclude(number__isnull=True).first()


def order_delivery_estimate(order: Order) -> str:
    """How long the order's shipping method takes to its province ("3–7 business days"), or "" if unknown.

    Read from the shipping rate rules (one query); a rate without a delivery estimate gives "".
    """
    for rule in shipping_rates_for(order.shipping_province):
        if rule.method == order.shipping_method:
            return str(rule.estimate) if rule.estimate else ""
    return ""
