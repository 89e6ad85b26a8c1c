"""Reading what shoppers send: whole numbers, record ids and JSON bodies, each parsed once at the door.

Plain code, no request and no database. Each parser returns a plain value the services can trust (an
int inside the column's range, a dict) or raises `InputError` with a message for the shopper, which
the view answers as 400/422 instead of letting an odd value reach `int()`, the ORM or the database.
"""

from __future__ import annotations

import json
import math
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

# Ids are BigAutoField (DEFAULT_AUTO_FIELD): positive and within a signed 64-bit integer.
MAX_ID = 2**63 - 1
# More units of one product than any shopper buys at once; keeps every sum far from the int column's limit.
MAX_QUANTITY = 999
# A cart request is a handful of fields; anything bigger is not a cart request.
MAX_JSON_BODY_BYTES = 64 * 1024
# Digit strings longer than this are out of range before they are read (int() of a huge string is slow).
MAX_DIGITS = 19
ASCII_DIGITS = frozenset("0123456789")


class InputError(ValueError):
    """A value we cannot use, with a message for the shopper."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def ascii_whole_number(raw: str, *, max_digits: int = MAX_DIGITS) -> int | None:
    """A string of ASCII digits (with an optional leading minus) as an int; None for anything else.

    `str.isdigit()` also accepts "²" and "¹²", which `int()` then refuses, and `int()` accepts "٣" and "1_000";
    only 0-9 count here.
    """
    text = raw.strip()
    digits = text[1:] if text.startswith("-") else text
    if not digits or len(digits) > max_digits or not set(digits) <= ASCII_DIGITS:
        return None
    return int(text)


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None  # true is an int to Python, never a quantity to a shopper
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        return ascii_whole_number(value)
    return None  # floats (2.5, 1e400, inf), lists, objects, null


def parse_quantity(value: object, *, minimum: int) -> int:
    """A quantity is a whole number of units from `minimum` to MAX_QUANTITY; "2" and 2 pass, "²", 2.5 and true do not."""
    number = _whole(value)
    if number is None:
        raise InputError(_("Please enter a whole number for the quantity."))
    if number < minimum:
        raise InputError(_("The quantity must be at least %(minimum)d.") % {"minimum": minimum})
    if number > MAX_QUANTITY:
        raise InputError(_("The quantity can be at most %(maximum)d.") % {"maximum": MAX_QUANTITY})
    return number


def parse_id(value: object) -> int:
    """A record id is a whole number from 1 to MAX_ID; anything else names nothing we sell."""
    number = _whole(value)
    if number is None or not 1 <= number <= MAX_ID:
        raise InputError(_("That product option does not exist."))
    return number


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number")


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is out of range")
    return number


def parse_json_object(body: bytes, *, max_bytes: int = MAX_JSON_BODY_BYTES) -> dict[str, Any]:
    """A request body as a JSON object: bounded in size, no NaN/Infinity/1e400, no nesting too deep to read."""
    if len(body) > max_bytes:
        raise InputError(_("The request body is too large."))
    try:
        data = json.loads(body or b"{}", parse_constant=_refuse_constant, parse_float=_finite_float)
    except RecursionError:
        raise InputError(_("The request body is nested too deeply.")) from None
    except (ValueError, UnicodeDecodeError) as problem:  # JSONDecodeError is a ValueError
        raise InputError(_("The request body is not valid JSON.")) from problem
    if not isinstance(data, dict):
        raise InputError(_("The request body must be a JSON object."))
    return data


# One cart update names at most this many lines; a real cart is far smaller.
MAX_UPDATES = 100


def parse_updates(value: object, *, cart_order: list[int]) -> dict[int, int]:
    """Shopify's `updates`: {variant id: quantity}, or a list of quantities for the cart's lines in order.

    `cart_order` is the cart's variant ids in line order. Quantities may be 0 (remove the line).
    """
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list):
        if len(value) > len(cart_order):
            raise InputError(_("There are more quantities than lines in your cart."))
        pairs = list(zip(cart_order, value, strict=False))
    else:
        raise InputError(_("Send updates as {variant id: quantity} or a list of quantities in cart order."))
    if not pairs:
        raise InputError(_("Send at least one update."))
    if len(pairs) > MAX_UPDATES:
        raise InputError(_("Send at most %(maximum)d updates at once.") % {"maximum": MAX_UPDATES})
    updates: dict[int, int] = {}
    for variant_id, quantity in pairs:
        updates[parse_id(variant_id)] = parse_quantity(quantity, minimum=0)
    return updates


def form_updates(fields: dict[str, list[str]]) -> dict[str, str] | list[str] | None:
    """`updates` from a form post, as jQuery encodes it: updates[<variant id>]=2 pairs, or updates[]=2 in cart order."""
    if "updates[]" in fields:
        return list(fields["updates[]"])
    found = {
        name[len("updates[") : -1]: values[-1]
        for name, values in fields.items()
        if name.startswith("updates[") and name.endswith("]") and values
    }
    return found or None


# DiscountCode.code holds 40 characters; a longer entry cannot be one.
MAX_CODE_LENGTH = 40


def parse_discount_code(raw: object) -> str:
    """A discount code as typed, trimmed ("" for none); one that is too long or holds control characters is refused.

    The database is never asked about such an entry: PostgreSQL refuses a NUL byte in a query outright.
    """
    text = raw.strip() if isinstance(raw, str) else ""
    if len(text) > MAX_CODE_LENGTH or not text.isprintable():
        raise InputError(_("That is not a valid discount code."))
    return text


def one_line(raw: str) -> str:
    """A name typed by a shopper, as one line: line breaks, tabs and runs of spaces become single spaces and
    other control characters go, so it can stand in an email subject (a header refuses line breaks)."""
    collapsed = " ".join((raw or "").split())
    return "".join(char for char in collapsed if unicodedata.category(char) not in ("Cc", "Cf"))
