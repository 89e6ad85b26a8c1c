"""A conversation: one shopper (by email), their messages and the staff's replies, newest activity first."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_MESSAGE_LENGTH = 2000
PREVIEW_LENGTH = 140


class Sender(models.TextChoices):
    SHOPPER = "shopper", _("Shopper")
    STAFF = "staff", _("Staff")


class Conversation(models.Model):
    # What the shopper's session holds (never the row id, so ids say nothing about other conversations).
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, blank=True)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    # Kept from the latest message, so the inbox lists, sorts and filters without reading the messages.
    last_message_at = models.DateTimeField(_("last message"), default=timezone.now)
    last_message_from = models.CharField(
        _("last message from"), max_length=10, choices=Sender.choices, default=Sender.SHOPPER
    )
    last_message_preview = models.CharField(_("last message"), max_length=PREVIEW_LENGTH, blank=True)
    # False from a shopper's new message until staff open the conversation.
    is_read_by_staff = models.BooleanField(_("read"), default=False)

    class Meta:
        ordering = ["-last_message_at", "-pk"]
        indexes = [
            models.Index(fields=["is_read_by_staff"], name="content_conv_unread"),
            models.Index(fields=["last_message_from", "-last_message_at"], name="content_conv_unanswered"),
        ]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def is_unanswered(self) -> bool:
        """Unanswered: the last word is the shopper's."""
        return self.last_message_from == Sender.SHOPPER


class ConversationMessage(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.CharField(_("from"), max_length=10, choices=Sender.choices)
    body = models.TextField(_("message"), max_length=MAX_MESSAGE_LENGTH)
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    # What the shopper was looking at when they wrote (shopper messages only), for staff to see.
    page_path = models.CharField(_("page"), max_length=500, blank=True)
    product = models.ForeignKey(
        "shop.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("product")
    )
    product_name = models.CharField(_("product name"), max_length=200, blank=True)
    # The cart as it was: {"lines": [{name, variant, sku, quantity, unit_price, line_total}], "subtotal", "currency"}.
    cart = models.JSONField(_("cart"), default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"], name="content_convmsg_thread")]
        verbose_name = _("conversation message")
        verbose_name_plural = _("conversation messages")

    def __str__(self) -> str:
        return f"{self.get_sender_display()}: {self.body[:40]}"
