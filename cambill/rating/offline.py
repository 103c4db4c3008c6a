"""Offline credits: the days a camera was down, given back on the retail invoice.

Cloud setting ``offline_credit_hours`` (None: off). A local day of the period in
which a camera was offline for at least that many hours (the Watcher poll's
``camera_offline_seconds`` usage, summed per local day) is credited: one line
per account and camera, ``-round(what the camera's charged lines cost on those
days)``, rounded once. A day's cost is the line's unit price x the day's share
of the month: ``1 / days in month`` under ``day`` proration, the line's
seconds inside that day / seconds in the period under ``second``. Days that
cost nothing (trial, a skipped suspension, no tariff) are neither credited nor
counted, so a credit never exceeds what was charged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from cambill.core.money import round_money
from cambill.core.periods import Period

from .proration import day_grid, micros
from .retail import check_proration
from .types import Proration, RetailLine


@dataclass(frozen=True, slots=True)
class OfflineCredit:
    """One credit line: ``days`` credited local days of one camera; ``amount`` is NEGATIVE."""

    account: str
    camera: str
    days: int
    first_day: date
    last_day: date
    dates: tuple[date, ...]
    amount: Decimal


def offline_days(offline_seconds: Mapping[date, int], threshold_hours: int) -> frozenset[date]:
    """The local days with at least ``threshold_hours`` of offline time."""
    need = threshold_hours * 3600
    return frozenset(d for d, s in offline_seconds.items() if s >= need)


def rate_offline_credits(
    *,
    period: Period,
    lines: Sequence[RetailLine],
    offline_seconds: Mapping[str, Mapping[date, int]],
    threshold_hours: int | None,
    proration: Proration,
    currency: str,
) -> list[OfflineCredit]:
    """Credit lines for ``lines`` (the charged retail lines of the period).

    ``offline_seconds``: per camera code, offline seconds per local date of
    the period. Sorted by account, then camera.
    """
    check_proration(proration)
    if threshold_hours is None or not offline_seconds:
        return []
    if threshold_hours <= 0:
        raise ValueError("offline_credit_hours must be positive")
    grid = day_grid(period)
    n = grid.n
    index = {d: i for i, d in enumerate(grid.dates)}
    down_by_camera = {
        cam: offline_days(secs, threshold_hours) for cam, secs in offline_seconds.items()
    }
    owed: dict[tuple[str, str], Fraction] = {}
    days: dict[tuple[str, str], set[date]] = {}
    for ln in lines:
        down = down_by_camera.get(ln.camera)
        if not down or ln.amount <= 0:
            continue
        lo, hi = index[ln.first_day], index[ln.last_day]
        key = (ln.account, ln.camera)
        for d in down:
            i = index.get(d)
            if i is None or not lo <= i <= hi:
                continue
            if proration == "day":
                share = Fraction(1, n)
            else:
                start = max(ln.start, grid.bounds[i])
                end = min(ln.end, grid.bounds[i + 1])
                if end <= start:
                    continue
                share = Fraction(micros(end - start), grid.micros_total)
            owed[key] = owed.get(key, Fraction(0)) + Fraction(ln.unit_price) * share
            days.setdefault(key, set()).add(d)
    out: list[OfflineCredit] = []
    for key in sorted(owed):
        amount = round_money(owed[key], currency)
        if not amount:
            continue
        credited = tuple(sorted(days[key]))
        out.append(
            OfflineCredit(
                account=key[0],
                camera=key[1],
                days=len(credited),
                first_day=credited[0],
                last_day=credited[-1],
                dates=credited,
                amount=-amount,
            )
        )
    return out
