"""The demo shop that `manage.py load_demo` fills: Knot & Stone Therapy Supply of Guelph, Ontario.

A site-level app, like Wagtail bakerydemo's `base`: one loader module per app (staff.py for the login,
shop.py for the catalogue, the sale and the codes, content.py for pages, articles and settings), sharing
demo/base.py and the pictures in demo/images.py. Nothing imports it (an import-linter contract says so).

Each loader takes a DemoContext, is idempotent (a second run creates and changes nothing), and
prints one progress line per kind of thing it loads. They run in this order, so later loaders can
rely on earlier ones; a feature adds its demo data (promotions, shipping zones...) with one line in
demo/loaders.py.
"""
