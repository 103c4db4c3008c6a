"""Usage prices the operator sets, in the demo (issue #17, point 2).

Everything goes through the verbs, as an operator would set it:

* the provider's ``plate_reads`` meter (``count``: each ``lpr.read`` event is one read);
* the provider's metered service ``LPR_READ`` (graduated per currency: the
  cloud's plate reads of a month, cheaper by volume) on every wholesale invoice;
* on every tariff with plate recognition that a cloud sells (its TRAFFIC7, the
  provider's PLATES14), the metered extra "Plate reads beyond 100 per camera"
  at about one US cent a read in the cloud's currency;
* plate reads of the cameras holding such a tariff, in the last two closed
  months (40 to 260 a camera-month, seeded), so invoices show both lines.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cambill.core.access import SYSTEM

from . import names as N
from .clock import DemoClock
from .plan import Plan

METER = "plate_reads"
EVENT_TYPE = "lpr.read"
SERVICE = "LPR_READ"
INCLUDED = 100
READ_USD = Decimal("0.01")
# Provider tiers in USD: reads of the whole cloud in a month.
TIERS_USD = (
    (Decimal(1000), Decimal("0.004")),
    (Decimal(10000), Decimal("0.002")),
    (None, Decimal("0.001")),
)
MONTHS = 2


def unit_price(usd: Decimal, currency: str) -> Decimal:
    """A per-unit price in ``currency``: two significant digits, at most 6 places."""
    value = usd * N.FX[currency]
    exp = max(value.adjusted() - 1, -6)
    return value.quantize(Decimal(1).scaleb(exp), rounding=ROUND_HALF_UP).normalize()


def _graduated(currency: str) -> dict[str, Any]:
    return {
        "kind": "graduated",
        "tiers": [
            {"up_to": None if up is None else str(up), "unit_price": f"{unit_price(p, currency):f}"}
            for up, p in TIERS_USD
        ],
    }


def set_up(builder: Any, plan: Plan, clock: DemoClock, seed: int) -> int:
    """Meter, service, tariff extras and the plate reads; returns how many reads."""
    from cambill.usage.metering import meter_create, metered_service_create, tariff_metered_set

    clock.set(plan.provider_setup_at)
    meter_create(
        actor=SYSTEM,
        code=METER,
        name="Plate reads",
        unit="read",
        event_type=EVENT_TYPE,
        aggregation="count",
    )
    currencies = sorted({c.currency for c in plan.clouds})
    metered_service_create(
        actor=SYSTEM,
        code=SERVICE,
        name="Plate reads (LPR events)",
        meter=METER,
        prices=[
            {"currency": cur, "valid_from": "2020-01-01", "pricing": _graduated(cur)}
            for cur in currencies
        ],
    )
    reads = 0
    rng = random.Random(f"{seed}-metered")
    for c in plan.clouds:
        cloud = builder.clouds[c.slug]
        lpr = [
            t
            for (slug, _code), t in sorted(builder.tariffs.items(), key=lambda kv: kv[0])
            if slug == c.slug and t.components.filter(service__code="LPR").exists()
        ]
        for tariff in lpr:
            tariff_metered_set(
                actor=SYSTEM,
                cloud=cloud,
                tariff=tariff,
                metered=[
                    {
                        "meter": METER,
                        "description": f"Plate reads beyond {INCLUDED} per camera",
                        "included_per_camera": str(INCLUDED),
                        "pricing": {
                            "kind": "per_unit",
                            "unit_price": f"{unit_price(READ_USD, c.currency):f}",
                        },
                    }
                ],
            )
        reads += _reads(cloud, {t.pk for t in lpr}, c.closed_periods[-MONTHS:], clock, rng)
    return reads


def _reads(
    cloud: Any, tariffs: set[int], periods: list[Any], clock: DemoClock, rng: random.Random
) -> int:
    from cambill.clouds.models import Camera
    from cambill.usage.aggregates import camera_holders
    from cambill.usage.services import events_ingest

    if not tariffs:
        return 0
    codes = dict(Camera.objects.filter(cloud=cloud).values_list("pk", "code"))
    total = 0
    for period in periods:
        holders = camera_holders(cloud, period.start, period.end)
        events = []
        for cam in sorted(c for c, (_acc, t) in holders.items() if t in tariffs):
            n = rng.randint(40, 260)
            step = (period.end - period.start) / (n + 1)
            events += [
                {
                    "specversion": "1.0",
                    "id": f"{period.key}-{codes[cam]}-{i}",
                    "source": "demo-lpr",
                    "type": EVENT_TYPE,
                    "subject": codes[cam],
                    "time": (period.start + step * (i + 1)).isoformat(),
                    "data": {"plate": f"{rng.randint(0, 999):03d}{chr(65 + rng.randint(0, 25))}"},
                }
                for i in range(n)
            ]
        clock.set(period.end - timedelta(minutes=1))
        for i in range(0, len(events), 10_000):
            events_ingest(actor=SYSTEM, cloud=cloud, events=events[i : i + 10_000])
        total += len(events)
    return total
