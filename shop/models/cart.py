"""Carts: one per shopper, found by a random token kept in the session (and linked to the account once signed in).

A cart is also unique on the session that started it, so parallel first adds from one browser all land
in the same cart instead of each making its own.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Cart(models.Model):
    # The session stores only this token, so the cart outlives errors, session rotation on sign-in and restarts.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The session that started the cart. Unique, so concurrent first adds from one browser find one cart
    # (the loser of the insert race reads the winner's row); NULL (many allowed) for carts made outside a request.
    session_key = models.CharField(max_length=40, null=True, blank=True, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="carts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self) -> str:
        return f"Cart {self.token}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey("shop.ProductVariant", on_delete=models.CASCADE, related_name="cart_lines")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["cart", "variant"], name="shop_cartline_one_per_variant")]
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")

    def __str__(self) -> str:
        return f"{self.quantity} × {self.variant_id}"
