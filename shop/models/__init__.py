"""The shop's models, one module per area; every model is imported here, at the top, so Django finds it."""

from shop.models.cart import Cart, CartLine
from shop.models.catalogue import CURRENCY, Brand, Category, Product, ProductImage, ProductVariant
from shop.models.discounts import DiscountCode, DiscountRedemption, DiscountRedemptionStatus
from shop.models.emails import OrderEmail, OrderEmailKind, OrderEmailStatus
from shop.models.orders import (
    Order,
    OrderLine,
    OrderStatus,
    OrderStatusChange,
    OrderTaxLine,
    Refund,
    RefundLine,
    RefundStatus,
    StripeEvent,
)
from shop.models.price_history import VariantPriceChange
from shop.models.price_match import (
    PriceMatchEvent,
    PriceMatchEventKind,
    PriceMatchRequest,
    PriceMatchSettings,
    PriceMatchStatus,
)
from shop.models.pricing import Promotion, ShippingRate, ShippingZone, TaxRate
from shop.models.settings import ShopSettings
from shop.models.stock import StockAdjustment, StockAdjustmentReason
from shop.models.translations import CategoryTranslation, OptionTranslation, ProductTranslation

__all__ = [
    "CURRENCY",
    "Brand",
    "Cart",
    "CartLine",
    "Category",
    "CategoryTranslation",
    "DiscountCode",
    "DiscountRedemption",
    "DiscountRedemptionStatus",
    "OptionTranslation",
    "Order",
    "OrderEmail",
    "OrderEmailKind",
    "OrderEmailStatus",
    "OrderLine",
    "OrderStatus",
    "OrderStatusChange",
    "OrderTaxLine",
    "PriceMatchEvent",
    "PriceMatchEventKind",
    "PriceMatchRequest",
    "PriceMatchSettings",
    "PriceMatchStatus",
    "Product",
    "ProductImage",
    "ProductTranslation",
    "ProductVariant",
    "Promotion",
    "Refund",
    "RefundLine",
    "RefundStatus",
    "ShippingRate",
    "ShippingZone",
    "ShopSettings",
    "StockAdjustment",
    "StockAdjustmentReason",
    "StripeEvent",
    "TaxRate",
    "VariantPriceChange",
]
