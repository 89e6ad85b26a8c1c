"""The product chooser that article blocks open: thumbnails, today's price, stock and the active flag, and a
search that finds products by name, brand or any variant's SKU.

Used by ProductViewSet (shop/admin/catalogue.py) as its chooser viewset, so SnippetChooserBlock("shop.Product")
and every other product chooser in the admin open this one.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from shop.selectors.chooser import product_chooser_rows, product_search


class ProductChooserFilterForm(BaseFilterForm):
    q = forms.CharField(
        label=_("Search term"),
        widget=forms.TextInput(attrs={"placeholder": _("Name, brand or SKU")}),
        required=False,
    )

    def filter(self, objects):
        objects = super().filter(objects)
        query = (self.cleaned_data.get("q") or "").strip()[:100]  # no name or SKU is longer
        if query:
            objects = product_search(objects, query)
            self.is_searching = True
            self.search_query = query
        return objects


class ThumbnailColumn(Column):
    cell_template_name = "shop/admin/chooser_thumbnail_cell.html"


def _row(product):
    return product.chooser_row


class ProductChooseViewMixin:
    filter_form_class = ProductChooserFilterForm
    ordering = ("name", "pk")

    def get_object_list(self):
        return self.model_class.objects.only("pk", "name", "is_active")

    def get_results_page(self, request):
        page = super().get_results_page(request)
        page.object_list = list(page.object_list)
        rows = product_chooser_rows(page.object_list)
        for product in page.object_list:
            product.chooser_row = rows[product.pk]
        return page

    @property
    def columns(self):
        title, *others = super().columns
        return [
            ThumbnailColumn("thumbnail", label=_("Picture"), accessor=lambda p: _row(p).thumbnail, width="1%"),
            title,
            Column("skus", label=_("SKUs"), accessor=lambda p: ", ".join(_row(p).skus)),
            Column("price", label=_("Price today"), accessor=lambda p: _row(p).price_text or _("No variants")),
            Column("stock", label=_("Stock"), accessor=lambda p: _row(p).stock),
            BooleanColumn("is_active", label=_("Active"), accessor=lambda p: _row(p).is_active),
            *others,
        ]


class ProductChooseView(ProductChooseViewMixin, ChooseView):
    pass


class ProductChooseResultsView(ProductChooseViewMixin, ChooseResultsView):
    pass


class ProductChooserViewSet(SnippetChooserViewSet):
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
