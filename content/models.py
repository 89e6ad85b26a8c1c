"""Wagtail pages: the home page, the article index and articles."""

from __future__ import annotations

import datetime

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content import selectors
from content.blocks import ArticleBodyBlock
from content.conversations.models import Conversation, ConversationMessage  # noqa: F401  (content's models)
from content.formatting import count_words, reading_time_minutes
from content.panels import BodyProductsPanel
from content.policies import PolicyPage  # noqa: F401  (content's models)
from content.settings import SiteSettings, StorefrontLock  # noqa: F401  (registers the settings)
from shop.selectors.cards import product_cards


def social_image_field() -> models.ForeignKey:
    """A picture for social sites' link cards (OpenGraph, Twitter); pages with it mix in SharingImage."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("social sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Shown when the page is shared on social sites (cropped to 1200×630). Leave empty to use the hero image."
        ),
    )


class SharingImage:
    """For pages with a `social_image` and a `hero_image`."""

    def sharing_image(self):
        """The picture social sites show: the social sharing image, else the hero image, else none."""
        return self.social_image or self.hero_image

    @property
    def hero_alt(self) -> str:
        """The hero picture's alt text in this page's language: the page's own description of it, else the
        image's (which an image shared by the English and French pages can only hold in one language)."""
        if self.hero_image_alt:
            return self.hero_image_alt
        return self.hero_image.default_alt_text if self.hero_image else ""


def hero_image_alt_field() -> models.CharField:
    return models.CharField(
        _("hero image description"),
        max_length=250,
        blank=True,
        help_text=_(
            "What the picture shows, for people who cannot see it, in this page's language. "
            "Leave empty to use the image's own description."
        ),
    )


class HomePage(SharingImage, Page):
    hero_heading = models.CharField(_("hero heading"), max_length=120, default="Tools for tired muscles")
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_image_alt = hero_image_alt_field()
    social_image = social_image_field()
    hero_cta_label = models.CharField(_("hero button label"), max_length=60, default="Shop the catalogue")
    hero_cta_url = models.CharField(_("hero button link"), max_length=300, default="/shop/")

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_cta_label"),
                FieldPanel("hero_cta_url"),
            ],
            heading=_("Hero"),
        ),
        InlinePanel("featured_products", label=_("Featured products"), max_num=8),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]

    parent_page_types = ["wagtailcore.Page"]
    # No second home from "Add child page"; the French home is this page's translation, which simple
    # translation copies (copy_for_translation) without asking max_count.
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["featured_products"] = product_cards(item.product_id for item in self.featured_products.all())
        context["latest_articles"] = selectors.latest_articles(limit=3)
        context["article_index"] = selectors.article_index()
        return context


class HomePageFeaturedProduct(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("product")]


class ArticleIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ArticlePage"]

    ARTICLES_PER_PAGE = 12

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = selectors.index_articles(self)
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            articles = articles.filter(tags__slug=tag).distinct()
        # get_page turns "abc", "-1" and "99999" into a real page instead of an error.
        page = Paginator(articles, self.ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            articles=page,
            tag=tag,
            tags=ArticlePageTag.tags_in_use(self),
        )
        return context


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("content.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")

    @classmethod
    def tags_in_use(cls, index_page: Page):
        """The tags on the live articles an index lists (in the shopper's language), for the filter links."""
        from taggit.models import Tag

        listed = selectors.index_articles(index_page).order_by().values("pk")
        in_use = Tag.objects.filter(content_articlepagetag_items__content_object__in=listed)
        return in_use.distinct().order_by("name")


class ArticlePage(SharingImage, Page):
    author = models.CharField(_("author"), max_length=120)
    date = models.DateField(
        _("published on"),
        null=True,
        blank=True,
        help_text=_(
            "The date readers see. Leave it empty and it is set when the article goes live: "
            "to its go-live date if one is scheduled, otherwise to the day it is first published."
        ),
    )
    intro = models.TextField(
        _("introduction"),
        help_text=_(
            "The lead paragraph under the title. Also shown on article cards (the article list, the home page, "
            "search results), under the article's link on the products it mentions and in the RSS feed, and to "
            "search engines and social sites unless the Promote tab has a search description."
        ),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_image_alt = hero_image_alt_field()
    social_image = social_image_field()
    body = StreamField(ArticleBodyBlock(), use_json_field=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    related_products = ParentalManyToManyField(
        "shop.Product",
        blank=True,
        related_name="articles",
        verbose_name=_("more related products"),
        help_text=_(
            "Products chosen in the body's product blocks are related automatically (listed above); "
            "add other products this article is about here."
        ),
    )
    # Kept by the page itself from the body on every save and revision, never edited by hand: the product
    # pages find the articles that show them through this and `related_products` together.
    body_product_links = ParentalManyToManyField(
        "shop.Product", blank=True, editable=False, related_name="articles_showing"
    )

    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("author"),
    ]

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("author"), FieldPanel("date"), FieldPanel("tags")], heading=_("About")),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt"),
        FieldPanel("body"),
        MultiFieldPanel(
            [BodyProductsPanel(), FieldPanel("related_products")],
            heading=_("Related products"),
            help_text=_("Shown under the article as “Products in this article”: the body's products first."),
        ),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]

    parent_page_types = ["content.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")

    def full_clean(self, *args, **kwargs):
        # Every save and every revision passes through here. The body's products are kept in their own
        # field, so the editor's `related_products` is only ever what the editor chose: cleared stays cleared.
        self.body_product_links = self.body_products()
        if self.date is None and self.live:
            self.date = self.first_publication_date()
        super().full_clean(*args, **kwargs)

    def with_content_json(self, content):
        # A revision saved before the first publication has no date; the live row got it when published.
        page = super().with_content_json(content)
        if page.date is None:
            page.date = self.date
        return page

    def first_publication_date(self) -> datetime.date:
        """The go-live date if one is scheduled, else the day of the first publication (today, when that is now)."""
        moment = self.go_live_at or self.first_published_at or timezone.now()
        return timezone.localdate(moment)

    @property
    def published_on(self) -> datetime.date:
        """The date readers see; a draft without one (in preview) shows the date it would get."""
        return self.date or self.first_publication_date()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        body_products = self.body_products()
        context["product_teasers"], context["related_products"] = selectors.article_products(
            body_products,
            [*(product.pk for product in body_products), *(product.pk for product in self.related_products.all())],
        )
        context["previous_article"], context["next_article"] = selectors.article_neighbours(self)
        context["reading_time"] = self.reading_time
        context["article_index"] = self.get_parent()
        return context

    def body_products(self) -> list:
        """The products chosen in the body's product blocks, in order, once each."""
        seen: dict[int, object] = {}
        for block in self.body:
            if block.block_type == "products":
                for product in block.value["products"]:
                    if product is not None and product.pk not in seen:
                        seen[product.pk] = product
        return list(seen.values())

    def body_text(self) -> str:
        """The words a reader reads, taken from the stored body without rendering or fetching anything."""
        parts: list[str] = []
        for item in self.body.raw_data:
            value = item.get("value")
            if isinstance(value, str):
                parts.append(strip_tags(value))
            elif isinstance(value, dict):
                for key in ("text", "title", "caption", "heading", "attribution"):
                    if isinstance(value.get(key), str):
                        parts.append(strip_tags(value[key]))
        return " ".join(parts)

    @property
    def reading_time(self) -> int:
        return reading_time_minutes(count_words(self.body_text()) + count_words(self.intro))
