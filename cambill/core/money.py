"""Money rules shared by every domain.

Amounts are ``Decimal`` with their currency. A line is computed exactly and
rounded once, half-up, to the currency's minor unit; totals are sums of rounded
lines. The minor unit comes from babel (CLDR), never from a hard-coded "0.00".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

import pycountry
from babel.numbers import format_currency, get_currency_precision

# Unit prices keep up to 6 places (ARCHITECTURE.md: money rules).
PRICE_PLACES = 6
PRICE_QUANTUM = Decimal(1).scaleb(-PRICE_PLACES)
ZERO = Decimal(0)


class UnknownCurrency(ValueError):
    """Raised for a code that is not an active ISO 4217 currency."""


@lru_cache(maxsize=512)
def is_currency(code: str) -> bool:
    return bool(code) and code.isupper() and pycountry.currencies.get(alpha_3=code) is not None


@lru_cache(maxsize=512)
def minor_units(currency: str) -> int:
    """Number of decimal places of ``currency`` (USD 2, JPY 0, KWD 3)."""
    if not is_currency(currency):
        raise UnknownCurrency(currency)
    return int(get_currency_precision(currency))


@lru_cache(maxsize=512)
def quantum(currency: str) -> Decimal:
    return Decimal(1).scaleb(-minor_units(currency))


def round_money(value: Decimal | Fraction | int, currency: str) -> Decimal:
    """Round an exact amount once, half-up, to the currency's minor unit."""
    q = quantum(currency)
    if isinstance(value, Fraction):
        # Exact: scale to minor units, round half-up on the rational, scale back.
        scaled = value / Fraction(q)
        sign = -1 if scaled < 0 else 1
        n = abs(scaled)
        whole = n.numerator // n.denominator
        if (n - whole) * 2 >= 1:
            whole += 1
        return (Decimal(sign * whole) * q).quantize(q)
    with localcontext() as ctx:
        ctx.prec = 60
        return Decimal(value).quantize(q, rounding=ROUND_HALF_UP)


def round_price(value: Decimal | Fraction) -> Decimal:
    """Round a unit price to the 6 places prices keep (display and storage only)."""
    if isinstance(value, Fraction):
        with localcontext() as ctx:
            ctx.prec = 60
            value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(PRICE_QUANTUM, rounding=ROUND_HALF_UP)


def percent_of(amount: Decimal, percent: Decimal, currency: str) -> Decimal:
    """``round(amount x percent / 100)``: one rounding, as for a tax or discount line."""
    return round_money(Fraction(amount) * Fraction(percent) / 100, currency)


def format_money(amount: Decimal, currency: str, locale: str = "en") -> str:
    """Human formatting for pages and PDFs (babel, per language)."""
    return format_currency(amount, currency, locale=locale, currency_digits=True)


@dataclass(frozen=True, slots=True)
class Money:
    """An amount that travels with its currency."""

    amount: Decimal
    currency: str

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"
