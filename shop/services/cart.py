"""Cart writes: add, change, remove, clear, correct stale lines, and merge on sign-in.

Every function is one transaction. The session holds only the cart's token, never its lines, so a cart
survives form errors, session rotation at sign-in and server restarts.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shop.models import Cart, CartLine, Product, ProductVariant
from shop.parsing import InputError, parse_id, parse_quantity
from shop.selectors.cart import parse_token
from shop.selectors.translations import show_option_text, show_product_text, with_option_text, with_product_text
from shop.session_keys import CART_TOKEN


class CartError(ValueError):
    """A cart change we refuse, with a message for the shopper."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def session_cart(request) -> Cart | None:
    """The cart whose token is in the session, else the one this session started, else the signed-in
    customer's latest cart; None if none of them."""
    token = parse_token(request.session.get(CART_TOKEN))
    cart = Cart.objects.filter(token=token).first() if token else None
    session_key = request.session.session_key
    if cart is None and session_key:
        # A parallel request's session save may have written over the token; the session still knows its cart.
        cart = Cart.objects.filter(session_key=session_key).first()
    user = getattr(request, "user", None)
    if cart is None and user is not None and user.is_authenticated:
        cart = Cart.objects.filter(user=user).order_by("-updated_at").first()
    if cart is not None and request.session.get(CART_TOKEN) != str(cart.token):
        request.session[CART_TOKEN] = str(cart.token)
    return cart


def cart_get_or_create(*, request) -> Cart:
    """The shopper's cart, created (and its token put in the session) on first use.

    The new cart is keyed on the session, so requests that race to make the first one all get the same
    row: whichever insert loses reads the winner's cart instead of starting a second one.
    """
    cart = session_cart(request)
    if cart is None:
        if request.session.session_key is None:
            request.session.save()  # gives the session its key now, before the cart is keyed on it
        user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
        cart = _cart_for_session(session_key=request.session.session_key, user=user)
        request.session[CART_TOKEN] = str(cart.token)
    return cart


def _cart_for_session(*, session_key: str, user) -> Cart:
    for _attempt in range(3):
        try:
            # get_or_create inserts in a savepoint and reads again on IntegrityError, so a lost race
            # returns the winner's cart; the retry covers a winner that was deleted in between.
            cart, _created = Cart.objects.get_or_create(session_key=session_key, defaults={"user": user})
            return cart
        except IntegrityError:
            continue
    return Cart.objects.get(session_key=session_key)


def _variant_pk(variant_id: object) -> int:
    """The views parse ids already (shop.parsing); the services refuse an odd one all the same."""
    try:
        return parse_id(variant_id)
    except InputError as error:
        raise CartError(error.message) from None


def _sellable_variant(variant_id: object) -> ProductVariant:
    pk = _variant_pk(variant_id)
    variant = ProductVariant.objects.select_related("product").filter(pk=pk).first()
    if variant is None:
        raise CartError(_("That product option does not exist."))
    if not variant.product.is_active:
        name = with_product_text(Product.objects.filter(pk=variant.product_id), fields=("name",)).values_list(
            "shown_name", flat=True
        )
        raise CartError(_("%(product)s is no longer available.") % {"product": name.first() or variant.product.name})
    return variant


def _whole_quantity(quantity: object, *, minimum: int) -> int:
    """A whole number of units from a form or JSON value; "2" and 2 pass, "2.5", 2.5, "²", true and "" do not."""
    try:
        return parse_quantity(quantity, minimum=minimum)
    except InputError as error:
        raise CartError(error.message) from None


def _stock_message(variant: ProductVariant) -> str:
    if variant.stock_quantity <= 0:
        return _("%(product)s is sold out.") % {"product": variant}
    return ngettext(
        "Only %(count)d of %(product)s is left.",
        "Only %(count)d of %(product)s are left.",
        variant.stock_quantity,
    ) % {"count": variant.stock_quantity, "product": variant}


@transaction.atomic
def cart_add_item(*, cart: Cart, variant_id: object, quantity: object = 1) -> CartLine:
    """Add units of a variant, refusing more than are in stock (counting what is already in the cart)."""
    quantity = _whole_quantity(quantity, minimum=1)
    variant = _sellable_variant(variant_id)
    line = CartLine.objects.select_for_update().filter(cart=cart, variant=variant).first()
    wanted = quantity + (line.quantity if line else 0)
    if wanted > variant.stock_quantity:
        raise CartError(_stock_message(variant))
    if line is None:
        try:
            with transaction.atomic():  # a savepoint, so a lost race leaves the outer transaction usable
                line = CartLine.objects.create(cart=cart, variant=variant, quantity=wanted)
        except IntegrityError:
            # A second tab added the same variant a moment ago: add to its line instead.
            line = CartLine.objects.select_for_update().get(cart=cart, variant=variant)
            if line.quantity + quantity > variant.stock_quantity:
                raise CartError(_stock_message(variant)) from None
            line.quantity += quantity
            line.save(update_fields=["quantity"])
    else:
        line.quantity = wanted
        line.save(update_fields=["quantity"])
    _touch(cart)
    return line


@transaction.atomic
def cart_set_quantity(*, cart: Cart, variant_id: object, quantity: object) -> CartLine | None:
    """Set a line to `quantity` units; 0 removes it, as Shopify's /cart/change.js does. Returns None when removed."""
    quantity = _whole_quantity(quantity, minimum=0)
    if quantity == 0:
        cart_remove_item(cart=cart, variant_id=variant_id)
        return None
    variant = _sellable_variant(variant_id)
    line = CartLine.objects.select_for_update().filter(cart=cart, variant=variant).first()
    if line is None:
        raise CartError(_("%(product)s is not in your cart.") % {"product": variant})
    if quantity > variant.stock_quantity:
        raise CartError(_stock_message(variant))
    line.quantity = quantity
    line.save(update_fields=["quantity"])
    _touch(cart)
    return line


@transaction.atomic
def cart_apply_updates(*, cart: Cart, updates: dict[int, int]) -> None:
    """Set several quantities at once, as Shopify's /cart/update.js does: 0 removes a line, a variant not in
    the cart is added. All or nothing: a refusal (stock, a withdrawn product) leaves the cart as it was."""
    in_cart = set(CartLine.objects.filter(cart=cart).values_list("variant_id", flat=True))
    for variant_id, quantity in updates.items():
        if variant_id in in_cart:
            cart_set_quantity(cart=cart, variant_id=variant_id, quantity=quantity)
        elif quantity > 0:
            cart_add_item(cart=cart, variant_id=variant_id, quantity=quantity)


@transaction.atomic
def cart_remove_item(*, cart: Cart, variant_id: object) -> None:
    """Take a variant out of the cart; removing something that is not there is not an error."""
    CartLine.objects.filter(cart=cart, variant_id=_variant_pk(variant_id)).delete()
    _touch(cart)


@transaction.atomic
def cart_clear(*, cart: Cart) -> None:
    CartLine.objects.filter(cart=cart).delete()
    _touch(cart)


@transaction.atomic
def cart_remove_ordered(*, cart: Cart, order) -> None:
    """Take out of the cart what the paid order bought, and nothing else.

    Each order line's quantity comes off the matching cart line, and a line that reaches 0 goes; items
    added after the order was placed stay. The caller runs this once per order (the session marks it).
    """
    ordered: dict[int, int] = {}
    for variant_id, quantity in order.lines.filter(variant__isnull=False).values_list("variant_id", "quantity"):
        ordered[variant_id] = ordered.get(variant_id, 0) + quantity
    lines = CartLine.objects.select_for_update().filter(cart=cart, variant_id__in=ordered).order_by("pk")
    for line in lines:
        left = line.quantity - ordered[line.variant_id]
        if left > 0:
            line.quantity = left
            line.save(update_fields=["quantity"])
        else:
            line.delete()
    _touch(cart)


@transaction.atomic
def cart_refresh_stock(*, cart: Cart | None) -> list[str]:
    """Correct lines that stock or the catalogue no longer allow, and say what changed.

    Called whenever the cart or checkout is shown: a line above stock is lowered to what is left, a sold-out
    or withdrawn product is removed. Fine lines cost one query in total.
    """
    if cart is None or cart.pk is None:
        return []
    messages: list[str] = []
    stale = (
        CartLine.objects.filter(cart=cart)
        .filter(Q(quantity__gt=F("variant__stock_quantity")) | Q(variant__product__is_active=False))
        .select_related("variant__product")
        .order_by("added_at", "pk")
        .select_for_update(of=("self",))
    )
    # The messages name the product and its options in the shopper's language, read in the same query.
    stale = with_option_text(with_product_text(stale, via="variant__product__", fields=("name",)), via="variant__")
    for line in stale:
        variant = line.variant
        show_product_text(variant.product, line)
        show_option_text(variant, line)
        if not variant.product.is_active:
            line.delete()
            messages.append(
                _("%(product)s is no longer available and was removed from your cart.") % {"product": variant}
            )
        elif variant.stock_quantity <= 0:
            line.delete()
            messages.append(_("%(product)s sold out and was removed from your cart.") % {"product": variant})
        else:
            line.quantity = variant.stock_quantity
            line.save(update_fields=["quantity"])
            messages.append(
                ngettext(
                    "Only %(count)d of %(product)s is left, so your cart now has %(count)d.",
                    "Only %(count)d of %(product)s are left, so your cart now has %(count)d.",
                    variant.stock_quantity,
                )
                % {"count": variant.stock_quantity, "product": variant}
            )
    return messages


@transaction.atomic
def cart_merge_on_login(*, request, user) -> Cart | None:
    """Fold the cart the shopper built while signed out into their account's cart.

    Quantities of the same variant add up, capped at stock; the signed-out cart is then deleted and the
    session points at the account's cart, so nothing is lost on either side.
    """
    token = parse_token(request.session.get(CART_TOKEN))
    guest_cart = Cart.objects.filter(token=token).first() if token else None
    account_cart = (
        Cart.objects.filter(user=user).exclude(pk=getattr(guest_cart, "pk", None)).order_by("-updated_at").first()
    )
    if guest_cart is None:
        if account_cart is not None:
            request.session[CART_TOKEN] = str(account_cart.token)
        return account_cart
    if guest_cart.user_id not in (None, user.pk):
        # Someone else's cart left in a shared browser's session: do not hand it to this account.
        request.session.pop(CART_TOKEN, None)
        return account_cart
    if account_cart is None:
        guest_cart.user = user
        guest_cart.save(update_fields=["user", "updated_at"])
        request.session[CART_TOKEN] = str(guest_cart.token)
        return guest_cart
    existing = {line.variant_id: line for line in CartLine.objects.select_for_update().filter(cart=account_cart)}
    for line in CartLine.objects.filter(cart=guest_cart).select_related("variant"):
        target = existing.get(line.variant_id)
        if target is None:
            CartLine.objects.create(cart=account_cart, variant=line.variant, quantity=line.quantity)
        else:
            target.quantity = min(target.quantity + line.quantity, max(line.variant.stock_quantity, target.quantity))
            target.save(update_fields=["quantity"])
    guest_cart.delete()
    account_cart.save(update_fields=["updated_at"])
    request.session[CART_TOKEN] = str(account_cart.token)
    return account_cart


def _touch(cart: Cart) -> None:
    """Mark the cart as just used; abandoned-cart clean-up goes by updated_at."""
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
