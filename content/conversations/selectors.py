"""Reading conversations: the session's own, what a shopper's message attaches, and the inbox's counts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from content.conversations.models import Conversation, ConversationMessage, Sender
from content.office_hours import OfficeHours, closed_note, is_open
from content.session_keys import CHAT_CONVERSATION
from shop.models import Cart, CartLine, Product
from shop.money import Money
from shop.selectors.cart import cart_lines, parse_token, quote_lines
from shop.session_keys import CART_TOKEN

MAX_THREAD_MESSAGES = 200


def session_conversation(request) -> Conversation | None:
    """The conversation this browser session started, or None (another session's is never reachable)."""
    session = getattr(request, "session", None)
    token = parse_token(session.get(CHAT_CONVERSATION)) if session is not None else None
    if token is None:
        return None
    return Conversation.objects.filter(token=token).first()


def conversation_thread(conversation: Conversation | None) -> list[ConversationMessage]:
    """The latest messages of a conversation, oldest first, with who answered: one query."""
    if conversation is None:
        return []
    latest = (
        ConversationMessage.objects.filter(conversation=conversation)
        .select_related("staff_user", "product")
        .order_by("-created_at", "-pk")[:MAX_THREAD_MESSAGES]
    )
    return list(reversed(latest))


# --- what a shopper's message attaches ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MessageContext:
    """Where the shopper was when they wrote: the page, its product (on a product page) and their cart."""

    page_path: str = ""
    product: Product | None = None
    cart: dict = field(default_factory=dict)


def product_on_page(page_path: str) -> Product | None:
    """The product a product page (/products/<slug>/) shows; None for any other page."""
    path = urlsplit(page_path).path if page_path else ""
    if not path:
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "shop:product":
        return None
    return Product.objects.filter(slug=match.kwargs.get("slug", ""), is_active=True).first()


def cart_snapshot(request) -> dict:
    """The shopper's cart as staff should see it, priced by the shop's one price path ({} when empty)."""
    token = parse_token(request.session.get(CART_TOKEN)) if getattr(request, "session", None) is not None else None
    cart = Cart.objects.filter(token=token).first() if token else None
    return lines_snapshot(cart_lines(cart))


def lines_snapshot(lines: list[CartLine]) -> dict:
    """Cart lines (saved or not) priced by the shop's one price path, as plain data to keep with a message."""
    if not lines:
        return {}
    quote = quote_lines(lines, province=None)
    by_variant = {line.variant_id: line for line in lines}
    return {
        "lines": [
            {
                "name": by_variant[priced.variant_id].variant.product.name,
                "variant": by_variant[priced.variant_id].variant.title,
                "sku": priced.sku,
                "quantity": priced.quantity,
                "unit_price": priced.unit_shelf_price.decimal_string(),
                "line_total": priced.line_total.decimal_string(),
            }
            for priced in quote.lines
        ],
        "subtotal": quote.subtotal.decimal_string(),
        "currency": quote.currency,
    }


def message_context(request, page_path: str) -> MessageContext:
    return MessageContext(page_path=page_path, product=product_on_page(page_path), cart=cart_snapshot(request))


@dataclass(frozen=True, slots=True)
class CartLineView:
    name: str
    variant: str
    sku: str
    quantity: int
    unit_price: Money
    line_total: Money


@dataclass(frozen=True, slots=True)
class CartView:
    lines: tuple[CartLineView, ...]
    subtotal: Money


def cart_view(snapshot: dict) -> CartView | None:
    """A stored cart snapshot as Money values for the admin page (None for an empty or unreadable one)."""
    try:
        currency = snapshot["currency"]
        lines = tuple(
            CartLineView(
                name=str(line["name"]),
                variant=str(line.get("variant", "")),
                sku=str(line["sku"]),
                quantity=int(line["quantity"]),
                unit_price=Money(line["unit_price"], currency),
                line_total=Money(line["line_total"], currency),
            )
            for line in snapshot["lines"]
        )
        return CartView(lines=lines, subtotal=Money(snapshot["subtotal"], currency))
    except (KeyError, TypeError, ValueError, ArithmeticError):
        return None


# --- the shopper's panel -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class OfficeStatus:
    is_open: bool
    note: str  # "" while open


def office_status(now: datetime, hours: OfficeHours) -> OfficeStatus:
    return OfficeStatus(is_open=is_open(now, hours), note=closed_note(now, hours))


def message_author(message: ConversationMessage, *, shop_name: str) -> str:
    """Who the shopper sees as the writer: "You", or the staff member's first name and the shop."""
    if message.sender == Sender.SHOPPER:
        return _("You")
    first_name = message.staff_user.first_name if message.staff_user else ""
    return f"{first_name} · {shop_name}" if first_name else shop_name


# --- the inbox ----------------------------------------------------------------------------------


def unread_count() -> int:
    """Conversations with a shopper's message staff have not opened yet: one query."""
    return Conversation.objects.filter(is_read_by_staff=False).count()


def unanswered_count() -> int:
    return Conversation.objects.filter(last_message_from=Sender.SHOPPER).count()


def unanswered_conversations(*, limit: int = 5) -> list[Conversation]:
    """The conversations waiting longest for an answer first: one query."""
    return list(Conversation.objects.filter(last_message_from=Sender.SHOPPER).order_by("last_message_at", "pk")[:limit])
