from shop.models.catalogue import CURRENCY, Brand, Category, Product, ProductImage, ProductVariant
from shop.models.settings import ShopSettings

__all__ = ["CURRENCY", "Brand", "Category", "Product", "ProductImage", "ProductVariant", "ShopSettings"]

# --- buying: cart and pricing ---
from shop.models.cart import Cart, CartLine
from shop.models.pricing import (
    DiscountCode,
    DiscountRedemption,
    Promotion,
    ShippingRate,
    ShippingZone,
    TaxRate,
)

__all__ += [
    "Cart",
    "CartLine",
    "DiscountCode",
    "DiscountRedemption",
    "Promotion",
    "ShippingRate",
    "ShippingZone",
    "TaxRate",
]

# --- orders (checkout) ---
from shop.models.orders import (  # noqa: E402
    Order,
    OrderLine,
    OrderStatus,
    OrderStatusChange,
    OrderTaxLine,
    StripeEvent,
)

__all__ += ["Order", "OrderLine", "OrderStatus", "OrderStatusChange", "OrderTaxLine", "StripeEvent"]

# --- order emails (sent by the worker) ---
from shop.models.emails import OrderEmail, OrderEmailKind, OrderEmailStatus  # noqa: E402

__all__ += ["OrderEmail", "OrderEmailKind", "OrderEmailStatus"]
