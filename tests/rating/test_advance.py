"""The pure functions of billing in advance (cambill.rating.advance)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cambill.core.periods import Period
from cambill.rating import Interval, MissingPrice, UnknownTariff
from cambill.rating.advance import held_at_start, rate_advance, rate_true_up

from .helpers import at, prices, tariff, utc

APRIL = Period(2026, 4, "UTC")
TARIFFS = {"T10": tariff("T10", "10.00"), "T20": tariff("T20", "20.00")}


def iv(cam: str, t: str, start, end=None, acc: str = "a"):  # type: ignore[no-untyped-def]
    return Interval(camera=cam, account=acc, tariff=t, start=start, end=end)


def advance(intervals, proration="day", trials=None, tariffs=TARIFFS, period=APRIL):  # type: ignore[no-untyped-def]
    return rate_advance(
        period=period,
        intervals=intervals,
        tariffs=tariffs,
        proration=proration,
        currency="USD",
        account_trial_until=trials or {},
    )


def test_held_at_the_local_start_only() -> None:
    ivs = [
        iv("c1", "T10", utc(2026, 4, 1)),  # starts at the start: held
        iv("c2", "T10", utc(2026, 3, 1), utc(2026, 4, 1)),  # ends at the start: not held
        iv("c3", "T10", utc(2026, 4, 1, 0, 0, 1)),  # a second late: not held
        iv("c4", "T20", utc(2026, 2, 1), utc(2026, 4, 2)),  # held, removed the next day
    ]
    assert [i.camera for i in held_at_start(ivs, APRIL)] == ["c1", "c4"]
    lines = advance(ivs)
    # The full month ahead, whatever happens later in it (the true-up's business).
    assert [(ln.camera, ln.days, ln.amount) for ln in lines] == [
        ("c1", 30, Decimal("10.00")),
        ("c4", 30, Decimal("20.00")),
    ]


def test_the_price_of_the_first_day_for_the_whole_month() -> None:
    t = {"T": tariff("T", prices((date(2020, 1, 1), "10.00"), (date(2026, 4, 16), "30.00")))}
    lines = advance([iv("c1", "T", utc(2026, 1, 1))], tariffs=t)
    assert [(ln.unit_price, ln.amount) for ln in lines] == [(Decimal("10.00"), Decimal("10.00"))]


def test_trial_days_are_not_charged_day_and_second() -> None:
    ivs = [iv("c1", "T20", utc(2026, 1, 1), acc="t"), iv("c2", "T10", utc(2026, 1, 1), acc="n")]
    trials = {"t": utc(2026, 4, 11, 12), "n": utc(2026, 3, 1)}  # "n": trial over before April
    # day: days 1-10 end before the trial ends; day 11 (trial ends during it) is charged
    day = advance(ivs, trials=trials)
    assert [(ln.camera, ln.days, ln.trial_days, ln.amount) for ln in day] == [
        ("c2", 30, 0, Decimal("10.00")),
        ("c1", 20, 10, Decimal("13.33")),  # 20 x 20/30
    ]
    assert day[1].first_day == date(2026, 4, 11)
    # second: 19.5 days of 30 charged: 20 x 19.5/30 = 13.00
    sec = advance(ivs, proration="second", trials=trials)
    assert [(ln.camera, ln.amount) for ln in sec] == [
        ("c2", Decimal("10.00")),
        ("c1", Decimal("13.00")),
    ]


def test_a_dst_month_in_second_proration_is_one_full_month() -> None:
    march = Period(2026, 3, "Europe/Madrid")  # 743 hours
    lines = advance(
        [iv("c1", "T10", at("Europe/Madrid", 2026, 2, 1))], proration="second", period=march
    )
    assert [(ln.quantity, ln.amount) for ln in lines] == [(1, Decimal("10.00"))]


def test_unknown_tariff_and_missing_price_are_errors() -> None:
    with pytest.raises(UnknownTariff):
        advance([iv("c1", "NOPE", utc(2026, 1, 1))])
    t = {"T": tariff("T", prices((date(2026, 5, 1), "10.00")))}
    with pytest.raises(MissingPrice):
        advance([iv("c1", "T", utc(2026, 1, 1))], tariffs=t)


def test_true_up_reverses_what_was_charged_ahead_and_skips_settled_accounts() -> None:
    ivs = [
        iv("c1", "T10", utc(2026, 4, 1), utc(2026, 4, 11)),
        iv("c1", "T20", utc(2026, 4, 11)),
        iv("c2", "T10", utc(2026, 4, 16)),
        iv("c9", "T10", utc(2026, 4, 1), acc="done"),
    ]
    result = rate_true_up(
        period=APRIL,
        intervals=ivs,
        tariffs=TARIFFS,
        proration="day",
        currency="USD",
        account_trial_until={},
        charged_in_advance={
            ("a", "c1"): ("T10", Decimal("10.00")),
            ("done", "c9"): ("T10", Decimal("10.00")),
            ("a", "c3"): ("T10", Decimal("0")),  # nothing charged: no line
        },
        settled={"done"},
    )
    assert [(ln.camera, ln.amount) for ln in result.lines] == [
        ("c1", Decimal("3.33")),
        ("c1", Decimal("13.33")),
        ("c2", Decimal("5.00")),
    ]
    assert [(r.camera, r.tariff, r.amount) for r in result.reversals] == [
        ("c1", "T10", Decimal("-10.00"))
    ]
    total = sum(ln.amount for ln in result.lines) + sum(r.amount for r in result.reversals)
    assert total == Decimal("11.66")  # with May's 30.00 ahead: the 41.66
