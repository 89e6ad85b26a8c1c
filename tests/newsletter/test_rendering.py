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


# --- the body's blocks, as mail clients get them ----------------------------------------------------


@pytest.fixture
def base_url(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://shop.example.ca"
    return "https://shop.example.ca"


def _render(body, **fields):
    return render_campaign(Campaign(subject="Body test", body=body, **fields))


def test_products_show_todays_price_and_stock_through_the_shops_offers(shop_details, base_url):
    from decimal import Decimal

    from tests.factories import CompareProductImageFactory, ProductFactory, genuine_compare_at

    on_sale = ProductFactory(
        name="Basalt stone set", variant__price=Decimal("39.00"), variant__compare_at_price=Decimal("49.00")
    )
    genuine_compare_at(on_sale.variants.get())
    CompareProductImageFactory(product=on_sale)
    sold_out = ProductFactory(name="Percussion gun", variant__price=Decimal("199.00"), variant__stock_quantity=0)
    body = [("products", {"heading": "Our picks", "products": [on_sale, sold_out]})]

    rendered = _render(body)

    assert "$39.00" in rendered.html and "$49.00" in rendered.html and "$199.00" in rendered.html
    assert "In stock" in rendered.html and "Sold out" in rendered.html
    assert f'src="{base_url}/' in rendered.html  # the product's picture, absolute
    assert f'href="{base_url}/products/{on_sale.slug}/"' in rendered.html
    assert "Basalt stone set — $39.00 (was $49.00) — In stock" in rendered.text
    assert "Percussion gun — $199.00 — Sold out" in rendered.text

    # The price is read when the campaign is rendered (sending freezes it), not remembered from before.
    variant = on_sale.variants.get()
    variant.price, variant.compare_at_price = Decimal("35.00"), None
    variant.save()
    again = _render(body)
    assert "$35.00" in again.html and "$39.00" not in again.html


def test_product_blocks_are_priced_once_per_campaign(shop_details, django_assert_max_num_queries):
    from tests.factories import ProductFactory

    products = [ProductFactory() for _ in range(4)]
    one = [("products", {"heading": "", "products": products[:1]})]
    many = [
        ("products", {"heading": "", "products": products[:2]}),
        ("products", {"heading": "", "products": products[2:]}),
    ]

    _render(one)  # warm the settings cache
    with django_assert_max_num_queries(12) as few:
        _render(one)
    with django_assert_max_num_queries(len(few.captured_queries)):
        _render(many)


def test_an_article_teaser_links_its_article_with_an_outlook_safe_button(shop_details, make_article, base_url):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PillowImage.new("RGB", (60, 40), "#1f5c4a").save(buffer, "PNG")
    picture = get_image_model().objects.create(title="Stones", file=ImageFile(buffer, name="stones.png"))
    article = make_article("Hot stones, step by step", intro="Heat, place, rest.", hero_image=picture)

    rendered = _render([("article_teaser", {"article": article, "teaser": "", "button_label": ""})])

    assert "Hot stones, step by step" in rendered.html and "Heat, place, rest." in rendered.html
    assert f'<img src="{base_url}/media/' in rendered.html
    assert 'bgcolor="#1f6b5c"' in rendered.html  # the button's colour on its cell, which Outlook draws
    assert 'href="http' in rendered.html and 'href="/' not in rendered.html
    assert "Read the article: http" in rendered.text


def test_every_site_relative_link_and_picture_becomes_absolute(shop_details, make_article, base_url):
    article = make_article("Foam rolling")
    body = [
        ("paragraph", f'<p>Read <a linktype="page" id="{article.pk}">the guide</a> or <a href="/shop/">shop</a>.</p>'),
        ("callout", {"tone": "tip", "title": "Tip", "text": '<p>See <a href="/faq/">the FAQ</a>.</p>'}),
        ("quote", {"text": "Slow is smooth.", "attribution": "A therapist"}),
    ]

    rendered = _render(body)

    assert 'href="/' not in rendered.html and 'src="/' not in rendered.html
    assert f'href="{base_url}/shop/"' in rendered.html and f'href="{base_url}/faq/"' in rendered.html
    assert f"shop ({base_url}/shop/)" in rendered.text
    assert f"the FAQ ({base_url}/faq/)" in rendered.text
    assert "the guide (http" in rendered.text
    assert "“Slow is smooth.”\n— A therapist" in rendered.text
    assert "Tip\nSee the FAQ" in rendered.text


def test_an_image_block_uses_an_absolute_rendition_and_its_caption(shop_details, base_url):
    from io import BytesIO

    from django.core.files.images import ImageFile
    from PIL import Image as PillowImage
    from wagtail.images import get_image_model

    buffer = BytesIO()
    PillowImage.new("RGB", (80, 60), "#c9b89a").save(buffer, "PNG")
    picture = get_image_model().objects.create(title="Oil", file=ImageFile(buffer, name="oil.png"))

    rendered = _render([("image", {"image": picture, "caption": "Warm oil, cold hands"})])

    assert f'src="{base_url}/' in rendered.html
    assert "Warm oil, cold hands" in rendered.html
    assert "[Warm oil, cold hands]" in rendered.text


def test_the_preheader_is_hidden_and_the_layout_is_tables(campaign):
    html = render_campaign(campaign).html

    assert 'role="presentation"' in html
    assert html.count('<td class="block"') == len(campaign.body)  # each block in its own table row
    assert "display:none" in html.replace(" ", "")
    assert "<!--[if mso]>" in html
