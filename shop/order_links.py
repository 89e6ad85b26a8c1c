"""The signed link in a receipt that opens the shopper's order page without a password.

A TimestampSigner token carries the order's id and the email it was placed with; it is good for a year.
Changing any character breaks the signature, and an order whose email was changed no longer opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.urls import reverse

SALT = "shop.order-receipt-link"
# Long enough to find a receipt again at tax time; after that the lookup form (number and email) still works.
RECEIPT_LINK_MAX_AGE = timedelta(days=365)


class ReceiptLinkProblem(Exception):
    """The link cannot open an order; `expired` tells a link that was good once from a broken one."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


@dataclass(frozen=True, slots=True)
class ReceiptLink:
    order_id: int
    email: str


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def receipt_token(*, order_id: int, email: str) -> str:
    return _signer().sign_object({"o": order_id, "e": email.strip().lower()})


def receipt_path(*, order_id: int, email: str) -> str:
    """The order page's address for the receipt (prefix it with the site's address in an email)."""
    return reverse("shop:order_receipt", kwargs={"token": receipt_token(order_id=order_id, email=email)})


def receipt_link_read(token: str) -> ReceiptLink:
    """What a token says, or ReceiptLinkProblem when it was altered, is not ours, or is over a year old."""
    try:
        data = _signer().unsign_object(token, max_age=RECEIPT_LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise ReceiptLinkProblem(expired=True) from None
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise ReceiptLinkProblem(expired=False) from None
    if not isinstance(data, dict):
        raise ReceiptLinkProblem(expired=False)
    order_id, email = data.get("o"), data.get("e")
    if not isinstance(order_id, int) or isinstance(order_id, bool) or not isinstance(email, str) or not email:
        raise ReceiptLinkProblem(expired=False)
    return ReceiptLink(order_id=order_id, email=email)
