"""/sitemap.xml: Wagtail's pages plus the shop's categories and active products."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import Sitemap as PageSitemap

from shop.models import Category, Product


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Category.objects.only("slug", "sort_order", "name")


class ProductSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Product.objects.active().only("slug", "updated_at", "name").order_by("pk")

    def lastmod(self, product):
        return product.updated_at


SITEMAPS = {"pages": PageSitemap, "categories": CategorySitemap, "products": ProductSitemap}
