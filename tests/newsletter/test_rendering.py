"""A campaign as mail clients get it: inlined CSS, a plain-text part, the sender's footer and each person's links."""

from __future__ import annotations

import pytest

from newsletter.models import Campaign
from newsletter.rendering import (
    PREFERENCES_MARKER,
    UNSUBSCRIBE_MARKER,
    RecipientLinks,
    html_to_text,
    personalise,
    render_campaign,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(shop_details):
    return Campaign(
        subject="Hot stones for cold evenings",
        preheader="Three ways to use basalt this winter",
        body=[
            ("heading", {"text": "Warm up slowly", "level": "h2"}),
            (
                "paragraph",
                '<p>Heat the stones to <b>50 °C</b>, then <a href="https://example.com/guide">read the guide</a>.</p>',
            ),
        ],
    )


def test_the_html_part_has_its_css_inlined_and_no_style_block(campaign):
    rendered = render_campaign(campaign)

    assert "<style" not in rendered.html
    assert 'style="' in rendered.html
    assert "Warm up slowly" in rendered.html
    assert "Three ways to use basalt this winter" in rendered.html


def test_the_text_part_keeps_words_and_links_without_tags(campaign):
    text = render_campaign(campaign).text

    assert "Warm up slowly" in text
    assert "read the guide (https://example.com/guide)" in text
    assert "<" not in text


def test_every_part_carries_the_sender_and_the_recipients_own_links(campaign, shop_details):
    rendered = render_campaign(campaign)
    links = RecipientLinks(unsubscribe_url="https://shop.example/u/abc", preferences_url="https://shop.example/p/abc")

    for part in (rendered.html, rendered.text):
        assert UNSUBSCRIBE_MARKER in part and PREFERENCES_MARKER in part
        mine = personalise(part, links)
        assert "https://shop.example/u/abc" in mine and "https://shop.example/p/abc" in mine
        assert UNSUBSCRIBE_MARKER not in mine
        assert "Knot &amp; Stone Therapy Supply" in mine or "Knot & Stone Therapy Supply" in mine
        assert "Halifax NS" in mine
        assert "hello@knotandstone.example" in mine


def test_html_to_text_puts_each_paragraph_on_its_own_line():
    assert html_to_text("<p>One</p><p>Two &amp; three</p>") == "One\nTwo & three\n"
