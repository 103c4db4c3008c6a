"""Account discounts on a retail invoice.

Rules:

* A discount counts the local days of the period on which it is valid
  (``valid_from`` inclusive, ``valid_to`` exclusive, None = unbounded) and
  applies pro rata: ``share = valid days / days in month``.
  - percent: ``net_before x value% x share`` (a 10 % discount valid for 16 of
    31 days takes 10 % x 16/31 of the whole period's net);
  - fixed: ``value x share`` (a monthly amount, like a tariff price).
* Percent discounts are computed on ``net_before`` (they do not compound), then
  fixed ones, each in the given order and each rounded once, half-up.
* The invoice never goes below zero: a line is cut to what is left, and lines
  that come to zero are not emitted (so a 0 % discount, or one valid on no day
  of the period, leaves no line).
* Amounts are NEGATIVE (allowances), ready for :func:`invoice_totals`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from cambill.core.money import quantum, round_money
from cambill.core.periods import Period

from .errors import RatingError
from .types import Discount, DiscountLine


def valid_days(discount: Discount, period: Period) -> int:
    """Local days of ``period`` within ``[valid_from, valid_to)``."""
    lo = period.first_day
    hi = period.next_first_day
    if discount.valid_from is not None and discount.valid_from > lo:
        lo = discount.valid_from
    if discount.valid_to is not None and discount.valid_to < hi:
        hi = discount.valid_to
    return max((hi - lo).days, 0)


def _check(discount: Discount) -> None:
    value = discount.value
    if not value.is_finite() or value < 0:
        raise RatingError(f"discount {discount.description!r}: value must be >= 0, got {value}")
    if discount.kind == "percent":
        if value > 100:
            raise RatingError(
                f"discount {discount.description!r}: a percentage above 100 is not a discount"
            )
    elif discount.kind != "fixed":
        raise RatingError(f"discount kind must be percent or fixed, got {discount.kind!r}")
    if (
        discount.valid_from is not None
        and discount.valid_to is not None
        and discount.valid_to < discount.valid_from
    ):
        raise RatingError(f"discount {discount.description!r}: valid_to is before valid_from")


def apply_discounts(
    net_before: Decimal,
    discounts: Sequence[Discount],
    period: Period,
    currency: str,
) -> list[DiscountLine]:
    """Discount lines (negative amounts) for an account invoice of ``period``."""
    for d in discounts:
        _check(d)
    q = quantum(currency)
    remaining = net_before.quantize(q)
    n = period.days_in_month
    ordered = [d for d in discounts if d.kind == "percent"] + [
        d for d in discounts if d.kind == "fixed"
    ]
    lines: list[DiscountLine] = []
    for d in ordered:
        days = valid_days(d, period)
        if days == 0 or remaining <= 0:
            continue
        share = Fraction(days, n)
        if d.kind == "percent":
            exact = Fraction(net_before) * Fraction(d.value) / 100 * share
        else:
            exact = Fraction(d.value) * share
        amount = round_money(exact, currency)
        capped = amount > remaining
        if capped:
            amount = remaining
        if amount <= 0:
            continue
        remaining -= amount
        lines.append(
            DiscountLine(
                description=d.description,
                kind=d.kind,
                value=d.value,
                valid_days=days,
                days_in_month=n,
                amount=Decimal(0) - amount,
                capped=capped,
            )
        )
    return lines
