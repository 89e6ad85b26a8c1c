"""/sitemap.xml: Wagtail's pages plus the shop's categories and active products, all on SITE_URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap as DjangoSitemap
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from config.site_url import rebased, site_url
from shop.models import Category, Product


class PublicPageSitemap(PageSitemap):
    """Wagtail's pages, each page's own sitemap URLs (a routable page may list several), moved onto SITE_URL."""

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            url["location"] = rebased(url["location"])
        return urls


class ShopSitemap(PageSitemap):
    """Non-page objects, addressed on SITE_URL like the pages beside them.

    Subclassing Wagtail's sitemap only to be handed the request; the URLs are built the plain Django way.
    """

    def _root(self):
        return urlsplit(site_url())

    def get_protocol(self, protocol=None):
        return self._root().scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return self._root().netloc

    def location(self, obj):
        return obj.get_absolute_url()

    def lastmod(self, obj):
        return None

    def _urls(self, page, protocol, domain):
        return DjangoSitemap._urls(self, page, protocol, domain)


class CategorySitemap(ShopSitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Category.objects.only("slug", "sort_order", "name")


class ProductSitemap(ShopSitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Product.objects.active().only("slug", "updated_at", "name").order_by("pk")

    def lastmod(self, product):
        return product.updated_at


SITEMAPS = {"pages": PublicPageSitemap, "categories": CategorySitemap, "products": ProductSitemap}
