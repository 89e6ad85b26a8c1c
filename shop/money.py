"""Money: a Decimal amount in one currency, and the one place the shop rounds to cents.

Amounts are built from strings, Decimals or ints, never floats, because a float cannot hold most prices
exactly (0.1 + 0.2 != 0.3). Adding or comparing two currencies raises instead of guessing a rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale
from babel.numbers import format_currency, format_decimal
from babel.numbers import format_percent as cldr_percent
from django.utils.translation import get_language

DEFAULT_CURRENCY = "CAD"
CENT = Decimal("0.01")


def quantize_cents(amount: Decimal) -> Decimal:
    """Round to whole cents, halves away from zero (12.345 -> 12.35), as Canadian receipts do."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def cldr_locale(language: str | None = None) -> str:
    """The CLDR locale for a site language: Canadian French for "fr" and "fr-ca", Canadian English otherwise."""
    language = (language or get_language() or "en").lower()
    return "fr_CA" if language.startswith("fr") else "en_CA"


def format_cad(amount: Decimal, *, drop_zero_cents: bool = False, language: str | None = None) -> str:
    """How shoppers read an amount in their language, from CLDR (Babel): "$1,249.50" and "-$5.00" in English,
    "1 249,50 $" and "-5,00 $" in French; whole amounts as "$250" / "250 $" when asked. `language` defaults to
    the active one."""
    value = quantize_cents(amount)
    locale = cldr_locale(language)
    if drop_zero_cents and value == value.to_integral_value():
        pattern = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
        return format_currency(value, DEFAULT_CURRENCY, pattern, locale=locale, currency_digits=False)
    return format_currency(value, DEFAULT_CURRENCY, locale=locale)


def format_percent(rate: Decimal, *, language: str | None = None) -> str:
    """A rate fraction as a percentage, every significant digit kept: 0.13 -> "13%" / "13 %", 0.09975 ->
    "9.975%" / "9,975 %"."""
    return cldr_percent(rate, locale=cldr_locale(language), decimal_quantization=False)


def format_number(value: Decimal, *, language: str | None = None) -> str:
    """A plain number in the shopper's language: "9.975" / "9,975"; digits as given."""
    return format_decimal(value, locale=cldr_locale(language), decimal_quantization=False)


def to_decimal(value: str | Decimal | int) -> Decimal:
    """A Decimal from a string, Decimal or int; floats and bools are refused."""
    if isinstance(value, (bool, float)):
        raise TypeError(f"Money amounts are never built from {type(value).__name__}: {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip().replace(",", "").removeprefix("$"))
        except InvalidOperation as error:
            raise ValueError(f"Not an amount of money: {value!r}") from error
    else:
        raise TypeError(f"Money amounts are built from str, Decimal or int, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"Not an amount of money: {value!r}")
    return result


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str = DEFAULT_CURRENCY

    def __post_init__(self) -> None:
        # Normalise whatever we were given into an exact Decimal; frozen, so go through object.__setattr__.
        object.__setattr__(self, "amount", to_decimal(self.amount))
        object.__setattr__(self, "currency", self.currency.upper())

    @classmethod
    def zero(cls, currency: str = DEFAULT_CURRENCY) -> Money:
        return cls(Decimal("0.00"), currency)

    # --- arithmetic -------------------------------------------------------------------------

    def _same_currency(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"Cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise ValueError(f"Cannot combine {self.currency} with {other.currency}")
        return other

    def __add__(self, other: Money) -> Money:
        other = self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        other = self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def __mul__(self, factor: int | Decimal) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int | Decimal):
            raise TypeError(f"Money can be multiplied by an int or a Decimal, not {type(factor).__name__}")
        return Money(self.amount * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.amount, self.currency)

    # --- comparison (same currency only) ----------------------------------------------------

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same_currency(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same_currency(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same_currency(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same_currency(other).amount

    def __eq__(self, other: object) -> bool:
        # 10 == 10.00: equal amounts are equal whatever their exponent.
        if not isinstance(other, Money):
            return NotImplemented
        return self.currency == other.currency and self.amount == other.amount

    def __hash__(self) -> int:
        return hash((self.amount, self.currency))

    def __bool__(self) -> bool:
        return self.amount != 0

    # --- presentation ----------------------------------------------------------------------

    def quantized(self) -> Money:
        return Money(quantize_cents(self.amount), self.currency)

    @property
    def cents(self) -> int:
        """Whole cents, as Shopify's AJAX API and Stripe expect (12.34 -> 1234)."""
        return int(quantize_cents(self.amount) * 100)

    def decimal_string(self) -> str:
        """ "12.30": two decimals, no symbol, for JSON."""
        return str(quantize_cents(self.amount))

    def __str__(self) -> str:
        return format_cad(self.amount)

    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency}')"


def money(value: str | Decimal | int | Money, currency: str = DEFAULT_CURRENCY) -> Money:
    """Money from a plain value: money("12.50"), money(Decimal("3")), or a Money passed through."""
    if isinstance(value, Money):
        return value
    return Money(to_decimal(value), currency)


def sum_money(values, currency: str = DEFAULT_CURRENCY) -> Money:
    """Sum of Money values; Money.zero() for an empty iterable (sum() would start from int 0)."""
    total = Money.zero(currency)
    for value in values:
        total = total + value
    return total
