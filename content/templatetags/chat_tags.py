"""`{% chat_panel %}`: the "Chat with us" panel and its launcher, on every page.

The panel's HTML is the same on every page, so it is rendered once per language and kept in this process;
what belongs to the page (the visitor's CSRF token and the page's own address) is filled in per page, as
the newsletter form does. It costs no query: the conversation and the office hours come from
/chat/messages.json when the panel opens (static/js/chat.js).
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from config.page_cache import CSRF_PLACEHOLDER
from content.conversations.forms import local_path

register = template.Library()

PAGE_PLACEHOLDER = "__chat-page__"
FROM_PLACEHOLDER = "__chat-from__"


@register.simple_tag(takes_context=True)
def chat_panel(context) -> SafeString:
    request = context.get("request")
    page = local_path(request.get_full_path()) if request is not None else ""
    html = _panel_html(get_language() or "")
    html = html.replace(CSRF_PLACEHOLDER, escape(str(context.get("csrf_token") or "")))
    html = html.replace(PAGE_PLACEHOLDER, escape(page)).replace(FROM_PLACEHOLDER, escape(quote(page, safe="/")))
    # Safe: the template escaped everything it printed, and the filled-in values are escaped here.
    return mark_safe(html)


@register.simple_tag(takes_context=True)
def chat_url(context) -> str:
    """/chat/ with the page to come back to, for the "Chat with us" links in the trust strip and footer."""
    request = context.get("request")
    page = local_path(request.get_full_path()) if request is not None else ""
    url = reverse("content:chat")
    return f"{url}?from={quote(page, safe='/')}" if page else url


@lru_cache(maxsize=16)
def _panel_html(language: str) -> str:
    # `language` is part of the key only: the active language (the same one) translates the template.
    return render_to_string("includes/chat_panel.html", {"csrf_token": CSRF_PLACEHOLDER})
