"""Wagtail pages: the home page, the article index and articles."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from content.blocks import ArticleBodyBlock
from content.settings import SiteSettings, StorefrontLock  # noqa: F401  (registers the settings)


class HomePage(Page):
    hero_heading = models.CharField(_("hero heading"), max_length=120, default="Tools for tired muscles")
    hero_text = models.TextField(_("hero text"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_cta_label = models.CharField(_("hero button label"), max_length=60, default="Shop the catalogue")
    hero_cta_url = models.CharField(_("hero button link"), max_length=300, default="/shop/")

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_cta_label"),
                FieldPanel("hero_cta_url"),
            ],
            heading=_("Hero"),
        ),
        InlinePanel("featured_products", label=_("Featured products"), max_num=8),
    ]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1


class HomePageFeaturedProduct(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("product")]


class ArticleIndexPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ArticlePage"]


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("content.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


class ArticlePage(Page):
    author = models.CharField(_("author"), max_length=120)
    date = models.DateField(_("published on"))
    intro = models.TextField(_("introduction"), help_text=_("Shown on cards, in feeds and to search engines."))
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(ArticleBodyBlock(), use_json_field=True)
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True)
    related_products = ParentalManyToManyField("shop.Product", blank=True, related_name="articles")

    search_fields = Page.search_fields + [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("author"),
    ]

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("author"), FieldPanel("date"), FieldPanel("tags")], heading=_("About")),
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("related_products"),
    ]

    parent_page_types = ["content.ArticleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("article")
