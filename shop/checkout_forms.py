"""Checkout and order-lookup forms: they clean what the shopper typed and nothing more."""

from __future__ import annotations

import re
from collections.abc import Callable

from django import forms
from django.utils.translation import gettext_lazy as _

from shop.addresses import PostalCodeError, ShippingAddress, validate_postal_code
from shop.provinces import Province
from shop.shipping import ShippingMethod

SHIPPING_METHOD_CHOICES = [
    (ShippingMethod.STANDARD, _("Standard")),
    (ShippingMethod.EXPEDITED, _("Expedited")),
]

PAYMENT_METHOD_ID = re.compile(r"^(pm|card)_[A-Za-z0-9_]{4,100}$")

TOO_MANY_CODE_TRIES = _(
    "Too many discount codes tried; please wait a minute and try again, or remove the code to check out without it."
)


class CheckoutDetailsForm(forms.Form):
    email = forms.EmailField(label=_("Email"), help_text=_("Your receipt and order updates go here."))
    name = forms.CharField(label=_("Full name"), max_length=120)
    line1 = forms.CharField(label=_("Address"), max_length=200)
    line2 = forms.CharField(label=_("Apartment, suite, etc. (optional)"), max_length=200, required=False)
    city = forms.CharField(label=_("City"), max_length=120)
    province = forms.ChoiceField(label=_("Province or territory"), choices=[("", _("Choose…")), *Province.choices])
    postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    shipping_method = forms.ChoiceField(
        label=_("Shipping"), choices=SHIPPING_METHOD_CHOICES, initial=ShippingMethod.STANDARD, widget=forms.RadioSelect
    )
    code = forms.CharField(label=_("Discount code (optional)"), max_length=40, required=False)
    # Unticked unless the shopper ticks it (CASL); the shopper then confirms by email before any is sent.
    # The consent text under it (shop.selectors.marketing_consent) names the sender and says how to withdraw.
    marketing_opt_in = forms.BooleanField(
        label=_("Email me about new articles and offers"),
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "marketing-consent-text"}),
    )

    AUTOCOMPLETE = {
        "email": "email",
        "name": "name",
        "line1": "address-line1",
        "line2": "address-line2",
        "city": "address-level2",
        "province": "address-level1",
        "postal_code": "postal-code",
        "phone": "tel",
        "code": "off",
    }

    def __init__(
        self, *args, code_try_allowed: Callable[[str], bool] | None = None, offer_marketing: bool = True, **kwargs
    ) -> None:
        """`code_try_allowed` counts a code the shopper typed against their allowance (shop.visitor).

        Without a consent text to show under it (`offer_marketing` False) the marketing box is left out, and a
        posted tick is ignored: a tick under no words proves no consent.
        """
        super().__init__(*args, **kwargs)
        self.code_try_allowed = code_try_allowed
        if not offer_marketing:
            del self.fields["marketing_opt_in"]
        for name, token in self.AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if code and self.code_try_allowed is not None and not self.code_try_allowed(code):
            raise forms.ValidationError(TOO_MANY_CODE_TRIES, code="too_many_code_tries")
        return code

    def clean(self):
        cleaned = super().clean()
        province, postal_code = cleaned.get("province"), cleaned.get("postal_code")
        if province and postal_code:
            try:
                cleaned["postal_code"] = validate_postal_code(postal_code, province)
            except PostalCodeError as error:
                self.add_error("postal_code", str(error))
        return cleaned

    def address(self) -> ShippingAddress:
        data = self.cleaned_data
        return ShippingAddress(
            name=data["name"].strip(),
            line1=data["line1"].strip(),
            line2=data["line2"].strip(),
            city=data["city"].strip(),
            province=data["province"],
            postal_code=data["postal_code"],
            phone=data["phone"].strip(),
        )


class PlaceOrderForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    expected_total = forms.DecimalField(widget=forms.HiddenInput, max_digits=12, decimal_places=2)


class PaymentForm(forms.Form):
    payment_method_id = forms.RegexField(regex=PAYMENT_METHOD_ID, max_length=255)


class OrderLookupForm(forms.Form):
    number = forms.CharField(label=_("Order number"), max_length=20, help_text=_("For example KS-10427."))
    email = forms.EmailField(label=_("Email used for the order"))

    def clean_number(self) -> str:
        return self.cleaned_data["number"].strip().upper()
