"""Orders: what a shopper bought, at which prices, where it goes, and what happened to it since."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shop.fulfilment import Carrier, tracking_url
from shop.money import DEFAULT_CURRENCY, Money, sum_money
from shop.receipts import (
    card_description,
    line_sale_savings,
    qst_number_applies,
    registration_numbers_required,
    shipping_method_label,
)
from shop.tax import tax_label

ORDER_NUMBER_PREFIX = "KS-"
# Numbers start at KS-10001 so the first order does not look like the shop's first order.
ORDER_NUMBER_OFFSET = 10000


def order_number_for(pk: int) -> str:
    return f"{ORDER_NUMBER_PREFIX}{ORDER_NUMBER_OFFSET + pk}"


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Pending payment")
    PAID = "paid", _("Paid")
    FULFILLED = "fulfilled", _("Fulfilled")
    SHIPPED = "shipped", _("Shipped")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")
    # No order takes this status any more: a partial refund is shown beside the status (Order.is_partially_refunded),
    # so it never stops an order being packed, shipped or cancelled. Kept for the timelines written before that, and
    # as the order list's "Partially refunded" filter, which reads the amounts (OrderQuerySet.partially_refunded).
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")


# Statuses in which the shop holds the shopper's money (a refund can follow, a failed payment cannot undo them).
PAID_STATUSES = frozenset(
    {OrderStatus.PAID, OrderStatus.FULFILLED, OrderStatus.SHIPPED, OrderStatus.PARTIALLY_REFUNDED}
)


class OrderQuerySet(models.QuerySet):
    def for_email(self, email: str) -> OrderQuerySet:
        return self.filter(email__iexact=email.strip())

    def unpaid_and_expired(self, now) -> OrderQuerySet:
        return self.filter(status=OrderStatus.PENDING_PAYMENT, reserved_until__lte=now)

    def partially_refunded(self) -> OrderQuerySet:
        """Some of the money has gone back, not all of it, whatever the order's status."""
        return self.filter(partially_refunded_condition())

    def refund_unanswered(self) -> OrderQuerySet:
        """Orders with a refund Stripe did not answer, waiting for Stripe's word or a retry."""
        return self.filter(refund_unanswered_condition())

    def with_refund_unanswered(self) -> OrderQuerySet:
        """Each order flagged `has_refund_unanswered` in the same query (for the list's badge)."""
        return self.annotate(has_refund_unanswered=refund_unanswered_condition())


def partially_refunded_condition() -> models.Q:
    return models.Q(refunded_total__gt=0, refunded_total__lt=models.F("total"))


def refund_unanswered_condition() -> models.Exists:
    return models.Exists(Refund.objects.filter(order=models.OuterRef("pk"), status=RefundStatus.UNANSWERED))


class Order(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True, null=True, editable=False)  # noqa: DJ001 - empty until the row has its id, and unique allows many NULLs
    email = models.EmailField(_("email"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="orders"
    )
    status = models.CharField(
        _("status"), max_length=24, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT, db_index=True
    )

    currency = models.CharField(max_length=3, default=DEFAULT_CURRENCY, editable=False)
    subtotal = models.DecimalField(_("subtotal"), max_digits=12, decimal_places=2)
    discount_total = models.DecimalField(_("discounts"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    shipping_total = models.DecimalField(_("shipping"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    tax_total = models.DecimalField(_("tax"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    refunded_total = models.DecimalField(_("refunded"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    free_shipping = models.BooleanField(_("free shipping"), default=False)
    shipping_method = models.CharField(_("shipping method"), max_length=40)
    discount_code = models.CharField(_("discount code"), max_length=40, blank=True)

    shipping_name = models.CharField(_("name"), max_length=120)
    shipping_line1 = models.CharField(_("address"), max_length=200)
    shipping_line2 = models.CharField(_("apartment, suite, etc."), max_length=200, blank=True)
    shipping_city = models.CharField(_("city"), max_length=120)
    shipping_province = models.CharField(_("province or territory"), max_length=2)
    shipping_postal_code = models.CharField(_("postal code"), max_length=7)
    shipping_phone = models.CharField(_("phone"), max_length=30, blank=True)

    # The checkout form's one-time token: submitting "Place order" twice yields the same order.
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)
    stripe_payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True, editable=False)
    payment_attempt = models.PositiveSmallIntegerField(default=1, editable=False)
    # A payment method whose attempt ended without an answer (timeout, Stripe down). Until Stripe answers,
    # a retry replays that very request so it can never create a second charge.
    payment_in_doubt_method = models.CharField(max_length=255, blank=True, editable=False)
    last_payment_error = models.CharField(_("last payment problem"), max_length=300, blank=True)
    # The card that paid, as Stripe reported it when the payment succeeded (for the receipt).
    card_brand = models.CharField(_("card brand"), max_length=20, blank=True, editable=False)
    card_last4 = models.CharField(_("card last four digits"), max_length=4, blank=True, editable=False)

    reserved_until = models.DateTimeField(_("stock reserved until"), null=True, blank=True)
    created_at = models.DateTimeField(_("placed"), auto_now_add=True, db_index=True)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    # The shopper ticked "Email me about new articles and offers" at checkout; SHOP_ORDER_PAID_HOOKS act on it.
    marketing_opt_in = models.BooleanField(_("asked for marketing email"), default=False, editable=False)
    # Proof of that tick (CASL): the consent text shown under the box (SHOP_CHECKOUT_CONSENT_TEXT), word for word
    # as the shopper read it, with its version and language, and the shopper's address and browser when they
    # ticked it. Empty when the box was not ticked.
    marketing_consent_text = models.TextField(_("marketing consent text shown"), blank=True, editable=False)
    marketing_consent_version = models.CharField(
        _("marketing consent text version"), max_length=40, blank=True, editable=False
    )
    marketing_consent_language = models.CharField(
        _("marketing consent text language"), max_length=16, blank=True, editable=False
    )
    marketing_consent_ip = models.GenericIPAddressField(
        _("marketing consent IP address"), null=True, blank=True, editable=False
    )
    marketing_consent_user_agent = models.CharField(
        _("marketing consent user agent"), max_length=300, blank=True, editable=False
    )
    # The language the shopper bought in (shop/languages.py): the receipt and every later email speak it.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE, editable=False
    )

    # Paid after its reservation lapsed and its stock was sold meanwhile: the shopper's money must go back.
    refund_due = models.BooleanField(_("refund due"), default=False, db_index=True)
    fulfilled_at = models.DateTimeField(_("fulfilled"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    carrier = models.CharField(_("carrier"), max_length=20, choices=Carrier.choices, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)

    objects = OrderQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")

    def __str__(self) -> str:
        return self.number or f"Order {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("shop:order_detail", kwargs={"number": self.number})

    @property
    def is_paid(self) -> bool:
        return self.status in PAID_STATUSES or self.status == OrderStatus.REFUNDED

    @property
    def is_payable(self) -> bool:
        return self.status == OrderStatus.PENDING_PAYMENT

    @property
    def is_partially_refunded(self) -> bool:
        """Some of the money has gone back, not all: a badge beside the status, which it never changes."""
        return Decimal("0.00") < self.refunded_total < self.total

    @property
    def shopper_history(self) -> list[OrderStatusChange]:
        """The timeline the shopper sees: each change of status, when it happened, and nothing else.

        Notes stay in the admin: staff write them for each other, and the shop's own notes (Stripe ids,
        reasons) are worded for staff. Reads the prefetched changes when there are some.
        """
        return [change for change in self.status_changes.all() if change.from_status != change.to_status]

    @property
    def tracking_link(self) -> str:
        """The carrier's tracking page for a shipped parcel; empty before shipping or for an unknown carrier."""
        if self.shipped_at is None:
            return ""
        return tracking_url(carrier=self.carrier, tracking_number=self.tracking_number)

    @property
    def total_cents(self) -> int:
        return int((self.total * 100).to_integral_value())

    @property
    def payment_card(self) -> str:
        """ "Visa ending in 4242", or empty when no card has paid (yet)."""
        return card_description(brand=self.card_brand, last4=self.card_last4)

    @property
    def shipping_method_label(self) -> str:
        return shipping_method_label(self.shipping_method)

    @property
    def shows_registration_numbers(self) -> bool:
        return registration_numbers_required(Money(self.total, self.currency))

    @property
    def shows_qst_number(self) -> bool:
        return qst_number_applies(total=Money(self.total, self.currency), province=self.shipping_province)

    @property
    def shows_pst_number(self) -> bool:
        """A provincial sales tax was charged (from the tax lines as prefetched) on a receipt that needs numbers."""
        return self.shows_registration_numbers and any(tax.name in ("PST", "RST") for tax in self.taxes.all())

    @property
    def sale_savings(self) -> Money:
        """What sales took off the whole order (from the lines as prefetched)."""
        return sum_money((line.sale_savings for line in self.lines.all()), self.currency)


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "shop.ProductVariant", null=True, blank=True, on_delete=models.SET_NULL, related_name="order_lines"
    )
    product_id_snapshot = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    product_name = models.CharField(_("product"), max_length=200)
    variant_title = models.CharField(_("variant"), max_length=200, blank=True)
    sku = models.CharField(_("SKU"), max_length=64)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    # The variant's own (regular) price when the order was placed; the unit price is lower during a sale.
    # Empty on orders placed before it was recorded.
    regular_unit_price = models.DecimalField(
        _("regular unit price"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    line_discount = models.DecimalField(_("discount"), max_digits=12, decimal_places=2, default=Decimal("0.00"))
    line_total = models.DecimalField(_("line total"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name}"

    @property
    def sale_savings(self) -> Money:
        currency = self.order.currency if "order" in self._state.fields_cache else DEFAULT_CURRENCY
        regular = Money(self.regular_unit_price, currency) if self.regular_unit_price is not None else None
        return line_sale_savings(
            regular_unit=regular, paid_unit=Money(self.unit_price, currency), quantity=self.quantity
        )


class OrderTaxLine(models.Model):
    """One tax component (GST, HST, PST, QST…) as it was charged, so receipts never change after the fact."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="taxes")
    name = models.CharField(_("tax"), max_length=20)
    rate = models.DecimalField(_("rate"), max_digits=7, decimal_places=5)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("order tax line")
        verbose_name_plural = _("order tax lines")

    def __str__(self) -> str:
        return tax_label(self.name, self.rate)


class OrderStatusChange(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("from"), max_length=24, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=24, choices=OrderStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # The staff member who made the change or wrote the note; empty for the shop's own changes.
    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("order status change")
        verbose_name_plural = _("order status changes")

    def __str__(self) -> str:
        return f"{self.order}: {self.from_status or '—'} → {self.to_status}"


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Being sent to Stripe")
    # Stripe did not answer: the refund may have been made. The row keeps its key for the retry.
    UNANSWERED = "unanswered", _("Stripe did not answer; retry")
    SUCCEEDED = "succeeded", _("Refunded")


class Refund(models.Model):
    """Money staff sent back through Stripe: the whole order, some of its lines, or an amount.

    A row is written (pending) before Stripe is asked, under a unique idempotency key, so a double-clicked
    refund finds the first row and Stripe sees one request; a refusal from Stripe deletes the row again, and
    no answer at all leaves it unanswered, to be asked about again under the same key.
    """

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3, default=DEFAULT_CURRENCY, editable=False)
    # The lines it gave money back on, each with how much (RefundLine): a refund by line, or a price match.
    lines = models.ManyToManyField(
        OrderLine, blank=True, related_name="refunds", verbose_name=_("lines"), through="RefundLine"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    stripe_refund_id = models.CharField(max_length=255, blank=True, editable=False)
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=RefundStatus.choices, default=RefundStatus.PENDING, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")

    def __str__(self) -> str:
        return f"{self.order}: {self.amount} {self.currency}"


class RefundLine(models.Model):
    """What one refund gave back on one order line: the line and its tax for a refund by line, the difference
    for a price match. A line has left to give back its price and tax less these (shop.services.refunds)."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="line_amounts")
    line = models.ForeignKey(OrderLine, on_delete=models.CASCADE, related_name="refund_amounts")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["refund", "line"], name="shop_refundline_once_per_line")]
        verbose_name = _("refunded line")
        verbose_name_plural = _("refunded lines")

    def __str__(self) -> str:
        return f"{self.line}: {self.amount}"


class StripeEvent(models.Model):
    """A Stripe webhook event already handled; the unique id makes a replayed event a no-op."""

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    order = models.ForeignKey(Order, null=True, blank=True, on_delete=models.SET_NULL, related_name="stripe_events")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Stripe event")
        verbose_name_plural = _("Stripe events")

    def __str__(self) -> str:
        return f"{self.type} {self.event_id}"
