"""The shop in the Wagtail admin: the catalogue, pricing & tax, and orders, one module each; export.py
gives them all the index view whose spreadsheet exports never write a formula.

Nothing here registers itself; shop/wagtail_hooks.py registers every menu and hook in one place.
"""
