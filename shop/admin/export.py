"""Spreadsheet exports from the shop admin, safe to open in Excel, LibreOffice or Google Sheets.

A CSV cell that starts with = + - @ (or a tab or carriage return) is read as a formula when the file is
opened, so a shopper who types "=HYPERLINK(...)" as their name could run it on a staff member's machine.
Every shop viewset takes its index view from here, so every export's cells pass `spreadsheet_safe`.
"""

from __future__ import annotations

from wagtail.admin.views.generic import IndexView
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView
from wagtail.snippets.views.snippets import SnippetViewSet

# OWASP's list of characters that start a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text that a spreadsheet would run as a formula is written with a leading quote, so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


class SpreadsheetSafeExportMixin:
    """For any Wagtail index view: CSV cells never start a formula.

    XLSX needs nothing more: Wagtail already writes a formula-looking cell there as a text cell.
    """

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return spreadsheet_safe(value) if export_format == self.FORMAT_CSV else value


class ShopIndexView(SpreadsheetSafeExportMixin, IndexView):
    """The index view of the shop's model viewsets."""


class ShopSnippetIndexView(SpreadsheetSafeExportMixin, SnippetIndexView):
    """The index view of the shop's snippet viewsets."""


class ShopSnippetViewSet(SnippetViewSet):
    index_view_class = ShopSnippetIndexView
