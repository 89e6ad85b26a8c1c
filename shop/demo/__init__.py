"""The demo shop that `manage.py load_demo` fills: Knot & Stone Therapy Supply of Guelph, Ontario.

Each loader takes a DemoContext, is idempotent (a second run creates and changes nothing), and
prints one progress line per kind of thing it loads. They run in this order, so later loaders can
rely on earlier ones; a feature adds its demo data (promotions, shipping zones...) with one line here.
"""

from shop.demo.articles import load_articles
from shop.demo.base import DemoContext, Loader
from shop.demo.catalogue import load_brands, load_categories, load_products
from shop.demo.site import load_home_page, load_site_settings, load_staff_account

LOADERS: list[Loader] = [
    load_staff_account,
    load_categories,
    load_brands,
    load_products,
    load_home_page,
    load_articles,
    load_site_settings,
]

__all__ = ["LOADERS", "DemoContext", "Loader"]
