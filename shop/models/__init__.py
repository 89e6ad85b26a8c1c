from shop.models.catalogue import CURRENCY, Brand, Category, Product, ProductImage, ProductVariant
from shop.models.settings import ShopSettings

__all__ = ["CURRENCY", "Brand", "Category", "Product", "ProductImage", "ProductVariant", "ShopSettings"]
