"""An article's "Published on" date fills itself in when it goes live, and its social image falls back to the hero."""

import datetime
import json
from io import BytesIO, StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from content.models import ArticlePage

pytestmark = pytest.mark.django_db


def picture(title: str, colour: str = "#1f5c4a"):
    buffer = BytesIO()
    PillowImage.new("RGB", (1600, 900), colour).save(buffer, "PNG")
    return get_image_model().objects.create(title=title, file=ImageFile(buffer, name=f"{title.lower()}.png"))


def head(client, article) -> BeautifulSoup:
    return BeautifulSoup(client.get(article.url).content, "html.parser").head


def draft_article(article_index, **fields) -> ArticlePage:
    article = ArticlePage(title="Cupping at home", author="Ada", intro="Why suction helps.", live=False, **fields)
    article_index.add_child(instance=article)
    return article


# --- Published on --------------------------------------------------------------------------------


def test_an_undated_article_is_dated_the_day_it_is_first_published(article_index):
    article = draft_article(article_index)
    assert article.date is None

    with freeze_time("2026-11-20 15:00:00"):
        article.save_revision().publish()

    assert ArticlePage.objects.get(pk=article.pk).date == datetime.date(2026, 11, 20)


def test_an_undated_scheduled_article_is_dated_its_go_live_day(article_index):
    article = draft_article(article_index)
    go_live = timezone.make_aware(datetime.datetime(2026, 12, 3, 9, 0))

    with freeze_time("2026-11-20 15:00:00"):
        article.go_live_at = go_live
        article.save_revision().publish()  # scheduled: not live yet, so not dated yet
        assert ArticlePage.objects.get(pk=article.pk).date is None
    with freeze_time("2026-12-03 15:00:00"):  # 10:00 in Toronto
        call_command("publish_scheduled", stdout=StringIO())

    assert ArticlePage.objects.get(pk=article.pk).date == datetime.date(2026, 12, 3)


def test_a_date_the_editor_chose_is_kept(article_index):
    article = draft_article(article_index, date=datetime.date(2026, 1, 15))

    with freeze_time("2026-11-20 15:00:00"):
        article.save_revision().publish()

    assert ArticlePage.objects.get(pk=article.pk).date == datetime.date(2026, 1, 15)


def test_the_editor_sees_the_date_it_got_when_editing_later(client, article_index):
    from tests.factories import StaffFactory

    article = draft_article(article_index)
    with freeze_time("2026-11-20 15:00:00"):
        article.save_revision().publish()
    client.force_login(StaffFactory())

    html = BeautifulSoup(client.get(f"/admin/pages/{article.pk}/edit/").content, "html.parser")

    assert html.select_one('input[name="date"]')["value"] == "2026-11-20"
    assert "set when the article goes live" in html.get_text()


def test_intro_help_text_names_every_place_the_intro_is_shown():
    help_text = str(ArticlePage._meta.get_field("intro").help_text)

    for place in ("under the title", "article cards", "RSS feed", "search engines"):
        assert place in help_text


# --- Social image --------------------------------------------------------------------------------


def test_social_image_is_shared_with_a_large_card(client, make_article):
    article = make_article(hero_image=picture("Hero"), social_image=picture("Social", "#884422"))

    meta = head(client, article)

    og_image = meta.select_one('meta[property="og:image"]')["content"]
    assert "social" in og_image and "fill-1200x630" in og_image.replace(".", "-")
    assert meta.select_one('meta[name="twitter:image"]')["content"] == og_image
    assert meta.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"
    data = json.loads(meta.select_one('script[type="application/ld+json"]').string)
    assert data["image"] == [og_image]


def test_without_a_social_image_the_hero_is_shared(client, make_article):
    article = make_article(hero_image=picture("Hero"))

    meta = head(client, article)

    assert "hero" in meta.select_one('meta[property="og:image"]')["content"]
    assert meta.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"


def test_without_any_picture_the_card_is_a_small_summary(client, make_article):
    article = make_article()

    meta = head(client, article)

    assert meta.select_one('meta[property="og:image"]') is None
    assert [tag["content"] for tag in meta.select('meta[name="twitter:card"]')] == ["summary"]


def test_pages_without_a_picture_say_summary(client, home_page):
    meta = BeautifulSoup(client.get("/").content, "html.parser").head

    assert [tag["content"] for tag in meta.select('meta[name="twitter:card"]')] == ["summary"]


def test_the_home_page_shares_its_social_image_else_its_hero(client, home_page):
    home_page.hero_image = picture("Hero")
    home_page.save()
    hero_card = BeautifulSoup(client.get("/").content, "html.parser").head

    home_page.social_image = picture("Social", "#884422")
    home_page.save()
    social_card = BeautifulSoup(client.get("/").content, "html.parser").head

    assert "hero" in hero_card.select_one('meta[property="og:image"]')["content"]
    assert "social" in social_card.select_one('meta[property="og:image"]')["content"]
    assert social_card.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"


def test_the_social_image_is_on_the_promote_tab(client, make_article):
    from tests.factories import StaffFactory

    article = make_article()
    client.force_login(StaffFactory())

    html = BeautifulSoup(client.get(f"/admin/pages/{article.pk}/edit/").content, "html.parser")

    promote = html.select_one("#tab-promote")
    assert promote is not None and promote.select_one('[name="social_image"]') is not None
