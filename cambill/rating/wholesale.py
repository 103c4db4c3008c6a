"""Wholesale rating: what a cloud owes the provider for the services its cameras used.

Each billed camera-day of a tariff consumes the tariff's components. One line
per service and price segment: quantity in unit-months = sum over camera-days of
component quantity / days in month (``day``), or component quantity x seconds /
seconds in the period (``second``); amount = round(service price x quantity),
rounded once. A camera-day uses the service price in effect at the start of
that day. The cloud's discount is one document-level allowance
``-round(sum of lines x discount%)`` (ARCHITECTURE.md, worked example).

Camera-days are counted exactly as retail counts them, except that subscriber
trials do NOT waive wholesale (the provider still delivered the service); only
the cloud's own ``trial_until`` does, with the same rule as a retail trial: a
local day is waived iff it ends at or before ``trial_until`` (``day``), or the
seconds before ``trial_until`` are waived (``second``). While an account is
suspended its cameras consume only the services flagged
``billed_while_suspended``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from cambill.core.money import percent_of, quantum, round_money
from cambill.core.periods import Period

from .errors import RatingError
from .intervals import validate_intervals
from .prices import day_segments, missing_price
from .proration import DayGrid, day_grid, micros, require_aware
from .retail import check_proration
from .suspension import (
    Suspension,
    as_suspended,
    check_suspensions,
    split_suspended,
    suspended_tariffs,
)
from .types import (
    Interval,
    PricePoint,
    Proration,
    ServiceUsage,
    Tariff,
    WholesaleLine,
    WholesaleResult,
)

QUANTITY_DISPLAY = Decimal("0.000001")
UNIT_DAYS_DISPLAY = Decimal("0.0001")


def fraction_to_decimal(value: Fraction, step: Decimal | None = None) -> Decimal:
    """A Fraction as Decimal: exact when ``step`` is None, else rounded half-up to ``step``."""
    with localcontext() as ctx:
        ctx.prec = 60
        d = Decimal(value.numerator) / Decimal(value.denominator)
        if step is not None:
            return d.quantize(step, rounding=ROUND_HALF_UP)
        return d


def _measures_days(
    grid: DayGrid, intervals: Sequence[Interval], trial_until: datetime | None
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Per tariff and local day: camera-days billed and camera-days waived by the cloud trial."""
    n = grid.n
    t = grid.first_charged_day(trial_until)
    billed: dict[str, list[int]] = {}
    waived: dict[str, list[int]] = {}
    for iv in intervals:
        rng = grid.day_range(iv.start, iv.end)
        if rng is None:
            continue
        i0, i1 = rng
        if i0 < t:
            w_hi = min(i1, t - 1)
            diff = waived.get(iv.tariff)
            if diff is None:
                diff = waived[iv.tariff] = [0] * (n + 1)
            diff[i0] += 1
            diff[w_hi + 1] -= 1
            i0 = w_hi + 1
            if i0 > i1:
                continue
        diff = billed.get(iv.tariff)
        if diff is None:
            diff = billed[iv.tariff] = [0] * (n + 1)
        diff[i0] += 1
        diff[i1 + 1] -= 1
    return _prefix(billed, n), _prefix(waived, n)


def _prefix(diffs: dict[str, list[int]], n: int) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for code, diff in diffs.items():
        acc = 0
        counts = []
        for i in range(n):
            acc += diff[i]
            counts.append(acc)
        out[code] = counts
    return out


class _Spread:
    """Microseconds per local day for one tariff: whole days counted, partial days summed."""

    __slots__ = ("full", "partial")

    def __init__(self, n: int) -> None:
        self.full = [0] * (n + 1)
        self.partial = [0] * n

    def add(self, grid: DayGrid, lo: datetime, hi: datetime) -> None:
        b = grid.bounds
        d0 = bisect_right(b, lo) - 1
        d1 = bisect_left(b, hi) - 1
        if d0 == d1:
            self.partial[d0] += micros(hi - lo)
            return
        self.partial[d0] += micros(b[d0 + 1] - lo)
        self.partial[d1] += micros(hi - b[d1])
        if d1 > d0 + 1:
            self.full[d0 + 1] += 1
            self.full[d1] -= 1

    def per_day(self, grid: DayGrid) -> list[int]:
        b = grid.bounds
        out = []
        acc = 0
        for i in range(grid.n):
            acc += self.full[i]
            out.append(acc * micros(b[i + 1] - b[i]) + self.partial[i])
        return out


def _measures_seconds(
    grid: DayGrid, intervals: Sequence[Interval], trial_until: datetime | None
) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Per tariff and local day: microseconds billed and waived by the cloud trial."""
    n = grid.n
    billed: dict[str, _Spread] = {}
    waived: dict[str, _Spread] = {}
    for iv in intervals:
        clipped = grid.clip(iv.start, iv.end)
        if clipped is None:
            continue
        cs, ce = clipped
        split = cs if trial_until is None else min(max(trial_until, cs), ce)
        if split > cs:
            waived.setdefault(iv.tariff, _Spread(n)).add(grid, cs, split)
        if ce > split:
            billed.setdefault(iv.tariff, _Spread(n)).add(grid, split, ce)
    return (
        {code: s.per_day(grid) for code, s in billed.items()},
        {code: s.per_day(grid) for code, s in waived.items()},
    )


def _service_units(
    measures: Mapping[str, list[int]], tariffs: Mapping[str, Tariff], n: int
) -> dict[str, list[Fraction]]:
    """Per service and local day: sum of component quantity x measure over tariffs."""
    units: dict[str, list[Fraction]] = {}
    for code, per_day in measures.items():
        per_service: dict[str, Fraction] = {}
        for comp in tariffs[code].components:
            per_service[comp.service] = per_service.get(comp.service, Fraction(0)) + Fraction(
                comp.quantity
            )
        for service, qty in per_service.items():
            if qty < 0:
                raise RatingError(
                    f"tariff {code}: negative quantity of service {service}; "
                    "a tariff cannot give services back"
                )
            row = units.setdefault(service, [Fraction(0)] * n)
            for i, m in enumerate(per_day):
                if m:
                    row[i] += qty * m
    return units


@dataclass
class WholesaleUnits:
    """What wholesale prices, before any price: per service and local day, the
    exact units billed and waived by the cloud trial (component quantity x
    camera-days, or x microseconds with ``second``), over some intervals.

    Linear in the intervals: the units of a cloud are the sum of the units of
    any partition of its accounts (:meth:`add`), so a fanned-out bill run sums
    its chunks' units and prices them once (:func:`price_wholesale`)."""

    proration: str
    n: int
    billed: dict[str, list[Fraction]] = field(default_factory=dict)
    waived: dict[str, list[Fraction]] = field(default_factory=dict)

    def add(self, other: WholesaleUnits) -> None:
        if (other.proration, other.n) != (self.proration, self.n):
            raise RatingError("wholesale units of different prorations or periods")
        for mine, theirs in ((self.billed, other.billed), (self.waived, other.waived)):
            for service, row in theirs.items():
                acc = mine.get(service)
                if acc is None:
                    mine[service] = list(row)
                else:
                    for i, v in enumerate(row):
                        if v:
                            acc[i] += v


def _check_discount(discount_percent: Decimal) -> None:
    if not discount_percent.is_finite() or not 0 <= discount_percent <= 100:
        raise RatingError(f"wholesale discount must be 0-100 %, got {discount_percent}")


def wholesale_units(
    *,
    period: Period,
    intervals: Sequence[Interval],
    tariffs: Mapping[str, Tariff],
    proration: Proration,
    cloud_trial_until: datetime | None,
    account_suspensions: Mapping[str, Sequence[Suspension]] | None = None,
    billed_while_suspended: Iterable[str] = (),
    discount_percent: Decimal | None = None,
) -> WholesaleUnits:
    """The units :func:`rate_wholesale` prices (its arguments, see there)."""
    check_proration(proration)
    validate_intervals(intervals, tariffs)
    if account_suspensions:
        check_suspensions(account_suspensions)
        active, paused = split_suspended(intervals, account_suspensions)
        if paused:
            tariffs = {**tariffs, **suspended_tariffs(tariffs, billed_while_suspended)}
            intervals = [*active, *as_suspended(paused)]
    if discount_percent is not None:
        _check_discount(discount_percent)
    if cloud_trial_until is not None:
        require_aware(cloud_trial_until, "cloud trial_until")
    grid = day_grid(period)
    n = grid.n
    if proration == "day":
        billed, waived = _measures_days(grid, intervals, cloud_trial_until)
    else:
        billed, waived = _measures_seconds(grid, intervals, cloud_trial_until)
    return WholesaleUnits(
        proration=proration,
        n=n,
        billed=_service_units(billed, tariffs, n),
        waived=_service_units(waived, tariffs, n),
    )


def rate_wholesale(
    *,
    period: Period,
    intervals: Sequence[Interval],
    tariffs: Mapping[str, Tariff],
    proration: Proration,
    currency: str,
    service_prices: Mapping[str, tuple[PricePoint, ...]],
    discount_percent: Decimal,
    cloud_trial_until: datetime | None,
    account_suspensions: Mapping[str, Sequence[Suspension]] | None = None,
    billed_while_suspended: Iterable[str] = (),
) -> WholesaleResult:
    """The wholesale invoice body of one cloud for ``period`` (before tax).

    ``intervals`` are all the cloud's intervals (every account);
    ``service_prices`` are already resolved to the cloud (its individual price
    or the provider's list price) in ``currency``. Lines are sorted by service
    code, then by price segment. Raises ``MissingPrice`` when a used service
    has no price on a day it was used.

    ``account_suspensions``: while an account is suspended (the camera-days or
    seconds of :mod:`cambill.rating.suspension`), its cameras consume only the
    services in ``billed_while_suspended`` (the archive still kept); whatever
    the cloud's ``suspended_days``, since the provider stops the rest.
    """
    units = wholesale_units(
        period=period,
        intervals=intervals,
        tariffs=tariffs,
        proration=proration,
        cloud_trial_until=cloud_trial_until,
        account_suspensions=account_suspensions,
        billed_while_suspended=billed_while_suspended,
        discount_percent=discount_percent,
    )
    return price_wholesale(
        period=period,
        units=units,
        currency=currency,
        service_prices=service_prices,
        discount_percent=discount_percent,
    )


def price_wholesale(
    *,
    period: Period,
    units: WholesaleUnits,
    currency: str,
    service_prices: Mapping[str, tuple[PricePoint, ...]],
    discount_percent: Decimal,
) -> WholesaleResult:
    """Price summed units: one line per service and price segment, rounded once."""
    _check_discount(discount_percent)
    grid = day_grid(period)
    n = grid.n
    if units.n != n:
        raise RatingError("wholesale units of another period")
    if units.proration == "day":
        den = n
        unit_days_step: Decimal | None = None
    else:
        den = grid.micros_total
        unit_days_step = UNIT_DAYS_DISPLAY
    billed_units = units.billed
    waived_units = units.waived

    lines: list[WholesaleLine] = []
    usage: list[ServiceUsage] = []
    for service in sorted(set(billed_units) | set(waived_units)):
        row = billed_units.get(service, [Fraction(0)] * n)
        total_units = sum(row, Fraction(0))
        if total_units:
            prices = service_prices.get(service, ())
            for lo, hi, point in day_segments(prices, grid, f"service {service}"):
                seg_units = sum(row[lo:hi], Fraction(0))
                if not seg_units:
                    continue
                if point is None:
                    first_used = next(i for i in range(lo, hi) if row[i])
                    raise missing_price(f"service {service}", grid, first_used)
                quantity = seg_units / den
                lines.append(
                    WholesaleLine(
                        service=service,
                        first_day=grid.dates[lo],
                        last_day=grid.dates[hi - 1],
                        unit_price=point.amount,
                        unit_days=fraction_to_decimal(quantity * n, unit_days_step),
                        quantity=quantity,
                        quantity_display=fraction_to_decimal(quantity, QUANTITY_DISPLAY),
                        amount=round_money(Fraction(point.amount) * quantity, currency),
                    )
                )
        waived_total = sum(waived_units.get(service, ()), Fraction(0))
        usage.append(
            ServiceUsage(
                service=service,
                unit_days=fraction_to_decimal(total_units / den * n, unit_days_step),
                unit_months=total_units / den,
                trial_unit_days=fraction_to_decimal(waived_total / den * n, unit_days_step),
            )
        )

    q = quantum(currency)
    lines_total = sum((ln.amount for ln in lines), Decimal(0)).quantize(q)
    discount = Decimal(0) - percent_of(lines_total, discount_percent, currency)
    return WholesaleResult(
        lines=tuple(lines),
        lines_total=lines_total,
        discount_percent=discount_percent,
        discount=discount,
        net=lines_total + discount,
        usage=tuple(usage),
    )
