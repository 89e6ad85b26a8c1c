"""The shop's one public address, SITE_URL.

Every absolute link a shopper, a crawler or a feed reader is given (canonical and OpenGraph URLs, JSON-LD,
the sitemap, the feed, robots.txt) is built on SITE_URL, never on the Host a request happened to arrive
with, nor on the Wagtail Site row. The default Site is kept in step with it (`site_follow_site_url`, run by
the demo loader and by `make run`), and `manage.py check --deploy` warns when the two disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DatabaseError, transaction


@dataclass(frozen=True)
class SiteAddress:
    """A Wagtail Site's hostname and port for a public address (Wagtail says http on 80, https on 443)."""

    hostname: str
    port: int


def site_url() -> str:
    """SITE_URL without its trailing slash, e.g. "https://shop.example.ca"."""
    return settings.SITE_URL.rstrip("/")


def public_url(path: str) -> str:
    """A full URL on SITE_URL for a path such as "/products/cork-ball/". A URL that already names its own
    host (an image on a CDN's MEDIA_URL) is left as it is."""
    if not path:
        return ""
    parts = urlsplit(path)
    if parts.scheme and parts.netloc:
        return path
    return site_url() + (path if path.startswith("/") else f"/{path}")


def rebased(url: str) -> str:
    """The same path and query on SITE_URL, for a URL Wagtail built on its Site's root URL."""
    parts = urlsplit(url)
    return public_url(parts.path + (f"?{parts.query}" if parts.query else "") or "/")


def page_public_url(page, request=None) -> str:
    """A Wagtail page's full URL on SITE_URL; "" for a page not routable on any site."""
    parts = page.get_url_parts(request)
    if parts is None:
        return ""
    return public_url(parts[2])


def site_address(url: str) -> SiteAddress:
    """The hostname and port a Wagtail Site needs so that its root URL is `url`."""
    parts = urlsplit(url)
    default_port = 443 if parts.scheme == "https" else 80
    return SiteAddress(hostname=parts.hostname or "localhost", port=parts.port or default_port)


def site_root_url_matches(site) -> bool:
    return site.root_url.rstrip("/") == site_url()


def site_follow_site_url() -> bool:
    """Give the default Wagtail Site SITE_URL's hostname and port; True if it changed. (A Site's root URL
    can be https only on port 443, so an https SITE_URL on another port keeps the nearest it can.)"""
    from wagtail.models import Site

    address = site_address(site_url())
    with transaction.atomic():
        site = Site.objects.select_for_update().filter(is_default_site=True).first()
        if site is None or (site.hostname, site.port) == (address.hostname, address.port):
            return False
        site.hostname, site.port = address.hostname, address.port
        site.save(update_fields=["hostname", "port"])
    return True


def check_site_url_matches_the_default_site(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`check --deploy`: Wagtail builds page links (the admin's "view live", previews) on its default Site,
    and the shop's public links on SITE_URL; they must be the same address."""
    from wagtail.models import Site

    try:
        site = Site.objects.filter(is_default_site=True).first()
    except DatabaseError:  # not migrated yet: nothing to compare
        return []
    if site is None or site_root_url_matches(site):
        return []
    return [
        checks.Warning(
            f"The default Wagtail Site's root URL is {site.root_url}, but SITE_URL is {site_url()}.",
            hint=(
                "Run `manage.py site_url_sync` to give the Site SITE_URL's host and port, or fix SITE_URL. "
                "Until then, admin links and page previews point at another address than the shop's."
            ),
            id="config.W001",
        )
    ]
