"""The shopper's side of "Chat with us": the form, the JSON the panel reads, abuse limits and privacy."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from content.conversations.models import Conversation, ConversationMessage
from content.conversations.views import CHAT_POSTS
from tests.content.chat_support import CHAT, CHAT_JSON, JSON, chat_form, panel, send
from tests.factories import ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('hi')</script>"
# 2026-11-30 is a Monday; 17:00 UTC is noon in Toronto, 23:00 UTC is 18:00 there (closed).
MONDAY_NOON = "2026-11-30 17:00:00"
MONDAY_EVENING = "2026-11-30 23:00:00"


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


# --- every page --------------------------------------------------------------------------------


def test_every_page_has_the_chat_panel_and_a_launcher_that_works_without_javascript(client, site):
    page = soup(client.get("/search/?q=oil"))

    panel_ = page.select_one("section#chat-panel[role=dialog][hidden]")
    assert panel_["aria-labelledby"] == "chat-panel-title"
    form = panel_.select_one("form[data-chat-form]")
    assert form["action"] == CHAT and form["method"] == "post"
    assert form.select_one("input[name=csrfmiddlewaretoken]")["value"]
    assert form.select_one("input[name=page]")["value"] == "/search/?q=oil"
    assert form.select_one("textarea[name=message]")["maxlength"] == "2000"
    assert form.select_one("input[type=file]") is None
    assert page.select_one("[data-chat-live][aria-live=polite]") is not None
    launcher = page.select_one("a.chat-launcher[data-chat-open]")
    assert launcher["href"] == "/chat/?from=/search/%3Fq%3Doil"


def test_the_panel_reads_no_conversation_while_drawing_a_page(client, site):
    send(client)  # even for a shopper with a conversation: the panel asks for it by itself
    client.get("/search/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/search/")

    assert not [query for query in queries.captured_queries if "content_conversation" in query["sql"]]


# --- the page without JavaScript ---------------------------------------------------------------


def test_without_javascript_the_chat_page_posts_and_comes_back_with_a_message(client, site):
    page = client.get(CHAT + "?from=/shop/")
    assert page.status_code == 200
    assert "private" in page["Cache-Control"]
    assert soup(page).select_one("form.chat-form input[name=page]")["value"] == "/shop/"

    response = client.post(CHAT, chat_form(page="/shop/"), follow=True)

    assert response.redirect_chain == [("/chat/?from=%2Fshop%2F", 302)]
    html = soup(response)
    assert "We've got your message" in html.select_one(".messages").get_text()
    assert html.select_one(".chat-message--shopper .chat-message__body").get_text() == chat_form()["message"]
    assert html.select_one('.chat-page a[href="/shop/"]').get_text() == "Back to the page you were on"
    conversation = Conversation.objects.get()
    assert (conversation.name, conversation.email) == ("Ada", "ada@example.com")


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"email": ""}, "Enter your email so we can answer you."),
        ({"email": "not-an-email"}, "Enter a valid email address."),
        ({"message": "   "}, "Write a message first."),
        ({"message": "x" * 2001}, "Please keep your message under 2000 characters."),
    ],
)
def test_a_bad_form_is_shown_again_with_the_reason_and_nothing_is_stored(client, site, overrides, error):
    response = client.post(CHAT, chat_form(**overrides))

    assert response.status_code == 400
    assert error in response.content.decode().replace("&#x27;", "'")
    assert Conversation.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"email": ""}, "Enter your email so we can answer you."),
        ({"message": ""}, "Write a message first."),
        ({"message": "x" * 2001}, "Please keep your message under 2000 characters."),
    ],
)
def test_the_json_answer_to_a_bad_form_is_a_400_with_a_message(client, site, overrides, error):
    response = send(client, **overrides)

    assert response.status_code == 400
    assert response.json() == {"ok": False, "message": error}
    assert Conversation.objects.count() == 0


def test_only_get_and_post(client, site):
    assert client.put(CHAT).status_code == 405
    assert client.post(CHAT_JSON).status_code == 405


# --- the panel's JSON --------------------------------------------------------------------------


@freeze_time(MONDAY_NOON)
def test_sending_from_the_panel_answers_with_the_conversation(client, site):
    response = send(client)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    data = response.json()
    assert data["ok"] is True and "We've got your message" in data["message"]
    assert data["office"] == {"open": True, "note": ""}
    assert data["conversation"]["email"] == "ada@example.com"
    [message] = data["conversation"]["messages"]
    assert (message["from"], message["author"], message["body"]) == ("shopper", "You", chat_form()["message"])


@freeze_time(MONDAY_EVENING)
def test_outside_office_hours_the_panel_says_when_staff_will_answer(client, site):
    data = panel(client)

    assert data["office"] == {"open": False, "note": "We're closed now; we'll answer from 9:00 tomorrow."}
    assert data["conversation"] is None
    page = client.get(CHAT).content.decode().replace("&#x27;", "'")
    assert "We're closed now; we'll answer from 9:00 tomorrow." in page


def test_the_poll_is_private_and_only_shows_this_sessions_conversation(client, site):
    send(client, message="Mine")
    stranger = Client()
    send(stranger, email="eve@example.com", message="Theirs")

    mine, theirs = panel(client), panel(stranger)

    assert [m["body"] for m in mine["conversation"]["messages"]] == ["Mine"]
    assert [m["body"] for m in theirs["conversation"]["messages"]] == ["Theirs"]
    assert panel(Client())["conversation"] is None  # a new visitor sees nothing
    response = client.get(CHAT_JSON)
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_a_session_holding_someone_elses_id_or_junk_sees_nothing(client, site):
    send(Client(), message="Not yours")
    session = client.session
    session["chat_conversation"] = str(Conversation.objects.get().pk)  # a row id is not a token
    session.save()
    assert panel(client)["conversation"] is None

    session["chat_conversation"] = {"token": "junk"}
    session.save()
    assert panel(client)["conversation"] is None


def test_later_messages_join_the_same_conversation_without_the_email_again(client, site):
    send(client, message="First")
    response = send(client, message="Second", email="", name="")

    assert response.status_code == 200
    conversation = Conversation.objects.get()
    assert list(conversation.messages.values_list("body", flat=True)) == ["First", "Second"]
    assert conversation.email == "ada@example.com" and conversation.name == "Ada"
    assert conversation.last_message_preview == "Second"
    assert [m["body"] for m in response.json()["conversation"]["messages"]] == ["First", "Second"]


# --- what staff see attached -------------------------------------------------------------------


def test_the_message_carries_the_page_the_product_and_the_cart_priced_by_the_shop(client, site):
    gun = ProductFactory(name="Quiet Pulse", slug="quiet-pulse", variant=False)
    variant = ProductVariantFactory(product=gun, sku="QP-BLK", price=Decimal("199.00"))
    oil = ProductVariantFactory(sku="OIL-250", price=Decimal("18.50"))
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})
    client.post("/cart/add/", {"variant": oil.pk, "quantity": 1})

    send(client, page="/products/quiet-pulse/?variant=QP-BLK")

    message = ConversationMessage.objects.get()
    assert message.page_path == "/products/quiet-pulse/?variant=QP-BLK"
    assert message.product == gun and message.product_name == "Quiet Pulse"
    assert message.cart["subtotal"] == "416.50" and message.cart["currency"] == "CAD"
    assert [
        (line["sku"], line["quantity"], line["unit_price"], line["line_total"]) for line in message.cart["lines"]
    ] == [
        ("QP-BLK", 2, "199.00", "398.00"),
        ("OIL-250", 1, "18.50", "18.50"),
    ]
    assert message.cart["lines"][0]["name"] == "Quiet Pulse"


@pytest.mark.parametrize("page", ["https://evil.example/x", "//evil.example/", "javascript:alert(1)", "/shop/"])
def test_only_a_path_on_this_site_is_kept_as_the_page(client, site, page):
    send(client, page=page)

    message = ConversationMessage.objects.get()
    assert message.page_path == (page if page == "/shop/" else "")
    assert message.product is None and message.cart == {}


# --- abuse ---------------------------------------------------------------------------------------


def test_messages_are_rate_limited_per_client(client, site):
    for _ in range(CHAT_POSTS.hits):
        assert send(client).status_code == 200

    refused = send(client)
    from_elsewhere = send(Client(REMOTE_ADDR="198.51.100.9"))

    assert refused.status_code == 429
    assert "wait a few minutes" in refused.json()["message"]
    assert ConversationMessage.objects.count() == CHAT_POSTS.hits + 1
    assert from_elsewhere.status_code == 200


def test_a_filled_honeypot_gets_the_usual_answer_and_nothing_is_stored_or_sent(client, site):
    response = send(client, website="https://spam.example")

    assert response.status_code == 200 and response.json()["ok"] is True
    assert response.json()["conversation"] is None
    assert Conversation.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("as_json", [True, False])
def test_attachments_are_refused_with_a_clear_message(client, site, as_json):
    data = {**chat_form(), "file": SimpleUploadedFile("receipt.pdf", b"%PDF-1.4", content_type="application/pdf")}

    response = client.post(CHAT, data, **(JSON if as_json else {}))

    assert response.status_code == 400
    text = response.json()["message"] if as_json else response.content.decode().replace("&#x27;", "'")
    assert "Attachments can't be sent in the chat" in text
    assert Conversation.objects.count() == 0


def test_every_message_is_escaped_on_the_page_and_sent_as_plain_text_in_json(client, site):
    send(client, message=SCRIPT, name=SCRIPT)

    page = client.get(CHAT).content.decode()
    data = panel(client)

    assert SCRIPT not in page
    assert "&lt;script&gt;alert(&#x27;hi&#x27;)&lt;/script&gt;" in page
    assert data["conversation"]["messages"][0]["body"] == SCRIPT  # text for textContent, never HTML


def test_posting_needs_the_csrf_token(site):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(CHAT, chat_form(), **JSON).status_code == 403
    assert Conversation.objects.count() == 0


# --- the confirmation email ----------------------------------------------------------------------


@freeze_time(MONDAY_EVENING)
def test_the_first_message_is_confirmed_by_email_through_the_worker(client, site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, message=f"Hello {SCRIPT}")
    with django_capture_on_commit_callbacks(execute=True):
        send(client, message="And another thing")

    [email] = mail.outbox
    assert email.to == ["ada@example.com"]
    assert "We got your message" in email.subject
    assert f"Hello {SCRIPT}" in email.body
    assert "we'll answer from 9:00 tomorrow" in email.body
    html = email.alternatives[0][0]
    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert "http://localhost/chat/" in email.body or "/chat/" in email.body
