"""An article's alias in the other locale's tree is not an article: only real translations are announced.

With WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE, creating an article in the admin gives it a live alias in every other
locale, holding the original's words; every publish of the original republishes the alias (page_published with
alias=True). These tests walk Wagtail's own flow: the admin's create and edit views, and converting the alias.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from content.models import ArticlePage
from newsletter.models import Campaign, DigestArticle, NewsletterSettings
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def french(db) -> Locale:
    return Locale.objects.get_or_create(language_code="fr")[0]


@pytest.fixture
def editor(client, site, french):
    client.force_login(StaffFactory())  # a superuser, as the shop's editors are in the demo
    return client


def article_form(title: str, slug: str, **overrides) -> dict:
    data = {
        "title": title,
        "slug": slug,
        "author": "Maya Lindqvist",
        "date": "2026-03-02",
        "tags": "",
        "intro": "Heat, place, rest: a calm evening routine.",
        "hero_image": "",
        "hero_image_alt": "",
        "body": streamfield([("paragraph", rich_text("<p>Press, hold, breathe and release.</p>"))]),
        "related_products": [],
        "seo_title": "",
        "search_description": "",
        "social_image": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def create_in_admin(client, index, *, publish: bool) -> ArticlePage:
    data = article_form("Hot stones, step by step", "hot-stones")
    if publish:
        data["action-publish"] = "action-publish"
    url = reverse("wagtailadmin_pages:add", args=["content", "articlepage", index.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return ArticlePage.objects.get(slug="hot-stones", locale__language_code="en")


def publish_in_admin(client, page: ArticlePage, **changes) -> None:
    data = article_form(**{"title": page.title, "slug": page.slug, **changes})
    data["action-publish"] = "action-publish"
    response = client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response


def french_alias_of(page: ArticlePage) -> ArticlePage:
    return ArticlePage.objects.get(alias_of=page, locale__language_code="fr")


@pytest.mark.parametrize("publish_on_create", [True, False], ids=["published-at-once", "draft-then-published"])
def test_an_english_article_makes_one_english_draft_and_none_for_its_french_alias(
    editor, article_index, publish_on_create
):
    english = create_in_admin(editor, article_index, publish=publish_on_create)
    if not publish_on_create:
        publish_in_admin(editor, english)
    # Republishing the original republishes the live alias too (page_published with alias=True).
    publish_in_admin(editor, english, intro="Heat, place, rest: a calm evening routine, revised.")

    alias = french_alias_of(english)
    assert alias.live
    assert list(Campaign.objects.values_list("article_id", "language")) == [(english.pk, "en")]


def test_the_alias_converted_into_a_french_translation_gets_its_french_draft(editor, article_index):
    english = create_in_admin(editor, article_index, publish=True)
    publish_in_admin(editor, english)
    alias = french_alias_of(english)

    # The editor turns the alias into a page of its own (same page id), writes the French and publishes it.
    ConvertAliasPageAction(alias).execute(skip_permission_checks=True)
    alias.refresh_from_db()
    publish_in_admin(
        editor, alias, title="Pierres chaudes, pas à pas", intro="Chauffer, poser, se reposer : une soirée calme."
    )

    french_draft = Campaign.objects.get(language="fr")
    assert french_draft.article_id == alias.pk
    assert french_draft.subject == "Pierres chaudes, pas à pas"
    assert french_draft.preheader == "Chauffer, poser, se reposer : une soirée calme."
    assert Campaign.objects.get(language="en").article_id == english.pk


def test_with_the_weekly_digest_on_only_the_english_digest_gathers_the_article(editor, article_index, site):
    settings_row = NewsletterSettings.for_site(site)
    settings_row.weekly_digest = True
    settings_row.save()

    english = create_in_admin(editor, article_index, publish=True)
    publish_in_admin(editor, english)

    assert list(Campaign.objects.values_list("language", flat=True)) == ["en"]
    assert list(DigestArticle.objects.values_list("article_id", flat=True)) == [english.pk]


def test_an_alias_asked_for_directly_gets_no_draft(editor, article_index):
    from newsletter.campaign_services import campaign_draft_for_article

    english = create_in_admin(editor, article_index, publish=True)

    assert campaign_draft_for_article(article_id=french_alias_of(english).pk) is None
    assert not Campaign.objects.filter(language="fr").exists()
