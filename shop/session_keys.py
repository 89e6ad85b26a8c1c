"""Every key the shop keeps in a shopper's session, in one place.

The strings are what existing sessions already hold: changing one logs every shopper out of their cart.
The storefront lock keeps its key in content/session_keys.py, and compare its picks in compare/services.py.
"""

# The shopper's cart, by its token (never its lines, so a cart survives errors and sign-in).
CART_TOKEN = "cart_token"
# The cart estimate's province and discount code, so checkout starts from them.
CART_PROVINCE = "cart_province"
CART_CODE = "cart_code"
# Checkout: the contact and address form, the place-order idempotency token, the numbers of the orders
# placed in this browser session, and the orders whose payment has already emptied the cart.
CHECKOUT_DETAILS = "checkout_details"
# The proof of a ticked marketing box (consent text version, IP, browser), kept for the order it goes on.
CHECKOUT_MARKETING_CONSENT = "checkout_marketing_consent"
CHECKOUT_TOKEN = "checkout_token"
CHECKOUT_ORDERS = "checkout_orders"
CHECKOUT_CART_CLEARED = "checkout_cart_cleared"
