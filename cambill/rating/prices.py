"""Effective-dated prices resolved onto the days of a period.

A camera-day is priced at the price in effect at the START of that day, i.e. the
latest point whose ``valid_from`` (a local date) is on or before the day. A
price that changes mid-month therefore splits a line at the local midnight that
begins ``valid_from``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from itertools import pairwise

from .errors import MissingPrice, RatingError
from .proration import DayGrid
from .types import PricePoint


def sorted_prices(prices: Sequence[PricePoint], what: str) -> tuple[PricePoint, ...]:
    """Price points by ``valid_from``; refuses two prices for the same day or a negative one."""
    ordered = tuple(sorted(prices, key=lambda p: p.valid_from))
    for prev, cur in pairwise(ordered):
        if prev.valid_from == cur.valid_from:
            raise RatingError(f"{what}: two prices valid from {cur.valid_from.isoformat()}")
    for p in ordered:
        if not p.amount.is_finite() or p.amount < 0:
            raise RatingError(
                f"{what}: price {p.amount} valid from {p.valid_from.isoformat()} is negative "
                "or not a number; a credit is a credit note, not a negative price"
            )
    return ordered


def price_at(prices: Sequence[PricePoint], day: date) -> PricePoint | None:
    """The price point in effect on local ``day``, or None before the first one."""
    found: PricePoint | None = None
    for p in sorted(prices, key=lambda p: p.valid_from):
        if p.valid_from <= day:
            found = p
        else:
            break
    return found


Segment = tuple[int, int, PricePoint | None]
"""``(first day index, end day index exclusive, price)`` over a period grid."""


def day_segments(prices: Sequence[PricePoint], grid: DayGrid, what: str) -> list[Segment]:
    """Split the period's days into runs of one price (None where no price exists yet).

    The runs cover ``0..n`` exactly, in order.
    """
    ordered = sorted_prices(prices, what)
    n = grid.n
    segments: list[Segment] = []
    current: PricePoint | None = None
    cut = 0
    for p in ordered:
        idx = grid.day_index(p.valid_from)
        if idx <= 0:
            current = p
            continue
        if idx >= n:
            break
        if idx > cut:
            segments.append((cut, idx, current))
        cut = idx
        current = p
    segments.append((cut, n, current))
    return segments


def missing_price(what: str, grid: DayGrid, day_index: int) -> MissingPrice:
    """The error for a billed day without a price (the caller raises it)."""
    return MissingPrice(
        f"{what} has no price in effect on {grid.dates[day_index].isoformat()} "
        f"(period {grid.period.key}, time zone {grid.period.tz_name})"
    )
