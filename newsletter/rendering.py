"""A campaign rendered for mail clients: one HTML part (table layout, CSS inlined) and one plain-text part.

Rendering happens once, when sending starts (the frozen content); each recipient's own links are put in
at send time by `personalise`, so 10,000 sends never render a template 10,000 times.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import css_inline
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags

from newsletter.models import Campaign
from newsletter.selectors import SenderDetails, sender_details

# Markers in the frozen content for what differs per recipient. They are not template syntax, so an
# editor's text can never produce them by accident through the template engine.
UNSUBSCRIBE_MARKER = "%%unsubscribe_url%%"
PREFERENCES_MARKER = "%%preferences_url%%"

_inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)


@dataclass(frozen=True, slots=True)
class RenderedCampaign:
    subject: str
    html: str
    text: str


@dataclass(frozen=True, slots=True)
class RecipientLinks:
    unsubscribe_url: str
    preferences_url: str


def render_campaign(campaign: Campaign, *, sender: SenderDetails | None = None) -> RenderedCampaign:
    """The campaign as every recipient will get it, with markers where their own links go."""
    sender = sender or sender_details()
    context = {
        "campaign": campaign,
        "sender": sender,
        "unsubscribe_url": UNSUBSCRIBE_MARKER,
        "preferences_url": PREFERENCES_MARKER,
    }
    with translation.override(campaign.language):
        html = render_to_string("newsletter/email/campaign.html", context)
        text = render_to_string("newsletter/email/campaign.txt", context)
    return RenderedCampaign(subject=campaign.subject, html=_inliner.inline(html), text=_tidy_text(text))


def personalise(content: str, links: RecipientLinks) -> str:
    """Frozen content with one recipient's unsubscribe and preferences links in place of the markers."""
    return content.replace(UNSUBSCRIBE_MARKER, links.unsubscribe_url).replace(PREFERENCES_MARKER, links.preferences_url)


def html_to_text(html: str) -> str:
    """A readable plain-text version of a block's HTML: links kept as "text (url)", tags dropped."""
    html = re.sub(r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>', r"\2 (\1)", html, flags=re.S | re.I)
    html = re.sub(r"<(br|/p|/h[1-6]|/li|/tr)\s*/?>", "\n", html, flags=re.I)
    return _tidy_text(unescape(strip_tags(html)))


def _tidy_text(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
