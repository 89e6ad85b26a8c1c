"""The names under which the shop keeps things in the shopper's session, in one place."""

# The cart's estimate: its province and code are remembered so checkout can start from them.
SESSION_PROVINCE_KEY = "cart_province"
SESSION_CODE_KEY = "cart_code"

# Checkout.
SESSION_DETAILS = "checkout_details"
SESSION_TOKEN = "checkout_token"
SESSION_ORDERS = "checkout_orders"  # numbers of the orders placed in this browser session
SESSION_CART_CLEARED = "checkout_cart_cleared"  # orders whose payment has already emptied the cart
