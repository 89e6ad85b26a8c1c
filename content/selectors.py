"""Reads for the storefront's content pages: navigation, article lists, product teasers, search."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

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


def live_articles():
    from content.models import ArticlePage

    return ArticlePage.objects.live().public().select_related("hero_image").order_by("-date", "-pk")


# A product page lists at most this many of the articles that mention the product.
RELATED_ARTICLES = 4


def articles_about(product: Product, *, limit: int = RELATED_ARTICLES) -> list[ArticlePage]:
    """The newest live articles that show `product` in their body or name it among their related products."""
    from django.db.models import Q

    from content.models import ArticlePage

    about = Q(related_products=product) | Q(body_product_links=product)
    # The ids in a subquery, so an article linking the product both ways is listed once without DISTINCT.
    ids = ArticlePage.objects.filter(about).values("pk")
    return list(ArticlePage.objects.live().public().filter(pk__in=ids).order_by("-date", "-pk")[:limit])


def latest_articles(*, limit: int = 3) -> list[ArticlePage]:
    return list(live_articles()[:limit])


def article_neighbours(article: ArticlePage) -> tuple[ArticlePage | None, ArticlePage | None]:
    """The article published just before and just after this one, among its live siblings."""
    from django.db.models import Q

    siblings = live_articles().sibling_of(article, inclusive=False)
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
