"""Shop-wide settings that staff edit in the admin and that the rules read."""

from decimal import Decimal

from django.core.cache import cache
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import register_setting

from config.caches import FREE_SHIPPING_THRESHOLD
from config.caching import forget
from config.site_settings import CachedSiteSetting

DEFAULT_FREE_SHIPPING_THRESHOLD = Decimal("250.00")


@register_setting(icon="cog")
class ShopSettings(CachedSiteSetting):
    free_shipping_threshold = models.DecimalField(
        _("free shipping threshold (CAD)"),
        max_digits=10,
        decimal_places=2,
        default=DEFAULT_FREE_SHIPPING_THRESHOLD,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Standard shipping anywhere in Canada is free when the merchandise subtotal reaches this amount. "
            "The shipping rule, the cart message and the trust badge all read this one value."
        ),
    )
    gst_hst_registration = models.CharField(_("GST/HST registration number"), max_length=40, blank=True)
    qst_registration = models.CharField(_("QST registration number"), max_length=40, blank=True)
    pst_registration = models.CharField(_("PST registration number(s)"), max_length=120, blank=True)
    staff_notification_email = models.EmailField(
        _("staff notification email"),
        blank=True,
        help_text=_(
            "Staff are emailed here about each new price-match request. Leave empty to use the address the shop "
            "sends from, which may be a no-reply mailbox nobody reads. Chat alerts go to the site settings' "
            '"chat alerts to" address, else the contact email.'
        ),
    )

    class Meta:
        verbose_name = _("shop settings")

    def forget_cached(self) -> None:
        super().forget_cached()
        # Offers keep the threshold for "ships free"; the row Wagtail creates on a first visit holds the
        # default the offers already read, so only a different threshold needs clearing.
        cached = cache.get(FREE_SHIPPING_THRESHOLD.key)
        if cached is None or cached.amount != self.free_shipping_threshold:
            forget(FREE_SHIPPING_THRESHOLD.key)
