"""The articles RSS feed, advertised from every page's head."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.site_url import page_public_url, public_url
from content.selectors import article_index, live_articles
from content.settings import SiteSettings

FEED_LENGTH = 20


class ArticleFeed(Feed):
    description = _("Guides and notes on massage, trigger-point work and caring for tired muscles.")

    def get_object(self, request, *args, **kwargs):
        # Feed methods see no request, so keep it for absolute links and the shop's name.
        self.request = request
        return

    def title(self):
        return _("%(shop)s — Articles") % {"shop": SiteSettings.for_request(self.request).shop_name}

    def link(self):
        index = article_index()
        return page_public_url(index, self.request) if index else public_url("/")

    def feed_url(self):
        return public_url(self.request.path)

    def items(self):
        return live_articles()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return page_public_url(item, self.request)

    def item_author_name(self, item):
        return item.author

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.combine(item.date, time(9, 0)))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
