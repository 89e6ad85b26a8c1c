"""Wagtail's pages in two languages: the French tree under /fr/, the switcher to a page's translation (or to the
French home when it has none), hreflang only for live translations, and one sitemap for both languages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Locale

from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://shop.example.ca"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def _public_address(settings):
    settings.SITE_URL = PUBLIC


@pytest.fixture
def french(db) -> Locale:
    return Locale.objects.get_or_create(language_code="fr")[0]


def translated(page, locale, **fields):
    """The page's French copy, published, as an editor would make it with simple translation."""
    copy = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


@pytest.fixture
def french_home(home_page, french):
    return translated(home_page, french, hero_heading="Des outils pour les muscles fatigués")


@pytest.fixture
def french_index(article_index, french_home, french):
    return translated(article_index, french, title="Articles")


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def switch_target(soup) -> str:
    link = soup.select_one("[data-language-switch]")
    return parse_qs(urlsplit(link["href"]).query)["next"][0]


def alternates(soup) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}


def test_the_french_home_is_served_at_fr(client, french_home):
    soup = soup_of(client.get("/fr/"))
    assert soup.html["lang"] == "fr-CA"
    assert "Des outils pour les muscles fatigués" in soup.get_text()
    assert soup.select_one("a.brand")["href"] == "/fr/"
    assert switch_target(soup) == "/"


def test_an_article_switches_to_its_translation_and_names_both(client, make_article, french_index, french):
    article = make_article("Hot stones for sore backs")
    french_article = translated(article, french, title="Pierres chaudes pour le dos")

    english = soup_of(client.get(article.url + "?utm=x"))
    assert switch_target(english) == french_article.url + "?utm=x"
    assert french_article.url == "/fr/articles/hot-stones-for-sore-backs/"
    assert alternates(english) == {
        "en-CA": f"{PUBLIC}/articles/hot-stones-for-sore-backs/",
        "fr-CA": f"{PUBLIC}/fr/articles/hot-stones-for-sore-backs/",
        "x-default": f"{PUBLIC}/articles/hot-stones-for-sore-backs/",
    }

    french_page = soup_of(client.get(french_article.url))
    assert french_page.html["lang"] == "fr-CA"
    assert french_page.find("link", rel="canonical")["href"] == f"{PUBLIC}/fr/articles/hot-stones-for-sore-backs/"
    assert switch_target(french_page) == article.url
    assert french_page.select_one('a.site-nav__link[href="/fr/articles/"]') is not None


def test_a_page_without_a_translation_switches_to_the_other_home_and_claims_no_alternate(
    client, make_article, french_home
):
    article = make_article("Only in English")
    soup = soup_of(client.get(article.url))
    assert switch_target(soup) == "/fr/"
    assert alternates(soup) == {}


def test_a_draft_translation_is_neither_linked_nor_listed(client, make_article, french_index, french):
    article = make_article("Draft in French")
    draft = article.copy_for_translation(french)  # not published
    assert not draft.live

    soup = soup_of(client.get(article.url))
    assert switch_target(soup) == "/fr/"
    assert alternates(soup) == {}


def test_one_sitemap_lists_both_languages_with_their_alternates(client, make_article, french_index, french):
    article = make_article("Cupping basics")
    translated(article, french, title="Les bases des ventouses")
    make_article("English only piece")
    ProductFactory(slug="cork-ball", name="Cork ball")

    root = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {
        url.findtext("sm:loc", namespaces=SITEMAP_NS): {
            link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", SITEMAP_NS)
        }
        for url in root.findall("sm:url", SITEMAP_NS)
    }

    english, french_url = f"{PUBLIC}/articles/cupping-basics/", f"{PUBLIC}/fr/articles/cupping-basics/"
    both = {"en-CA": english, "fr-CA": french_url, "x-default": english}
    assert entries[english] == both and entries[french_url] == both
    assert entries[f"{PUBLIC}/"]["fr-CA"] == f"{PUBLIC}/fr/"
    assert entries[f"{PUBLIC}/articles/english-only-piece/"] == {}
    product = {
        "en-CA": f"{PUBLIC}/products/cork-ball/",
        "fr-CA": f"{PUBLIC}/fr/products/cork-ball/",
        "x-default": f"{PUBLIC}/products/cork-ball/",
    }
    assert entries[f"{PUBLIC}/products/cork-ball/"] == product
    assert entries[f"{PUBLIC}/fr/products/cork-ball/"] == product
