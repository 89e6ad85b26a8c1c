"""Site settings that every page reads, kept in the cache for a few seconds between requests.

The frame of every page shows the shop's name, contact details, announcement bar and trust badges,
and the lock middleware checks the storefront password: without this, each of those settings costs
one query on every page. Saving or deleting a setting clears its cached copy at once; the short
timeout only bounds how long another process, with its own local-memory cache, may lag behind.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site

SETTINGS_CACHE_SECONDS = 5


class CachedSiteSetting(BaseSiteSetting):
    """A Wagtail site setting whose `for_request` reads through the cache; `for_site` stays a fresh read."""

    class Meta:
        abstract = True

    @classmethod
    def cache_key(cls, site_id: int) -> str:
        return f"site-setting:{cls._meta.label_lower}:{site_id}"

    @classmethod
    def for_request(cls, request):
        """The setting for the request's site, kept on the request like Wagtail's own `for_request`."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = Site.find_for_request(request)
        if site is None:
            raise cls.DoesNotExist(f"{cls.__name__} does not exist for a request no site matches.")
        key = cls.cache_key(site.pk)
        instance = cache.get(key)
        if instance is None:
            instance = cls.for_site(site)
            cache.set(key, instance, SETTINGS_CACHE_SECONDS)
        instance._request = request
        setattr(request, attr_name, instance)
        return instance

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        self.forget_cached()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self.forget_cached()
        return result

    def forget_cached(self) -> None:
        # Now, and again after commit, so a request reading between the two cannot keep the old copy.
        key = self.cache_key(self.site_id)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))
