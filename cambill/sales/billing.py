"""What the bill run reads from sales and what it records back.

Invoicing calls these (lazily, like the usage loaders) for whole periods:
the one-off charges an account's invoice of a period takes, the coupons that
apply to it, and which invoice took which charge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from cambill.core.periods import Period
from cambill.rating.coupons import Coupon as RatedCoupon
from cambill.rating.one_off import OneOffCharge

from .models import Charge, CouponRedemption, CouponTariff


def charges_for(
    cloud_id: int, period: Period, account_ids: Iterable[int] | None = None
) -> dict[int, list[OneOffCharge]]:
    """The charges the invoices of ``period`` take, by account id: every charge
    dated before the period's end that no invoice took yet, and those already on
    this period's invoice (a rerun or a regenerate keeps them)."""
    qs = Charge.objects.filter(cloud_id=cloud_id, date__lt=period.next_first_day).filter(
        Q(invoice__isnull=True) | Q(invoice__period=period.key)
    )
    if account_ids is not None:
        qs = qs.filter(account_id__in=list(account_ids))
    out: dict[int, list[OneOffCharge]] = defaultdict(list)
    for pk, account_id, desc, qty, price, day, camera, product in qs.order_by(
        "account_id", "date", "id"
    ).values_list(
        "id",
        "account_id",
        "description",
        "quantity",
        "unit_price",
        "date",
        "camera__code",
        "product__code",
    ):
        out[account_id].append(
            OneOffCharge(
                id=pk,
                description=desc,
                quantity=qty,
                unit_price=price,
                date=day,
                camera=camera or "",
                product=product or "",
            )
        )
    return dict(out)


def coupons_for(
    cloud_id: int, period: Period, account_ids: Iterable[int] | None = None
) -> dict[int, list[RatedCoupon]]:
    """The coupons that apply to the invoices of ``period``, by account id, in
    the order they were redeemed."""
    key = period.key
    qs = CouponRedemption.objects.filter(cloud_id=cloud_id, first_period__lte=key).filter(
        Q(last_period="") | Q(last_period__gte=key)
    )
    if account_ids is not None:
        qs = qs.filter(account_id__in=list(account_ids))
    rows = list(
        qs.order_by("account_id", "redeemed_at", "id").values_list(
            "account_id",
            "coupon_id",
            "coupon__code",
            "coupon__description",
            "coupon__percent",
            "coupon__amount",
        )
    )
    if not rows:
        return {}
    tariffs: dict[int, set[str]] = defaultdict(set)
    for coupon_id, tariff_id in CouponTariff.objects.filter(
        coupon_id__in={r[1] for r in rows}
    ).values_list("coupon_id", "tariff_id"):
        tariffs[coupon_id].add(str(tariff_id))
    out: dict[int, list[RatedCoupon]] = defaultdict(list)
    for account_id, coupon_id, code, desc, percent, amount in rows:
        out[account_id].append(
            RatedCoupon(
                code=code,
                percent=percent,
                amount=amount,
                tariffs=frozenset(tariffs.get(coupon_id, ())),
                description=desc,
            )
        )
    return dict(out)


def link_charges(taken: dict[int, list[int]]) -> int:
    """Record which invoice took which charges (invoice id -> charge ids)."""
    n = 0
    for invoice_id, ids in taken.items():
        if ids:
            n += Charge.objects.filter(id__in=ids).update(invoice_id=invoice_id)
    return n


def free_charges(invoice_id: int) -> int:
    """A voided invoice gives its charges back: they land on the next invoice."""
    return Charge.objects.filter(invoice_id=invoice_id).update(invoice=None)
