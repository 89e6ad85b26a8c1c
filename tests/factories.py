"""factory-boy factories shared by the whole suite. Each feature adds its own below its heading."""

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from shop.models import Brand, Category, Product, ProductVariant
from shop.specifications import ProductType


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    password = factory.django.Password("correct horse battery staple")


class StaffFactory(UserFactory):
    is_staff = True
    is_superuser = True


# --- catalogue -------------------------------------------------------------------------------


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    sort_order = factory.Sequence(lambda n: n)


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Brand {n}")
    slug = factory.Sequence(lambda n: f"brand-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Product {n}")
    slug = factory.Sequence(lambda n: f"product-{n}")
    summary = "A sturdy tool for sore muscles."
    description = "<p>Made to last.</p>"
    category = factory.SubFactory(CategoryFactory)
    brand = factory.SubFactory(BrandFactory)
    product_type = ProductType.TOOL
    is_active = True

    @factory.post_generation
    def variant(obj, create, extracted, **kwargs):
        """Every product gets one variant unless `variant=False`; pass `variant__price=...` to shape it."""
        if not create or extracted is False:
            return
        ProductVariantFactory(product=obj, **kwargs)


class MassageGunFactory(ProductFactory):
    product_type = ProductType.MASSAGE_GUN
    stall_force_lb = 50
    amplitude_mm = Decimal("12.0")
    speed_settings = 5
    battery_life_h = Decimal("4.0")
    weight_g = 900
    noise_db = 55


class ProductVariantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductVariant
        skip_postgeneration_save = True

    product = factory.SubFactory(ProductFactory, variant=False)
    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    price = Decimal("49.99")
    compare_at_price = None
    stock_quantity = 10
    weight_g = 500

    @factory.post_generation
    def price_history(obj, create, extracted, **kwargs):
        """The price joins the price history, as every path that saves prices records it
        (shop.services.price_history); pass `price_history=<datetime>` to date it, `False` for none."""
        if create and extracted is not False:
            from shop.services.price_history import variant_prices_record

            variant_prices_record(variant_ids=[obj.pk], at=extracted or None)


def price_history(variant: ProductVariant, *points: tuple[int, str | Decimal]) -> None:
    """Replace a variant's price history with (days ago, price) points, oldest first; the last should be its price.

    A compare-at price is struck through only when the history (or sales) back it: shop.reference_prices.
    """
    from datetime import timedelta

    from django.utils import timezone

    from shop.models import VariantPriceChange

    now = timezone.now()
    variant.price_changes.all().delete()
    VariantPriceChange.objects.bulk_create(
        VariantPriceChange(variant=variant, price=Decimal(price), changed_at=now - timedelta(days=days))
        for days, price in points
    )


def genuine_compare_at(variant: ProductVariant) -> ProductVariant:
    """Give a variant a history that makes its compare-at price genuine: sold at it for 200 days until 20 days ago."""
    price_history(variant, (200, variant.compare_at_price), (20, variant.price))
    return variant


# --- buying: cart, sale events, discount codes -------------------------------------------------

import datetime as _dt  # noqa: E402

from django.utils import timezone as _timezone  # noqa: E402

from shop.models import Cart, CartLine, DiscountCode, DiscountRedemption, Promotion  # noqa: E402


class CartFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cart


class CartLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CartLine

    cart = factory.SubFactory(CartFactory)
    variant = factory.SubFactory(ProductVariantFactory)
    quantity = 1


class PromotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promotion
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sale {n}")
    kind = "percent"
    value = Decimal("15")
    starts_at = factory.LazyFunction(lambda: _timezone.now() - _dt.timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: _timezone.now() + _dt.timedelta(days=14))
    is_active = True

    @factory.post_generation
    def products(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.products.set(extracted)

    @factory.post_generation
    def categories(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.categories.set(extracted)


class DiscountCodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiscountCode
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"CODE{n}")
    kind = "percent"
    value = Decimal("10")


class DiscountRedemptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiscountRedemption

    code = factory.SubFactory(DiscountCodeFactory)
    email = factory.Sequence(lambda n: f"shopper{n}@example.com")


# --- compare ---------------------------------------------------------------------------------


class CompareImageFactory(factory.django.DjangoModelFactory):
    """A small real image file, so renditions (thumbnails) can be made."""

    class Meta:
        model = "wagtailimages.Image"

    title = factory.Sequence(lambda n: f"Product photo {n}")
    file = factory.django.ImageField(width=64, height=64, color="#1f5c4a")


class CompareProductImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "shop.ProductImage"

    product = factory.SubFactory(ProductFactory)
    image = factory.SubFactory(CompareImageFactory)
    caption = ""
