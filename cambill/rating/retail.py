"""Retail rating: what each subscriber account owes for its cameras' tariffs.

One line per camera and tariff interval clipped to the period, split further
where the tariff's price changes (each camera-day at the price in effect at the
start of that day). A line's amount is ``round(monthly price x quantity)``,
rounded once, with quantity the exact fraction of a month
(ARCHITECTURE.md, "Rules of money and time").

Trial rule (account ``trial_until``):

* ``day`` proration: local day D is free iff ``end(D) <= trial_until`` (the
  whole day lies before the end of the trial). The day in which the trial ends
  is charged in full, just as a day is billed under the tariff held at its end.
* ``second`` proration: the seconds before ``trial_until`` are free, those from
  ``trial_until`` on are charged.

Suspended time (cloud setting ``suspended_days = skip``) is cut out of the
intervals before rating (:mod:`cambill.rating.suspension`).

Free pieces never become zero-amount invoice lines; they are returned as
:class:`TrialLine` by :func:`rate_retail_detailed`, and a charged line carries
the count of free days of the same camera, tariff and price in
``RetailLine.trial_days``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from cambill.core.money import round_money
from cambill.core.periods import Period

from .errors import RatingError
from .intervals import validate_intervals
from .prices import Segment, day_segments, missing_price
from .proration import US_PER_DAY, DayGrid, day_grid, micros, require_aware
from .suspension import Suspension, check_suspensions, split_suspended
from .types import (
    PRORATIONS,
    Interval,
    PricePoint,
    Proration,
    RetailLine,
    RetailResult,
    Tariff,
    TrialLine,
)

DAYS_DISPLAY = Decimal("0.0001")
_ONE_MICRO = timedelta(microseconds=1)


def check_proration(proration: str) -> None:
    if proration not in PRORATIONS:
        raise RatingError(f"proration must be one of {', '.join(PRORATIONS)}; got {proration!r}")


def display_days(us: int) -> Decimal:
    """Seconds shown as days with 4 places (display only; never used to price)."""
    return (Decimal(us) / Decimal(US_PER_DAY)).quantize(DAYS_DISPLAY, rounding=ROUND_HALF_UP)


class _Pricer:
    """Memoised ``round(price x quantity)``: a month of 100,000 cameras has few distinct lines."""

    __slots__ = ("cache", "currency")

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self.cache: dict[tuple[Decimal, int, int], Decimal] = {}

    def amount(self, price: Decimal, num: int, den: int) -> Decimal:
        key = (price, num, den)
        hit = self.cache.get(key)
        if hit is None:
            hit = round_money(Fraction(price) * Fraction(num, den), self.currency)
            self.cache[key] = hit
        return hit


def rate_retail(
    *,
    period: Period,
    intervals: Sequence[Interval],
    tariffs: Mapping[str, Tariff],
    proration: Proration,
    currency: str,
    account_trial_until: Mapping[str, datetime | None],
    account_suspensions: Mapping[str, Sequence[Suspension]] | None = None,
) -> list[RetailLine]:
    """Charged retail lines of ``period``, sorted by account, camera and start.

    See :func:`rate_retail_detailed` for the trial pieces that cost nothing.
    """
    return list(
        rate_retail_detailed(
            period=period,
            intervals=intervals,
            tariffs=tariffs,
            proration=proration,
            currency=currency,
            account_trial_until=account_trial_until,
            account_suspensions=account_suspensions,
        ).lines
    )


def rate_retail_detailed(
    *,
    period: Period,
    intervals: Sequence[Interval],
    tariffs: Mapping[str, Tariff],
    proration: Proration,
    currency: str,
    account_trial_until: Mapping[str, datetime | None],
    account_suspensions: Mapping[str, Sequence[Suspension]] | None = None,
) -> RetailResult:
    """Rate every interval of ``period``: charged lines plus waived trial pieces.

    Raises :class:`~cambill.rating.errors.BadInterval` for naive, inverted or
    overlapping intervals, ``UnknownTariff`` for a tariff not in ``tariffs`` and
    ``MissingPrice`` for a covered day before the tariff's first price.

    ``account_suspensions`` (the cloud's ``suspended_days = skip``): the
    suspended time of each account is not charged, by the rule in
    :mod:`cambill.rating.suspension`; a camera's line is split around it.
    """
    check_proration(proration)
    validate_intervals(intervals, tariffs)
    if account_suspensions:
        check_suspensions(account_suspensions)
        intervals, _ = split_suspended(intervals, account_suspensions)
    grid = day_grid(period)
    pricer = _Pricer(currency)
    trial_idx: dict[str, int] = {}
    trial_at: dict[str, datetime | None] = {}
    for account, until in account_trial_until.items():
        if until is not None:
            require_aware(until, f"trial_until of account {account}")
        trial_idx[account] = grid.first_charged_day(until)
        trial_at[account] = until
    segments: dict[str, list[Segment]] = {
        code: day_segments(t.prices, grid, f"tariff {code}") for code, t in tariffs.items()
    }
    lines: list[RetailLine] = []
    trial: list[TrialLine] = []
    if proration == "day":
        _rate_days(grid, intervals, segments, trial_idx, pricer, lines, trial)
    else:
        _rate_seconds(grid, intervals, segments, trial_at, pricer, lines, trial)
    lines.sort(key=lambda ln: (ln.account, ln.camera, ln.start))
    trial.sort(key=lambda ln: (ln.account, ln.camera, ln.start))
    return RetailResult(lines=tuple(lines), trial=tuple(trial))


def _rate_days(
    grid: DayGrid,
    intervals: Sequence[Interval],
    segments: Mapping[str, list[Segment]],
    trial_idx: Mapping[str, int],
    pricer: _Pricer,
    lines: list[RetailLine],
    trial: list[TrialLine],
) -> None:
    n = grid.n
    bounds = grid.bounds
    dates = grid.dates
    period_start, period_end = bounds[0], bounds[n]
    quantities = [Fraction(d, n) for d in range(n + 1)]
    # Per price segment, the rounded amount of d days (filled lazily): 100,000
    # cameras make only a few distinct (price, days) pairs.
    priced: dict[str, list[tuple[int, int, PricePoint | None, list[Decimal | None]]]] = {
        code: [(lo, hi, point, [None] * (n + 1)) for lo, hi, point in segs]
        for code, segs in segments.items()
    }

    def amount(table: list[Decimal | None], price: Decimal, days: int) -> Decimal:
        hit = table[days]
        if hit is None:
            hit = table[days] = pricer.amount(price, days, n)
        return hit

    for iv in intervals:
        rng = grid.day_range(iv.start, iv.end)
        if rng is None:
            continue
        i0, i1 = rng
        t = trial_idx.get(iv.account, 0)
        iv_start = iv.start if iv.start > period_start else period_start
        iv_end = period_end if iv.end is None or iv.end > period_end else iv.end
        for seg_lo, seg_hi, point, table in priced[iv.tariff]:
            lo = i0 if i0 > seg_lo else seg_lo
            hi = i1 if i1 < seg_hi - 1 else seg_hi - 1
            if lo > hi:
                continue
            if point is None:
                raise missing_price(f"tariff {iv.tariff}", grid, lo)
            price = point.amount
            free_hi = hi if hi < t - 1 else t - 1
            free_days = free_hi - lo + 1 if free_hi >= lo else 0
            if free_days:
                trial.append(
                    TrialLine(
                        account=iv.account,
                        camera=iv.camera,
                        tariff=iv.tariff,
                        start=iv_start if lo == i0 else bounds[lo],
                        end=iv_end if free_hi == i1 else bounds[free_hi + 1],
                        first_day=dates[lo],
                        last_day=dates[free_hi],
                        days=free_days,
                        unit_price=price,
                        quantity=quantities[free_days],
                        waived_amount=amount(table, price, free_days),
                    )
                )
            c_lo = lo + free_days
            if c_lo > hi:
                continue
            days = hi - c_lo + 1
            lines.append(
                RetailLine(
                    account=iv.account,
                    camera=iv.camera,
                    tariff=iv.tariff,
                    start=iv_start if c_lo == i0 else bounds[c_lo],
                    end=iv_end if hi == i1 else bounds[hi + 1],
                    first_day=dates[c_lo],
                    last_day=dates[hi],
                    days=days,
                    unit_price=price,
                    quantity=quantities[days],
                    amount=amount(table, price, days),
                    trial_days=free_days,
                )
            )


def _rate_seconds(
    grid: DayGrid,
    intervals: Sequence[Interval],
    segments: Mapping[str, list[Segment]],
    trial_at: Mapping[str, datetime | None],
    pricer: _Pricer,
    lines: list[RetailLine],
    trial: list[TrialLine],
) -> None:
    bounds = grid.bounds
    dates = grid.dates
    n = grid.n
    period_start, period_end = bounds[0], bounds[n]
    total = grid.micros_total
    # Memoised per duration: most cameras hold one tariff the whole month.
    shown: dict[int, Decimal] = {}
    shares: dict[int, Fraction] = {}

    def days(us: int) -> Decimal:
        hit = shown.get(us)
        if hit is None:
            hit = shown[us] = display_days(us)
        return hit

    def share(us: int) -> Fraction:
        hit = shares.get(us)
        if hit is None:
            hit = shares[us] = Fraction(us, total)
        return hit

    def first_day(instant: datetime) -> int:
        return 0 if instant == period_start else grid.day_of(instant)

    def last_day(end: datetime) -> int:
        return n - 1 if end == period_end else grid.day_of(end - _ONE_MICRO)

    for iv in intervals:
        clipped = grid.clip(iv.start, iv.end)
        if clipped is None:
            continue
        cs, ce = clipped
        until = trial_at.get(iv.account)
        for seg_lo, seg_hi, point in segments[iv.tariff]:
            lo = bounds[seg_lo] if bounds[seg_lo] > cs else cs
            hi = bounds[seg_hi] if bounds[seg_hi] < ce else ce
            if lo >= hi:
                continue
            if point is None:
                raise missing_price(f"tariff {iv.tariff}", grid, grid.day_of(lo))
            price = point.amount
            split = lo if until is None or until <= lo else (until if until < hi else hi)
            free_us = micros(split - lo)
            if free_us:
                trial.append(
                    TrialLine(
                        account=iv.account,
                        camera=iv.camera,
                        tariff=iv.tariff,
                        start=lo,
                        end=split,
                        first_day=dates[first_day(lo)],
                        last_day=dates[last_day(split)],
                        days=days(free_us),
                        unit_price=price,
                        quantity=share(free_us),
                        waived_amount=pricer.amount(price, free_us, total),
                    )
                )
            if split >= hi:
                continue
            us = micros(hi - split)
            lines.append(
                RetailLine(
                    account=iv.account,
                    camera=iv.camera,
                    tariff=iv.tariff,
                    start=split,
                    end=hi,
                    first_day=dates[first_day(split)],
                    last_day=dates[last_day(hi)],
                    days=days(us),
                    unit_price=price,
                    quantity=share(us),
                    amount=pricer.amount(price, us, total),
                    trial_days=days(free_us),
                )
            )
