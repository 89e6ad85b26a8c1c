"""What a campaign's body is made of: the article blocks, live product blocks, and teasers for articles."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from content.blocks import ArticleBodyBlock


class ArticleTeaserBlock(blocks.StructBlock):
    """An article's picture, title and teaser with a link to read it; the words default to the article's own."""

    article = blocks.PageChooserBlock(page_type="content.ArticlePage", label=_("article"))
    teaser = blocks.TextBlock(
        required=False, label=_("teaser"), help_text=_("Leave empty to use the article's introduction.")
    )
    button_label = blocks.CharBlock(required=False, max_length=40, label=_("button label"))

    class Meta:
        icon = "doc-full"
        label = _("Article teaser")
        template = "newsletter/blocks/article_teaser_block.html"


class CampaignBodyBlock(ArticleBodyBlock):
    """Everything an article may hold (headings, text, images, quotes, callouts, live products), plus teasers."""

    article_teaser = ArticleTeaserBlock()
