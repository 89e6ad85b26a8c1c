"""Sales tax by ship-to province, from a dated rate table kept as data.

Each component (GST, HST, PST, RST, QST) is charged on the goods after discounts plus the shipping charge,
and rounded to cents on its own so every receipt line adds up. We treat shipping as taxable for every
component: the CRA taxes shipping that follows taxable goods, and the provinces that levy their own sales
tax do the same for delivery charges on taxable goods sold by a shop, which is what this store sells.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from shop.money import Money, quantize_cents


class TaxName:
    GST = "GST"
    HST = "HST"
    PST = "PST"
    RST = "RST"
    QST = "QST"


# Federal tax first, then the provincial one, so receipts read the same in every province.
COMPONENT_ORDER = {TaxName.GST: 0, TaxName.HST: 0, TaxName.PST: 1, TaxName.RST: 1, TaxName.QST: 1}


@dataclass(frozen=True, slots=True)
class TaxRateRule:
    """One dated row: `name` at `rate` in `province` from `effective_from` up to and including `effective_to`."""

    province: str
    name: str
    rate: Decimal
    effective_from: date
    effective_to: date | None = None

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True, slots=True)
class TaxLine:
    name: str
    rate: Decimal
    amount: Money

    @property
    def label(self) -> str:
        """ "HST 13%", "QST 9.975%": the rate as a shopper reads it."""
        percent = (self.rate * 100).normalize()
        return f"{self.name} {percent:f}%"


def rates_in_force(rates: Iterable[TaxRateRule], *, province: str, day: date) -> list[TaxRateRule]:
    """The components that apply in `province` on `day`; when two rows of one name overlap, the newer wins."""
    newest: dict[str, TaxRateRule] = {}
    for rule in rates:
        if rule.province == province and rule.in_force_on(day):
            current = newest.get(rule.name)
            if current is None or rule.effective_from > current.effective_from:
                newest[rule.name] = rule
    return sorted(newest.values(), key=lambda rule: (COMPONENT_ORDER.get(rule.name, 2), rule.name))


def tax_lines(rates: Iterable[TaxRateRule], *, province: str, day: date, taxable: Money) -> tuple[TaxLine, ...]:
    """One line per component: rate x (goods after discounts + shipping), each rounded half-up to cents."""
    return tuple(
        TaxLine(
            name=rule.name, rate=rule.rate, amount=Money(quantize_cents(taxable.amount * rule.rate), taxable.currency)
        )
        for rule in rates_in_force(rates, province=province, day=day)
    )
