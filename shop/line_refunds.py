"""What an order line has left to give back, and how a refund cut down to what is left is shared out.

A line can give back its price and its share of the order's tax (shop.fulfilment.line_refund_amount), once
in all: a refund by line and a price match's refund of the difference both count against it.
Plain functions over values; they never see a request or the database.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from shop.money import quantize_cents

ZERO = Decimal("0.00")


def line_refund_left(*, owed: Decimal, refunded: Decimal) -> Decimal:
    """What a line still has to give back: what it is owed (price and tax) less what it got back already."""
    return max(quantize_cents(owed - refunded), ZERO)


def refund_shares(*, owed: Sequence[Decimal], total: Decimal) -> list[Decimal]:
    """A refund of `total` over lines owed `owed`, in order: each line is paid in full until the money runs
    out, so a refund cut down to what is left on the order is recorded against the lines it really covered."""
    shares = []
    left = max(quantize_cents(total), ZERO)
    for amount in owed:
        share = min(max(amount, ZERO), left)
        shares.append(share)
        left -= share
    return shares
