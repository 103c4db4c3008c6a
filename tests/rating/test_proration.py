"""Proration: covered local days (``day``) and seconds (``second``), DST included."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cambill.core.periods import Period
from cambill.rating import (
    BadInterval,
    covered_day_range,
    covered_days,
    covered_seconds,
    day_grid,
)

from .helpers import BOGOTA, MARCH, at, utc

MADRID = "Europe/Madrid"
ZONES = [
    "UTC",
    "America/Bogota",
    "Europe/Madrid",
    "America/New_York",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "Pacific/Chatham",
]


def days(*nums: int, month: int = 3, year: int = 2026) -> list[date]:
    return [date(year, month, n) for n in nums]


def span(a: int, b: int, month: int = 3, year: int = 2026) -> list[date]:
    return [date(year, month, n) for n in range(a, b + 1)]


class TestCoveredDays:
    def test_whole_month_and_beyond(self) -> None:
        assert covered_days(at(BOGOTA, 2026, 1, 1), None, MARCH) == span(1, 31)
        assert covered_days(at(BOGOTA, 2026, 1, 1), at(BOGOTA, 2026, 6, 1), MARCH) == span(1, 31)

    def test_day_is_billed_under_the_tariff_held_at_its_end(self) -> None:
        # Starts at 00:00 -> covers that day; starts at 00:01 -> still covers it
        # (held at the end of the day); ends at 00:00 -> covers the day before.
        assert covered_days(at(BOGOTA, 2026, 3, 10), None, MARCH) == span(10, 31)
        assert covered_days(at(BOGOTA, 2026, 3, 10, 0, 1), None, MARCH) == span(10, 31)
        assert covered_days(at(BOGOTA, 2026, 3, 9, 23, 59), None, MARCH) == span(9, 31)
        assert covered_days(MARCH.start, at(BOGOTA, 2026, 3, 16, 12), MARCH) == span(1, 15)
        assert covered_days(MARCH.start, at(BOGOTA, 2026, 3, 17), MARCH) == span(1, 16)
        assert covered_days(MARCH.start, at(BOGOTA, 2026, 3, 16, 23, 59), MARCH) == span(1, 15)

    def test_short_intervals(self) -> None:
        # Inside one day: never reaches a day's end, bills nothing.
        assert covered_days(at(BOGOTA, 2026, 3, 10, 8), at(BOGOTA, 2026, 3, 10, 20), MARCH) == []
        # One minute across midnight: holds the tariff at the end of 9 March.
        assert covered_days(
            at(BOGOTA, 2026, 3, 9, 23, 59), at(BOGOTA, 2026, 3, 10, 0, 0), MARCH
        ) == days(9)
        # Empty interval.
        t = at(BOGOTA, 2026, 3, 9)
        assert covered_days(t, t, MARCH) == []

    def test_outside_the_period(self) -> None:
        assert covered_days(at(BOGOTA, 2026, 1, 1), at(BOGOTA, 2026, 3, 1), MARCH) == []
        assert covered_days(at(BOGOTA, 2026, 4, 1), None, MARCH) == []
        assert covered_days(at(BOGOTA, 2026, 3, 31, 12), None, MARCH) == days(31)
        # Ends exactly at the first midnight of the period: covers 28 February, not March.
        assert covered_days(at(BOGOTA, 2026, 2, 1), MARCH.start, MARCH) == []

    def test_range(self) -> None:
        assert covered_day_range(at(BOGOTA, 2026, 3, 10), None, MARCH) == (
            date(2026, 3, 10),
            date(2026, 3, 31),
        )
        assert covered_day_range(at(BOGOTA, 2026, 4, 10), None, MARCH) is None

    def test_february_2028_has_29_days(self) -> None:
        feb = Period(2028, 2, BOGOTA)
        assert covered_days(at(BOGOTA, 2028, 1, 1), None, feb) == span(1, 29, 2, 2028)
        assert covered_days(at(BOGOTA, 2028, 2, 29), at(BOGOTA, 2028, 3, 1), feb) == [
            date(2028, 2, 29)
        ]
        assert covered_seconds(at(BOGOTA, 2028, 2, 1), None, feb) == 29 * 86_400

    def test_madrid_spring_forward(self) -> None:
        # 29 March 2026, 02:00 CET -> 03:00 CEST: a 23-hour day.
        march = Period(2026, 3, MADRID)
        grid = day_grid(march)
        assert grid.bounds[29] - grid.bounds[28] == timedelta(hours=23)
        assert march.seconds == 31 * 86_400 - 3_600
        # A change at 01:30 UTC (03:30 CEST) still bills 29 March to the new interval.
        assert covered_days(utc(2026, 3, 29, 1, 30), None, march) == span(29, 31)
        assert covered_days(at(MADRID, 2026, 3, 29), None, march) == span(29, 31)
        assert covered_days(march.start, utc(2026, 3, 29, 1, 30), march) == span(1, 28)
        assert covered_days(march.start, at(MADRID, 2026, 3, 30), march) == span(1, 29)
        # Seconds: 29 March counts 23 hours.
        assert covered_seconds(at(MADRID, 2026, 3, 29), at(MADRID, 2026, 3, 30), march) == 82_800
        assert covered_seconds(at(MADRID, 2026, 3, 29), None, march) == 255_600

    def test_madrid_fall_back(self) -> None:
        # 25 October 2026, 03:00 CEST -> 02:00 CET: a 25-hour day.
        october = Period(2026, 10, MADRID)
        assert october.seconds == 31 * 86_400 + 3_600
        # 02:30 happens twice; as UTC instants both are unambiguous.
        first, second = utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)
        assert first.astimezone(ZoneInfo(MADRID)).hour == 2
        assert second.astimezone(ZoneInfo(MADRID)).hour == 2
        assert covered_days(first, None, october) == span(25, 31, 10)
        assert covered_days(second, None, october) == span(25, 31, 10)
        assert covered_days(october.start, second, october) == span(1, 24, 10)
        assert (
            covered_seconds(at(MADRID, 2026, 10, 25), at(MADRID, 2026, 10, 26), october) == 90_000
        )
        assert covered_seconds(at(MADRID, 2026, 10, 25), None, october) == 608_400

    def test_seconds_are_exact(self) -> None:
        start = utc(2026, 3, 10, 12, 0, 0) + timedelta(microseconds=250_000)
        assert covered_seconds(start, utc(2026, 3, 10, 12, 0, 1), MARCH) == Fraction(3, 4)
        assert covered_seconds(utc(2026, 1, 1), utc(2026, 2, 1), MARCH) == 0

    def test_naive_datetimes_are_refused(self) -> None:
        naive = utc(2026, 3, 10).replace(tzinfo=None)  # what the engine must refuse
        with pytest.raises(BadInterval, match="aware"):
            covered_days(naive, None, MARCH)
        with pytest.raises(BadInterval, match="aware"):
            covered_seconds(MARCH.start, naive, MARCH)


def naive_scan(start: datetime, end: datetime | None, period: Period) -> list[date]:
    """The definition, literally: day D is covered iff start < end(D) <= end."""
    return [d for d, _s, e in period.days() if start < e and (end is None or e <= end)]


@st.composite
def period_and_interval(draw: st.DrawFn) -> tuple[Period, datetime, datetime | None]:
    zone = draw(st.sampled_from(ZONES))
    period = Period(draw(st.integers(2025, 2028)), draw(st.integers(1, 12)), zone)
    span_s = int((period.end - period.start).total_seconds())
    margin = 3 * 86_400
    # Instants near local midnights matter most: mix arbitrary seconds with exact midnights.
    grid = day_grid(period)
    instant = st.one_of(
        st.integers(-margin, span_s + margin).map(lambda s: period.start + timedelta(seconds=s)),
        st.sampled_from(grid.bounds),
        st.sampled_from(grid.bounds).map(lambda b: b - timedelta(seconds=1)),
    )
    a, b = draw(instant), draw(instant)
    start, end = min(a, b), max(a, b)
    return period, start, draw(st.sampled_from([end, None]))


@settings(max_examples=300, deadline=None)
@given(period_and_interval())
def test_covered_days_match_the_definition(case: tuple[Period, datetime, datetime | None]) -> None:
    period, start, end = case
    assert covered_days(start, end, period) == naive_scan(start, end, period)


@settings(max_examples=200, deadline=None)
@given(period_and_interval())
def test_covered_seconds_match_the_definition(
    case: tuple[Period, datetime, datetime | None],
) -> None:
    period, start, end = case
    lo = max(start, period.start)
    hi = period.end if end is None else min(end, period.end)
    expected = max(Fraction(int((hi - lo).total_seconds())), Fraction(0))
    assert covered_seconds(start, end, period) == expected
    assert covered_seconds(start, end, period) <= period.seconds


def test_grid_is_cached_and_consistent() -> None:
    for zone in ZONES:
        period = Period(2026, 3, zone)
        grid = day_grid(period)
        assert grid is day_grid(Period(2026, 3, zone))
        assert grid.bounds[0] == period.start
        assert grid.bounds[-1] == period.end
        assert all(b.tzinfo is UTC for b in grid.bounds)
        assert [d for d, _s, _e in period.days()] == list(grid.dates)
