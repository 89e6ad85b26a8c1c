"""/sitemap.xml: Wagtail's pages plus the shop's categories and active products, all on SITE_URL.

One sitemap for both languages: every English and French address is listed, each with its alternates
(hreflang en-CA, fr-CA and x-default), as the pages' own <head> gives them. A Wagtail page's alternates are
its live translations; a shop address exists in every language.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap as PageSitemap
from wagtail.models import Page

from config.languages import X_DEFAULT, language_codes, regional_code
from config.site_url import page_public_url, rebased, site_url
from shop.models import Category, Product


class PublicPageSitemap(PageSitemap):
    """Wagtail's pages in every locale, each page's own sitemap URLs (a routable page may list several) moved
    onto SITE_URL, with the page's live translations as its alternates."""

    def items(self):
        homes = self.get_wagtail_site().root_page.get_translations(inclusive=True)
        in_a_tree = Q()
        for home in homes:
            in_a_tree |= Q(path__startswith=home.path, depth__gte=home.depth)
        return Page.objects.filter(in_a_tree).live().public().order_by("path").defer_streamfields().specific()

    def _urls(self, page, protocol, domain):
        items = list(self.paginator.page(page).object_list)
        translations = self._translations(items)
        urls = []
        last_mods = set()
        for item in items:
            alternates = translations.get(item.translation_key, [])
            for url in item.get_sitemap_urls(self.request):
                url["location"] = rebased(url["location"])
                url["alternates"] = alternates
                urls.append(url)
                last_mods.add(url.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _translations(self, items) -> dict:
        """Each translation key's live pages as sitemap alternates, for the keys with more than one language."""
        by_key: dict = {}
        pages = (
            Page.objects.live()
            .public()
            .filter(translation_key__in={item.translation_key for item in items})
            .select_related("locale")
        )
        for translation in pages:
            url = page_public_url(translation, self.request)
            if url:
                by_key.setdefault(translation.translation_key, {})[translation.locale.language_code] = url
        return {key: sitemap_alternates(urls) for key, urls in by_key.items() if len(urls) > 1}


def sitemap_alternates(urls: dict[str, str]) -> list[dict[str, str]]:
    """{"en": url, "fr": url} as the sitemap template's alternates: hreflang en-CA, fr-CA and x-default."""
    alternates = [
        {"lang_code": regional_code(language), "location": urls[language]}
        for language in language_codes()
        if language in urls
    ]
    if settings.LANGUAGE_CODE in urls:
        alternates.append({"lang_code": X_DEFAULT, "location": urls[settings.LANGUAGE_CODE]})
    return alternates


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

    # Every object in every language, each with the others as its alternates.
    i18n = True
    alternates = True

    def _urls(self, page, protocol, domain):
        urls = DjangoSitemap._urls(self, page, protocol, domain)
        for url in urls:
            by_language = {
                alternate["lang_code"]: alternate["location"]
                for alternate in url["alternates"]
                if alternate["lang_code"] in language_codes()
            }
            url["alternates"] = sitemap_alternates(by_language)
        return urls


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
