"""Reads for the storefront's content pages: navigation, article lists, product teasers, search."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr

from config.languages import content_language
from shop.models import Product
from shop.selectors.cards import ProductCard, product_cards

if TYPE_CHECKING:
    from content.models import ArticlePage


def product_teasers(products: Iterable[Product]) -> dict[int, ProductCard]:
    """Teasers (an article's product blocks show a product's card data) for the active ones, keyed by id."""
    return {card.pk: card for card in product_cards(product.pk for product in products if product is not None)}


def article_products(
    body_products: Iterable[Product], related_ids: Iterable[int]
) -> tuple[dict[int, ProductCard], list[ProductCard]]:
    """An article's product-block teasers and its related product cards, fetched together in one go."""
    body_ids = [product.pk for product in body_products if product is not None]
    related_ids = list(related_ids)
    by_id = {card.pk: card for card in product_cards([*body_ids, *related_ids])}
    teasers = {pk: by_id[pk] for pk in body_ids if pk in by_id}
    return teasers, [by_id[pk] for pk in dict.fromkeys(related_ids) if pk in by_id]


def in_active_language(pages: QuerySet) -> QuerySet:
    """Each of `pages` once: in the shopper's language where it has a translation among `pages`, else in the
    default language (English), so a page nobody has translated yet is still listed rather than missing.

    One query still: the translated pages are a subquery, and the locale a join on its language code.
    """
    language, fallback = content_language(), content_language(settings.LANGUAGE_CODE)
    in_language = Q(locale__language_code=language)
    if language == fallback:
        return pages.filter(in_language)
    translated = pages.filter(in_language).order_by().values("translation_key")
    return pages.filter(in_language | (Q(locale__language_code=fallback) & ~Q(translation_key__in=translated)))


def live_articles():
    """Every live article in the shopper's language (English where it has no translation), newest first."""
    from content.models import ArticlePage

    articles = ArticlePage.objects.live().public().select_related("hero_image").order_by("-date", "-pk")
    return in_active_language(articles)


def index_articles(index):
    """The live articles under an article index or under any translation of it, in the shopper's language.

    The French index lists its French articles and the English ones nobody has translated yet; the test
    that an article's parent is a translation of `index` is a subquery on the parent's path, not a query.
    """
    from wagtail.models import Page

    parent_is_the_index = Exists(
        Page.objects.filter(translation_key=index.translation_key, path=Substr(OuterRef("path"), 1, len(index.path)))
    )
    return live_articles().filter(parent_is_the_index, depth=index.depth + 1)


def article_index():
    """The live article index in the shopper's language, or None while there is none."""
    from content.models import ArticleIndexPage

    return in_active_language(ArticleIndexPage.objects.live().public()).order_by("path").first()


# A product page lists at most this many of the articles that mention the product.
RELATED_ARTICLES = 4


def articles_about(product: Product, *, limit: int = RELATED_ARTICLES) -> list[ArticlePage]:
    """The newest live articles that show `product` in their body or name it among their related products,
    in the shopper's language."""
    from content.models import ArticlePage

    about = Q(related_products=product) | Q(body_product_links=product)
    # The ids in a subquery, so an article linking the product both ways is listed once without DISTINCT.
    ids = ArticlePage.objects.filter(about).values("pk")
    articles = ArticlePage.objects.live().public().filter(pk__in=ids).order_by("-date", "-pk")
    return list(in_active_language(articles)[:limit])


def latest_articles(*, limit: int = 3) -> list[ArticlePage]:
    return list(live_articles()[:limit])


def article_neighbours(article: ArticlePage) -> tuple[ArticlePage | None, ArticlePage | None]:
    """The article published just before and just after this one, among its live siblings."""
    from content.models import ArticlePage

    # Siblings are in the article's own language tree already, so its neighbours read in its language.
    siblings = ArticlePage.objects.live().public().select_related("hero_image").sibling_of(article, inclusive=False)
    if (
        article.pk is None or article.date is None
    ):  # an unsaved article in preview sorts after everything on its own date
        date = article.published_on
        older_q, newer_q = Q(date__lte=date), Q(date__gt=date)
    else:
        older_q = Q(date__lt=article.date) | Q(date=article.date, pk__lt=article.pk)
        newer_q = Q(date__gt=article.date) | Q(date=article.date, pk__gt=article.pk)
    older = siblings.filter(older_q).order_by("-date", "-pk").first()
    newer = siblings.filter(newer_q).order_by("date", "pk").first()
    return older, newer
