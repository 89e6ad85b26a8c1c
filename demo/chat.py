"""Demo chat: one conversation in the staff inbox, asked from a product page with that product in the cart,
answered once and waiting on the shopper's follow-up (so the menu's unread count and the dashboard show it).

Rows are written directly, never through the chat's services: loading the demo sends no email.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from content.conversations.models import Conversation, ConversationMessage, Sender
from content.conversations.selectors import lines_snapshot
from demo.base import CREATED, UNCHANGED, DemoContext
from demo.staff import STAFF_USERNAME
from shop.models import CartLine, Product

SHOPPER_EMAIL = "priya.raman@example.com"
PRODUCT_SLUG = "tidewell-quiet-pulse"
THREAD = (
    (
        Sender.SHOPPER,
        26 * 60,
        "Hi! How loud is the Quiet Pulse on its lowest setting? I'd like to use it while my partner sleeps.",
    ),
    (
        Sender.STAFF,
        25 * 60,
        "Hi Priya, on its lowest speed it's about 40 dB, roughly a quiet library. Most customers use it in the same room as a sleeping partner without trouble.",
    ),
    (Sender.SHOPPER, 40, "Great, thanks! Does it come with a carry case, or should I order one?"),
)


def load_chat_conversation(ctx: DemoContext) -> None:
    if Conversation.objects.filter(email=SHOPPER_EMAIL).exists():
        ctx.report("Chat conversations", [UNCHANGED])
        return
    product = Product.objects.filter(slug=PRODUCT_SLUG).prefetch_related("variants").first()
    variant = product.variants.first() if product else None
    # The cart as the shop's one price path prices it today (an unsaved line: no cart row is left behind).
    cart = lines_snapshot([CartLine(variant=variant, quantity=1)]) if variant else {}
    staff = get_user_model().objects.filter(username=STAFF_USERNAME).first()
    now = timezone.now()
    with transaction.atomic():
        first_at = now - timedelta(minutes=THREAD[0][1])
        conversation = Conversation.objects.create(
            name="Priya Raman", email=SHOPPER_EMAIL, language="en-ca", created_at=first_at, last_message_at=first_at
        )
        for sender, minutes_ago, body in THREAD:
            shopper = sender == Sender.SHOPPER
            ConversationMessage.objects.create(
                conversation=conversation,
                sender=sender,
                body=body,
                staff_user=None if shopper else staff,
                created_at=now - timedelta(minutes=minutes_ago),
                page_path=product.get_absolute_url() if shopper and product else "",
                product=product if shopper else None,
                product_name=product.name if shopper and product else "",
                cart=cart if shopper else {},
            )
        last_sender, last_minutes, last_body = THREAD[-1]
        conversation.last_message_at = now - timedelta(minutes=last_minutes)
        conversation.last_message_from = last_sender
        conversation.last_message_preview = last_body[:140]
        conversation.is_read_by_staff = False
        conversation.save()
    ctx.report("Chat conversations", [CREATED])
