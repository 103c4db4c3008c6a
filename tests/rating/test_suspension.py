"""Suspended days (``suspended_days = skip``), wholesale while suspended, offline credits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cambill.core.periods import Period
from cambill.rating import BadInterval, Interval, rate_retail, rate_wholesale
from cambill.rating.offline import rate_offline_credits
from cambill.rating.suspension import split_suspended

from .helpers import at, price, tariff, utc

D = Decimal
APRIL = Period(2026, 4, "UTC")
MADRID = "Europe/Madrid"
MARCH_MADRID = Period(2026, 3, MADRID)  # 31 days less one hour (DST on 29 March)


def t30() -> dict:
    return {"T30": tariff("T30", "30.00", REC=1, ARCH=2)}


def whole_april(account: str = "acc") -> list[Interval]:
    return [Interval("c1", account, "T30", utc(2026, 3, 1), None)]


SUSPENDED = {"acc": [(utc(2026, 4, 11), utc(2026, 4, 21))]}


def retail(intervals, suspensions=None, proration="day", period=APRIL, tariffs=None):
    return rate_retail(
        period=period,
        intervals=intervals,
        tariffs=tariffs or t30(),
        proration=proration,
        currency="USD",
        account_trial_until={},
        account_suspensions=suspensions,
    )


def test_skip_example_day_proration() -> None:
    lines = retail(whole_april(), SUSPENDED)
    assert [(ln.first_day, ln.last_day, ln.days, ln.amount) for ln in lines] == [
        (date(2026, 4, 1), date(2026, 4, 10), 10, D("10.00")),
        (date(2026, 4, 21), date(2026, 4, 30), 10, D("10.00")),
    ]
    assert sum(ln.amount for ln in lines) == D("20.00")


def test_bill_is_todays_behaviour() -> None:
    assert [ln.amount for ln in retail(whole_april())] == [D("30.00")]
    assert [ln.amount for ln in retail(whole_april(), {})] == [D("30.00")]


def test_day_suspended_at_its_end_is_skipped() -> None:
    # Suspended 11 April 15:00, resumed 21 April 09:00: days 11..20 are suspended
    # at their end (10 days), 21 April is active at its end.
    lines = retail(whole_april(), {"acc": [(utc(2026, 4, 11, 15), utc(2026, 4, 21, 9))]})
    assert sum(ln.amount for ln in lines) == D("20.00")
    assert [ln.days for ln in lines] == [10, 10]


def test_open_suspension_and_other_accounts() -> None:
    ivs = [*whole_april(), Interval("c2", "other", "T30", utc(2026, 1, 1), None)]
    lines = retail(ivs, {"acc": [(utc(2026, 4, 26), None)]})
    assert [(ln.camera, ln.amount) for ln in lines] == [("c1", D("25.00")), ("c2", D("30.00"))]


def test_second_proration_dst_month() -> None:
    # March 2026 in Madrid: 743 hours. Suspended 10 March 00:00 to 20 March 00:00
    # local = 240 hours not charged: 1-9 March 216 h (8.72), 20-31 March 287 h (11.59).
    ivs = [Interval("c1", "acc", "T30", at(MADRID, 2026, 2, 1), None)]
    sus = {"acc": [(at(MADRID, 2026, 3, 10), at(MADRID, 2026, 3, 20))]}
    lines = retail(ivs, sus, proration="second", period=MARCH_MADRID)
    assert [ln.amount for ln in lines] == [D("8.72"), D("11.59")]
    assert sum(ln.amount for ln in lines) == D("20.31")
    # 'bill': the whole DST month.
    assert [ln.amount for ln in retail(ivs, proration="second", period=MARCH_MADRID)] == [
        D("30.00")
    ]


def test_overlapping_suspensions_refused() -> None:
    with pytest.raises(BadInterval):
        retail(
            whole_april(), {"acc": [(utc(2026, 4, 1), None), (utc(2026, 4, 5), utc(2026, 4, 6))]}
        )


def test_split_keeps_unsuspended_intervals_unchanged() -> None:
    ivs = whole_april("other")
    active, paused = split_suspended(ivs, SUSPENDED)
    assert active[0] is ivs[0] and paused == []


def test_wholesale_keeps_only_flagged_services_while_suspended() -> None:
    # REC 3.00 and ARCH 1.00 per unit-month; REC x1 and ARCH x2 per camera.
    result = rate_wholesale(
        period=APRIL,
        intervals=whole_april(),
        tariffs=t30(),
        proration="day",
        currency="USD",
        service_prices={"REC": price("3.00"), "ARCH": price("1.00")},
        discount_percent=D(0),
        cloud_trial_until=None,
        account_suspensions=SUSPENDED,
        billed_while_suspended={"ARCH"},
    )
    # REC: 20 days x 1 / 30 x 3.00 = 2.00; ARCH: 30 days x 2 / 30 x 1.00 = 2.00.
    assert {ln.service: (ln.unit_days, ln.amount) for ln in result.lines} == {
        "REC": (D(20), D("2.00")),
        "ARCH": (D(60), D("2.00")),
    }
    assert result.net == D("4.00")


def test_offline_credit_day_proration() -> None:
    lines = retail(whole_april(), SUSPENDED)
    offline = {
        "c1": {
            date(2026, 4, 2): 4 * 3600,  # at the threshold: credited
            date(2026, 4, 3): 4 * 3600 - 1,  # under: not credited
            date(2026, 4, 12): 86400,  # suspended and skipped: nothing to credit
            date(2026, 4, 25): 5 * 3600,
        }
    }
    credits = rate_offline_credits(
        period=APRIL,
        lines=lines,
        offline_seconds=offline,
        threshold_hours=4,
        proration="day",
        currency="USD",
    )
    assert [(c.camera, c.days, c.dates, c.amount) for c in credits] == [
        ("c1", 2, (date(2026, 4, 2), date(2026, 4, 25)), D("-2.00"))
    ]
    assert (
        rate_offline_credits(
            period=APRIL,
            lines=lines,
            offline_seconds=offline,
            threshold_hours=None,
            proration="day",
            currency="USD",
        )
        == []
    )


def test_offline_credit_rounded_once() -> None:
    # T10 = 10.00 over 30 days: one day is 0.3333...; three days 1.00, not 3 x 0.33.
    tariffs = {"T10": tariff("T10", "10.00")}
    lines = retail([Interval("c1", "acc", "T10", utc(2026, 1, 1), None)], tariffs=tariffs)
    days = {date(2026, 4, d): 86400 for d in (5, 6, 7)}
    credits = rate_offline_credits(
        period=APRIL,
        lines=lines,
        offline_seconds={"c1": days},
        threshold_hours=12,
        proration="day",
        currency="USD",
    )
    assert [(c.days, c.amount) for c in credits] == [(3, D("-1.00"))]


def test_offline_credit_second_proration_dst_day() -> None:
    # 29 March 2026 in Madrid has 23 hours: 30.00 x 23 / 743 = 0.9286... -> 0.93.
    ivs = [Interval("c1", "acc", "T30", at(MADRID, 2026, 2, 1), None)]
    lines = retail(ivs, proration="second", period=MARCH_MADRID)
    credits = rate_offline_credits(
        period=MARCH_MADRID,
        lines=lines,
        offline_seconds={"c1": {date(2026, 3, 29): 20 * 3600}},
        threshold_hours=20,
        proration="second",
        currency="USD",
    )
    assert [(c.days, c.amount) for c in credits] == [(1, D("-0.93"))]
