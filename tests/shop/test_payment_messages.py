"""What a shopper reads when a card payment fails: plain words for each Stripe code, never Stripe's own."""

from __future__ import annotations

import pytest
from django.utils.html import escape

from shop import payments
from shop.payment_messages import (
    AUTHENTICATION_FAILED,
    card_details_message,
    generic_message,
    known_codes,
    payment_problem_message,
)
from shop.session_keys import CHECKOUT_ORDERS
from tests.shop.checkout_support import cart_with, place
from tests.shop.test_payments import ScriptedStripe, intent

# Stripe's `code` for each case; a declined card says why in `decline_code`.
DECLINES = {
    "card_declined": ("card_declined", None),
    "insufficient_funds": ("card_declined", "insufficient_funds"),
    "expired_card": ("expired_card", None),
    "incorrect_cvc": ("incorrect_cvc", None),
    "processing_error": ("processing_error", None),
    "card_not_supported": ("card_declined", "card_not_supported"),
    "authentication_required": ("card_declined", "authentication_required"),
}
RAW = "Stripe internal wording req_8x1 that no shopper should see"


def test_every_code_the_shop_explains_has_its_own_message():
    messages = [payment_problem_message(code) for code in known_codes()]
    assert len(set(messages)) == len(messages)
    assert all(message != generic_message() for message in messages)


@pytest.mark.parametrize("case", sorted(DECLINES))
def test_a_known_decline_says_what_happened_and_what_to_do(case):
    code, decline_code = DECLINES[case]
    message = payment_problem_message(code, decline_code)
    assert message == payment_problem_message(case)
    assert message != generic_message() and "Please" in message


def test_a_failed_three_d_secure_check_has_its_own_message():
    message = payment_problem_message(AUTHENTICATION_FAILED)
    assert message != generic_message() and "bank" in message


@pytest.mark.parametrize(
    ("code", "decline_code"),
    [(None, None), ("", ""), ("rate_limit", None), ("card_declined", "stolen_card_but_new_code"), ("x" * 500, None)],
)
def test_an_unknown_code_falls_back_to_what_it_can_explain(code, decline_code):
    expected = payment_problem_message("card_declined") if code == "card_declined" else generic_message()
    assert payment_problem_message(code, decline_code) == expected


def test_the_card_form_message_is_plain():
    assert "card number" in card_details_message()


def _shopper_with(client, order):
    session = client.session
    session[CHECKOUT_ORDERS] = [order.number]
    session.save()


def _card_error(code, decline_code):
    error = {"type": "card_error", "code": code, "message": RAW, "payment_intent": {"id": "pi_declined"}}
    if decline_code:
        error["decline_code"] = decline_code
    return 402, {"error": error}


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(DECLINES))
def test_the_pay_page_answers_a_decline_with_the_plain_message_only(client, settings, case):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE = "sk_test_checkout", ""
    order = place(cart_with())
    _shopper_with(client, order)
    with payments.using_http_client(ScriptedStripe(_card_error(*DECLINES[case]))):
        answer = client.post(f"/checkout/pay/{order.number}/", {"payment_method_id": "pm_declined"})
    assert answer.json() == {"status": "declined", "message": payment_problem_message(case)}
    assert RAW not in answer.content.decode()
    page = client.get(order.get_absolute_url())
    assert escape(payment_problem_message(case)) in page.content.decode() and RAW not in page.content.decode()


@pytest.mark.django_db
def test_a_failed_three_d_secure_check_reaches_the_page_in_plain_words(client, settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE = "sk_test_checkout", ""
    order = place(cart_with())
    _shopper_with(client, order)
    with payments.using_http_client(ScriptedStripe(intent(order, status="requires_action"))):
        client.post(f"/checkout/pay/{order.number}/", {"payment_method_id": "pm_card_threeDSecure2Required"})
    failed = intent(
        order,
        status="requires_payment_method",
        last_payment_error={"code": AUTHENTICATION_FAILED, "message": RAW},
    )
    with payments.using_http_client(ScriptedStripe(failed)):
        answer = client.post(f"/checkout/pay/{order.number}/confirm/")
    assert answer.json()["message"] == payment_problem_message(AUTHENTICATION_FAILED)
    assert RAW not in answer.content.decode()


@pytest.mark.django_db
def test_an_unknown_decline_code_gets_the_generic_message(client, settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE = "sk_test_checkout", ""
    order = place(cart_with())
    _shopper_with(client, order)
    with payments.using_http_client(ScriptedStripe(_card_error("brand_new_code", "also_new"))):
        answer = client.post(f"/checkout/pay/{order.number}/", {"payment_method_id": "pm_declined"})
    assert answer.json()["message"] == generic_message() and RAW not in answer.content.decode()


@pytest.mark.django_db
def test_the_pay_page_gives_its_script_the_plain_messages_instead_of_stripe_js_wording(client, settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_PUBLISHABLE_KEY = "sk_test_checkout", "pk_test_checkout"
    order = place(cart_with())
    _shopper_with(client, order)
    html = client.get(f"/checkout/pay/{order.number}/").content.decode()
    assert f'data-card-details-message="{escape(card_details_message())}"' in html
    assert f'data-generic-message="{escape(generic_message())}"' in html
