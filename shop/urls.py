from django.urls import path  # noqa: F401

app_name = "shop"
urlpatterns: list = []

# --- catalogue: the shop listing, category listings and product pages ---
from shop.views import catalogue  # noqa: E402

urlpatterns += [
    path("shop/", catalogue.listing, name="listing"),
    path("shop/<slug:category_slug>/", catalogue.category, name="category"),
    path("products/<slug:slug>/", catalogue.product, name="product"),
]
