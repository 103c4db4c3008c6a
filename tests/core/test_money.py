from decimal import Decimal
from fractions import Fraction

import pytest

from cambill.core.money import UnknownCurrency, minor_units, percent_of, round_money


@pytest.mark.parametrize(
    ("currency", "places"), [("USD", 2), ("EUR", 2), ("JPY", 0), ("KWD", 3), ("COP", 2)]
)
def test_minor_units_come_from_cldr(currency: str, places: int) -> None:
    assert minor_units(currency) == places


def test_unknown_currency_is_refused() -> None:
    with pytest.raises(UnknownCurrency):
        minor_units("XYZ")


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
