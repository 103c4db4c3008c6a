"""Stripe's integer amounts per currency: ISO 4217 places for the invoice, Stripe's
own table (zero-decimal, three-decimal with a last digit of 0, ISK) for the API.
An amount Stripe cannot represent exactly is refused, never rounded silently."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cambill.core.money import quantum, round_money
from cambill.payments.gateways.amounts import (
    StripeAmountError,
    from_minor,
    stripe_exponent,
    to_minor,
)

D = Decimal


# (currency, ISO quantum, one line of 1000/3 rounded once, Stripe's integer amount of
# that line or None when Stripe cannot take it, an amount Stripe takes and its integer)
@pytest.mark.parametrize(
    ("currency", "q", "line", "line_minor", "whole", "whole_minor"),
    [
        ("USD", D("0.01"), D("333.33"), 33333, D("12.34"), 1234),
        ("COP", D("0.01"), D("333.33"), 33333, D("12.34"), 1234),
        ("RSD", D("0.01"), D("333.33"), 33333, D("12.34"), 1234),  # babel: 0 places
        ("IQD", D("0.001"), D("333.333"), 333333, D("12.345"), 12345),  # babel: 0 places
        ("JPY", D("1"), D("333"), 333, D("500"), 500),
        ("CLP", D("1"), D("333"), 333, D("500"), 500),
        ("KWD", D("0.001"), D("333.333"), None, D("5.120"), 5120),  # last digit 0
        ("BHD", D("0.001"), D("333.333"), None, D("5.12"), 5120),
        ("MGA", D("0.01"), D("333.33"), None, D("500.00"), 500),  # ISO 2, Stripe zero-decimal
        ("ISK", D("1"), D("333"), 33300, D("5"), 500),  # ISO 0, Stripe 2 with "00"
        ("HUF", D("0.01"), D("333.33"), 33333, D("5.10"), 510),
        ("TWD", D("0.01"), D("333.33"), 33333, D("5.10"), 510),
        ("UGX", D("1"), D("333"), 333, D("500"), 500),
    ],
)
def test_stripe_amount_per_currency(currency, q, line, line_minor, whole, whole_minor) -> None:  # type: ignore[no-untyped-def]
    assert quantum(currency) == q
    rounded = round_money(Fraction(1000, 3), currency)
    assert rounded == line and rounded.as_tuple().exponent == q.as_tuple().exponent
    if line_minor is None:
        with pytest.raises(StripeAmountError) as e:
            to_minor(rounded, currency)
        assert currency in str(e.value) and "exactly" in str(e.value)
    else:
        assert to_minor(rounded, currency) == line_minor
        assert from_minor(line_minor, currency) == rounded
    assert to_minor(whole, currency) == whole_minor
    back = from_minor(whole_minor, currency)
    assert back == whole and back.as_tuple().exponent == q.as_tuple().exponent


def test_stripe_exponents_differ_from_iso_only_where_stripe_says() -> None:
    assert [stripe_exponent(c) for c in ("USD", "IQD", "RSD", "JPY", "KWD", "MGA", "ISK")] == [
        2,
        3,
        2,
        0,
        3,
        0,
        2,
    ]


def test_a_rsd_invoice_is_not_charged_a_hundredth() -> None:
    # With CLDR's 0 places, 1 500.00 RSD became 1500 (15.00 RSD at Stripe).
    assert to_minor(D("1500.00"), "RSD") == 150000
    assert to_minor(D("1500.000"), "IQD") == 1500000
