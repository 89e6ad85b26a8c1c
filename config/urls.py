from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.env import env_bool

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("content.urls")),
    path("", include("shop.urls")),
    path("compare/", include("compare.urls")),
    path("newsletter/", include("newsletter.urls")),
    path("accounts/", include("allauth.urls")),
]

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

# Wagtail's page serving comes last: it answers every path the apps above do not.
urlpatterns.append(path("", include(wagtail_urls)))

handler404 = "content.views.page_not_found"
