"""The Wagtail Site and the site settings every page reads, kept in the cache between requests.

The frame of every page shows the shop's name, contact details, announcement bar and trust badges,
and the lock middleware checks the storefront password; all of them hang off the request's Site,
which Wagtail finds with one query per request (an ordered CASE over hostname, port and the default
flag). Without this, those reads cost three queries on every page. Saving or deleting a Site or a
setting clears its cached copy at once; the short timeout only bounds how long another process, with
its own local-memory cache, may lag behind.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http.request import split_domain_port
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from config.caches import SITE_SETTINGS, SITES
from config.caching import forget


def site_for_request(request) -> Site | None:
    """The request's Site as Wagtail's Site.find_for_request chooses it, read through the cache.

    Kept on the request where find_for_request looks first (`_wagtail_site`), so Wagtail's own page
    serving and anything else asking later reuse it.
    """
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname, port = split_domain_port(request.get_host())[0], request.get_port()
    known = cache.get(SITES.key) or {}
    if (hostname, port) in known:
        site = known[(hostname, port)]
    else:
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            site = None  # no site at all yet (a fresh database): ask again next time
        if site is not None:
            cache.set(SITES.key, {**known, (hostname, port): site}, SITES.seconds)
    request._wagtail_site = site
    return site


@receiver(post_save, sender=Site, dispatch_uid="config.forget_sites_on_save")
@receiver(post_delete, sender=Site, dispatch_uid="config.forget_sites_on_delete")
def forget_sites(sender, **kwargs) -> None:
    forget(SITES.key)


class CachedSiteSetting(BaseSiteSetting):
    """A Wagtail site setting whose `for_request` reads through the cache; `for_site` stays a fresh read."""

    class Meta:
        abstract = True

    @classmethod
    def cache_key(cls, site_id: int) -> str:
        return SITE_SETTINGS.key_for(cls._meta.label_lower, site_id)

    @classmethod
    def for_request(cls, request):
        """The setting for the request's site, kept on the request like Wagtail's own `for_request`."""
        attr_name = cls.get_cache_attr_name()
        if hasattr(request, attr_name):
            return getattr(request, attr_name)
        site = site_for_request(request)
        if site is None:
            raise cls.DoesNotExist(f"{cls.__name__} does not exist for a request no site matches.")
        key = cls.cache_key(site.pk)
        instance = cache.get(key)
        if instance is None:
            instance = cls.for_site(site)
            cache.set(key, instance, SITE_SETTINGS.seconds)
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
        forget(self.cache_key(self.site_id))
