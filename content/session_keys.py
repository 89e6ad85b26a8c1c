"""Every key content keeps in a visitor's session (the shop's are in shop/session_keys.py).

The strings are what existing sessions already hold: changing one locks every unlocked visitor out.
"""

# Set after the right storefront password: the lock's current unlock token.
STOREFRONT_UNLOCKED = "storefront_unlocked"

# The shopper's chat conversation, by its token: replies show in their panel while the session lasts.
CHAT_CONVERSATION = "chat_conversation"
