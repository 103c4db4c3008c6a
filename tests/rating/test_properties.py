"""Hypothesis properties of the rating engine, in DST and non-DST zones."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cambill.core.money import quantum, round_money
from cambill.core.periods import Period
from cambill.rating import (
    Component,
    Interval,
    PricePoint,
    RetailLine,
    Tariff,
    day_grid,
    invoice_totals,
    rate_retail,
    rate_wholesale,
)
from cambill.rating.proration import micros

ZONES = [
    "UTC",
    "America/Bogota",
    "Europe/Madrid",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
]
LONG_AGO = date(2000, 1, 1)
ACCOUNTS = ("acme", "beta")
SERVICES = ("REC_DAY", "LPR")


@dataclass(frozen=True)
class Case:
    period: Period
    proration: str
    currency: str
    tariffs: dict[str, Tariff]
    service_prices: dict[str, tuple[PricePoint, ...]]
    intervals: list[Interval]
    trials: dict[str, datetime | None]
    cloud_trial: datetime | None
    discount: Decimal

    def retail(self, intervals: list[Interval] | None = None, proration: str | None = None):
        return rate_retail(
            period=self.period,
            intervals=self.intervals if intervals is None else intervals,
            tariffs=self.tariffs,
            proration=proration or self.proration,  # type: ignore[arg-type]
            currency=self.currency,
            account_trial_until=self.trials,
        )

    def wholesale(self, intervals: list[Interval] | None = None):
        return rate_wholesale(
            period=self.period,
            intervals=self.intervals if intervals is None else intervals,
            tariffs=self.tariffs,
            proration=self.proration,  # type: ignore[arg-type]
            currency=self.currency,
            service_prices=self.service_prices,
            discount_percent=self.discount,
            cloud_trial_until=self.cloud_trial,
        )


amounts = st.decimals(min_value=0, max_value=500, places=4, allow_nan=False, allow_infinity=False)
periods = st.builds(Period, st.integers(2025, 2028), st.integers(1, 12), st.sampled_from(ZONES))


@st.composite
def price_points(draw: st.DrawFn, period: Period) -> tuple[PricePoint, ...]:
    points = [PricePoint(LONG_AGO, draw(amounts))]
    if draw(st.booleans()):
        day = period.first_day + timedelta(days=draw(st.integers(1, period.days_in_month - 1)))
        points.append(PricePoint(day, draw(amounts)))
    return tuple(points)


@st.composite
def instants(draw: st.DrawFn, period: Period) -> datetime:
    """Arbitrary seconds around the period, with local midnights (and a second either side) favoured."""
    grid = day_grid(period)
    margin = 2 * 86_400
    total = micros(period.end - period.start) // 1_000_000
    return draw(
        st.one_of(
            st.integers(-margin, total + margin).map(lambda s: period.start + timedelta(seconds=s)),
            st.sampled_from(grid.bounds),
            st.tuples(st.sampled_from(grid.bounds), st.sampled_from([-1, 1])).map(
                lambda t: t[0] + timedelta(seconds=t[1])
            ),
        )
    )


@st.composite
def cases(draw: st.DrawFn, proration: str | None = None) -> Case:
    period = draw(periods)
    tariffs = {
        code: Tariff(
            code=code,
            name=code,
            prices=draw(price_points(period)),
            components=(
                Component("REC_DAY", Decimal(draw(st.integers(1, 7)))),
                Component("LPR", Decimal(draw(st.integers(0, 2)))),
            ),
        )
        for code in ("T1", "T2", "T3")
    }
    intervals: list[Interval] = []
    for cam in range(draw(st.integers(1, 4))):
        cuts = sorted(set(draw(st.lists(instants(period), min_size=2, max_size=6))))
        open_end = draw(st.booleans())
        for i, (a, b) in enumerate(pairwise(cuts)):
            if draw(st.integers(0, 4)) == 0:
                continue  # a gap: the camera was removed for a while
            last = i == len(cuts) - 2
            intervals.append(
                Interval(
                    camera=f"cam{cam}",
                    account=draw(st.sampled_from(ACCOUNTS)),
                    tariff=draw(st.sampled_from(sorted(tariffs))),
                    start=a,
                    end=None if (last and open_end) else b,
                )
            )
    trial = st.one_of(st.none(), instants(period))
    return Case(
        period=period,
        proration=proration or draw(st.sampled_from(["day", "second"])),
        currency=draw(st.sampled_from(["USD", "JPY", "KWD"])),
        tariffs=tariffs,
        service_prices={s: draw(price_points(period)) for s in SERVICES},
        intervals=intervals,
        trials={a: draw(trial) for a in ACCOUNTS},
        cloud_trial=draw(trial),
        discount=draw(st.decimals(min_value=0, max_value=100, places=2)),
    )


@settings(max_examples=150, deadline=None)
@given(cases())
def test_totals_are_sums_of_rounded_lines_and_never_negative(case: Case) -> None:
    q = quantum(case.currency)
    lines = case.retail()
    for ln in lines:
        assert ln.amount == ln.amount.quantize(q)
        assert ln.amount == round_money(Fraction(ln.unit_price) * ln.quantity, case.currency)
        assert ln.amount >= 0
        assert 0 < ln.quantity <= 1
        assert case.period.first_day <= ln.first_day <= ln.last_day
    totals = invoice_totals([ln.amount for ln in lines], [], Decimal("19"), case.currency)
    assert totals.subtotal == sum((ln.amount for ln in lines), Decimal(0))
    assert totals.total >= 0
    # Per camera the billed share of the month never exceeds the whole month.
    per_camera: dict[str, Fraction] = {}
    for ln in lines:
        per_camera[ln.camera] = per_camera.get(ln.camera, Fraction(0)) + ln.quantity
    assert all(share <= 1 for share in per_camera.values())

    result = case.wholesale()
    for wl in result.lines:
        assert wl.amount == round_money(Fraction(wl.unit_price) * wl.quantity, case.currency)
        assert wl.amount >= 0
    assert result.lines_total == sum((wl.amount for wl in result.lines), Decimal(0))
    assert result.discount <= 0
    assert 0 <= result.net <= result.lines_total
    assert result.net == result.lines_total + result.discount


@st.composite
def split_cases(draw: st.DrawFn) -> tuple[Case, list[Interval]]:
    case = draw(cases())
    assume(case.intervals)
    idx = draw(st.integers(0, len(case.intervals) - 1))
    iv = case.intervals[idx]
    end = iv.end or case.period.end + timedelta(days=1)
    span = micros(end - iv.start)
    assume(span > 0)
    at = iv.start + timedelta(microseconds=draw(st.integers(0, span)))
    if draw(st.booleans()):  # favour the interesting instants: local midnights
        grid = day_grid(case.period)
        inside = [b for b in grid.bounds if iv.start <= b <= end]
        if inside:
            at = draw(st.sampled_from(inside))
    split = [
        *case.intervals[:idx],
        replace(iv, end=at),
        replace(iv, start=at),
        *case.intervals[idx + 1 :],
    ]
    return case, split


@settings(max_examples=150, deadline=None)
@given(split_cases())
def test_splitting_an_interval_changes_the_charge_by_at_most_one_unit_per_line(
    data: tuple[Case, list[Interval]],
) -> None:
    case, split = data
    q = quantum(case.currency)
    before = case.retail()
    after = case.retail(split)
    total_before = sum((ln.amount for ln in before), Decimal(0))
    total_after = sum((ln.amount for ln in after), Decimal(0))
    assert abs(total_after - total_before) <= q * len(before)
    # The billed share of the month is exactly preserved.
    assert sum((ln.quantity for ln in before), Fraction(0)) == sum(
        (ln.quantity for ln in after), Fraction(0)
    )
    # Wholesale aggregates per service, so a split changes nothing at all.
    assert case.wholesale(split) == case.wholesale()


@st.composite
def whole_day_cases(draw: st.DrawFn) -> Case:
    case = draw(cases(proration="day"))
    grid = day_grid(case.period)
    n = grid.n
    intervals = []
    for cam in range(draw(st.integers(1, 3))):
        idx = sorted(set(draw(st.lists(st.integers(0, n), min_size=2, max_size=5))))
        for a, b in pairwise(idx):
            intervals.append(
                Interval(
                    f"cam{cam}",
                    draw(st.sampled_from(ACCOUNTS)),
                    draw(st.sampled_from(sorted(case.tariffs))),
                    grid.bounds[a],
                    None if (b == n and draw(st.booleans())) else grid.bounds[b],
                )
            )
    midnight_trial = st.one_of(st.none(), st.sampled_from(grid.bounds))
    return replace(case, intervals=intervals, trials={a: draw(midnight_trial) for a in ACCOUNTS})


@settings(max_examples=200, deadline=None)
@given(whole_day_cases())
def test_day_and_second_agree_for_whole_local_days(case: Case) -> None:
    """Same days and lines; equal amounts unless the month has a DST change.

    ``second`` prices seconds / seconds in the period (ARCHITECTURE.md), so in a
    month with a 23- or 25-hour day a partial month differs from ``day`` by at
    most the irregular hours' share of the month (plus one rounding unit).
    """
    grid = day_grid(case.period)
    lengths = [micros(grid.bounds[i + 1] - grid.bounds[i]) for i in range(grid.n)]
    irregular = sum(abs(length - 86_400_000_000) for length in lengths)
    by_day = case.retail(proration="day")
    by_second = case.retail(proration="second")

    def key(ln: RetailLine) -> tuple:
        return (ln.account, ln.camera, ln.tariff, ln.first_day, ln.last_day, ln.unit_price)

    assert [key(ln) for ln in by_day] == [key(ln) for ln in by_second]
    q = quantum(case.currency)
    for d, s in zip(by_day, by_second, strict=True):
        assert d.quantity == Fraction(d.days, grid.n)
        first = grid.day_index(d.first_day)
        covered = sum(lengths[first : first + d.days])
        assert s.quantity == Fraction(covered, grid.micros_total)
        assert abs(d.quantity - s.quantity) <= Fraction(irregular, grid.micros_total)
        if irregular == 0:
            assert d.amount == s.amount
        else:
            bound = Fraction(d.unit_price) * Fraction(irregular, grid.micros_total) + Fraction(q)
            assert abs(Fraction(d.amount - s.amount)) <= bound
