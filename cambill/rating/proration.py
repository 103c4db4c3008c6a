"""Proration: which local days, or how many seconds, of a period an interval covers.

``day`` proration bills each local calendar day under the tariff the camera
holds at the END of that day: an interval ``[s, e)`` covers day D iff
``s < end(D) <= e``, with ``end(D)`` the next local midnight. Two intervals of
one camera that touch therefore never bill the same day twice, and a tariff
change at 23:59 bills the whole day at the new tariff.

``second`` proration bills the exact time of ``[s, e) ∩ period``; a month's
worth is the real length of the period, so DST months are 1 hour shorter or
longer than ``days x 86,400``.

The work is done on a :class:`DayGrid`, the UTC instants of the local midnights
of the period, computed once per period; finding the covered days of an interval
is two binary searches, whatever the time zone or its DST rules.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import lru_cache

from cambill.core.periods import Period, local_midnight

from .errors import BadInterval

US_PER_SECOND = 1_000_000
US_PER_DAY = 86_400 * US_PER_SECOND


def micros(delta: timedelta) -> int:
    """Exact microseconds of a timedelta (no float on the way)."""
    return (delta.days * 86_400 + delta.seconds) * US_PER_SECOND + delta.microseconds


def require_aware(value: datetime, what: str) -> None:
    """Refuse naive datetimes: a naive instant has no place on a billing timeline."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise BadInterval(f"{what} must be an aware datetime (UTC), got naive {value!r}")


@dataclass(frozen=True, slots=True)
class DayGrid:
    """The local days of a period as UTC instants.

    ``bounds`` has ``n + 1`` instants: day ``i`` (local date ``dates[i]``) is
    ``[bounds[i], bounds[i + 1])``; ``bounds[0]`` is the period start and
    ``bounds[n]`` its end.
    """

    period: Period
    dates: tuple[date, ...]
    bounds: tuple[datetime, ...]
    micros_total: int

    @property
    def n(self) -> int:
        return len(self.dates)

    @property
    def start(self) -> datetime:
        return self.bounds[0]

    @property
    def end(self) -> datetime:
        return self.bounds[-1]

    def day_range(self, start: datetime, end: datetime | None) -> tuple[int, int] | None:
        """Inclusive indices ``(i0, i1)`` of the days ``[start, end)`` covers, or None.

        Day i is covered iff ``start < bounds[i+1] <= end``.
        """
        b = self.bounds
        n = len(b) - 1
        # First day whose end is after start: bisect_right gives the first bound > start.
        i0 = 0 if start < b[0] else bisect_right(b, start) - 1
        # Last day whose end is at or before end: the last bound <= end, minus one.
        i1 = n - 1 if end is None or end >= b[n] else bisect_right(b, end) - 2
        if i0 > i1:
            return None
        return i0, i1

    def first_charged_day(self, until: datetime | None) -> int:
        """Number of leading days whose local end is at or before ``until``.

        Those are the days a trial ending at ``until`` makes free: a day is free
        only if the whole of it lies before ``until``.
        """
        if until is None:
            return 0
        k = bisect_right(self.bounds, until) - 1
        return min(max(k, 0), self.n)

    def day_of(self, instant: datetime) -> int:
        """Index of the local day that contains ``instant`` (clamped to the period)."""
        i = bisect_right(self.bounds, instant) - 1
        return min(max(i, 0), self.n - 1)

    def day_index(self, day: date) -> int:
        """Index of local ``day`` relative to the period (may fall outside ``0..n-1``)."""
        return (day - self.dates[0]).days

    def clip(self, start: datetime, end: datetime | None) -> tuple[datetime, datetime] | None:
        """``[start, end) ∩ period`` as UTC instants, or None if empty."""
        lo = max(start, self.bounds[0])
        hi = self.bounds[-1] if end is None else min(end, self.bounds[-1])
        if lo >= hi:
            return None
        return lo, hi


@lru_cache(maxsize=256)
def day_grid(period: Period) -> DayGrid:
    """The (cached) grid of local midnights of ``period``."""
    tz = period.tz
    first = period.first_day
    n = period.days_in_month
    dates = tuple(first + timedelta(days=i) for i in range(n))
    bounds = tuple(local_midnight(first + timedelta(days=i), tz) for i in range(n + 1))
    return DayGrid(
        period=period,
        dates=dates,
        bounds=bounds,
        micros_total=micros(bounds[-1] - bounds[0]),
    )


def covered_day_range(
    start: datetime, end: datetime | None, period: Period
) -> tuple[date, date] | None:
    """First and last local day of ``period`` that ``[start, end)`` covers, or None."""
    require_aware(start, "start")
    if end is not None:
        require_aware(end, "end")
    grid = day_grid(period)
    rng = grid.day_range(start, end)
    if rng is None:
        return None
    return grid.dates[rng[0]], grid.dates[rng[1]]


def covered_days(start: datetime, end: datetime | None, period: Period) -> list[date]:
    """Local days of ``period`` billed for ``[start, end)`` under ``day`` proration.

    Day D is covered iff ``start < end(D) <= end`` where ``end(D)`` is the local
    midnight that ends D; ``end`` None means the interval is open.
    """
    require_aware(start, "start")
    if end is not None:
        require_aware(end, "end")
    grid = day_grid(period)
    rng = grid.day_range(start, end)
    if rng is None:
        return []
    return list(grid.dates[rng[0] : rng[1] + 1])


def covered_seconds(start: datetime, end: datetime | None, period: Period) -> Fraction:
    """Exact seconds of ``[start, end) ∩ period`` (``second`` proration).

    A Fraction so that sub-second instants stay exact; it is an integer for
    whole-second intervals.
    """
    require_aware(start, "start")
    if end is not None:
        require_aware(end, "end")
    clipped = day_grid(period).clip(start, end)
    if clipped is None:
        return Fraction(0)
    return Fraction(micros(clipped[1] - clipped[0]), US_PER_SECOND)
