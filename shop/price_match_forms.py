"""The "Found it cheaper?" form: what the shopper found, checked against the policy before it is filed.

The screenshot is opened with Pillow, whatever its name says: only a PNG, JPEG or WebP image of at most
MAX_SCREENSHOT_BYTES is kept. An order number must be one of this email's paid orders containing the item,
placed within the policy's window. The policy's own reasons are shown when the request cannot be matched,
so the shopper knows before staff ever see it.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

from shop.models import ProductVariant
from shop.money import DEFAULT_CURRENCY, Money
from shop.parsing import one_line
from shop.price_match import (
    CompetitorOffer,
    PriceMatchDecision,
    PriceMatchPolicy,
    price_match_decision,
    within_request_window,
)
from shop.selectors.price_match import PurchasedLine, purchased_line

MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024
MAX_SCREENSHOT_PIXELS = 40_000_000  # a 5 MB screenshot is never larger; anything bigger is a decompression bomb
SCREENSHOT_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
SCREENSHOT_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def screenshot_format(file) -> str | None:
    """The image format Pillow reads in a stored screenshot's header ("PNG", "JPEG", "WEBP"), or None when
    it is not one of those (the name's extension is never trusted)."""
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    finally:
        file.seek(0)
    return kind if kind in SCREENSHOT_FORMATS else None


def checked_screenshot(upload):
    """The uploaded file if it really is a PNG, JPEG or WebP image within the size limit; else ValidationError."""
    if upload.size > MAX_SCREENSHOT_BYTES:
        raise ValidationError(
            _("The screenshot is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": round(upload.size / 1024 / 1024, 1), "limit": MAX_SCREENSHOT_BYTES // 1024 // 1024}
        )
    bad = ValidationError(_("The screenshot must be a PNG, JPEG or WebP image."))
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            kind = image.format
            width, height = image.size
            image.verify()  # reads the whole file: a truncated or doctored image fails here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise bad from None
    finally:
        upload.seek(0)
    if kind not in SCREENSHOT_FORMATS:
        raise bad
    if width * height > MAX_SCREENSHOT_PIXELS:
        raise ValidationError(_("The screenshot's picture is too large; a screen-sized capture is enough."))
    upload.content_type = SCREENSHOT_FORMATS[kind]  # what Pillow found, not what the browser claimed
    upload.name = f"screenshot.{SCREENSHOT_EXTENSIONS[kind]}"  # so the stored name's suffix says the same
    return upload


class PriceMatchRequestForm(forms.Form):
    variant = forms.TypedChoiceField(label=gettext_lazy("Item"), coerce=int)
    competitor_name = forms.CharField(label=gettext_lazy("Retailer"), max_length=120)
    competitor_url = forms.URLField(label=gettext_lazy("Link to their listing"), max_length=500, assume_scheme="https")
    competitor_price = forms.DecimalField(
        label=gettext_lazy("Their price, including shipping to you (CAD)"),
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    in_stock = forms.BooleanField(
        label=gettext_lazy("It is in stock there right now."),
        error_messages={"required": gettext_lazy("We match only items in stock at the other retailer.")},
    )
    identical = forms.BooleanField(
        label=gettext_lazy("It is the identical item: the same brand, model, size and colour."), required=False
    )
    canadian_retailer = forms.BooleanField(
        label=gettext_lazy("The retailer sells in Canada, in Canadian dollars."), required=False
    )
    special_price = forms.BooleanField(
        label=gettext_lazy("Their price is a clearance, coupon, member or bundle price."), required=False
    )
    email = forms.EmailField(label=gettext_lazy("Your email"), max_length=254)
    screenshot = forms.FileField(
        label=gettext_lazy("Screenshot of their listing (optional)"),
        required=False,
        help_text=gettext_lazy("PNG, JPEG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    order_number = forms.CharField(
        label=gettext_lazy("Order number, if you already bought it from us (optional)"),
        max_length=20,
        required=False,
    )
    # A field people never see: a bot fills every field it finds.
    website = forms.CharField(required=False, label=gettext_lazy("Leave this empty"))

    def __init__(
        self,
        *args,
        variants: list[ProductVariant],
        shelf_prices: dict[int, Money],
        policy: PriceMatchPolicy,
        now: datetime,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.variants = {variant.pk: variant for variant in variants}
        self.shelf_prices = shelf_prices
        self.policy = policy
        self.now = now
        self.purchase: PurchasedLine | None = None
        self.decision: PriceMatchDecision | None = None
        self.fields["variant"].choices = [
            (variant.pk, f"{variant.title or variant.product.name} ({variant.sku}) — {shelf_prices[variant.pk]}")
            for variant in variants
        ]
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))

    def clean_screenshot(self):
        upload = self.cleaned_data.get("screenshot")
        return checked_screenshot(upload) if upload else None

    def clean_competitor_name(self) -> str:
        # One line, whatever was posted: the name goes into the staff email's subject.
        name = one_line(self.cleaned_data.get("competitor_name") or "")
        if not name:
            raise forms.ValidationError(_("Enter the retailer's name."))
        return name

    def clean_order_number(self) -> str:
        return (self.cleaned_data.get("order_number") or "").strip().upper()

    def clean(self):
        data = super().clean()
        variant_id, email, number = data.get("variant"), data.get("email"), data.get("order_number")
        if variant_id is None or not email:
            return data
        if number:
            self.purchase = purchased_line(number=number, email=email, variant_id=variant_id)
            if self.purchase is None:
                self.add_error(
                    "order_number",
                    _(
                        "We could not find a paid order %(number)s for this email with this item in it. "
                        "Check the number and the email you ordered with."
                    )
                    % {"number": number},
                )
                return data
            if not within_request_window(ordered_at=self.purchase.order.created_at, now=self.now, policy=self.policy):
                self.add_error(
                    "order_number",
                    _("Order %(number)s was placed more than %(days)s days ago, so it cannot be price-matched.")
                    % {"number": number, "days": self.policy.request_window_days},
                )
                return data
        price = data.get("competitor_price")
        complete = all(data.get(name) for name in ("competitor_name", "competitor_url"))
        if price is None or not complete or "in_stock" in self.errors:
            return data
        basis = self.purchase.paid_unit_price if self.purchase else self.shelf_prices[variant_id]
        self.decision = price_match_decision(self.competitor_offer(), shelf_price=basis, policy=self.policy)
        if not self.decision.eligible:
            for reason in self.decision.reasons:
                self.add_error(None, reason)
        return data

    def competitor_offer(self) -> CompetitorOffer:
        data = self.cleaned_data
        return CompetitorOffer(
            retailer=data["competitor_name"].strip(),
            url=data["competitor_url"],
            price=Money(data["competitor_price"], DEFAULT_CURRENCY),
            in_stock=bool(data.get("in_stock")),
            identical=bool(data.get("identical")),
            canadian_retailer=bool(data.get("canadian_retailer")),
            special_price=bool(data.get("special_price")),
        )

    @property
    def chosen_variant(self) -> ProductVariant:
        return self.variants[self.cleaned_data["variant"]]
