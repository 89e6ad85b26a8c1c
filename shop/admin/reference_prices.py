"""Reference prices in the product admin: a compare-at price the storefront would not show is flagged, with why.

Staff can still save it (the product's other edits must not wait on it), but the storefront strikes through
only genuine reference prices (shop.reference_prices), so the warning says exactly that, at two moments:
when the product's edit page opens, and right after a save.
"""

from __future__ import annotations

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.snippets.views.snippets import CreateView, EditView

from shop.money import format_cad
from shop.selectors.reference_prices import failing_references


def reference_price_warnings(product) -> list[str]:
    """One message per variant of this saved product whose compare-at price the storefront will not show."""
    if product is None or product.pk is None:
        return []
    variants = list(product.variants.all())
    return [
        _("%(variant)s: the compare-at price %(price)s will not be shown to shoppers. %(reason)s")
        % {
            "variant": variant.sku,
            "price": format_cad(variant.compare_at_price),
            "reason": verdict.reason,
        }
        for variant, verdict in failing_references(variants, now=timezone.now())
    ]


class ReferencePriceWarningsMixin:
    def save_action(self):
        for warning in reference_price_warnings(self.object):
            messages.warning(self.request, warning)
        return super().save_action()


class ProductCreateView(ReferencePriceWarningsMixin, CreateView):
    pass


class ProductEditView(ReferencePriceWarningsMixin, EditView):
    def get(self, request, *args, **kwargs):
        for warning in reference_price_warnings(self.object):
            messages.warning(request, warning)
        return super().get(request, *args, **kwargs)
