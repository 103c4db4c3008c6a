"""How decimals and times travel (cambill/api/core/common.py documents the rule)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from rest_framework.exceptions import ValidationError

from cambill.api.core.common import DecimalIn, TimeField, display_decimal, display_money


@pytest.mark.parametrize(
    ("value", "currency", "shown"),
    [
        ("12.000000", "USD", "12.00"),
        ("12", "USD", "12.00"),
        ("0.300000", "USD", "0.30"),
        ("0.305000", "USD", "0.305"),
        ("0.123456", "USD", "0.123456"),
        ("100.000000", "JPY", "100"),
        ("1.5", "JPY", "1.5"),
        ("1.2", "KWD", "1.200"),
        ("1E+2", "USD", "100.00"),
        ("1", None, "1.00"),
    ],
)
def test_money_display(value: str, currency: str | None, shown: str) -> None:
    assert display_money(Decimal(value), currency) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("10.0000", "10.00"),
        ("19", "19.00"),
        ("0.1250", "0.125"),
        ("7.0000", "7.00"),
        ("12.5", "12.50"),
    ],
)
def test_plain_decimal_display(value: str, shown: str) -> None:
    assert display_decimal(Decimal(value), 2) == shown


def test_decimal_input_shapes() -> None:
    f = DecimalIn()
    assert f.run_validation("12.00") == Decimal("12.00")
    assert f.run_validation(3) == Decimal(3)
    for bad in ("abc", "NaN", "Infinity", True, "1" * 1001):
        with pytest.raises(ValidationError):
            f.run_validation(bad)


def test_times_need_an_offset_and_show_the_zone() -> None:
    f = TimeField()
    assert f.run_validation("2026-03-16T12:00:00-05:00") == datetime(2026, 3, 16, 17, tzinfo=UTC)
    assert f.run_validation("2026-03-16T17:00:00Z") == datetime(2026, 3, 16, 17, tzinfo=UTC)
    for bad in (
        "2026-03-16T12:00:00",
        "2026-03-16",
        "soon",
        12,
        "1899-12-31T00:00:00Z",
        "2026-02-30T00:00:00Z",
    ):
        with pytest.raises(ValidationError):
            f.run_validation(bad)
    instant = datetime(2026, 3, 16, 17, tzinfo=UTC)
    assert f.to_representation((instant, None)) == "2026-03-16T17:00:00Z"
    assert f.to_representation((instant, "America/Bogota")) == "2026-03-16T12:00:00-05:00"
    assert f.to_representation((None, "America/Bogota")) is None
