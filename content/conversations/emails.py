"""The chat's emails: to the shopper, "we got your message" and each staff reply; to the staff, an alert
when a shopper's message needs an answer.

The shopper's are rendered in the shopper's language, the staff alert in the staff's (LANGUAGE_CODE), when
the service runs, and handed to the worker after commit (config.mail.enqueue_email), so a failing mail
provider never fails the shopper's post or the staff reply.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from config.languages import supported_language
from config.mail import enqueue_email
from config.site_url import public_url
from content.conversations.models import Conversation, ConversationMessage
from content.office_hours import closed_note
from content.settings import SiteSettings


@dataclass(frozen=True, slots=True)
class ShopDetails:
    shop_name: str
    reply_to: str
    chat_url: str
    settings: SiteSettings


def shop_details() -> ShopDetails:
    """The default site's name, contact address and chat page, as the emails show them."""
    site = Site.objects.filter(is_default_site=True).first()
    site_settings = SiteSettings.for_site(site) if site else SiteSettings()
    chat_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("content:chat")
    return ShopDetails(
        shop_name=site_settings.shop_name,
        reply_to=site_settings.contact_email,
        chat_url=chat_url,
        settings=site_settings,
    )


def _send(conversation: Conversation, *, template: str, subject: str, context: dict, shop: ShopDetails) -> None:
    context = {"conversation": conversation, "shop": shop, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"email/{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[conversation.email],
        reply_to=[shop.reply_to] if shop.reply_to else None,
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    enqueue_email(message)


def send_message_received(conversation: Conversation, message: ConversationMessage) -> None:
    shop = shop_details()
    with translation.override(supported_language(conversation.language)):
        note = closed_note(timezone.now(), shop.settings.office_hours())
        subject = _("We got your message — %(shop)s") % {"shop": shop.shop_name}
        _send(
            conversation,
            template="chat_received",
            subject=subject,
            context={"message": message, "closed_note": note},
            shop=shop,
        )


def send_staff_reply(conversation: Conversation, reply: ConversationMessage) -> None:
    shop = shop_details()
    with translation.override(supported_language(conversation.language)):
        subject = _("%(shop)s replied to your message") % {"shop": shop.shop_name}
        writer = reply.staff_user.first_name if reply.staff_user and reply.staff_user.first_name else ""
        _send(
            conversation, template="chat_reply", subject=subject, context={"reply": reply, "writer": writer}, shop=shop
        )


def send_staff_alert(conversation: Conversation, message: ConversationMessage) -> bool:
    """Tell the shop's staff that a shopper's message needs an answer: who wrote, what, from which page, and
    a link to the conversation in the admin inbox. Answering the email reaches the shopper (Reply-To).
    False, and nothing sent, when the site settings name no address."""
    shop = shop_details()
    to = shop.settings.chat_alert_address
    if not to:
        return False
    with translation.override(settings.LANGUAGE_CODE):
        # One line whatever the shopper typed as their name: a header never carries their line breaks.
        writer = " ".join(conversation.name.split()) or conversation.email
        subject = _("New chat message from %(writer)s — %(shop)s") % {"writer": writer, "shop": shop.shop_name}
        context = {
            "conversation": conversation,
            "message": message,
            "shop": shop,
            "page_url": public_url(message.page_path),
            "inbox_url": public_url(reverse("conversations:inspect", args=[conversation.pk])),
        }
        email = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("email/chat_staff_alert.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            reply_to=[conversation.email],
        )
        email.attach_alternative(render_to_string("email/chat_staff_alert.html", context), "text/html")
    enqueue_email(email)
    return True
