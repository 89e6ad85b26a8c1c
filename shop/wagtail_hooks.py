"""Everything the shop adds to the Wagtail admin, registered in this one place (Wagtail loads this module).

The menus themselves are built in shop/admin/: catalogue.py (the "Shop" menu), pricing.py ("Pricing & tax")
orders.py (the order list and detail pages, with
order_actions.py behind its buttons) and stock.py (stock adjustments and low stock).
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from shop.admin.catalogue import ShopViewSetGroup
from shop.admin.orders import OrderViewSet
from shop.admin.pricing import PricingGroup, forget_cached_sale_events
from shop.admin.stock import StockGroup

register_snippet(ShopViewSetGroup)
register_snippet(PricingGroup)

# A sale's products and categories are saved after the sale itself, so its cached list is cleared again.
for hook_name in ("after_create_snippet", "after_edit_snippet", "after_delete_snippet"):
    hooks.register(hook_name, forget_cached_sale_events)


@hooks.register("register_admin_viewset")
def register_order_viewset() -> OrderViewSet:
    return OrderViewSet("orders")


@hooks.register("register_admin_viewset")
def register_stock_viewsets() -> StockGroup:
    return StockGroup()
