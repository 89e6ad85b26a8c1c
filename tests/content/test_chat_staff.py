"""Staff's side of "Chat with us": the inbox, a conversation's page, replying, unread counts and permissions."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from content.conversations import selectors, services
from content.conversations.models import Conversation, ConversationMessage, Sender
from content.conversations.selectors import MessageContext
from content.wagtail_hooks import add_unanswered_conversations_panel
from tests.content.chat_support import panel, send
from tests.factories import ProductFactory, ProductVariantFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

INBOX = "/admin/conversations/"
SCRIPT = "<script>alert('hi')</script>"


def inspect_url(conversation: Conversation) -> str:
    return reverse("conversations:inspect", args=[conversation.pk])


def reply_url(conversation: Conversation) -> str:
    return reverse("conversations:reply", args=[conversation.pk])


def conversation(email: str = "ada@example.com", body: str = "Is the oil nut-free?", **kwargs) -> Conversation:
    return services.conversation_post_message(conversation=None, email=email, body=body, **kwargs)


def staff_with(*codenames: str):
    user = UserFactory(is_staff=True, first_name="Maya")
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *codenames]))
    return user


@pytest.fixture
def staff_client(client):
    client.force_login(StaffFactory(first_name="Maya"))
    return client


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


# --- the inbox -----------------------------------------------------------------------------------


def test_the_inbox_lists_conversations_newest_first_with_unread_and_unanswered_marks(staff_client, site):
    older = conversation("old@example.com", "Old question", now=timezone.now() - timedelta(hours=2))
    newer = conversation("new@example.com", "New question")
    services.conversation_reply(
        conversation=older, staff_user=None, body="Answered", now=timezone.now() - timedelta(hours=1)
    )

    rows = soup(staff_client.get(INBOX)).select("tbody tr")

    assert [row.select_one("td a").get_text(strip=True) for row in rows] == ["new@example.com", "old@example.com"]
    assert "Unread" in rows[0].get_text() and "Unanswered" in rows[0].get_text()
    assert "Unread" not in rows[1].get_text() and "Answered" in rows[1].get_text()
    assert rows[0].select_one(f'a[href="{inspect_url(newer)}"]') is not None


def test_the_inbox_filters_unanswered_and_unread_and_searches_by_email(staff_client, site):
    waiting = conversation("waiting@example.com")
    answered = conversation("answered@example.com")
    services.conversation_reply(conversation=answered, staff_user=None, body="Yes")
    read = conversation("read@example.com")
    services.conversation_mark_read(conversation=read)

    def emails(query: str) -> set[str]:
        rows = soup(staff_client.get(INBOX + query)).select("tbody tr")
        return {row.select_one("td a").get_text(strip=True) for row in rows}

    assert emails("?waiting=unanswered") == {"waiting@example.com", "read@example.com"}
    assert emails("?waiting=unread") == {waiting.email}
    assert emails("?q=answered") == {"answered@example.com"}


def test_the_menu_item_counts_unread_conversations(staff_client, site):
    conversation("a@example.com")
    conversation("b@example.com")

    assert "Conversations (2 unread)" in staff_client.get("/admin/").content.decode()
    assert selectors.unread_count() == 2


def test_opening_a_conversation_marks_it_read_and_shows_what_the_shopper_attached(staff_client, site):
    gun = ProductFactory(name="Quiet Pulse", slug="quiet-pulse", variant=False)
    ProductVariantFactory(product=gun, sku="QP-BLK", price=Decimal("199.00"))
    cart = {
        "lines": [
            {
                "name": "Quiet Pulse",
                "variant": "Black",
                "sku": "QP-BLK",
                "quantity": 2,
                "unit_price": "199.00",
                "line_total": "398.00",
            }
        ],
        "subtotal": "398.00",
        "currency": "CAD",
    }
    chat = conversation(context=MessageContext(page_path="/products/quiet-pulse/", product=gun, cart=cart))
    assert selectors.unread_count() == 1

    page = soup(staff_client.get(inspect_url(chat)))

    assert selectors.unread_count() == 0
    assert Conversation.objects.get().is_read_by_staff is True
    message = page.select_one(".conversation-message--shopper")
    assert message.select_one('a[href="/products/quiet-pulse/"]') is not None
    assert "Quiet Pulse" in message.get_text()
    row = [cell.get_text(strip=True) for cell in message.select("tbody tr td")]
    assert row == ["Quiet Pulse — Black", "QP-BLK", "2", "$199.00", "$398.00"]
    assert "$398.00" in message.select_one("tfoot").get_text()


def test_messages_are_escaped_in_the_admin(staff_client, site):
    chat = conversation(body=SCRIPT, name=SCRIPT)

    list_html = staff_client.get(INBOX).content.decode()
    page_html = staff_client.get(inspect_url(chat)).content.decode()

    assert SCRIPT not in list_html and SCRIPT not in page_html
    assert "&lt;script&gt;" in page_html and "&lt;script&gt;" in list_html


# --- replying ------------------------------------------------------------------------------------


def test_a_staff_reply_reaches_the_shoppers_panel_and_their_inbox(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, message="Do you ship to Yukon?")
    chat = Conversation.objects.get()
    staff = Client()
    staff.force_login(StaffFactory(first_name="Maya"))

    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reply_url(chat), {"body": f"Yes, we do! {SCRIPT}"})

    assert response.status_code == 302 and response.url == inspect_url(chat)
    chat.refresh_from_db()
    assert chat.last_message_from == Sender.STAFF and not chat.is_unanswered and chat.is_read_by_staff
    # In the shopper's panel, as text
    staff_message = panel(client)["conversation"]["messages"][-1]
    assert staff_message["from"] == "staff"
    assert staff_message["body"] == f"Yes, we do! {SCRIPT}"
    assert staff_message["author"].startswith("Maya")
    # And by email, after the confirmation of the first message
    confirmation, reply = mail.outbox
    assert "We got your message" in confirmation.subject
    assert reply.to == ["ada@example.com"] and "replied to your message" in reply.subject
    assert f"Yes, we do! {SCRIPT}" in reply.body and "Maya at" in reply.body
    assert SCRIPT not in reply.alternatives[0][0]


def test_a_reply_is_refused_when_empty_or_too_long(staff_client, site):
    chat = conversation()

    for body in ("", "x" * 2001):
        response = staff_client.post(reply_url(chat), {"body": body}, follow=True)
        assert response.status_code == 200
        assert ConversationMessage.objects.filter(sender=Sender.STAFF).count() == 0
    assert "2000 characters" in response.content.decode()


def test_the_reply_url_takes_only_posts(staff_client, site):
    assert staff_client.get(reply_url(conversation())).status_code == 405


# --- permissions ---------------------------------------------------------------------------------


def test_staff_with_view_permission_read_but_cannot_reply(client, site):
    chat = conversation()
    client.force_login(staff_with("view_conversation"))

    assert client.get(INBOX).status_code == 200
    page = client.get(inspect_url(chat))
    assert page.status_code == 200 and soup(page).select_one(f'form[action="{reply_url(chat)}"]') is None
    assert client.post(reply_url(chat), {"body": "Hi"}).status_code in (302, 403)  # Wagtail: back home, with a message
    assert ConversationMessage.objects.filter(sender=Sender.STAFF).count() == 0


def test_staff_with_view_and_change_permissions_reply(client, site):
    chat = conversation()
    client.force_login(staff_with("view_conversation", "change_conversation"))

    assert soup(client.get(inspect_url(chat))).select_one(f'form[action="{reply_url(chat)}"]') is not None
    assert client.post(reply_url(chat), {"body": "Hi"}).status_code == 302
    assert ConversationMessage.objects.filter(sender=Sender.STAFF).count() == 1


def test_an_editor_without_the_permissions_sees_no_conversations(client, site):
    chat = conversation("secret@example.com")
    client.force_login(staff_with())

    assert client.get(INBOX).status_code in (302, 403)
    assert client.get(inspect_url(chat)).status_code in (302, 403)
    assert client.post(reply_url(chat), {"body": "Hi"}).status_code in (302, 403)
    assert ConversationMessage.objects.filter(sender=Sender.STAFF).count() == 0
    home = client.get("/admin/").content.decode()
    assert "secret@example.com" not in home and "Conversations" not in home
    assert Conversation.objects.get().is_read_by_staff is False


# --- the dashboard -------------------------------------------------------------------------------


def test_the_dashboard_lists_unanswered_conversations_longest_waiting_first(staff_client, site):
    conversation("first@example.com", "Waiting longest", now=timezone.now() - timedelta(hours=3))
    conversation("second@example.com", "Waiting less")
    services.conversation_reply(conversation=conversation("done@example.com"), staff_user=None, body="Done")

    panel_ = soup(staff_client.get("/admin/")).select_one("#unanswered-conversations-section")

    assert "2 shoppers are waiting for an answer." in panel_.get_text()
    assert [a.get_text() for a in panel_.select("li a")] == ["first@example.com", "second@example.com"]


def test_the_dashboard_panel_is_only_for_staff_who_may_view_conversations(rf, site):
    request = rf.get("/admin/")
    request.user = staff_with()
    panels = []
    add_unanswered_conversations_panel(request, panels)
    assert panels == []

    request.user = staff_with("view_conversation")
    add_unanswered_conversations_panel(request, panels)
    assert [p.name for p in panels] == ["unanswered_conversations"]


# --- query budget --------------------------------------------------------------------------------


def make_conversations(count: int) -> None:
    now = timezone.now()
    chats = Conversation.objects.bulk_create(
        Conversation(
            email=f"shopper{i}@example.com", last_message_at=now - timedelta(minutes=i), last_message_preview="Hi"
        )
        for i in range(count)
    )
    ConversationMessage.objects.bulk_create(
        ConversationMessage(conversation=chat, sender=Sender.SHOPPER, body="Hi") for chat in chats
    )


def test_the_inbox_costs_the_same_at_10_and_at_1000_conversations_and_orders(
    staff_client, site, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_conversations(10)
    staff_client.get(INBOX)  # warm the per-user permission caches, as any earlier page would

    def queries() -> int:
        with django_assert_max_num_queries(25), CaptureQueriesContext(connection) as context:
            assert staff_client.get(INBOX).status_code == 200
        return len(context.captured_queries)

    small = queries()
    make_conversations(990)
    assert Conversation.objects.count() == 1000
    assert queries() == small
    # Nor does the shop's size: a thousand orders cost the inbox nothing.
    from tests.shop.test_dashboard import order_rows

    order_rows(1000)
    assert queries() == small


def test_a_new_shopper_message_makes_a_read_conversation_unread_and_unanswered_again(staff_client, site):
    chat = conversation()
    staff_client.get(inspect_url(chat))
    services.conversation_reply(conversation=chat, staff_user=None, body="Yes")
    assert selectors.unread_count() == 0 and selectors.unanswered_count() == 0

    services.conversation_post_message(conversation=chat, body="Thanks! One more thing…")

    assert selectors.unread_count() == 1 and selectors.unanswered_count() == 1


def test_a_conversation_page_costs_the_same_with_3_and_with_60_messages(
    staff_client, site, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    gun = ProductFactory(name="Quiet Pulse", slug="quiet-pulse")
    chat = conversation(context=MessageContext(page_path="/products/quiet-pulse/", product=gun))

    def add(count: int) -> None:
        for i in range(count):
            services.conversation_post_message(
                conversation=chat, body=f"Question {i}", context=MessageContext(product=gun)
            )
            services.conversation_reply(conversation=chat, staff_user=None, body=f"Answer {i}")

    def queries() -> int:
        with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as context:
            assert staff_client.get(inspect_url(chat)).status_code == 200
        return len(context.captured_queries)

    add(1)
    staff_client.get(inspect_url(chat))  # warm the per-user permission caches
    small = queries()
    add(29)
    assert queries() == small
