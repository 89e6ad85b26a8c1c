"""The demo's chat conversation: in the inbox, unread and unanswered, with the page, product and cart attached."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from content.conversations import selectors
from content.conversations.models import Conversation, Sender
from demo.chat import PRODUCT_SLUG, SHOPPER_EMAIL

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", image_size=32, stdout=out)
    return out.getvalue()


def test_the_demo_has_one_conversation_waiting_for_staff_and_a_rerun_keeps_it(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = load_demo()

    conversation = Conversation.objects.get()
    assert conversation.email == SHOPPER_EMAIL
    assert conversation.is_unanswered and not conversation.is_read_by_staff
    assert selectors.unread_count() == 1 and selectors.unanswered_count() == 1
    senders = list(conversation.messages.values_list("sender", flat=True))
    assert senders == [Sender.SHOPPER, Sender.STAFF, Sender.SHOPPER]
    asked = conversation.messages.first()
    assert asked.product.slug == PRODUCT_SLUG and asked.page_path == f"/products/{PRODUCT_SLUG}/"
    assert [line["quantity"] for line in asked.cart["lines"]] == [1]
    assert asked.cart["subtotal"] == asked.cart["lines"][0]["line_total"]
    assert mail.outbox == []  # loading the demo emails nobody
    assert "Chat conversations: 1 created" in first

    second = load_demo()

    assert Conversation.objects.count() == 1
    assert "Chat conversations: 1 already present" in second
