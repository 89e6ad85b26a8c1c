"""The shop in the Wagtail admin: the catalogue, pricing & tax, and orders, one module each.

Nothing here registers itself; shop/wagtail_hooks.py registers every menu and hook in one place.
"""
