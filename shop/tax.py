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

from django.utils.translation import pgettext_lazy

from shop.money import Money, format_percent, quantize_cents


class TaxName:
    GST = "GST"
    HST = "HST"
    PST = "PST"
    RST = "RST"
    QST = "QST"


# The names shoppers read, in their language: TPS, TVH, TVP, TVD and TVQ in French. The codes above stay in
# the database and in JSON, so an order's tax lines read right in whichever language a page or email is in.
TAX_NAME_LABELS = {
    TaxName.GST: pgettext_lazy("sales tax", "GST"),
    TaxName.HST: pgettext_lazy("sales tax", "HST"),
    TaxName.PST: pgettext_lazy("sales tax", "PST"),
    TaxName.RST: pgettext_lazy("sales tax", "RST"),
    TaxName.QST: pgettext_lazy("sales tax", "QST"),
}


def tax_name_label(name: str) -> str:
    """ "GST" -> "GST" in English, "TPS" in French; an unknown code as it is."""
    return str(TAX_NAME_LABELS.get(name, name))


def tax_label(name: str, rate: Decimal) -> str:
    """ "HST 13%", "QST 9.975%" in English; "TVH 13 %", "TVQ 9,975 %" in French."""
    return f"{tax_name_label(name)} {format_percent(rate)}"


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
        """ "HST 13%", "QST 9.975%": the rate as a shopper reads it, in the active language."""
        return tax_label(self.name, self.rate)


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
