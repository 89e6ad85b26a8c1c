from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config import language_views
from config.env import env_bool

# Staff and machines: one address each, never prefixed.
urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The header's language switcher passes through here to remember the shopper's choice.
    path("language/", language_views.language_switch, name="language_switch"),
]

# Machine addresses have one URL: crawlers and monitors that try /fr/robots.txt, /fr/sitemap.xml (which
# lists both languages) or /fr/healthz/ are sent to it for good, instead of getting a second copy.
MACHINE_PATHS = ("robots.txt", "sitemap.xml", "healthz/")
urlpatterns += [
    path(f"{code}/{machine_path}", RedirectView.as_view(url=f"/{machine_path}", permanent=True))
    for code, _name in settings.LANGUAGES
    if code != settings.LANGUAGE_CODE
    for machine_path in MACHINE_PATHS
]

# What shoppers read: English at /, French at /fr/. An unprefixed address is always English, whatever the
# browser asks for, so a link (and a webhook, a health check, a feed reader) never changes language. The
# apps' machine endpoints (Stripe's and the email provider's webhooks, /healthz/, /robots.txt, the sitemap)
# answer at their unprefixed addresses as before.
urlpatterns += i18n_patterns(
    path("", include("content.urls")),
    path("", include("shop.urls")),
    path("compare/", include("compare.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("accounts/", include("allauth.urls")),
    prefix_default_language=False,
)

# Uploads under /media/: the server in front serves them in production (README); the dev settings let
# Django serve them, DEBUG or not, so `make run` shows the shop's own error pages and its pictures.
if getattr(settings, "SERVE_MEDIA_FILES", settings.DEBUG):
    from django.urls import re_path
    from django.views.static import serve

    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})
    )

# `make bench` measures every page against this bare view; it exists only when the benchmark asks for it.
if env_bool("BENCH_VIEWS"):
    from bench.views import bare

    urlpatterns.append(path("bench/bare/", bare, name="bench_bare"))

# Wagtail's page serving comes last: it answers every path the apps above do not, each locale's page tree
# under its language's prefix.
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)

handler404 = "content.views.page_not_found"
