"""The shop's addresses: catalogue, cart (pages and the Shopify-style JSON API), checkout and orders."""

from django.urls import path

from shop.views import cart, cart_api, catalogue, checkout, orders, price_match, webhooks

app_name = "shop"

urlpatterns = [
    # --- catalogue: the shop listing, category listings and product pages ---
    path("shop/", catalogue.listing, name="listing"),
    path("shop/<slug:category_slug>/", catalogue.category, name="category"),
    path("products/<slug:slug>/", catalogue.product, name="product"),
    # --- buying: cart page, its forms and the Shopify-style JSON API ---
    path("cart/", cart.cart, name="cart"),
    path("cart/add/", cart.cart_add, name="cart_add"),
    path("cart/update/", cart.cart_update, name="cart_update"),
    path("cart/remove/", cart.cart_remove, name="cart_remove"),
    path("cart.js", cart_api.cart_js, name="cart_js"),
    path("cart/add.js", cart_api.cart_add_js, name="cart_add_js"),
    path("cart/change.js", cart_api.cart_change_js, name="cart_change_js"),
    path("cart/update.js", cart_api.cart_update_js, name="cart_update_js"),
    path("cart/clear.js", cart_api.cart_clear_js, name="cart_clear_js"),
    path("cart/quote.json", cart_api.cart_quote_json, name="cart_quote_json"),
    path("products/<slug:slug>.js", cart_api.product_js, name="product_js"),
    # --- checkout: checkout, payment, Stripe webhook, order pages ---
    path("checkout/", checkout.checkout_details, name="checkout"),
    path("checkout/review/", checkout.checkout_review, name="checkout_review"),
    path("checkout/place/", checkout.checkout_place, name="checkout_place"),
    path("checkout/pay/<str:number>/", checkout.checkout_pay, name="checkout_pay"),
    path("checkout/pay/<str:number>/confirm/", checkout.checkout_confirm, name="checkout_confirm"),
    path("checkout/complete/<str:number>/", checkout.checkout_complete, name="checkout_complete"),
    path("shop/stripe/webhook/", webhooks.stripe_webhook, name="stripe_webhook"),
    path("orders/lookup/", orders.order_lookup_view, name="order_lookup"),
    path("orders/receipt/<str:token>/", orders.order_receipt, name="order_receipt"),
    path("orders/<str:number>/", orders.order_detail, name="order_detail"),
    path("account/orders/", orders.account_orders, name="account_orders"),
    # --- price match: the published policy, the "Found it cheaper?" form ---
    path("price-match/", price_match.price_match_policy, name="price_match_policy"),
    path("price-match/sent/", price_match.price_match_sent, name="price_match_sent"),
    path("products/<slug:slug>/price-match/", price_match.price_match_request, name="price_match_request"),
]
