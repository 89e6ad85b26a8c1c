"""Staff are emailed when a shopper's chat message needs an answer: the first message of a conversation, and
a message after staff answered or opened it, but not each further message while it already waits unread."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from config.site_url import public_url
from content.conversations import services
from content.conversations.models import Conversation, Sender
from content.conversations.selectors import MessageContext
from content.conversations.services import staff_alert_due
from tests.content.chat_support import send
from tests.factories import ProductFactory, StaffFactory

SCRIPT = "<script>alert('hi')</script>"
STAFF_ADDRESS = "orders@knotandstone.example"


@pytest.fixture
def alerts_to(site_settings):
    site_settings.contact_email = STAFF_ADDRESS
    site_settings.save()
    return site_settings


def staff_alerts() -> list:
    return [message for message in mail.outbox if message.to != ["ada@example.com"]]


@pytest.mark.parametrize(
    ("first", "last_from", "read", "due"),
    [
        (True, Sender.SHOPPER, False, True),  # a new conversation
        (False, Sender.SHOPPER, False, False),  # already waiting, unread: no second alert
        (False, Sender.SHOPPER, True, True),  # staff opened it, did not answer, and the shopper writes again
        (False, Sender.STAFF, True, True),  # staff answered, the shopper writes back
        (False, Sender.STAFF, False, True),
    ],
)
def test_staff_are_alerted_only_when_the_conversation_starts_waiting_for_them(first, last_from, read, due):
    assert staff_alert_due(first=first, last_message_from=last_from, read_by_staff=read) is due


@pytest.mark.django_db
def test_the_first_message_alerts_the_staff_once_with_who_what_where(
    client, site, alerts_to, django_capture_on_commit_callbacks
):
    product = ProductFactory(name="Quiet Pulse")
    with django_capture_on_commit_callbacks(execute=True):
        send(
            client,
            name="Ada\r\nBcc: spam@example.com",
            message=f"Does it ship to Yukon? {SCRIPT}",
            page=product.get_absolute_url(),
        )
    chat = Conversation.objects.get()

    [alert] = staff_alerts()
    assert alert.to == [STAFF_ADDRESS] and alert.reply_to == ["ada@example.com"]
    assert alert.subject.startswith("New chat message from Ada Bcc: spam@example.com")  # one line, no header
    assert "\n" not in alert.subject
    inbox_url = public_url(reverse("conversations:inspect", args=[chat.pk]))
    assert f"Does it ship to Yukon? {SCRIPT}" in alert.body
    assert "ada@example.com" in alert.body and "Quiet Pulse" in alert.body
    assert product.get_absolute_url() in alert.body and inbox_url in alert.body
    html = alert.alternatives[0][0]
    assert alert.alternatives[0][1] == "text/html"
    assert SCRIPT not in html and "&lt;script&gt;" in html and f'href="{inbox_url}"' in html


@pytest.mark.django_db
def test_a_second_message_while_the_first_waits_unread_alerts_no_one(
    client, site, alerts_to, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, message="Hello?")
    with django_capture_on_commit_callbacks(execute=True):
        send(client, message="Hello again?")
        send(client, message="Anyone there?")

    assert len(staff_alerts()) == 1
    assert Conversation.objects.get().messages.count() == 3


@pytest.mark.django_db
def test_a_message_after_a_staff_reply_or_after_staff_opened_it_alerts_again(
    client, site, alerts_to, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, message="Do you ship to Yukon?")
    chat = Conversation.objects.get()
    staff = Client()
    staff.force_login(StaffFactory())
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("conversations:reply", args=[chat.pk]), {"body": "Yes, we do."})
        send(client, message="Great, how long does it take?")
    assert [alert.body.count("Yukon") + alert.body.count("how long") for alert in staff_alerts()] == [1, 1]

    staff.get(reverse("conversations:inspect", args=[chat.pk]))  # opened, not answered
    with django_capture_on_commit_callbacks(execute=True):
        send(client, message="And the price with shipping?")
        send(client, message="Thanks!")  # waiting unread again: no alert
    assert len(staff_alerts()) == 3 and "price with shipping" in staff_alerts()[-1].body


@pytest.mark.django_db
def test_no_address_in_the_settings_means_no_alert_and_no_error(
    client, site, site_settings, django_capture_on_commit_callbacks
):
    assert not site_settings.contact_email and not site_settings.chat_alert_email
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, message="Hello?")

    assert response.status_code == 200
    assert Conversation.objects.count() == 1
    assert staff_alerts() == [] and [message.to for message in mail.outbox] == [["ada@example.com"]]


@pytest.mark.django_db
def test_the_chat_alert_address_wins_over_the_contact_email(site, alerts_to, django_capture_on_commit_callbacks):
    alerts_to.chat_alert_email = "chat@knotandstone.example"
    alerts_to.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_post_message(conversation=None, email="ada@example.com", body="Hi")

    assert [alert.to for alert in staff_alerts()] == [["chat@knotandstone.example"]]


@pytest.mark.django_db
def test_the_alert_is_in_the_staff_language_whatever_the_shoppers(site, alerts_to, django_capture_on_commit_callbacks):
    with translation.override("fr"), django_capture_on_commit_callbacks(execute=True):
        services.conversation_post_message(
            conversation=None,
            email="ada@example.com",
            name="Adèle",
            body="Bonjour",
            language="fr",
            context=MessageContext(page_path="/fr/"),
        )

    confirmation = next(message for message in mail.outbox if message.to == ["ada@example.com"])
    [alert] = staff_alerts()
    assert "We got your message" not in confirmation.subject  # the shopper's is in French
    assert alert.subject.startswith("New chat message from Adèle")
    assert "Answer in the inbox" in alert.body and "Page:" in alert.body
