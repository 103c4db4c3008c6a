"""One-off sales and a coupon, in the demo (issue #17, points 3 and 4).

Everything goes through the verbs, as an operator would do it:

* the first operator sells cameras: a catalogue of camera models and an
  installation (prices in its currency), and one-off charges to some of its
  accounts (a camera with its installation, dated in the last closed months,
  for one of the account's cameras), so their invoices show ``one_off`` lines;
* the last operator that does not e-invoice runs a coupon: ``WELCOME20`` (20 % off for 3 months)
  redeemed by some accounts early in the second-to-last closed month, and
  ``FIRSTFREE`` (100 % off once) by one account.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from cambill.core.access import SYSTEM

from .clock import DemoClock
from .plan import Plan

# (code, name, price in USD)
PRODUCTS = (
    ("CAM-DOME-4MP", "Dome camera 4 MP", Decimal("89.90")),
    ("CAM-BULLET-8MP", "Bullet camera 8 MP, IR 40 m", Decimal("139.00")),
    ("CAM-PTZ-25X", "PTZ camera 25x", Decimal("420.00")),
    ("INSTALL", "Installation (per camera)", Decimal("35.00")),
)
CHARGED_ACCOUNTS = 12
COUPON_ACCOUNTS = 10


def _price(usd: Decimal, currency: str) -> Decimal:
    from cambill.core.money import quantum

    from . import names as N

    return (usd * N.FX[currency]).quantize(quantum(currency))


def set_up(builder: Any, plan: Plan, clock: DemoClock, seed: int) -> dict[str, int]:
    """Products and charges in the first cloud, coupons in the last; returns counts."""
    from cambill.clouds.models import Account, Camera
    from cambill.sales.services import (
        charge_create,
        coupon_create,
        coupon_redeem,
        product_create,
    )

    rng = random.Random(f"{seed}-sales")
    counts = {"products": 0, "charges": 0, "coupons": 0, "redemptions": 0}
    seller = plan.clouds[0]
    cloud = builder.clouds[seller.slug]
    clock.set(seller.range_start)
    for code, name, usd in PRODUCTS:
        product_create(
            actor=SYSTEM, cloud=cloud, code=code, name=name, price=_price(usd, seller.currency)
        )
        counts["products"] += 1
    months = seller.closed_periods[-2:]
    accounts = list(
        Account.objects.filter(cloud=cloud, cameras__isnull=False).distinct().order_by("code")
    )[:CHARGED_ACCOUNTS]
    for i, acc in enumerate(accounts):
        cams = list(
            Camera.objects.filter(account=acc).order_by("code").values_list("code", flat=True)
        )
        period = months[i % len(months)]
        day = period.first_day + timedelta(days=rng.randint(0, period.days_in_month - 1))
        camera = cams[rng.randrange(len(cams))]
        model = PRODUCTS[rng.randrange(3)][0]
        clock.set(period.start + timedelta(days=(day - period.first_day).days, hours=12))
        for product in (model, "INSTALL"):
            charge_create(
                actor=SYSTEM, account=acc, product=product, quantity=1, date=day, camera=camera
            )
            counts["charges"] += 1

    # The last operator that does not e-invoice (a CFDI cannot total zero, as a
    # first free month would).
    from .plan import EINVOICE_CLOUDS

    promoter = next(
        (c for c in reversed(plan.clouds) if c.slug not in EINVOICE_CLOUDS), plan.clouds[-1]
    )
    cloud = builder.clouds[promoter.slug]
    if len(promoter.closed_periods) < 2:
        return counts
    start = promoter.closed_periods[-2]
    clock.set(start.start - timedelta(days=5))
    coupon_create(
        actor=SYSTEM,
        cloud=cloud,
        code="WELCOME20",
        description="Welcome offer: 20 % off for 3 months",
        percent="20",
        duration="repeating",
        months=3,
        max_redemptions=100,
    )
    coupon_create(
        actor=SYSTEM,
        cloud=cloud,
        code="FIRSTFREE",
        description="First month free",
        percent="100",
        duration="once",
        max_redemptions=1,
    )
    counts["coupons"] = 2
    accounts = list(
        Account.objects.filter(cloud=cloud, cameras__isnull=False).distinct().order_by("code")
    )
    for i, acc in enumerate(accounts[: COUPON_ACCOUNTS + 1]):
        at = start.start + timedelta(days=1 + i, hours=10)
        clock.set(at)
        coupon_redeem(
            actor=SYSTEM, account=acc, coupon="FIRSTFREE" if i == 0 else "WELCOME20", at=at
        )
        counts["redemptions"] += 1
    return counts
