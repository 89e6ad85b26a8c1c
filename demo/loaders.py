"""The loaders `manage.py load_demo` runs, in order (see the package docstring)."""

from demo import chat, content, policies, price_match, shop, staff
from demo.base import DemoContext, Loader

LOADERS: list[Loader] = [
    staff.load_staff_account,
    shop.load_categories,
    shop.load_brands,
    shop.load_products,
    shop.load_sales_and_codes,
    price_match.load_price_match_requests,
    content.load_home_page,
    content.load_articles,
    content.load_site_settings,
    policies.load_policy_pages,
    chat.load_chat_conversation,
]

__all__ = ["LOADERS", "DemoContext", "Loader"]
