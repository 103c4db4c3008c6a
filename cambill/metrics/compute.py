"""Pure functions behind the dashboard figures: no ORM, plain values in and out
(docs/metrics.md has the definitions these implement)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from cambill.core.money import percent_of, round_money

ZERO = Decimal(0)


def wholesale_month(
    quantities: Mapping[str, Decimal | int],
    prices: Mapping[str, Decimal | None],
    discount_percent: Decimal,
    currency: str,
) -> Decimal:
    """One full month of wholesale for ``quantities`` (unit-months per service),
    exactly as a wholesale invoice computes it: one line per service rounded
    once, then the cloud's discount as one allowance rounded once.

    A service without a price contributes nothing (the bill run would refuse
    it; a dashboard shows what can be known)."""
    lines = ZERO
    for service, qty in quantities.items():
        price = prices.get(service)
        if price is None or not qty:
            continue
        lines += round_money(Fraction(price) * Fraction(qty), currency)
    return lines - percent_of(lines, discount_percent, currency)


def per_unit(amount: Decimal, units: int, currency: str) -> Decimal | None:
    """``amount / units`` rounded once to the currency (None without units)."""
    if units <= 0:
        return None
    return round_money(Fraction(amount) / units, currency)


def covered_span(
    start: datetime, end: datetime | None, tz: ZoneInfo
) -> tuple[date, date | None] | None:
    """First and last local day ``[start, end)`` covers under the ``day`` rule
    (day D is covered iff ``start < end(D) <= end``, ``end(D)`` the next local
    midnight): from the local date of ``start`` to the day before the local
    date of ``end``. ``None`` last day: still open. ``None``: no day covered."""
    first = start.astimezone(tz).date()
    if end is None:
        return first, None
    last = end.astimezone(tz).date() - timedelta(days=1)
    return None if last < first else (first, last)


@dataclass
class MonthTally:
    """Distinct cameras and camera-days of one month."""

    cameras: set[int] = field(default_factory=set)
    camera_days: int = 0


def month_usage(
    intervals: Iterable[tuple[int, datetime, datetime | None]],
    months: list[tuple[date, date]],
    tz: ZoneInfo,
    until: date,
) -> list[MonthTally]:
    """Cameras and camera-days per month for ``intervals`` ``(camera, start, end)``.

    ``months`` are ``[first day, next month's first day)`` in order; only local
    days before ``until`` count (the current month counts its completed days).
    """
    tallies = [MonthTally() for _ in months]
    if not months:
        return tallies
    window_lo, window_hi = months[0][0], min(months[-1][1], until)
    for camera, start, end in intervals:
        span = covered_span(start, end, tz)
        if span is None:
            continue
        lo = max(span[0], window_lo)
        hi = window_hi if span[1] is None else min(span[1] + timedelta(days=1), window_hi)
        if hi <= lo:
            continue
        for i, (m_lo, m_hi) in enumerate(months):
            if m_hi <= lo:
                continue
            if m_lo >= hi:
                break
            days = (min(hi, m_hi) - max(lo, m_lo)).days
            if days > 0:
                tallies[i].cameras.add(camera)
                tallies[i].camera_days += days
    return tallies


# Receivables by age: days past the due date, in these buckets.
AGE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-30", 0, 30),
    ("31-60", 31, 60),
    ("61-90", 61, 90),
    ("90+", 91, None),
)
NOT_DUE = "not_due"


def age_bucket(due: datetime, now: datetime) -> str:
    """The bucket of an amount due at ``due``, seen at ``now``: ``not_due``
    before the due instant, else by whole days past due (0 on the due day)."""
    if due > now:
        return NOT_DUE
    days = (now - due).days
    for key, lo, hi in AGE_BUCKETS:
        if days >= lo and (hi is None or days <= hi):
            return key
    return AGE_BUCKETS[-1][0]
