"""Load the article index at /articles/ and the demo articles, published and linked to products."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from content.models import ArticleIndexPage, ArticlePage
from shop.demo.base import CREATED, UNCHANGED, DemoContext
from shop.demo.data.articles import (
    ArticleData,
    Block,
    Callout,
    Heading,
    Paragraph,
    Picture,
    Products,
    Quote,
    massage_guns,
    oil_blends,
    trigger_points,
)
from shop.demo.images import ALT_TEXT, ensure_image, render_banner, render_illustration
from shop.models import Product

ARTICLES: tuple[ArticleData, ...] = (trigger_points.ARTICLE, oil_blends.ARTICLE, massage_guns.ARTICLE)


def load_articles(ctx: DemoContext) -> None:
    home = Site.objects.get(is_default_site=True).root_page
    index = ArticleIndexPage.objects.child_of(home).filter(slug="articles").first()
    if index is None:
        index = ArticleIndexPage(
            title="Articles",
            slug="articles",
            intro=(
                "Guides from our team of massage therapists and athletes: how to use the tools we sell, "
                "what the specifications mean, and how to look after yourself between appointments."
            ),
            search_description="Guides to trigger point therapy, massage oils and percussion massage guns.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        ctx.say("Article index: 1 created at /articles/")
    else:
        ctx.say("Article index: already present")

    image_outcomes: list[str] = []
    outcomes = []
    for article in ARTICLES:
        if ArticlePage.objects.child_of(index).filter(slug=article.slug).exists():
            # Articles belong to editors once published: a re-run never overwrites their changes.
            outcomes.append(UNCHANGED)
            image_outcomes += [UNCHANGED] * (1 + sum(isinstance(block, Picture) for block in article.body))
            continue
        _create_article(ctx, index, article, image_outcomes)
        outcomes.append(CREATED)
    ctx.report("Article images", image_outcomes)
    ctx.report("Articles", outcomes)


@transaction.atomic
def _create_article(ctx: DemoContext, index: ArticleIndexPage, article: ArticleData, image_outcomes: list[str]) -> None:
    wanted = {*article.related_products}
    for block in article.body:
        if isinstance(block, Products):
            wanted.update(block.slugs)
    products = {product.slug: product for product in Product.objects.filter(slug__in=wanted)}

    def picture(data: Picture, *, banner: bool = False):
        # Article headers are cropped to 16:9, so they get a wide picture; body pictures stay square.
        render = render_banner if banner else render_illustration
        image, outcome = ensure_image(
            title=data.title,
            filename=f"article-{data.drawing}-{data.colour.lstrip('#')}.png",
            render=lambda: render(data.drawing, data.colour, ctx.image_size),
            alt_text=ALT_TEXT[data.drawing],
        )
        image_outcomes.append(outcome)
        return image

    page = ArticlePage(
        title=article.title,
        slug=article.slug,
        author=article.author,
        date=timezone.localdate() - timedelta(days=article.days_ago),
        intro=article.intro,
        search_description=article.search_description,
        hero_image=picture(article.hero, banner=True),
        body=[_stream_child(block, picture, products) for block in article.body],
    )
    page.related_products = [products[slug] for slug in article.related_products]
    page.tags.add(*article.tags)
    index.add_child(instance=page)
    page.save_revision().publish()


def _stream_child(block: Block, picture, products: dict[str, Product]) -> dict:
    """One body block in StreamField's stored form: {"type", "value", "id"}."""
    match block:
        case Heading(text=text, level=level):
            kind, value = "heading", {"text": text, "level": level}
        case Paragraph(html=html):
            kind, value = "paragraph", html
        case Picture():
            kind, value = "image", {"image": picture(block).pk, "caption": block.caption}
        case Quote(text=text, attribution=attribution):
            kind, value = "quote", {"text": text, "attribution": attribution}
        case Callout(tone=tone, title=title, html=html):
            kind, value = "callout", {"tone": tone, "title": title, "text": html}
        case Products(heading=heading, slugs=slugs):
            ids = [products[slug].pk for slug in slugs]
            kind, value = "products", {"heading": heading, "products": ids}
        case _:
            raise TypeError(f"Unknown article block {block!r}")
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}
