"""Admin lists staff read but never edit by hand (orders, stock levels, subscribers): Wagtail shows no
add, edit or delete links for them; each viewset registers only the URLs it serves."""

from __future__ import annotations


class NoHandEditingMixin:
    """For a Wagtail ModelViewSet: its pages link to no add, edit or delete view."""

    def get_common_view_kwargs(self, **kwargs):
        no_editing = {"add_url_name": None, "edit_url_name": None, "delete_url_name": None}
        return {**super().get_common_view_kwargs(**kwargs), **no_editing}
