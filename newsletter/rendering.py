"""A campaign rendered for mail clients: one HTML part (table layout, CSS inlined) and one plain-text part.

Rendering happens once, when sending starts (the frozen content); each recipient's own links are put in
at send time by `personalise`, so 10,000 sends never render a template 10,000 times.

The body's blocks are the article blocks, but a mail client is not a browser: each block type has its
own email templates (newsletter/email/blocks/<type>.html and .txt, picked by `email_block_templates`),
with tables instead of figures and sections, buttons Outlook draws, and absolute addresses for every
link and picture. Product blocks show the price and stock of the moment the campaign is rendered,
read through the shop's one price path (content.selectors.product_teasers), fetched once per campaign.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import css_inline
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import strip_tags

from config.languages import supported_language
from content.selectors import product_teasers
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
        "for_email": True,
        # Every product block's cards, priced once for the whole campaign through the shop's offers.
        "product_teasers": product_teasers(campaign_products(campaign)),
    }
    with translation.override(supported_language(campaign.language)):
        html = render_to_string("newsletter/email/campaign.html", context)
        text = render_to_string("newsletter/email/campaign.txt", context)
    return RenderedCampaign(
        subject=campaign.subject, html=_inliner.inline(absolute_links(html)), text=_tidy_text(absolute_links(text))
    )


def campaign_products(campaign: Campaign) -> list:
    """The products chosen in the campaign's product blocks, in order, once each."""
    seen: dict[int, object] = {}
    for block in campaign.body:
        if block.block_type == "products":
            for product in block.value["products"]:
                if product is not None:
                    seen.setdefault(product.pk, product)
    return list(seen.values())


EMAIL_BLOCK_TYPES = frozenset({"heading", "paragraph", "image", "quote", "callout", "products", "article_teaser"})


def email_block_templates(block_type: str) -> tuple[str, str] | None:
    """The HTML and plain-text email templates for a body block; None for a type without its own (the web's)."""
    if block_type not in EMAIL_BLOCK_TYPES:
        return None
    return f"newsletter/email/blocks/{block_type}.html", f"newsletter/email/blocks/{block_type}.txt"


def site_base_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


# href="/…" and src="/…" (not "//host"), as rich text, renditions and reverse() write them.
_RELATIVE = re.compile(r'(\b(?:href|src)=")/(?!/)')
# "(/articles/x/)" in the text part, as html_to_text writes a relative link.
_RELATIVE_TEXT = re.compile(r"\((/(?!/)[^\s)]*)\)")


def absolute_links(content: str) -> str:
    """Every site-relative link and picture made absolute: a mail client has no page to be relative to."""
    base = site_base_url()
    content = _RELATIVE.sub(lambda match: f"{match.group(1)}{base}/", content)
    return _RELATIVE_TEXT.sub(lambda match: f"({base}{match.group(1)})", content)


def absolute_url(url: str) -> str:
    if url.startswith("/") and not url.startswith("//"):
        return site_base_url() + url
    return url


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
