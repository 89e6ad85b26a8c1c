"""What the shopper reads when a card payment does not go through: Stripe's codes mapped to plain words.

Stripe's own error messages are written for developers and are never shown. Each known code says what
happened and what to do next; any other code gets the generic message. A plain rule: no request, no database.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Stripe's `code` for a PaymentIntent whose 3-D Secure check failed or was abandoned.
AUTHENTICATION_FAILED = "payment_intent_authentication_failure"

_MESSAGES = {
    AUTHENTICATION_FAILED: gettext_lazy(
        "Your bank could not confirm it was you (the security check was not completed), so the card was not "
        "charged. Please try again and finish your bank's check, or use another card."
    ),
    "authentication_required": gettext_lazy(
        "Your bank asks you to confirm this payment, and the check was not completed. Nothing was charged. "
        "Please try again and follow your bank's steps, or use another card."
    ),
    "card_declined": gettext_lazy(
        "Your bank declined the card. Nothing was charged. Please use another card, or call your bank and try again."
    ),
    "insufficient_funds": gettext_lazy(
        "The card does not have enough available funds for this order. Nothing was charged. Please use another card."
    ),
    "expired_card": gettext_lazy(
        "The card has expired. Nothing was charged. Please check the expiry date or use another card."
    ),
    "incorrect_cvc": gettext_lazy(
        "The security code (the 3 or 4 digits on the card) is not right. Nothing was charged. "
        "Please check it and try again."
    ),
    "incorrect_number": gettext_lazy("The card number is not right. Please check it and try again."),
    "processing_error": gettext_lazy(
        "Something went wrong while your bank processed the card. Nothing was charged. Please try again in a moment."
    ),
    "card_not_supported": gettext_lazy(
        "This card cannot be used for this purchase. Nothing was charged. Please use another card."
    ),
}

_GENERIC = gettext_lazy(
    "The payment did not go through and nothing was charged. Please try again, or use another card."
)


def known_codes() -> frozenset[str]:
    return frozenset(_MESSAGES)


def generic_message() -> str:
    return str(_GENERIC)


def payment_problem_message(code: str | None = None, decline_code: str | None = None) -> str:
    """The plain message for Stripe's error `code` and, for a declined card, its `decline_code`.

    A known decline code (insufficient_funds, expired_card…) says more than the code "card_declined",
    so it wins; an unknown or missing one falls back to the code, then to the generic message.
    """
    for key in (decline_code, code):
        if key and key in _MESSAGES:
            return str(_MESSAGES[key])
    return str(_GENERIC)


def card_details_message() -> str:
    """Shown when the card form itself is incomplete or wrong, before anything reaches the bank."""
    return _("Please check the card number, expiry date and security code.")
