from django.urls import path
from wagtail.contrib.sitemaps.views import sitemap

from content import views
from content.conversations import views as chat_views
from content.feeds import ArticleFeed
from content.sitemaps import SITEMAPS

app_name = "content"
urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("articles/feed/", ArticleFeed(), name="article_feed"),
    path("search/", views.search, name="search"),
    path("password/", views.storefront_password, name="storefront_password"),
    path("chat/", chat_views.chat, name="chat"),
    path("chat/messages.json", chat_views.chat_messages, name="chat_messages"),
]
