"""Meter aggregates for billing, computed from the hourly rollups, and the
priced metered lines a bill run adds.

Aggregations over a period ``[start, end)`` (UTC hours; every zone with a
whole-hour offset starts its months on an hour):

* ``sum``: total of the values.
* ``max``: largest value.
* ``latest``: value of the last sample in the period (by time, then arrival).
* ``unique_count``: number of distinct values.
* ``count``: number of events (each event of the meter's type counts one).
* ``time_weighted_avg``: a gauge's value holds from its sample until the next
  sample; before a camera's first sample ever it is 0; a sample before the
  period carries into it. The average is the integral over the period divided
  by the period's length, so the average of archive bytes over a month
  divided by 1e9 is GB-months.

Every result is divided by the meter's ``unit_divisor`` (unique counts too).

Scopes (the key of the returned dict):

* ``camera``: one value per camera code.
* ``account``: per account code, over the cameras the account holds at the
  end of the period (the account of the camera's last tariff interval meeting
  the period, else its current account; cameras of no account are left out).
  ``sum``, ``count`` and ``time_weighted_avg`` add the cameras' values (the gauge of an
  account is the sum of its cameras' gauges); ``latest`` adds each camera's
  latest value (what the account holds now); ``max`` is the largest camera
  value; ``unique_count`` counts values distinct across the account.
* ``cloud``: one value under the cloud's slug, over all its cameras, with the
  same rules as ``account``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Any, Literal

from django.db.models import Max, Q

from cambill.clouds.models import Camera, CameraTariffPeriod, Cloud
from cambill.core.money import round_money
from cambill.core.periods import Period
from cambill.rating.errors import MissingPrice
from cambill.rating.pricing_models import PricingModel, billable_beyond, price_quantity

from .models import Aggregation, Meter, TariffMeteredCharge, UniqueValue, UsageRollup
from .rollups import HOUR, rollup_catch_up, rollup_refresh

Scope = Literal["camera", "account", "cloud"]
SCOPES: tuple[str, ...] = ("camera", "account", "cloud")


def _bounds(period: Period | tuple[datetime, datetime]) -> tuple[datetime, datetime]:
    if isinstance(period, Period):
        return period.start, period.end
    return period


def camera_holders(
    cloud: Cloud, start: datetime, end: datetime
) -> dict[int, tuple[int | None, int | None]]:
    """``camera_id -> (account_id, tariff_id)`` at the end of ``[start, end)``:
    the camera's last tariff interval meeting the period, else its current
    account and no tariff."""
    out: dict[int, tuple[int | None, int | None]] = {
        pk: (acc, None)
        for pk, acc in Camera.objects.filter(cloud=cloud).values_list("pk", "account_id")
    }
    rows = (
        CameraTariffPeriod.objects.filter(cloud=cloud, valid_from__lt=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .order_by("camera_id", "valid_from")
        .values_list("camera_id", "account_id", "tariff_id")
    )
    for cam, acc, tariff in rows:
        out[cam] = (acc, tariff)  # ordered by valid_from: the last one wins
    return out


def _per_camera(meter: Meter, cloud: Cloud, start: datetime, end: datetime) -> dict[int, Fraction]:
    """Exact per-camera aggregate in the meter's raw unit (not unique_count)."""
    rows = list(
        UsageRollup.objects.filter(cloud=cloud, meter=meter, hour__gte=start, hour__lt=end)
        .order_by("camera_id", "hour")
        .values_list(
            "camera_id",
            "hour",
            "count",
            "sum",
            "max",
            "first_time",
            "last_time",
            "last_value",
            "last_event_id",
            "integral",
        )
    )
    by_cam: dict[int, list[Any]] = defaultdict(list)
    for r in rows:
        by_cam[r[0]].append(r)
    agg = meter.aggregation
    out: dict[int, Fraction] = {}
    if agg == Aggregation.SUM:
        for cam, rs in by_cam.items():
            out[cam] = sum((Fraction(r[3]) for r in rs), Fraction(0))
    elif agg == Aggregation.COUNT:
        for cam, rs in by_cam.items():
            out[cam] = Fraction(sum(int(r[2]) for r in rs))
    elif agg == Aggregation.MAX:
        for cam, rs in by_cam.items():
            out[cam] = max(Fraction(r[4]) for r in rs)
    elif agg == Aggregation.LATEST:
        for cam, rs in by_cam.items():
            last = max(rs, key=lambda r: (r[6], r[8]))
            out[cam] = Fraction(last[7])
    elif agg == Aggregation.TIME_WEIGHTED_AVG:
        # rows were read before the refresh: read again if any bucket was stale
        if rollup_refresh(cloud, meter=meter, start=start, end=end):
            return _per_camera(meter, cloud, start, end)
        carry = _carry_in(meter, cloud, start)
        length = Fraction(int((end - start).total_seconds()))
        for cam in set(by_cam) | set(carry):
            value = carry.get(cam, Fraction(0))
            cursor = start
            total = Fraction(0)
            for r in by_cam.get(cam, []):
                hour, first_time = r[1], r[5]
                assert first_time is not None  # a stored bucket has samples
                total += value * _secs(hour - cursor)  # whole hours without samples
                total += value * _secs(first_time - hour) + Fraction(r[9])
                value = Fraction(r[7])
                cursor = hour + HOUR
            total += value * _secs(end - cursor)
            out[cam] = total / length
    else:  # pragma: no cover - unique_count is handled by the caller
        raise ValueError(agg)
    return out


def _secs(delta: Any) -> Fraction:
    return Fraction(
        (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds, 1_000_000
    )


def _carry_in(meter: Meter, cloud: Cloud, start: datetime) -> dict[int, Fraction]:
    """Each camera's gauge value when the period starts (its last earlier sample)."""
    latest = (
        UsageRollup.objects.filter(cloud=cloud, meter=meter, hour__lt=start)
        .values("camera_id")
        .annotate(h=Max("hour"))
    )
    wanted = {(r["camera_id"], r["h"]) for r in latest}
    if not wanted:
        return {}
    rows = UsageRollup.objects.filter(
        cloud=cloud,
        meter=meter,
        camera_id__in={c for c, _ in wanted},
        hour__in={h for _, h in wanted},
    ).values_list("camera_id", "hour", "last_value")
    return {cam: Fraction(v) for cam, h, v in rows if (cam, h) in wanted and v is not None}


def meter_aggregate_exact(
    cloud: Cloud, meter: Meter, period: Period | tuple[datetime, datetime], scope: str = "camera"
) -> dict[str, Fraction]:
    """As :func:`meter_aggregate`, as exact fractions (for pricing)."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
    # Every event committed so far is in the rollups before they are read
    # (ingestion leaves the rolling up to the watermark job).
    rollup_catch_up(cloud)
    start, end = _bounds(period)
    divisor = Fraction(meter.unit_divisor)
    codes = dict(Camera.objects.filter(cloud=cloud).values_list("pk", "code"))
    holders = camera_holders(cloud, start, end) if scope == "account" else {}
    from cambill.clouds.models import Account

    acc_codes = (
        dict(Account.objects.filter(cloud=cloud).values_list("pk", "code"))
        if scope == "account"
        else {}
    )

    def key_of(cam: int) -> str | None:
        if scope == "camera":
            return codes.get(cam)
        if scope == "cloud":
            return cloud.slug
        acc = holders.get(cam, (None, None))[0]
        return acc_codes.get(acc) if acc is not None else None

    if meter.aggregation == Aggregation.UNIQUE_COUNT:
        seen: dict[str, set[str]] = defaultdict(set)
        rows = UniqueValue.objects.filter(
            cloud=cloud, meter=meter, hour__gte=start, hour__lt=end
        ).values_list("camera_id", "value")
        for cam, text in rows.iterator(chunk_size=5000):
            k = key_of(cam)
            if k is not None:
                seen[k].add(text)
        return {k: Fraction(len(v)) / divisor for k, v in sorted(seen.items())}

    per_cam = _per_camera(meter, cloud, start, end)
    out: dict[str, Fraction] = {}
    for cam, value in sorted(per_cam.items()):
        k = key_of(cam)
        if k is None:
            continue
        if meter.aggregation == Aggregation.MAX:
            out[k] = max(out[k], value) if k in out else value
        else:
            out[k] = out.get(k, Fraction(0)) + value
    return {k: v / divisor for k, v in sorted(out.items())}


def to_decimal(value: Fraction, places: int = 20) -> Decimal:
    """An exact fraction as a Decimal with ``places`` decimals (exact when it terminates)."""
    with localcontext() as ctx:
        ctx.prec = 80
        d = Decimal(value.numerator) / Decimal(value.denominator)
        return d.quantize(Decimal(1).scaleb(-places)).normalize() if d else Decimal(0)


def meter_aggregate(
    cloud: Cloud, meter: Meter, period: Period | tuple[datetime, datetime], scope: str = "camera"
) -> dict[str, Decimal]:
    """The meter's aggregate over ``period`` in billing units (divided by
    ``unit_divisor``), keyed by camera code, account code or the cloud slug
    (see the module docstring for each aggregation and scope)."""
    return {k: to_decimal(v) for k, v in meter_aggregate_exact(cloud, meter, period, scope).items()}


@dataclass(frozen=True)
class MeteredLine:
    """One priced metered extra of one camera for a retail invoice."""

    account_id: int
    account_code: str
    camera_id: int
    camera_code: str
    tariff_id: int
    tariff_code: str
    meter_code: str
    description: str
    unit: str
    quantity: Decimal
    quantity_exact: Fraction
    pricing: dict[str, Any]
    amount_exact: Fraction
    amount: Decimal
    currency: str
    # The camera's whole aggregate and the extra's allowance (``quantity`` is
    # what lies beyond it).
    used: Fraction | None = None
    included: Decimal | None = None


def metered_charges(cloud: Cloud, period: Period) -> list[MeteredLine]:
    """Priced metered lines of ``cloud`` for ``period``, per account and camera.

    A camera is charged the metered extras of the tariff it holds at the end
    of the period (its last tariff interval meeting the period) on its
    camera-scope aggregate, less the extra's ``included_per_camera`` (the
    line's quantity is what lies beyond the allowance). Amounts are exact
    until rounded once, half-up, to the cloud's currency. Lines of zero
    amount are left out. Late events (of periods already invoiced) are not
    included here yet.
    """
    start, end = _bounds(period)
    holders = camera_holders(cloud, start, end)
    charges = list(
        TariffMeteredCharge.objects.filter(cloud=cloud).select_related("meter", "tariff")
    )
    if not charges:
        return []
    from cambill.clouds.models import Account

    cams = dict(Camera.objects.filter(cloud=cloud).values_list("pk", "code"))
    cam_by_code = {code: pk for pk, code in cams.items()}
    accs = dict(Account.objects.filter(cloud=cloud).values_list("pk", "code"))
    by_meter: dict[int, dict[str, Fraction]] = {}
    lines: list[MeteredLine] = []
    for ch in charges:
        if ch.meter_id not in by_meter:
            by_meter[ch.meter_id] = meter_aggregate_exact(cloud, ch.meter, (start, end), "camera")
        model = PricingModel.from_dict(ch.pricing)
        for code, qty in by_meter[ch.meter_id].items():
            cam = cam_by_code[code]
            acc, tariff = holders.get(cam, (None, None))
            if acc is None or tariff != ch.tariff_id:
                continue
            billable = billable_beyond(qty, ch.included_per_camera)
            exact = price_quantity(model, billable)
            amount = round_money(exact, cloud.currency)
            if amount == 0:
                continue
            lines.append(
                MeteredLine(
                    account_id=acc,
                    account_code=accs[acc],
                    camera_id=cam,
                    camera_code=code,
                    tariff_id=ch.tariff_id,
                    tariff_code=ch.tariff.code,
                    meter_code=ch.meter.code,
                    description=ch.description,
                    unit=ch.meter.unit,
                    quantity=to_decimal(billable, 6),
                    quantity_exact=billable,
                    pricing=ch.pricing,
                    amount_exact=exact,
                    amount=amount,
                    currency=cloud.currency,
                    used=qty,
                    included=ch.included_per_camera,
                )
            )
    lines.sort(key=lambda x: (x.account_code, x.camera_code, x.meter_code))
    return lines


@dataclass(frozen=True)
class WholesaleMeteredLine:
    """One metered provider service for a cloud's wholesale invoice."""

    service_id: int
    service_code: str
    meter_code: str
    unit: str
    quantity: Decimal
    quantity_exact: Fraction
    pricing: dict[str, Any]
    amount_exact: Fraction
    amount: Decimal
    currency: str
    included: Decimal | None = None


PriceRow = tuple[str, date, dict[str, Any], Decimal | None]


def metered_price_in_effect(
    prices: list[PriceRow], currency: str, day: date
) -> tuple[dict[str, Any], Decimal | None] | None:
    """``(pricing, included_per_camera)`` of the row of ``currency`` with the
    latest ``valid_from`` on or before ``day``; None when there is none.
    ``prices`` are ``(currency, valid_from, pricing, included)`` rows."""
    found = None
    for cur, valid_from, pricing, included in sorted(prices, key=lambda r: r[1]):
        if cur == currency and valid_from <= day:
            found = (pricing, included)
    return found


def metered_wholesale_charges(cloud: Cloud, period: Period) -> list[WholesaleMeteredLine]:
    """Priced metered provider services for ``cloud`` over ``period``.

    Each ``MeteredService`` is priced with its price row in the cloud's
    currency in effect on the period's first local day (the month is priced
    whole: tiers apply to its quantity). The quantity is the meter's
    cloud-scope aggregate; with ``included_per_camera``, the sum over the
    cloud's cameras of each camera's aggregate beyond the allowance. The
    cloud's discount is applied by the bill run with the other wholesale
    lines. Zero amounts are left out; usage of a service that has no price
    in the cloud's currency is a :class:`MissingPrice` (like a fixed
    service's billed day without a price).
    """
    from .models import MeteredService, MeteredServicePrice

    start, end = _bounds(period)
    rows: dict[int, list[PriceRow]] = defaultdict(list)
    for ms_id, cur, vf, pricing, included in MeteredServicePrice.objects.values_list(
        "metered_id", "currency", "valid_from", "pricing", "included_per_camera"
    ):
        rows[ms_id].append((cur, vf, pricing, included))
    lines = []
    for ms in MeteredService.objects.select_related("service", "meter").order_by("service__code"):
        found = metered_price_in_effect(rows.get(ms.pk, []), cloud.currency, period.first_day)
        included = found[1] if found is not None else None
        if included is None:
            qty = meter_aggregate_exact(cloud, ms.meter, (start, end), "cloud").get(
                cloud.slug, Fraction(0)
            )
        else:
            per_cam = meter_aggregate_exact(cloud, ms.meter, (start, end), "camera")
            qty = sum((billable_beyond(q, included) for q in per_cam.values()), Fraction(0))
        if found is None:
            if qty:
                raise MissingPrice(
                    f"Metered service {ms.service.code} has no price in {cloud.currency} "
                    f"in effect on {period.first_day.isoformat()} (period {period.key})"
                )
            continue
        pricing = found[0]
        exact = price_quantity(PricingModel.from_dict(pricing), qty)
        amount = round_money(exact, cloud.currency)
        if amount == 0:
            continue
        lines.append(
            WholesaleMeteredLine(
                service_id=ms.service_id,
                service_code=ms.service.code,
                meter_code=ms.meter.code,
                unit=ms.meter.unit,
                quantity=to_decimal(qty, 6),
                quantity_exact=qty,
                pricing=pricing,
                amount_exact=exact,
                amount=amount,
                currency=cloud.currency,
                included=included,
            )
        )
    return lines
