"""Coupons on a retail invoice: one discount line per coupon, after the account
discounts, rounded once, never taking the invoice below zero.

Rules:

* A coupon without tariffs covers the whole invoice: its base is the net after
  the account discounts (every line, the discounts included).
* A coupon restricted to tariffs covers the lines of those tariffs only. Those
  lines keep their share of the account discounts: a line the discounts applied
  to counts as ``amount x (1 + discounts / discount base)``, computed exactly,
  so a 10 % account discount and a 50 % coupon on a 10.00 line give -4.50.
* ``percent``: ``base x percent / 100``; ``amount``: the smaller of the amount
  and the base. Either is rounded once, half-up, then cut to what is left of the
  invoice (several coupons apply in the given order), so the net never goes
  below zero; a coupon that comes to zero leaves no line.
* Amounts are NEGATIVE (allowances), ready for :func:`invoice_totals`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from cambill.core.money import quantum, round_money

from .errors import RatingError


@dataclass(frozen=True, slots=True)
class Coupon:
    """A redeemed coupon as rating sees it: ``percent`` or ``amount`` (one of
    them), restricted to ``tariffs`` (tariff keys) when not empty."""

    code: str
    percent: Decimal | None = None
    amount: Decimal | None = None
    tariffs: frozenset[str] = frozenset()
    description: str = ""


@dataclass(frozen=True, slots=True)
class CouponBase:
    """One rounded invoice line as a coupon sees it: its tariff key ('' for a
    line of no tariff) and whether the account discounts applied to it."""

    amount: Decimal
    tariff: str = ""
    discounted: bool = False


@dataclass(frozen=True, slots=True)
class CouponLine:
    """A coupon's line: ``amount`` NEGATIVE; ``capped`` when cut to what was left."""

    code: str
    description: str
    percent: Decimal | None
    value: Decimal | None
    amount: Decimal
    capped: bool


def _check(c: Coupon) -> None:
    if (c.percent is None) == (c.amount is None):
        raise RatingError(f"coupon {c.code!r}: give a percent or an amount")
    if c.percent is not None and not (0 < c.percent <= 100):
        raise RatingError(f"coupon {c.code!r}: percent must be above 0 and at most 100")
    if c.amount is not None and not (c.amount.is_finite() and c.amount > 0):
        raise RatingError(f"coupon {c.code!r}: amount must be above 0")


def apply_coupons(
    lines: Sequence[CouponBase],
    discount_base: Decimal,
    discounts: Decimal,
    coupons: Sequence[Coupon],
    currency: str,
) -> list[CouponLine]:
    """Coupon lines (negative amounts) of one invoice.

    ``discount_base`` is what the account discounts were computed on and
    ``discounts`` their (negative) total.
    """
    for c in coupons:
        _check(c)
    q = quantum(currency)
    net = (sum((ln.amount for ln in lines), Decimal(0)) + discounts).quantize(q)
    remaining = net
    # What is left of a discounted line once the account discounts are taken.
    kept = Fraction(1) + (Fraction(discounts) / Fraction(discount_base) if discount_base else 0)
    out: list[CouponLine] = []
    for c in coupons:
        if remaining <= 0:
            break
        if c.tariffs:
            base = sum(
                (
                    Fraction(ln.amount) * (kept if ln.discounted else 1)
                    for ln in lines
                    if ln.tariff in c.tariffs
                ),
                Fraction(0),
            )
        else:
            base = Fraction(net)
        if base <= 0:
            continue
        if c.percent is not None:
            amount = round_money(base * Fraction(c.percent) / 100, currency)
        else:
            amount = round_money(min(Fraction(c.amount or 0), base), currency)
        capped = amount > remaining
        if capped:
            amount = remaining
        if amount <= 0:
            continue
        remaining -= amount
        out.append(
            CouponLine(
                code=c.code,
                description=c.description,
                percent=c.percent,
                value=c.amount,
                amount=Decimal(0) - amount,
                capped=capped,
            )
        )
    return out
