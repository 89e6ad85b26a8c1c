"""The shopper's side of the chat: the /chat/ page (the whole chat without JavaScript) and its JSON.

The panel on every page (static/js/chat.js) posts the same form to /chat/ asking for JSON, and polls
/chat/messages.json for replies. Both only ever show the conversation this browser session started.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from config import ratelimit
from content.conversations import services
from content.conversations.forms import ChatForm, local_path
from content.conversations.models import Conversation
from content.conversations.selectors import (
    OfficeStatus,
    conversation_thread,
    message_author,
    message_context,
    office_status,
    session_conversation,
)
from content.session_keys import CHAT_CONVERSATION
from content.settings import SiteSettings

# A shopper chatting sends a few messages a minute at most; a script gets ten and waits.
CHAT_POSTS = ratelimit.Rate(hits=10, seconds=5 * 60)


def _private(response: HttpResponse) -> HttpResponse:
    """Everything here is one shopper's conversation: no shared cache may keep it."""
    add_never_cache_headers(response)  # Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private
    response["X-Robots-Tag"] = "noindex"
    return response


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _office(request: HttpRequest) -> OfficeStatus:
    return office_status(timezone.now(), SiteSettings.for_request(request).office_hours())


def panel_state(request: HttpRequest, conversation: Conversation | None) -> dict:
    """What the panel shows: the office-hours note and the session's conversation (plain text, never HTML)."""
    office = _office(request)
    state: dict = {"office": {"open": office.is_open, "note": office.note}, "conversation": None}
    if conversation is None:
        return state
    shop_name = SiteSettings.for_request(request).shop_name
    state["conversation"] = {
        "name": conversation.name,
        "email": conversation.email,
        "messages": [
            {
                "id": message.pk,
                "from": message.sender,
                "author": message_author(message, shop_name=shop_name),
                "body": message.body,
                "sent_at": message.created_at.isoformat(),
                "time": date_format(timezone.localtime(message.created_at), "SHORT_DATETIME_FORMAT"),
            }
            for message in conversation_thread(conversation)
        ],
    }
    return state


@require_GET
def chat_messages(request: HttpRequest) -> HttpResponse:
    """The panel's poll: this session's conversation and the office hours, never anyone else's."""
    return _private(JsonResponse({"ok": True, **panel_state(request, session_conversation(request))}))


@require_http_methods(["GET", "POST"])
def chat(request: HttpRequest) -> HttpResponse:
    conversation = session_conversation(request)
    if request.method == "POST":
        return _post(request, conversation)
    form = ChatForm(initial={"page": local_path(request.GET.get("from", ""))}, email_known=conversation is not None)
    return _page(request, form, conversation)


def _page(request: HttpRequest, form: ChatForm, conversation: Conversation | None, *, status: int = 200):
    context = {
        "form": form,
        "conversation": conversation,
        "thread": panel_state(request, conversation)["conversation"],
        "office": _office(request),
        "back_url": local_path(str(form["page"].value() or "")),
    }
    return _private(render(request, "content/chat/page.html", context, status=status))


def _refuse(request: HttpRequest, form: ChatForm, conversation, message: str, status: int) -> HttpResponse:
    if _wants_json(request):
        return _private(JsonResponse({"ok": False, "message": message}, status=status))
    messages.error(request, message)
    return _page(request, form, conversation, status=status)


def _post(request: HttpRequest, conversation: Conversation | None) -> HttpResponse:
    form = ChatForm(request.POST, email_known=conversation is not None)
    if request.FILES:
        message = _("Attachments can't be sent in the chat. Describe it in words, or email us and attach it there.")
        return _refuse(request, ChatForm(email_known=conversation is not None), conversation, message, 400)
    if not ratelimit.hit(request, action="chat-message", rate=CHAT_POSTS):
        message = _("That's a lot of messages at once. Please wait a few minutes and try again.")
        return _refuse(request, form, conversation, message, 429)
    thanks = _("Thanks! We've got your message and will answer here and by email.")
    if form.is_bot:
        # The same answer a person gets, so a bot learns nothing; nothing is stored or sent.
        return _done(request, thanks, None, "")
    if not form.is_valid():
        if _wants_json(request):
            return _private(JsonResponse({"ok": False, "message": form.first_error()}, status=400))
        return _page(request, form, conversation, status=400)  # each error shows by its field
    data = form.cleaned_data
    conversation = services.conversation_post_message(
        conversation=conversation,
        body=data["message"],
        email=data["email"],
        name=data["name"],
        language=get_language() or "",
        context=message_context(request, data["page"]),
    )
    request.session[CHAT_CONVERSATION] = str(conversation.token)
    return _done(request, thanks, conversation, data["page"])


def _done(request: HttpRequest, thanks: str, conversation: Conversation | None, page: str) -> HttpResponse:
    if _wants_json(request):
        return _private(JsonResponse({"ok": True, "message": thanks, **panel_state(request, conversation)}))
    messages.success(request, thanks)
    query = f"?{urlencode({'from': page})}" if page else ""
    return HttpResponseRedirect(reverse("content:chat") + query)
