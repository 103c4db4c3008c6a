from decimal import Decimal
from fractions import Fraction

import pytest

from cambill.core.money import (
    UnknownCurrency,
    format_money,
    is_currency,
    minor_units,
    money_text,
    percent_of,
    quantum,
    round_money,
)


@pytest.mark.parametrize(
    ("currency", "places"),
    [
        ("USD", 2),
        ("EUR", 2),
        ("JPY", 0),
        ("KWD", 3),
        ("COP", 2),
        ("CLP", 0),
        # ISO 4217 and CLDR disagree on these: babel says 0 for every one of them.
        ("IQD", 3),
        ("RSD", 2),
        ("LAK", 2),
        ("IRR", 2),
        ("KPW", 2),
        ("LBP", 2),
        ("SYP", 2),
        ("YER", 2),
        ("ALL", 2),
        ("AFN", 2),
        ("MMK", 2),
        ("SOS", 2),
        ("MGA", 2),
        ("ISK", 0),
        ("UYW", 4),
    ],
)
def test_minor_units_come_from_iso_4217(currency: str, places: int) -> None:
    assert minor_units(currency) == places


@pytest.mark.parametrize("code", ["XYZ", "usd", "", "XAU", "XXX", "HRK", "US", "USDD", None])
def test_unknown_currency_is_refused(code) -> None:  # type: ignore[no-untyped-def]
    assert not is_currency(code)
    with pytest.raises(UnknownCurrency):
        minor_units(code)


# One line of 10 / 3 of the currency, rounded once, half-up; its quantum.
@pytest.mark.parametrize(
    ("currency", "q", "line", "text"),
    [
        ("IQD", Decimal("0.001"), Decimal("3.333"), "3.333"),
        ("RSD", Decimal("0.01"), Decimal("3.33"), "3.33"),
        ("JPY", Decimal("1"), Decimal("3"), "3"),
        ("KWD", Decimal("0.001"), Decimal("3.333"), "3.333"),
        ("USD", Decimal("0.01"), Decimal("3.33"), "3.33"),
        ("COP", Decimal("0.01"), Decimal("3.33"), "3.33"),
        ("CLP", Decimal("1"), Decimal("3"), "3"),
    ],
)
def test_quantum_and_line_rounding_per_currency(currency, q, line, text) -> None:  # type: ignore[no-untyped-def]
    assert quantum(currency) == q
    assert str(quantum(currency)) == str(q)
    rounded = round_money(Fraction(10, 3), currency)
    assert rounded == line
    assert str(rounded) == text  # the exponent is the currency's, exactly
    assert round_money(Decimal(10) / Decimal(3), currency) == line


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [
        (Decimal("30"), "USD", "30.00"),
        (Decimal("3E+1"), "USD", "30.00"),
        (Decimal("-10"), "USD", "-10.00"),
        (Decimal("1.2345"), "IQD", "1.235"),
        (Decimal("1E+3"), "JPY", "1000"),
    ],
)
def test_money_text_is_the_plain_exact_decimal(amount, currency, text) -> None:  # type: ignore[no-untyped-def]
    assert money_text(amount, currency) == text


def test_formatting_shows_the_iso_places_not_cldr() -> None:
    # CLDR's digits would print "IQD1,235" and "RSD1,234" (0 places).
    assert format_money(Decimal("1234.567"), "IQD", "en") == "IQD1,234.567"
    assert format_money(Decimal("1234.5"), "RSD", "en") == "RSD1,234.50"
    assert format_money(Decimal("1234.5"), "RSD", "es") == "1.234,50\xa0RSD"
    assert format_money(Decimal("1234"), "JPY", "en") == "¥1,234"
    assert format_money(Decimal("0.305000"), "USD", "en", max_places=6) == "$0.305"


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        (Fraction(3 * 22, 31), "USD", Decimal("2.13")),
        (Fraction(5, 1000), "USD", Decimal("0.01")),  # half-up, not banker's
        (Fraction(-5, 1000), "USD", Decimal("-0.01")),
        (Fraction(25, 10), "JPY", Decimal("3")),
        (Fraction(12345, 10000), "KWD", Decimal("1.235")),
        (Decimal("2.675"), "USD", Decimal("2.68")),
    ],
)
def test_round_once_half_up(value, currency, expected) -> None:  # type: ignore[no-untyped-def]
    assert round_money(value, currency) == expected


def test_percent_of_is_one_rounding() -> None:
    assert percent_of(Decimal("21.77"), Decimal("19"), "USD") == Decimal("4.14")
    assert percent_of(Decimal("10.32"), Decimal("10"), "USD") == Decimal("1.03")
