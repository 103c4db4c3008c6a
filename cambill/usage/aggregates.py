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

from .models import (
    Aggregation,
    Meter,
    TariffMeteredCharge,
    UniqueValue,
    UsageRollup,
    UsageRollupDaily,
)
from .retention import refold_overlaps
from .rollups import HOUR, rollup_catch_up, rollup_refresh

Scope = Literal["camera", "account", "cloud"]
SCOPES: tuple[str, ...] = ("camera", "account", "cloud")


def _bounds(period: Period | tuple[datetime, datetime]) -> tuple[datetime, datetime]:
    if isinstance(period, Period):
        return period.start, period.end
    return period


def camera_holders(
    cloud: Cloud, start: datetime, end: datetime, cameras: set[int] | None = None
) -> dict[int, tuple[int | None, int | None]]:
    """``camera_id -> (account_id, tariff_id)`` at the end of ``[start, end)``:
    the camera's last tariff interval meeting the period, else its current
    account and no tariff (of the ``cameras`` ids only, when given)."""
    cams = Camera.objects.filter(cloud=cloud)
    rows = (
        CameraTariffPeriod.objects.filter(cloud=cloud, valid_from__lt=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .order_by("camera_id", "valid_from")
        .values_list("camera_id", "account_id", "tariff_id")
    )
    if cameras is not None:
        cams, rows = cams.filter(pk__in=cameras), rows.filter(camera_id__in=cameras)
    out: dict[int, tuple[int | None, int | None]] = {
        pk: (acc, None) for pk, acc in cams.values_list("pk", "account_id")
    }
    for cam, acc, tariff in rows:
        out[cam] = (acc, tariff)  # ordered by valid_from: the last one wins
    return out


_COLUMNS = (
    "camera_id",
    "count",
    "sum",
    "max",
    "first_time",
    "last_time",
    "last_value",
    "last_event_id",
    "integral",
)


# Up to these many accounts (and their cameras), :func:`metered_charges` reads
# the accounts' own cameras by id; beyond, the whole cloud (no lists of ids that
# long in a query: SQLite caps the variables of a statement).
SCOPED_ACCOUNTS_MAX = 500
SCOPED_CAMERAS_MAX = 5000


def cameras_of_accounts(
    cloud: Cloud, start: datetime, end: datetime, account_ids: set[int]
) -> set[int]:
    """Ids of the cameras an account of ``account_ids`` may hold at the end of
    ``[start, end)`` (see :func:`camera_holders`): those with a tariff interval
    of one of them meeting the period, and those one of them holds now. Two
    indexed reads, so that one account's figures never read the whole cloud."""
    ids = set(
        CameraTariffPeriod.objects.filter(
            cloud=cloud, account_id__in=account_ids, valid_from__lt=end
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=start))
        .values_list("camera_id", flat=True)
    )
    ids.update(
        Camera.objects.filter(cloud=cloud, account_id__in=account_ids).values_list("pk", flat=True)
    )
    return ids


def _rows(
    meter: Meter, cloud: Cloud, start: datetime, end: datetime, cameras: set[int] | None = None
) -> list[tuple[Any, ...]]:
    """The hourly and daily rollup rows of ``[start, end)`` as ``(camera_id,
    bucket start, count, sum, max, first_time, last_time, last_value,
    last_event_id, integral, bucket end)``, by camera and time. A daily row
    counts when its local day starts in the range (periods are whole local days)."""
    hourly = (
        UsageRollup.objects.filter(cloud=cloud, meter=meter, hour__gte=start, hour__lt=end)
        .order_by()
        .values_list("hour", *_COLUMNS)
    )
    daily = (
        UsageRollupDaily.objects.filter(cloud=cloud, meter=meter, day__gte=start, day__lt=end)
        .order_by()
        .values_list("day", "end", *_COLUMNS)
    )
    if cameras is not None:
        hourly, daily = hourly.filter(camera_id__in=cameras), daily.filter(camera_id__in=cameras)
    rows = [(r[1], r[0], *r[2:], r[0] + HOUR) for r in hourly]
    rows += [(r[2], r[0], *r[3:], r[1]) for r in daily]
    rows.sort(key=lambda r: (r[0], r[1]))
    return rows


def _per_camera(
    meter: Meter, cloud: Cloud, start: datetime, end: datetime, cameras: set[int] | None = None
) -> dict[int, Fraction]:
    """Exact per-camera aggregate in the meter's raw unit (not unique_count),
    from the hourly rollups and the daily rows older ones were folded into
    (of the ``cameras`` ids only, when given)."""
    if meter.aggregation == Aggregation.TIME_WEIGHTED_AVG:
        # Stale hourly buckets are recomputed and late hours inside folded days
        # folded in, before the rows are read.
        rollup_refresh(cloud, meter=meter, start=start, end=end)
        refold_overlaps(cloud, meter, start, end)
    rows = _rows(meter, cloud, start, end, cameras)
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
        carry = _carry_in(meter, cloud, start, cameras)
        length = Fraction(int((end - start).total_seconds()))
        for cam in set(by_cam) | set(carry):
            value = carry.get(cam, Fraction(0))
            cursor = start
            total = Fraction(0)
            for r in by_cam.get(cam, []):
                bucket, first_time = r[1], r[5]
                assert first_time is not None  # a stored bucket has samples
                total += value * _secs(bucket - cursor)  # whole buckets without samples
                total += value * _secs(first_time - bucket) + Fraction(r[9])
                value = Fraction(r[7])
                cursor = r[10]
            total += value * _secs(end - cursor)
            out[cam] = total / length
    else:  # pragma: no cover - unique_count is handled by the caller
        raise ValueError(agg)
    return out


def _secs(delta: Any) -> Fraction:
    return Fraction(
        (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds, 1_000_000
    )


def _carry_in(
    meter: Meter, cloud: Cloud, start: datetime, cameras: set[int] | None = None
) -> dict[int, Fraction]:
    """Each camera's gauge value when the period starts (its last earlier
    sample, in an hourly row or a daily one)."""
    found: dict[int, tuple[datetime, int, Fraction]] = {}
    for model, field in ((UsageRollup, "hour"), (UsageRollupDaily, "day")):
        earlier: Any = model.objects.filter(cloud=cloud, meter=meter, **{f"{field}__lt": start})
        if cameras is not None:
            earlier = earlier.filter(camera_id__in=cameras)
        latest = earlier.values("camera_id").annotate(h=Max(field))
        wanted = {(r["camera_id"], r["h"]) for r in latest}
        if not wanted:
            continue
        rows = model.objects.filter(
            cloud=cloud,
            meter=meter,
            camera_id__in={c for c, _ in wanted},
            **{f"{field}__in": {h for _, h in wanted}},
        ).values_list("camera_id", field, "last_time", "last_event_id", "last_value")
        for cam, h, last_time, last_id, v in rows:
            if (cam, h) not in wanted or v is None:
                continue
            key = (last_time, last_id or 0, Fraction(v))
            if cam not in found or key[:2] > found[cam][:2]:
                found[cam] = key
    return {cam: v for cam, (_, _, v) in found.items()}


def meter_aggregate_exact(
    cloud: Cloud,
    meter: Meter,
    period: Period | tuple[datetime, datetime],
    scope: str = "camera",
    cameras: set[int] | None = None,
) -> dict[str, Fraction]:
    """As :func:`meter_aggregate`, as exact fractions (for pricing); ``cameras``
    (ids) limits it to those cameras (``camera`` scope: the same values as the
    whole cloud's for them)."""
    if scope not in SCOPES:
        raise ValueError(f"scope must be one of {', '.join(SCOPES)}")
    # Every event committed so far is in the rollups before they are read
    # (ingestion leaves the rolling up to the watermark job).
    rollup_catch_up(cloud)
    start, end = _bounds(period)
    divisor = Fraction(meter.unit_divisor)
    cams = Camera.objects.filter(cloud=cloud)
    if cameras is not None:
        cams = cams.filter(pk__in=cameras)
    codes = dict(cams.values_list("pk", "code"))
    holders = camera_holders(cloud, start, end, cameras) if scope == "account" else {}
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
        if cameras is not None:
            rows = rows.filter(camera_id__in=cameras)
        for cam, text in rows.iterator(chunk_size=5000):
            k = key_of(cam)
            if k is not None:
                seen[k].add(text)
        return {k: Fraction(len(v)) / divisor for k, v in sorted(seen.items())}

    per_cam = _per_camera(meter, cloud, start, end, cameras)
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


def metered_charges(
    cloud: Cloud, period: Period, account_ids: set[int] | None = None
) -> list[MeteredLine]:
    """Priced metered lines of ``cloud`` for ``period``, per account and camera.

    A camera is charged the metered extras of the tariff it holds at the end
    of the period (its last tariff interval meeting the period) on its
    camera-scope aggregate, less the extra's ``included_per_camera`` (the
    line's quantity is what lies beyond the allowance). Amounts are exact
    until rounded once, half-up, to the cloud's currency. Lines of zero
    amount are left out. Late events (of periods already invoiced) are not
    included here yet. ``account_ids``: only the lines of these accounts, read
    from their cameras alone (the same lines as the whole cloud's for them).
    """
    start, end = _bounds(period)
    charges = list(
        TariffMeteredCharge.objects.filter(cloud=cloud).select_related("meter", "tariff")
    )
    if not charges:
        return []
    cameras = None
    if account_ids is not None and len(account_ids) <= SCOPED_ACCOUNTS_MAX:
        cameras = cameras_of_accounts(cloud, start, end, account_ids)
        if len(cameras) > SCOPED_CAMERAS_MAX:
            cameras = None  # read the whole cloud rather than name that many ids
    holders = camera_holders(cloud, start, end, cameras)
    from cambill.clouds.models import Account

    cam_qs = Camera.objects.filter(cloud=cloud)
    acc_qs = Account.objects.filter(cloud=cloud)
    if cameras is not None and account_ids is not None:
        cam_qs, acc_qs = cam_qs.filter(pk__in=cameras), acc_qs.filter(pk__in=account_ids)
    # (else every camera and account of the cloud: the lines are filtered below)
    cams = dict(cam_qs.values_list("pk", "code"))
    cam_by_code = {code: pk for pk, code in cams.items()}
    accs = dict(acc_qs.values_list("pk", "code"))
    by_meter: dict[int, dict[str, Fraction]] = {}
    lines: list[MeteredLine] = []
    for ch in charges:
        if ch.meter_id not in by_meter:
            by_meter[ch.meter_id] = meter_aggregate_exact(
                cloud, ch.meter, (start, end), "camera", cameras=cameras
            )
        model = PricingModel.from_dict(ch.pricing)
        for code, qty in by_meter[ch.meter_id].items():
            cam = cam_by_code[code]
            acc, tariff = holders.get(cam, (None, None))
            if acc is None or tariff != ch.tariff_id:
                continue
            if account_ids is not None and acc not in account_ids:
                continue  # a camera that moved on to an account not asked for
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
