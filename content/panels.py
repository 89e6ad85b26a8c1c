"""Editor panels for content pages that show, rather than edit, what the page works out for itself."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class BodyProductsPanel(Panel):
    """The products an article's body shows, listed read-only beside the field where editors add more."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Products in the body (related automatically)"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "body_products"

    class BoundPanel(Panel.BoundPanel):
        template_name = "content/admin/body_products_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["products"] = self.instance.body_products()
            return context
