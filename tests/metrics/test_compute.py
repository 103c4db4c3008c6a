"""The pure functions behind the figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from cambill.metrics.compute import (
    age_bucket,
    covered_span,
    month_usage,
    per_unit,
    wholesale_month,
)
from tests.conftest import utc
from tests.invoicing.helpers import local

BOG = ZoneInfo("America/Bogota")


def test_wholesale_month_rounds_each_service_line_then_the_discount() -> None:
    # The worked example's cameras at the end of March, a full month each:
    # A and C on TRAFFIC7, B on HOME3: REC_DAY 17 unit-months, LPR 2.
    prices = {"REC_DAY": Decimal("0.30"), "LPR": Decimal("4.00")}
    mrr = wholesale_month({"REC_DAY": 17, "LPR": 2}, prices, Decimal("10"), "USD")
    assert mrr == Decimal("11.79")  # 5.10 + 8.00 = 13.10, less 1.31


def test_wholesale_month_rounds_half_up_once_per_line() -> None:
    prices = {"X": Decimal("0.333333")}
    # 0.333333 x 3 = 0.999999 -> 1.00; discount 12.5 % of 1.00 = 0.125 -> 0.13
    assert wholesale_month({"X": 3}, prices, Decimal("12.5"), "USD") == Decimal("0.87")


def test_a_service_without_price_adds_nothing() -> None:
    assert wholesale_month({"X": 5}, {"X": None}, Decimal(0), "USD") == Decimal(0)


def test_per_unit_rounds_once_and_needs_units() -> None:
    assert per_unit(Decimal("12.60"), 4, "USD") == Decimal("3.15")
    assert per_unit(Decimal("10.00"), 3, "USD") == Decimal("3.33")
    assert per_unit(Decimal("10"), 3, "JPY") == Decimal("3")
    assert per_unit(Decimal("10.00"), 0, "USD") is None


def test_covered_span_follows_the_day_rule() -> None:
    # From local midnight: that day is covered; to local midnight: the day before is the last.
    assert covered_span(
        local("America/Bogota", 2026, 3, 10), local("America/Bogota", 2026, 3, 12), BOG
    ) == (
        date(2026, 3, 10),
        date(2026, 3, 11),
    )
    # A day is billed under the tariff held at its end: a change at noon gives that day to the new one.
    assert covered_span(
        local("America/Bogota", 2026, 3, 1), local("America/Bogota", 2026, 3, 16, 12), BOG
    ) == (date(2026, 3, 1), date(2026, 3, 15))
    assert covered_span(local("America/Bogota", 2026, 3, 16, 12), None, BOG) == (
        date(2026, 3, 16),
        None,
    )
    # Within one day: nothing.
    assert (
        covered_span(
            local("America/Bogota", 2026, 3, 16, 1), local("America/Bogota", 2026, 3, 16, 9), BOG
        )
        is None
    )


def test_month_usage_counts_distinct_cameras_and_days_up_to_a_date() -> None:
    months = [(date(2026, 2, 1), date(2026, 3, 1)), (date(2026, 3, 1), date(2026, 4, 1))]
    intervals = [
        (1, local("America/Bogota", 2026, 2, 20), local("America/Bogota", 2026, 3, 5)),
        (1, local("America/Bogota", 2026, 3, 5), None),
        (2, local("America/Bogota", 2026, 3, 10, 12), None),
    ]
    feb, mar = month_usage(intervals, months, BOG, until=date(2026, 3, 20))
    assert (len(feb.cameras), feb.camera_days) == (1, 9)  # 20..28 Feb
    # camera 1: 1..4 and 5..19 March = 19; camera 2: 10..19 = 10
    assert (len(mar.cameras), mar.camera_days) == (2, 29)


def test_age_buckets_by_whole_days_past_due() -> None:
    due = utc(2026, 3, 1, 12)
    assert age_bucket(due, utc(2026, 3, 1, 11)) == "not_due"
    assert age_bucket(due, utc(2026, 3, 1, 12)) == "0-30"
    assert age_bucket(due, utc(2026, 3, 31, 12)) == "0-30"  # 30 days
    assert age_bucket(due, utc(2026, 4, 1, 12)) == "31-60"  # 31 days
    assert age_bucket(due, utc(2026, 4, 30, 12)) == "31-60"  # 60 days
    assert age_bucket(due, utc(2026, 5, 1, 12)) == "61-90"  # 61 days
    assert age_bucket(due, utc(2026, 5, 30, 12)) == "61-90"  # 90 days
    assert age_bucket(due, utc(2026, 5, 31, 12)) == "90+"  # 91 days
