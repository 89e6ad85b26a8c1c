"""Pages in French: the shopper's language picks each page's French translation, English where none exists,
and the site settings' sentences have French twins."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from content import selectors
from content.feeds import ArticleFeed
from content.policies import PolicyKind, PolicyPage, policy_links
from content.search import search_storefront
from tests.content.conftest import paragraph, product_block

pytestmark = pytest.mark.django_db


@pytest.fixture
def french(db) -> Locale:
    locale, _created = Locale.objects.get_or_create(language_code="fr")
    return locale


def translate(page, locale, **fields):
    """What an editor does with simple translation: copy into the locale, write the French, publish."""
    copy = page.specific.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    return copy


@pytest.fixture
def french_home(home_page, french):
    return translate(home_page, french, slug="accueil", hero_heading="Des outils pour les muscles fatigués")


@pytest.fixture
def french_index(article_index, french_home, french):
    article_index.save_revision().publish()
    return translate(article_index, french, intro="Des guides pour les muscles endoloris.")


def titles(pages) -> list[str]:
    return [page.title for page in pages]


def test_article_lists_are_in_french_under_french_and_in_english_otherwise(make_article, french_index, french):
    older = make_article("Trigger points", intro="Where knots hide.")
    newer = make_article("Massage guns", intro="What the numbers mean.")
    translate(older, french, title="Points de déclenchement", slug="points-de-declenchement")

    with translation.override("fr"):
        # The untranslated article is still listed, in English, in its place by date.
        assert titles(selectors.latest_articles(limit=3)) == [newer.title, "Points de déclenchement"]
        assert titles(selectors.index_articles(french_index)) == [newer.title, "Points de déclenchement"]
        assert selectors.article_index().pk == french_index.pk
    with translation.override("en"):
        assert titles(selectors.latest_articles(limit=3)) == ["Massage guns", "Trigger points"]
        assert titles(selectors.index_articles(french_index)) == ["Massage guns", "Trigger points"]
        assert selectors.article_index().pk == french_index.get_translation(Locale.get_default()).pk


def test_the_french_index_page_lists_french_articles_and_untranslated_english_ones(
    client, make_article, french_index, french
):
    make_article("Massage guns")
    translate(make_article("Trigger points"), french, title="Points de déclenchement", slug="points")

    with translation.override("fr"):
        response = french_index.serve(rf_request(client, french_index))
        response.render()
    html = response.content.decode()
    assert "Points de déclenchement" in html and "Massage guns" in html
    assert "Trigger points" not in html


def rf_request(client, page):
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    request = RequestFactory().get(page.url or "/")
    request.user = AnonymousUser()
    request.session = client.session
    return request


def test_related_articles_on_a_product_are_in_the_shoppers_language(make_article, bulk_catalogue, french_index, french):
    (product,) = bulk_catalogue(1)
    article = make_article("Trigger points", body=[paragraph("Press."), product_block(product)])
    translate(article, french, title="Points de déclenchement", slug="points")

    with translation.override("fr"):
        assert titles(selectors.articles_about(product)) == ["Points de déclenchement"]
    assert titles(selectors.articles_about(product)) == ["Trigger points"]


def test_search_and_the_feed_find_articles_in_the_shoppers_language(rf, make_article, french_index, french):
    article = make_article("Trigger points", intro="Knots and pressure.")
    translate(article, french, title="Points de déclenchement", slug="points", intro="Nœuds et pression.")

    with translation.override("fr"):
        assert titles(search_storefront("points")[:10]) == ["Points de déclenchement"]
        feed = ArticleFeed()
        feed.get_object(rf.get("/feed/"))
        assert titles(feed.items()) == ["Points de déclenchement"]
    assert titles(search_storefront("points")[:10]) == ["Trigger points"]


@pytest.fixture
def english_policies(home_page):
    pages = {}
    for kind, title, slug in (("shipping", "Shipping", "shipping"), ("returns", "Returns and refunds", "returns")):
        page = PolicyPage(title=title, slug=slug, kind=kind, body=[])
        home_page.add_child(instance=page)
        page.save_revision().publish()
        pages[kind] = page
    return pages


def test_policy_links_are_french_where_translated_and_english_otherwise(english_policies, french_home, french):
    translate(english_policies["shipping"], french, title="Livraison", slug="livraison")

    with translation.override("fr"):
        links = policy_links()
        assert (links["shipping"].title, links["returns"].title) == ("Livraison", "Returns and refunds")
        assert links["shipping"].url.endswith("/livraison/")
    with translation.override("en"):
        assert policy_links()["shipping"].title == "Shipping"

    # Each language is cached apart, and saving a page forgets both.
    translate(english_policies["returns"], french, title="Retours", slug="retours")
    with translation.override("fr"):
        assert policy_links()["returns"].title == "Retours"
    with translation.override("en"):
        assert policy_links()["returns"].title == "Returns and refunds"


def test_a_policy_kind_has_one_page_per_language(english_policies, french_home, french):
    translate(english_policies["shipping"], french, title="Livraison", slug="livraison")
    second = PolicyPage(title="Encore", slug="encore", kind=PolicyKind.SHIPPING, body=[], locale=french)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "kind" in error.value.message_dict


def test_settings_sentences_read_the_french_twin_on_french_pages(site_settings, storefront_lock):
    site_settings.tagline = "Massage stones, chosen in Guelph"
    site_settings.tagline_fr = "Pierres de massage, choisies à Guelph"
    site_settings.announcement_text = "Anniversary sale"
    site_settings.announcement_text_fr = "Solde anniversaire"
    site_settings.announcement_link = "/shop/"
    storefront_lock.message_fr = "Nous préparons la boutique."

    with translation.override("fr"):
        assert site_settings.localized_tagline == "Pierres de massage, choisies à Guelph"
        assert site_settings.localized_announcement_text == "Solde anniversaire"
        assert site_settings.localized_announcement_link == "/shop/"  # its French address once /fr/ exists
        assert storefront_lock.localized_message == "Nous préparons la boutique."
    with translation.override("en"):
        assert site_settings.localized_tagline == "Massage stones, chosen in Guelph"
        assert site_settings.localized_announcement_text == "Anniversary sale"
        assert storefront_lock.localized_message == storefront_lock.message


def test_a_setting_without_french_falls_back_to_english(site_settings):
    site_settings.tagline, site_settings.tagline_fr = "Massage stones, chosen in Guelph", ""
    site_settings.announcement_link, site_settings.announcement_link_fr = "/shop/", "/fr/boutique/"
    with translation.override("fr"):
        assert site_settings.localized_tagline == "Massage stones, chosen in Guelph"
        assert site_settings.localized_announcement_link == "/fr/boutique/"


def test_the_french_footer_shows_the_french_tagline(client, site_settings, french_home):
    site_settings.tagline, site_settings.tagline_fr = "Chosen in Guelph", "Choisis à Guelph"
    site_settings.save()
    with translation.override("fr"):
        html = client.get("/fr/").content.decode()
    assert "Choisis à Guelph" in html and "Chosen in Guelph" not in html
    assert "Des outils pour les muscles fatigués" in html  # Wagtail routed to the French home page


def test_the_french_index_costs_the_same_with_one_article_and_with_eight(
    client, make_article, french_index, french, django_assert_max_num_queries
):
    def french_index_queries() -> int:
        with translation.override("fr"), CaptureQueriesContext(connection) as context:
            assert client.get("/fr/articles/").status_code == 200
        return len(context.captured_queries)

    translate(make_article(), french, slug="article-fr-1")
    french_index_queries()  # warm the site, settings and menu caches
    one = french_index_queries()
    for number in range(2, 9):
        article = make_article()
        if number % 2:
            translate(article, french, slug=f"article-fr-{number}")
    french_index_queries()

    assert french_index_queries() == one
    with django_assert_max_num_queries(13):  # ARTICLE_INDEX_BUDGET in test_query_budgets.py
        french_index_queries()


def test_an_aliased_article_is_listed_once_at_its_french_address(make_article, french_index, french):
    # The synced page tree gives an article made in the admin a French alias until it is translated.
    article = make_article("Massage guns")
    alias = article.copy_for_translation(french, alias=True)

    with translation.override("fr"):
        listed = list(selectors.index_articles(french_index))
    assert [(page.pk, page.title) for page in listed] == [(alias.pk, "Massage guns")]


def test_the_french_home_page_costs_one_routing_query_more_than_the_english_one(
    client, make_article, french_home, french_index, french, django_assert_max_num_queries
):
    for number in range(3):
        translate(make_article(), french, slug=f"article-fr-{number}")

    def home_queries(language: str) -> int:
        with translation.override(language), CaptureQueriesContext(connection) as context:
            assert client.get("/" if language == "en" else "/fr/").status_code == 200
        return len(context.captured_queries)

    home_queries("en"), home_queries("fr")  # warm the site, settings and menu caches
    # One more in French, and only Wagtail's: it routes through the site root's French translation
    # (Page.localized), where the English root comes with the cached Site. The selectors cost the same.
    english = home_queries("en")
    with django_assert_max_num_queries(14):  # HOME_BUDGET in test_query_budgets.py
        french_queries = home_queries("fr")
    assert french_queries == english + 1
