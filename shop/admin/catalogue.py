"""The catalogue in the Wagtail admin: a "Shop" menu with categories, brands and products.

Products stay snippets so that article blocks can choose them (SnippetChooserBlock("shop.Product")).

Registered by shop/wagtail_hooks.py, the one place the shop's admin menus are registered.
"""

from __future__ import annotations

from django.db.models import Count, IntegerField, Max, Min, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.admin.ui.tables import BooleanColumn, Column, UpdatedAtColumn
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from shop.admin.chooser import ProductChooserViewSet
from shop.admin.export import ShopSnippetIndexView, ShopSnippetViewSet
from shop.admin.forms import ProductAdminForm
from shop.admin.reference_prices import ProductCreateView, ProductEditView
from shop.models import Brand, Category, OptionTranslation, Product, ProductTranslation, ProductVariant
from shop.money import format_cad
from shop.specifications import SCHEMAS, ProductType


def _variant_total(aggregate, field: str) -> Subquery:
    """One number per product from its variants, as a subquery so filters and search never multiply rows."""
    per_product = (
        ProductVariant.objects.filter(product=OuterRef("pk"))
        .order_by()
        .values("product")
        .annotate(total=aggregate(field))
        .values("total")
    )
    return Subquery(per_product)


def price_range(product: Product) -> str:
    low, high = getattr(product, "lowest_price", None), getattr(product, "highest_price", None)
    if low is None:
        return str(_("No variants"))
    return format_cad(low) if low == high else f"{format_cad(low)} – {format_cad(high)}"


def specification_panels() -> list:
    """One field per specification, each saying which product types use it, in schema order."""
    used_by: dict[str, list[str]] = {}
    for product_type, fields in SCHEMAS.items():
        for spec in fields:
            used_by.setdefault(spec.attribute, []).append(str(ProductType(product_type).label))
    return [
        HelpPanel(
            content=_(
                "<p>Fill in the specifications that apply to this product's type; leave the others empty. "
                "They appear in the product page's specifications table and line up in the compare view.</p>"
            )
        ),
        *(
            FieldPanel(attribute, help_text=_("Applies to: %(types)s.") % {"types": ", ".join(types)})
            for attribute, types in used_by.items()
        ),
    ]


TRANSLATION_HELP = _(
    "What shoppers read in another language, French first: add one per language. A field left empty shows the English."
)


def translation_panel(*fields: str) -> InlinePanel:
    """The product's or category's text in other languages, one inline per Locale."""
    return InlinePanel(
        "translations",
        label=_("Translation"),
        heading=_("Translations"),
        help_text=TRANSLATION_HELP,
        panels=[FieldPanel("locale"), *(FieldPanel(field) for field in fields)],
    )


class ProductIndexView(ShopSnippetIndexView):
    def search_queryset(self, queryset):
        # Staff look products up by SKU as often as by name, and by the French name as well as the English.
        if not self.is_searching:
            return queryset
        by_fields = super().search_queryset(queryset)
        by_sku = ProductVariant.objects.filter(sku__icontains=self.search_query).values("product")
        by_translation = ProductTranslation.objects.filter(name__icontains=self.search_query).values("product")
        return queryset.filter(Q(pk__in=by_fields.values("pk")) | Q(pk__in=by_sku) | Q(pk__in=by_translation))


class CategoryViewSet(ShopSnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categories")
    list_display = ["name", "slug", Column("product_count", label=_("Products"), sort_key="product_count")]
    search_fields = ["name", "description"]
    search_backend_name = None
    sort_order_field = "sort_order"
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("image"),
        translation_panel("name", "description"),
    ]

    def get_queryset(self, request):
        return Category.objects.annotate(product_count=Count("products"))


class BrandViewSet(ShopSnippetViewSet):
    model = Brand
    icon = "pick"
    menu_label = _("Brands")
    list_display = ["name", "slug", Column("product_count", label=_("Products"), sort_key="product_count")]
    search_fields = ["name"]
    search_backend_name = None
    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    def get_queryset(self, request):
        return Brand.objects.annotate(product_count=Count("products"))


class ProductViewSet(ShopSnippetViewSet):
    model = Product
    icon = "tag"
    menu_label = _("Products")
    index_view_class = ProductIndexView
    # Both flag a compare-at price the storefront will not show (shop/admin/reference_prices.py).
    add_view_class = ProductCreateView
    edit_view_class = ProductEditView
    list_per_page = 50
    # The chooser article blocks open: pictures, prices, stock and SKU search (shop/admin/chooser.py).
    chooser_viewset_class = ProductChooserViewSet
    chooser_per_page = 25
    list_display = [
        "name",
        "category",
        "brand",
        Column("price_range", label=_("Price"), accessor=price_range, sort_key="lowest_price"),
        Column("total_stock", label=_("Stock"), sort_key="total_stock"),
        BooleanColumn("is_active", label=_("Active")),
        UpdatedAtColumn(),
    ]
    list_filter = ["category", "brand", "is_active", "product_type"]
    # The database search backend would need index rows for every product; plain ORM lookups do not.
    search_fields = ["name", "slug", "summary", "brand__name", "category__name"]
    search_backend_name = None
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("summary"),
                    FieldPanel("description"),
                    MultiFieldPanel(
                        [FieldPanel("category"), FieldPanel("brand"), FieldPanel("product_type")],
                        heading=_("Place in the catalogue"),
                    ),
                    MultiFieldPanel([FieldPanel("is_active"), FieldPanel("is_featured")], heading=_("Visibility")),
                ],
                heading=_("Product"),
            ),
            ObjectList(
                [
                    InlinePanel(
                        "variants",
                        min_num=1,
                        label=_("Variant"),
                        heading=_("Variants, prices and stock"),
                        help_text=_(
                            "Every product needs at least one variant. Give each its own SKU; "
                            "a compare-at price above the price is shown struck through only when it is a genuine regular "
                            "price: offered at that price or higher for more than half of the last six months, or "
                            "the price most units sold at in the last twelve months."
                        ),
                        panels=[
                            FieldPanel("sku"),
                            FieldPanel("colour"),
                            FieldPanel("size"),
                            FieldPanel("price"),
                            FieldPanel("compare_at_price"),
                            FieldPanel("stock_quantity"),
                            FieldPanel("low_stock_threshold"),
                            FieldPanel("weight_g"),
                        ],
                    )
                ],
                heading=_("Variants and stock"),
            ),
            ObjectList(
                [InlinePanel("images", label=_("Image"), heading=_("Images, first one on cards"))],
                heading=_("Images"),
            ),
            ObjectList(specification_panels(), heading=_("Specifications")),
            ObjectList(
                [translation_panel("name", "summary", "description", "material", "sizes", "ingredients")],
                heading=_("Translations"),
            ),
        ],
        base_form_class=ProductAdminForm,
    )

    def get_queryset(self, request):
        return Product.objects.select_related("category", "brand").annotate(
            lowest_price=_variant_total(Min, "price"),
            highest_price=_variant_total(Max, "price"),
            total_stock=Coalesce(_variant_total(Sum, "stock_quantity"), 0, output_field=IntegerField()),
        )


class OptionTranslationViewSet(ShopSnippetViewSet):
    """Colours and sizes in other languages, written once for every variant that uses them."""

    model = OptionTranslation
    icon = "globe"
    menu_label = _("Option translations")
    list_display = ["value", "translation", "locale"]
    list_filter = ["locale"]
    search_fields = ["value", "translation"]
    search_backend_name = None
    panels = [
        HelpPanel(
            content=_(
                "<p>A variant's colour or size in another language, such as “Glacier white” → “Blanc glacier”. "
                "Written once here, it shows on every variant with that value; a value with no translation "
                "shows in English.</p>"
            )
        ),
        FieldPanel("locale"),
        FieldPanel("value"),
        FieldPanel("translation"),
    ]


class ShopViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Shop")
    menu_icon = "tag"
    menu_order = 200
    items = (ProductViewSet, CategoryViewSet, BrandViewSet, OptionTranslationViewSet)
