"""Writing conversations: a shopper's message, a staff reply, and staff opening one. One transaction each;
the emails go to the worker after commit."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from content.conversations import emails
from content.conversations.models import PREVIEW_LENGTH, Conversation, ConversationMessage, Sender
from content.conversations.selectors import MessageContext


def _preview(body: str) -> str:
    flat = " ".join(body.split())
    return flat if len(flat) <= PREVIEW_LENGTH else flat[: PREVIEW_LENGTH - 1] + "…"


def staff_alert_due(*, first: bool, last_message_from: str, read_by_staff: bool) -> bool:
    """Staff are emailed when a conversation starts waiting for them: its first message, or a shopper's message
    after staff answered or opened it; not each further message while it already waits unread."""
    already_waiting_unread = last_message_from == Sender.SHOPPER and not read_by_staff
    return first or not already_waiting_unread


def conversation_post_message(
    *,
    conversation: Conversation | None,
    body: str,
    email: str = "",
    name: str = "",
    language: str = "",
    context: MessageContext | None = None,
    now: datetime | None = None,
) -> Conversation:
    """Add a shopper's message, starting a conversation when there is none; it becomes unread and unanswered.

    The first message of a conversation gets a confirmation email; later ones do not (the shopper sees the
    thread in their panel), so a form cannot be used to send someone a stream of emails. Staff are alerted
    when the conversation starts waiting for them (staff_alert_due), so a chatty shopper cannot flood them.
    """
    now = now or timezone.now()
    context = context or MessageContext()
    with transaction.atomic():
        if conversation is None:
            if not email:
                raise ValueError("A new conversation needs the shopper's email.")
            conversation = Conversation.objects.create(
                name=name, email=email, language=language, created_at=now, last_message_at=now
            )
            alert_staff = first = True
        else:
            conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
            conversation.email = email or conversation.email
            conversation.name = name or conversation.name
            first = False
            alert_staff = staff_alert_due(
                first=False,
                last_message_from=conversation.last_message_from,
                read_by_staff=conversation.is_read_by_staff,
            )
        message = ConversationMessage.objects.create(
            conversation=conversation,
            sender=Sender.SHOPPER,
            body=body,
            created_at=now,
            page_path=context.page_path,
            product=context.product,
            product_name=context.product.name if context.product else "",
            cart=context.cart,
        )
        conversation.last_message_at = now
        conversation.last_message_from = Sender.SHOPPER
        conversation.last_message_preview = _preview(body)
        conversation.is_read_by_staff = False
        conversation.save()
        if first:
            emails.send_message_received(conversation, message)
        if alert_staff:
            emails.send_staff_alert(conversation, message)
    return conversation


def conversation_reply(
    *, conversation: Conversation, staff_user, body: str, now: datetime | None = None
) -> ConversationMessage:
    """A staff member answers: the reply joins the thread, the conversation is answered and read, and the
    shopper gets the reply by email."""
    now = now or timezone.now()
    with transaction.atomic():
        conversation = Conversation.objects.select_for_update().get(pk=conversation.pk)
        reply = ConversationMessage.objects.create(
            conversation=conversation, sender=Sender.STAFF, body=body, staff_user=staff_user, created_at=now
        )
        conversation.last_message_at = now
        conversation.last_message_from = Sender.STAFF
        conversation.last_message_preview = _preview(body)
        conversation.is_read_by_staff = True
        conversation.save(
            update_fields=["last_message_at", "last_message_from", "last_message_preview", "is_read_by_staff"]
        )
        emails.send_staff_reply(conversation, reply)
    return reply


def conversation_mark_read(*, conversation: Conversation) -> bool:
    """Staff opened the conversation: it is no longer unread. True when it was unread (one UPDATE)."""
    changed = Conversation.objects.filter(pk=conversation.pk, is_read_by_staff=False).update(is_read_by_staff=True)
    if changed:
        conversation.is_read_by_staff = True
    return bool(changed)
