"""The "Pricing & tax" admin menu: sale events, discount codes, shipping zones with their rates, tax rates.

Registered by shop/wagtail_hooks.py, which Wagtail loads at start-up.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from shop.admin.export import ShopSnippetViewSet
from shop.models import DiscountCode, DiscountRedemption, Promotion, ShippingZone, TaxRate


class PromotionViewSet(ShopSnippetViewSet):
    model = Promotion
    icon = "tag"
    menu_label = _("Sale events")
    list_display = ["name", "kind", "value", "starts_at", "ends_at", "is_active"]
    list_filter = ["is_active", "kind"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [FieldPanel("categories", widget=forms.CheckboxSelectMultiple), FieldPanel("products")],
            heading=_("What is on sale"),
            help_text=_("Every unit of these products, and of every product in these categories."),
        ),
        FieldPanel("is_active"),
    ]


class DiscountCodeViewSet(ShopSnippetViewSet):
    model = DiscountCode
    icon = "ticket"
    menu_label = _("Discount codes")
    list_display = ["code", "kind", "value", "minimum_subtotal", "ends_at", "usage_limit", "is_active"]
    list_filter = ["is_active", "kind"]
    search_fields = ["code"]
    panels = [
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("value")]),
        FieldPanel("minimum_subtotal"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("usage_limit"), FieldPanel("per_customer_limit")]),
        FieldPanel("is_active"),
        # Set when staff approve a price-match request (shop.services.price_match), shown for reference.
        FieldRowPanel(
            [
                FieldPanel("variant", read_only=True),
                FieldPanel("matched_price", read_only=True),
                FieldPanel("matched_units", read_only=True),
                FieldPanel("bound_email", read_only=True),
            ],
            heading=_("Price match"),
        ),
    ]


class DiscountRedemptionViewSet(ShopSnippetViewSet):
    """Read-mostly: checkout records each use (held, paid or released); staff look them up when a shopper asks."""

    model = DiscountRedemption
    icon = "list-ul"
    menu_label = _("Code redemptions")
    list_display = ["code", "email", "order_id", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    copy_view_enabled = False
    panels = [FieldPanel("code"), FieldPanel("email"), FieldPanel("order_id"), FieldPanel("status")]


class ShippingZoneViewSet(ShopSnippetViewSet):
    model = ShippingZone
    icon = "site"
    menu_label = _("Shipping zones")
    list_display = ["name", "provinces"]
    panels = [
        FieldPanel("name"),
        FieldPanel("provinces"),
        InlinePanel("rates", heading=_("Rates"), label=_("Rate"), min_num=1),
    ]


class TaxRateViewSet(ShopSnippetViewSet):
    model = TaxRate
    icon = "doc-full"
    menu_label = _("Tax rates")
    list_display = ["province", "name", "rate", "effective_from", "effective_to"]
    list_filter = ["province", "name"]
    panels = [
        FieldRowPanel([FieldPanel("province"), FieldPanel("name"), FieldPanel("rate")]),
        FieldRowPanel([FieldPanel("effective_from"), FieldPanel("effective_to")]),
    ]


class PricingGroup(SnippetViewSetGroup):
    menu_label = _("Pricing & tax")
    menu_icon = "tag"
    menu_order = 210
    items = (PromotionViewSet, DiscountCodeViewSet, DiscountRedemptionViewSet, ShippingZoneViewSet, TaxRateViewSet)
