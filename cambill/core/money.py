"""Money rules shared by every domain.

Amounts are ``Decimal`` with their currency. A line is computed exactly and
rounded once, half-up, to the currency's minor unit; totals are sums of rounded
lines. The minor unit (the currency's exponent) comes from ISO 4217 itself, through
the ``iso4217`` package, never from CLDR (babel gives IQD 0 places instead of 3 and
RSD, LAK, IRR, ... 0 instead of 2) and never from a hard-coded "0.00"; babel only
formats (docs/decisions/0009-currency-exponents-from-iso-4217.md).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

from iso4217 import Currency

# Unit prices keep up to 6 places (ARCHITECTURE.md: money rules).
PRICE_PLACES = 6
PRICE_QUANTUM = Decimal(1).scaleb(-PRICE_PLACES)
ZERO = Decimal(0)


class UnknownCurrency(ValueError):
    """Raised for a code that is not an active ISO 4217 currency."""


@lru_cache(maxsize=512)
def _iso_exponent(code: str) -> int | None:
    """ISO 4217's minor unit of an active currency; None for a code that is not one,
    or that has no minor unit ("N.A.": gold, testing codes, XXX)."""
    if not isinstance(code, str) or len(code) != 3 or not code.isascii() or not code.isupper():
        return None
    try:
        exponent = Currency(code).exponent
    except ValueError:
        return None
    return exponent if isinstance(exponent, int) else None


def is_currency(code: str) -> bool:
    """An active ISO 4217 currency with a minor unit (upper-case code)."""
    return _iso_exponent(code) is not None


def minor_units(currency: str) -> int:
    """Number of decimal places of ``currency`` from ISO 4217 (USD 2, JPY 0, KWD 3, IQD 3).

    The one source of a currency's exponent: rounding, stored amounts, exports and
    the amounts sent to gateways all ask here."""
    exponent = _iso_exponent(currency)
    if exponent is None:
        raise UnknownCurrency(currency)
    return exponent


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


def money_text(amount: Decimal, currency: str) -> str:
    """The plain, exact decimal text of an amount in its currency's minor unit
    ("-10.00", "1.235", "500"): never float, never an exponent like "3E+1"."""
    with localcontext() as ctx:
        ctx.prec = 60
        return f"{Decimal(amount).quantize(quantum(currency), rounding=ROUND_HALF_UP):f}"


def places_shown(amount: Decimal, currency: str, max_places: int | None = None) -> int:
    """How many decimals an amount is shown with: the currency's ISO 4217 places, or,
    with ``max_places`` (a unit price keeps 6), up to that many when it has them
    (12.000000 USD shows 2, 0.305000 USD shows 3). A code that is not an ISO 4217
    currency (a quantity, an unset currency) shows 2."""
    places = minor_units(currency) if is_currency(currency) else 2
    if max_places is None:
        return places
    exponent = Decimal(amount).normalize().as_tuple().exponent
    has = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return max(places, min(has, max_places))


def format_money(
    amount: Decimal, currency: str, language: str | None = None, *, max_places: int | None = None
) -> str:
    """The one human form of an amount, for pages, PDFs and e-mails: "1,234.50 USD" in
    English, "1.234,50 USD" in Spanish and Brazilian Portuguese.

    The number is laid out by babel in the reader's ``language`` (a product code such
    as ``"pt-br"``, a babel locale such as ``"pt_BR"``, or None for the active one),
    followed by the ISO code, never a symbol: "$" is the dollar of several of the
    currencies a provider bills in. The number of decimals is ISO 4217's (JPY 0,
    IQD 3), never CLDR's, and the amount is rounded half-up here, before babel lays
    it out. ``max_places`` shows up to that many decimals when the amount has them
    (unit prices keep 6). Exports never come here: they write exact decimals
    (:func:`money_text`)."""
    from babel.numbers import format_decimal

    from . import languages

    if language is None:
        from django.utils import translation

        language = translation.get_language()
    places = places_shown(amount, currency, max_places)
    step = Decimal(1).scaleb(-places)
    with localcontext() as ctx:
        ctx.prec = 60
        value = Decimal(amount).quantize(step, rounding=ROUND_HALF_UP)
    locale = languages.babel_locale(language)
    if currency and is_currency(currency) and money_display() == "symbol":
        return _with_sign(value, places, currency, locale)
    number = format_decimal(
        value,
        format="#,##0" + ("." + "0" * places if places else ""),
        locale=locale,
        decimal_quantization=False,
    )
    return f"{number} {currency}" if currency else number


# --- the CLDR layout with a sign that names the currency ------------------------------


def money_display() -> str:
    """How amounts name their currency (setting ``CAMBILL_MONEY_DISPLAY``): ``"code"``,
    the ISO code after the number in every language ("1,234.50 USD"), or ``"symbol"``,
    the reader's CLDR layout with the currency's symbol where no other currency uses it
    in any locale ("US$ 1.234,50", "1.234,50 €", "MX$1,234.50", "COP 1,234.50"), else
    its ISO code: "$" or "¥" alone is never shown."""
    from django.conf import settings

    return str(getattr(settings, "CAMBILL_MONEY_DISPLAY", "code"))


@lru_cache(maxsize=1)
def _symbol_owners() -> dict[str, frozenset[str]]:
    """Every currency symbol of every CLDR locale, with the currencies it stands for
    ("$" for 27 of them, "¥" for JPY and CNY, "€" for EUR only). Read once."""
    from babel import Locale, localedata

    owners: dict[str, set[str]] = {}
    for ident in localedata.locale_identifiers():
        try:
            symbols = Locale.parse(ident).currency_symbols
        except (ValueError, KeyError):
            continue
        for code, symbol in symbols.items():
            owners.setdefault(symbol, set()).add(code)
    return {symbol: frozenset(codes) for symbol, codes in owners.items()}


def currency_sign(currency: str, locale: str) -> str:
    """The sign of ``currency`` for a reader in ``locale`` (babel's spelling): CLDR's
    symbol there when it names this currency alone anywhere, else the ISO code."""
    from babel.numbers import get_currency_symbol

    symbol = get_currency_symbol(currency, locale)
    if symbol != currency and _symbol_owners().get(symbol, frozenset()) <= {currency}:
        return symbol
    return currency


def _with_sign(value: Decimal, places: int, currency: str, locale: str) -> str:
    """``value`` laid out by the locale's standard currency pattern (sign before or after
    the number, with or without a space), a letter sign always spaced off the digits as
    CLDR's currency spacing says ("USD 1,234.50", not "USD1,234.50")."""
    from babel import Locale
    from babel.numbers import format_decimal

    sign = currency_sign(currency, locale)
    number = format_decimal(
        abs(value),
        format="#,##0" + ("." + "0" * places if places else ""),
        locale=locale,
        decimal_quantization=False,
    )
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
    before = pattern.index("\u00a4") < pattern.index("#")
    gap = pattern.replace("\u00a4", "").split("#")[0] if before else ""
    if not before:
        tail = pattern[pattern.rindex("0") + 1 : pattern.index("\u00a4")]
        gap = tail
    if not gap and (sign[-1].isalpha() if before else sign[0].isalpha()):
        gap = "\u00a0"
    text = f"{sign}{gap}{number}" if before else f"{number}{gap}{sign}"
    minus = Locale.parse(locale).number_symbols.get("latn", {}).get("minusSign", "-")
    return f"{minus}{text}" if value < 0 else text
