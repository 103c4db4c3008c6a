"""Benchmark of the rating engine (cambill.rating) on one month of a large cloud.

Generates N cameras (default 100,000; 5 % change tariff mid-month, so they have
two intervals), spread over accounts with a few trials, and rates one month
retail and wholesale, with ``day`` and ``second`` proration. Prints camera-months
rated per second and the machine it ran on.

    .venv/bin/python bench/bench_rating.py [--cameras 100000] [--repeat 3]

Pure rating only: loading intervals from PostgreSQL and writing invoice lines
are the bill run's part of the budget.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from cambill.core.periods import Period
from cambill.rating import (
    Component,
    Interval,
    PricePoint,
    Tariff,
    rate_retail,
    rate_wholesale,
)

TARGET = "(bill run target: 100,000 cameras in <= 30 s end to end on PostgreSQL)"
SINCE = date(2020, 1, 1)


def tariffs() -> dict[str, Tariff]:
    def t(code: str, amount: str, **components: int) -> Tariff:
        return Tariff(
            code=code,
            name=code,
            prices=(PricePoint(SINCE, Decimal(amount)),),
            components=tuple(Component(s, Decimal(q)) for s, q in components.items()),
        )

    return {
        "HOME3": t("HOME3", "3.00", REC_DAY=3),
        "HOME7": t("HOME7", "5.00", REC_DAY=7),
        "TRAFFIC7": t("TRAFFIC7", "12.00", REC_DAY=7, LPR=1),
        "BIZ30": t("BIZ30", "25.00", REC_DAY=30, MOTION=1),
    }


def service_prices() -> dict[str, tuple[PricePoint, ...]]:
    return {
        "REC_DAY": (PricePoint(SINCE, Decimal("0.30")),),
        "LPR": (PricePoint(SINCE, Decimal("4.00")),),
        "MOTION": (PricePoint(SINCE, Decimal("1.50")),),
    }


def generate(
    period: Period, cameras: int, seed: int = 7
) -> tuple[list[Interval], dict[str, datetime | None]]:
    """``cameras`` cameras over cameras/20 accounts; 5 % change tariff mid-month."""
    rng = random.Random(seed)
    codes = sorted(tariffs())
    before = period.start - timedelta(days=90)
    span = int((period.end - period.start).total_seconds())
    accounts = max(cameras // 20, 1)
    intervals: list[Interval] = []
    for i in range(cameras):
        camera, account = f"cam{i:07d}", f"acc{i % accounts:06d}"
        first = rng.choice(codes)
        if rng.random() < 0.05:
            change = period.start + timedelta(seconds=rng.randrange(span))
            second = rng.choice([c for c in codes if c != first])
            intervals.append(Interval(camera, account, first, before, change))
            intervals.append(Interval(camera, account, second, change, None))
        else:
            intervals.append(Interval(camera, account, first, before, None))
    trials: dict[str, datetime | None] = {
        f"acc{a:06d}": (
            period.start + timedelta(days=rng.randrange(1, 28)) if a % 50 == 0 else None
        )
        for a in range(accounts)
    }
    return intervals, trials


def run(
    period: Period, intervals: list[Interval], trials, proration: str
) -> tuple[float, float, int]:
    t0 = time.perf_counter()
    lines = rate_retail(
        period=period,
        intervals=intervals,
        tariffs=tariffs(),
        proration=proration,  # type: ignore[arg-type]
        currency="USD",
        account_trial_until=trials,
    )
    t1 = time.perf_counter()
    rate_wholesale(
        period=period,
        intervals=intervals,
        tariffs=tariffs(),
        proration=proration,  # type: ignore[arg-type]
        currency="USD",
        service_prices=service_prices(),
        discount_percent=Decimal("10"),
        cloud_trial_until=None,
    )
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cameras", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs")
    parser.add_argument("--zone", default="Europe/Madrid")
    parser.add_argument("--period", default="2026-03")
    args = parser.parse_args(argv)

    period = Period.parse(args.period, args.zone)
    t0 = time.perf_counter()
    intervals, trials = generate(period, args.cameras)
    gen = time.perf_counter() - t0
    print(
        f"machine: {platform.platform()}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(
        f"data: {args.cameras:,} cameras, {len(intervals):,} intervals, period {period} "
        f"{period.tz_name} (generated in {gen:.2f} s) at {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    for proration in ("day", "second"):
        best = min(
            (run(period, intervals, trials, proration) for _ in range(max(args.repeat, 1))),
            key=lambda r: r[0] + r[1],
        )
        retail, wholesale, lines = best
        total = retail + wholesale
        print(
            f"{proration:>6}: retail {retail:.2f} s ({lines:,} lines), wholesale {wholesale:.2f} s, "
            f"total {total:.2f} s = {args.cameras / total:,.0f} camera-months/s, single core"
        )
    print(TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
