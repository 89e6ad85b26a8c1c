"""Everything the shop adds to the Wagtail admin, registered in this one place (Wagtail loads this module).

The menus themselves are built in shop/admin/: catalogue.py (the "Shop" menu), pricing.py ("Pricing & tax")
orders.py (the order list and detail pages, with
order_actions.py behind its buttons), stock.py (stock adjustments and low stock), dashboard.py (the
panels on the admin home) and price_match.py (the price-match queue, its report and its dashboard panel).
"""

from __future__ import annotations

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from shop.admin.catalogue import ShopViewSetGroup
from shop.admin.dashboard import shop_panels
from shop.admin.orders import OrderViewSet
from shop.admin.price_match import PriceMatchViewSet, pending_panel_for
from shop.admin.pricing import PricingGroup
from shop.admin.stock import StockGroup

register_snippet(ShopViewSetGroup)
register_snippet(PricingGroup)


@hooks.register("register_admin_viewset")
def register_order_viewset() -> OrderViewSet:
    return OrderViewSet("orders")


@hooks.register("register_admin_viewset")
def register_stock_viewsets() -> StockGroup:
    return StockGroup()


@hooks.register("construct_homepage_panels")
def add_shop_panels(request, panels) -> None:
    panels.extend(shop_panels(request.user))


price_match_viewset = PriceMatchViewSet("price_match")


@hooks.register("register_admin_viewset")
def register_price_match_viewset() -> PriceMatchViewSet:
    return price_match_viewset


@hooks.register("construct_homepage_panels")
def add_pending_price_match_panel(request, panels) -> None:
    panel = pending_panel_for(request.user, price_match_viewset)
    if panel is not None:
        panels.append(panel)
