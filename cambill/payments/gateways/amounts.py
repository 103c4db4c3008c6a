"""Stripe's own currency table and the conversion of amounts to and from its minor units."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext

from cambill.core.money import minor_units, quantum

# --- Stripe's own currency table (https://docs.stripe.com/currencies) ------------------
#
# Stripe's API amounts are integers in *Stripe's* minor unit, which is not always
# ISO 4217's: the table lives here, at the gateway boundary, and never changes
# invoice amounts (docs/decisions/0009-currency-exponents-from-iso-4217.md).

# Zero-decimal: the amount is the whole number of units (500 JPY is 500). MGA is
# 2 places in ISO 4217 but zero-decimal at Stripe.
STRIPE_ZERO_DECIMAL = frozenset(
    [
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "JPY",
        "KMF",
        "KRW",
        "MGA",
        "PYG",
        "RWF",
        "UGX",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    ]
)
# Three-decimal: supported for payments, but the last digit of the minor-unit
# amount must be 0 (5.120 KWD is 5120; 5.124 KWD cannot be sent).
STRIPE_THREE_DECIMAL = frozenset(["BHD", "JOD", "KWD", "OMR", "TND"])
# Special cases. ISK is 0 places in ISO 4217 but stays two-decimal in Stripe's API
# for backwards compatibility, whole krónur only (5 ISK is 500, a multiple of 100).
# HUF and TWD are two-decimal for charges (they are zero-decimal only for payouts,
# which cambill does not make), as in ISO 4217. UGX is in the zero-decimal list.
STRIPE_TWO_DECIMAL_WHOLE_UNITS = frozenset({"ISK"})


def stripe_exponent(currency: str) -> int:
    """The number of decimal places of ``currency`` in Stripe's API amounts."""
    code = currency.upper()
    if code in STRIPE_ZERO_DECIMAL:
        return 0
    if code in STRIPE_THREE_DECIMAL:
        return 3
    if code in STRIPE_TWO_DECIMAL_WHOLE_UNITS:
        return 2
    return minor_units(code)


def stripe_step(currency: str) -> int:
    """The minor-unit amount Stripe accepts must be a multiple of this."""
    code = currency.upper()
    if code in STRIPE_THREE_DECIMAL:
        return 10
    if code in STRIPE_TWO_DECIMAL_WHOLE_UNITS:
        return 100
    return 1


class StripeAmountError(ValueError):
    """An amount Stripe cannot represent exactly: refused, never rounded silently
    (charging another amount than the invoice's would leave it part-paid or overpaid)."""


def to_minor(amount: Decimal, currency: str) -> int:
    """``amount`` as Stripe's integer amount in ``currency`` (12.34 USD is 1234,
    500 JPY is 500, 5.120 KWD is 5120, 5 ISK is 500)."""
    exponent = stripe_exponent(currency)
    scaled = Decimal(amount).scaleb(exponent)
    step = stripe_step(currency)
    if scaled != scaled.to_integral_value() or int(scaled) % step:
        unit = Decimal(step).scaleb(-exponent)
        raise StripeAmountError(
            gettext(
                "Stripe cannot charge %(amount)s %(currency)s exactly: its amounts in "
                "%(currency)s are whole multiples of %(unit)s."
            )
            % {"amount": amount, "currency": currency.upper(), "unit": f"{unit:f}"}
        )
    return int(scaled)


def from_minor(value: int, currency: str) -> Decimal:
    """Stripe's integer amount as a Decimal with the currency's ISO 4217 places."""
    amount = Decimal(value).scaleb(-stripe_exponent(currency))
    return amount.quantize(quantum(currency.upper()))
