"""One rule for an article's related products: the body's products are related by themselves, editors add more.

What the editor puts in "More related products" is exactly what is stored: clearing it stays cleared through
saving, revisions and publishing, while the body's products keep linking the article from their product pages.
"""

import pytest
from bs4 import BeautifulSoup

from content.models import ArticlePage
from content.selectors import articles_about
from tests.content.conftest import product_block
from tests.factories import ProductFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_body_products_are_linked_without_touching_the_editors_field(make_article):
    stones, oil = ProductFactory(), ProductFactory()

    article = make_article(body=[product_block(stones), product_block(oil, stones)])

    assert list(article.related_products.all()) == []
    assert [p.pk for p in article.body_product_links.all()] == sorted([stones.pk, oil.pk])
    assert articles_about(stones) == [article]


def test_clearing_related_products_stays_cleared_after_publishing(make_article):
    # Given an article with a product in its body and an extra related product the editor added
    stones, roller = ProductFactory(), ProductFactory()
    article = make_article(body=[product_block(stones)])
    article.related_products = [roller]
    article.save_revision().publish()
    assert [p.pk for p in ArticlePage.objects.get(pk=article.pk).related_products.all()] == [roller.pk]

    # When the editor clears the field, saves a draft and then publishes it
    article = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    article.related_products = []
    revision = article.save_revision()
    assert list(revision.as_object().related_products.all()) == []
    revision.publish()

    # Then nothing was added back, and the body's product still links to the article
    article = ArticlePage.objects.get(pk=article.pk)
    assert list(article.related_products.all()) == []
    assert list(article.body_product_links.all()) == [stones]
    assert articles_about(stones) == [article]
    assert articles_about(roller) == []


def test_publishing_a_revision_links_newly_added_body_products(make_article):
    oil = ProductFactory()
    article = make_article()
    article.body = [product_block(oil)]

    article.save_revision().publish()

    assert articles_about(oil) == [ArticlePage.objects.get(pk=article.pk)]
    assert list(ArticlePage.objects.get(pk=article.pk).related_products.all()) == []


def test_article_shows_body_products_then_the_extras_once_each(client, make_article):
    stones, oil, roller = ProductFactory(name="Basalt stones"), ProductFactory(name="Arnica oil"), ProductFactory()
    article = make_article(body=[product_block(stones, oil)])
    article.related_products = [roller, stones]
    article.save()

    response = client.get(article.url)

    assert [card.pk for card in response.context["related_products"]] == [stones.pk, oil.pk, roller.pk]


def test_a_product_linked_both_ways_lists_the_article_once(make_article):
    stones = ProductFactory()
    article = make_article(body=[product_block(stones)])
    article.related_products = [stones]
    article.save()

    assert articles_about(stones) == [article]


def test_editor_panel_lists_the_body_products_read_only_with_help(client, make_article):
    # Given an article with one active and one inactive product in its body
    shown, retired = ProductFactory(name="Basalt stone set"), ProductFactory(name="Old roller", is_active=False)
    article = make_article(body=[product_block(shown, retired)])
    client.force_login(StaffFactory())

    # When an editor opens it
    html = BeautifulSoup(client.get(f"/admin/pages/{article.pk}/edit/").content, "html.parser")

    # Then the panel names both, says the inactive one is hidden, and the field says what it is for
    panel = html.select_one("[data-body-products]")
    items = [li.get_text(" ", strip=True) for li in panel.select("li")]
    assert items == ["Basalt stone set", "Old roller inactive: hidden from shoppers"]
    assert "related automatically" in html.get_text()
    field = html.select_one('[name="related_products"]')
    assert field is not None
    assert not field.find_all("option", selected=True)


def test_the_migration_moves_body_products_out_of_the_editors_field(make_article):
    # Given an article saved the old way: its body's product copied into related_products beside an extra
    import importlib

    from django.apps import apps

    migration = importlib.import_module("content.migrations.0007_editor_article_fields")
    stones, extra = ProductFactory(), ProductFactory()
    article = make_article(body=[product_block(stones)])
    ArticlePage.related_products.through.objects.create(articlepage=article, product=stones)
    ArticlePage.related_products.through.objects.create(articlepage=article, product=extra)
    ArticlePage.body_product_links.through.objects.filter(articlepage=article).delete()

    # When the migration's data step runs
    migration.split_body_products_from_related(apps, None)

    # Then the editor's field keeps only the extra, and the body's product is linked on its own
    article = ArticlePage.objects.get(pk=article.pk)
    assert list(article.related_products.all()) == [extra]
    assert list(article.body_product_links.all()) == [stones]


def test_the_migration_reads_body_product_ids_in_both_stored_shapes():
    import importlib

    migration = importlib.import_module("content.migrations.0007_editor_article_fields")
    raw = [
        {"type": "paragraph", "value": "<p>Hi</p>"},
        {"type": "products", "value": {"heading": "", "products": [{"type": "item", "value": 7, "id": "a"}, 3]}},
        {"type": "products", "value": {"heading": "", "products": [7, None]}},
    ]

    assert migration.body_product_ids(raw) == [7, 3]
