"""Performance sanity: a month of 100,000 intervals rates in about a second.

No timed assertion (machines differ); the figure is printed (run with ``-s``).
``bench/bench_rating.py`` is the real benchmark.
"""

from __future__ import annotations

import time
from datetime import timedelta
from decimal import Decimal

from cambill.core.periods import Period
from cambill.rating import Interval, rate_retail, rate_wholesale

from .helpers import at, price, telenet_service_prices, telenet_tariffs

N = 100_000


def month_of_intervals(period: Period) -> list[Interval]:
    """100,000 cameras; every 20th changes tariff mid-month."""
    before = at(period.tz_name, 2025, 12, 1)
    intervals = []
    for i in range(N):
        cam = f"cam{i}"
        acc = f"acc{i % 5000}"
        if i % 20 == 0:
            change = period.start + timedelta(days=1 + i % 27, hours=i % 24)
            intervals.append(Interval(cam, acc, "HOME3", before, change))
            intervals.append(Interval(cam, acc, "TRAFFIC7", change, None))
        else:
            intervals.append(Interval(cam, acc, "TRAFFIC7" if i % 3 else "HOME3", before, None))
    return intervals


def test_100k_intervals_day_proration() -> None:
    period = Period(2026, 3, "Europe/Madrid")
    intervals = month_of_intervals(period)
    t0 = time.perf_counter()
    lines = rate_retail(
        period=period,
        intervals=intervals,
        tariffs=telenet_tariffs(),
        proration="day",
        currency="USD",
        account_trial_until={},
    )
    t1 = time.perf_counter()
    result = rate_wholesale(
        period=period,
        intervals=intervals,
        tariffs=telenet_tariffs(),
        proration="day",
        currency="USD",
        service_prices=telenet_service_prices() | {"LPR": price("4.00")},
        discount_percent=Decimal("10"),
        cloud_trial_until=None,
    )
    t2 = time.perf_counter()
    print(f"\n{len(intervals)} intervals: retail {t1 - t0:.2f} s, wholesale {t2 - t1:.2f} s")
    assert len(lines) == len(intervals)
    # Every camera is billed for the whole month, whatever its changes.
    assert sum(ln.days for ln in lines) == N * 31
    assert sum(u.unit_months for u in result.usage if u.service == "LPR") <= N
