"""The self-service tariff change preview: the rest of the period and the next
month, old against new, computed by the retail rating (exact amounts)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from cambill.rating.tariff_change import preview_tariff_change

from .helpers import at, prices, tariff, utc

D = Decimal
TARIFFS = {"t10": tariff("T10", "10.00"), "t20": tariff("T20", "20.00")}


def _preview(when, **kw):  # type: ignore[no-untyped-def]
    args = {
        "at": when,
        "tz_name": "UTC",
        "old": "t10",
        "new": "t20",
        "tariffs": TARIFFS,
        "proration": "day",
        "currency": "USD",
    }
    args.update(kw)
    return preview_tariff_change(**args)


def test_day_proration_rest_of_april_and_may() -> None:
    p = _preview(utc(2026, 4, 11))
    rest = p.rest_of_period
    assert (rest.period, rest.first_day, rest.last_day) == (
        "2026-04",
        date(2026, 4, 11),
        date(2026, 4, 30),
    )
    # 20 of April's 30 days: 10.00 x 20/30 = 6.67, 20.00 x 20/30 = 13.33
    assert (rest.old.amount, rest.new.amount, rest.difference) == (D("6.67"), D("13.33"), D("6.66"))
    assert (rest.old.days, rest.new.days) == (20, 20)
    assert (rest.old.tariff, rest.new.tariff) == ("T10", "T20")
    month = p.next_month
    assert month.period == "2026-05"
    assert (month.old.amount, month.new.amount, month.difference) == (
        D("10.00"),
        D("20.00"),
        D("10.00"),
    )


def test_day_proration_the_day_of_the_change_is_billed_at_the_new_tariff() -> None:
    # 11 April 12:00: the day ends under T20, so it is T20's (as on the invoice)
    rest = _preview(utc(2026, 4, 11, 12)).rest_of_period
    assert (rest.old.amount, rest.new.amount) == (D("6.67"), D("13.33"))


def test_second_proration_counts_the_seconds_left() -> None:
    # 19.5 of 30 days left: 10.00 x 19.5/30 = 6.50, 20.00 x 19.5/30 = 13.00
    rest = _preview(utc(2026, 4, 11, 12), proration="second").rest_of_period
    assert (rest.old.amount, rest.new.amount, rest.difference) == (D("6.50"), D("13.00"), D("6.50"))


def test_local_month_of_the_cloud() -> None:
    # 31 March 22:00 in Bogota is 1 April 03:00 UTC: the rest of March is one day
    p = _preview(at("America/Bogota", 2026, 3, 31, 22), tz_name="America/Bogota")
    assert p.rest_of_period.period == "2026-03"
    assert (p.rest_of_period.old.amount, p.rest_of_period.new.amount) == (D("0.32"), D("0.65"))
    assert p.next_month.period == "2026-04"


def test_trial_days_are_free_on_both_sides() -> None:
    # trial until 16 April: days 11-15 free, 15 days charged
    rest = _preview(utc(2026, 4, 11), trial_until=utc(2026, 4, 16)).rest_of_period
    assert (rest.old.amount, rest.new.amount, rest.old.days) == (D("5.00"), D("10.00"), 15)


def test_effective_dated_price_and_no_old_tariff() -> None:
    tariffs = {
        **TARIFFS,
        "t20": tariff("T20", prices((date(2020, 1, 1), "20.00"), (date(2026, 5, 1), "24.00"))),
    }
    p = _preview(utc(2026, 4, 21), old=None, tariffs=tariffs)
    assert p.rest_of_period.old.amount == D("0")
    assert p.rest_of_period.old.tariff is None
    assert p.rest_of_period.new.amount == D("6.67")  # 20.00 x 10/30
    assert p.next_month.new.amount == D("24.00")
    assert p.next_month.new.unit_price == D("24.00")
