from django.urls import path

from shop.views import catalogue

app_name = "shop"
urlpatterns: list = [
    path("shop/", catalogue.listing, name="listing"),
    path("shop/<slug:category_slug>/", catalogue.category, name="category"),
    path("products/<slug:slug>/", catalogue.product, name="product"),
]
