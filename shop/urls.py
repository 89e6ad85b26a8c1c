from django.urls import path  # noqa: F401

app_name = "shop"
urlpatterns: list = []

# --- buying: cart page, its forms and the Shopify-style JSON API ---
from shop.views import cart, cart_api  # noqa: E402

urlpatterns += [
    path("cart/", cart.cart, name="cart"),
    path("cart/add/", cart.cart_add, name="cart_add"),
    path("cart/update/", cart.cart_update, name="cart_update"),
    path("cart/remove/", cart.cart_remove, name="cart_remove"),
    path("cart.js", cart_api.cart_js, name="cart_js"),
    path("cart/add.js", cart_api.cart_add_js, name="cart_add_js"),
    path("cart/change.js", cart_api.cart_change_js, name="cart_change_js"),
    path("cart/clear.js", cart_api.cart_clear_js, name="cart_clear_js"),
    path("cart/quote.json", cart_api.cart_quote_json, name="cart_quote_json"),
    path("products/<slug:slug>.js", cart_api.product_js, name="product_js"),
]
