"""One-off charges and coupons on a retail invoice body (pure over loaded data).

The order of a retail invoice (ARCHITECTURE.md): recurring lines, true-up,
metered extras, one-off charges, account discounts, coupon, tax. A one-off
charge is one line, ``round(quantity x unit price)``; account discounts keep
the base they had (the subscription's lines), and the coupon comes last, on
what is left after them, never below zero (:mod:`cambill.rating.coupons`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cambill.rating.coupons import CouponBase, CouponLine, apply_coupons
from cambill.rating.one_off import OneOffCharge, one_off_amount

from .labels import label
from .models import LineKind
from .rows import LineRow


@dataclass(frozen=True, slots=True)
class OneOffLine:
    """A one-off charge, priced: ``amount`` rounded once."""

    charge: OneOffCharge
    amount: Decimal


def one_off_lines(charges: Sequence[OneOffCharge], currency: str) -> list[OneOffLine]:
    return [OneOffLine(c, one_off_amount(c, currency)) for c in charges]


def coupon_lines(
    *,
    coupons: Sequence[Any],
    tariff_lines: Sequence[Any],
    metered: Sequence[Any],
    adjustments: Sequence[Any],
    all_amounts: Sequence[Decimal],
    discounts: Sequence[Any],
    tariff_keys: dict[str, str],
    currency: str,
) -> list[CouponLine]:
    """The coupon lines of one invoice.

    ``tariff_lines`` and ``metered`` are the lines the account discounts were
    computed on; ``all_amounts`` every line of the invoice (whatever else it
    holds counts for a coupon on the whole invoice); ``tariff_keys`` maps a
    tariff code to its key, for metered and late-usage lines that carry codes.
    """
    if not coupons:
        return []
    base: list[CouponBase] = [CouponBase(ln.amount, ln.tariff, True) for ln in tariff_lines]
    base += [CouponBase(m.amount, tariff_keys.get(m.tariff_code, ""), True) for m in metered]
    base += [CouponBase(a.amount, tariff_keys.get(a.tariff_code, ""), False) for a in adjustments]
    rest = sum(all_amounts, Decimal(0)) - sum((b.amount for b in base), Decimal(0))
    if rest:
        base.append(CouponBase(rest))
    discount_base = sum((ln.amount for ln in tariff_lines), Decimal(0)) + sum(
        (m.amount for m in metered), Decimal(0)
    )
    return apply_coupons(
        base,
        discount_base,
        sum((d.amount for d in discounts), Decimal(0)),
        coupons,
        currency,
    )


def one_off_rows(lines: Sequence[OneOffLine], account: str, lang: str) -> list[Any]:
    return [
        LineRow(
            kind=LineKind.ONE_OFF,
            description=ln.charge.description[:300],
            camera=ln.charge.camera,
            account=account,
            date_from=ln.charge.date,
            date_to=ln.charge.date,
            quantity=ln.charge.quantity,
            unit_price=ln.charge.unit_price,
            amount=ln.amount,
        )
        for ln in lines
    ]


def coupon_rows(lines: Sequence[CouponLine], account: str, lang: str) -> list[Any]:
    rows = []
    for c in lines:
        desc = f"{label(lang, 'coupon')} {c.code}"
        if c.percent is not None:
            desc += f" ({c.percent.normalize():f} %)"
        if c.description:
            desc += f": {c.description}"
        rows.append(
            LineRow(
                kind=LineKind.COUPON,
                description=desc[:300],
                account=account,
                quantity=Decimal(1),
                unit_price=c.amount,
                amount=c.amount,
            )
        )
    return rows


def link_charges(invoices: dict[int, Any]) -> None:
    """Record which draft took which one-off charges (invoice id -> rated
    account), so a later run of another period does not take them again."""
    taken = {pk: [o.charge.id for o in rated.one_offs] for pk, rated in invoices.items()}
    if any(taken.values()):
        from cambill.sales.billing import link_charges as link

        link(taken)
