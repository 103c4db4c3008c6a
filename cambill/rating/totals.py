"""Invoice totals: sums of rounded lines, then one tax rounding.

``subtotal`` = sum of line amounts; ``discount`` = sum of allowances (zero or
negative); ``net`` = subtotal + discount; ``tax`` = round(net x rate), rounded
once per invoice; ``total`` = net + tax. Inputs must already be rounded to the
currency's minor unit: summing unrounded amounts would round twice in disguise.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from cambill.core.money import percent_of, quantum

from .errors import RatingError
from .types import Totals


def invoice_totals(
    line_amounts: Iterable[Decimal],
    allowance_amounts: Iterable[Decimal],
    tax_percent: Decimal,
    currency: str,
) -> Totals:
    """Totals of one invoice. Allowances are negative amounts (as printed)."""
    q = quantum(currency)
    if not tax_percent.is_finite() or tax_percent < 0:
        raise RatingError(f"tax rate must be >= 0 %, got {tax_percent}")
    subtotal = Decimal(0).quantize(q)
    for amount in line_amounts:
        _check_rounded(amount, q, "line amount")
        subtotal += amount
    discount = Decimal(0).quantize(q)
    for amount in allowance_amounts:
        _check_rounded(amount, q, "allowance")
        if amount > 0:
            raise RatingError(f"an allowance is negative or zero, got {amount}")
        discount += amount
    net = subtotal + discount
    tax = percent_of(net, tax_percent, currency)
    return Totals(
        subtotal=subtotal,
        discount=discount,
        net=net,
        tax=tax,
        total=net + tax,
        currency=currency,
    )


def _check_rounded(amount: Decimal, q: Decimal, what: str) -> None:
    if not amount.is_finite() or amount != amount.quantize(q):
        raise RatingError(f"{what} {amount} is not rounded to {q}; round each line once first")
