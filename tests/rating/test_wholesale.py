"""Wholesale rating scenarios with exact amounts."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from cambill.core.periods import Period
from cambill.rating import (
    Interval,
    MissingPrice,
    PricePoint,
    RatingError,
    WholesaleResult,
    rate_retail,
    rate_wholesale,
)

from .helpers import (
    BOGOTA,
    LONG_AGO,
    MARCH,
    acme_intervals,
    at,
    price,
    prices,
    tariff,
    telenet_service_prices,
    telenet_tariffs,
)

D = Decimal


def rate(
    intervals: list[Interval],
    *,
    period: Period = MARCH,
    proration: str = "day",
    currency: str = "USD",
    service_prices: dict[str, tuple[PricePoint, ...]] | None = None,
    discount: str = "10",
    cloud_trial_until: datetime | None = None,
    tariffs=None,
) -> WholesaleResult:
    return rate_wholesale(
        period=period,
        intervals=intervals,
        tariffs=tariffs or telenet_tariffs(),
        proration=proration,  # type: ignore[arg-type]
        currency=currency,
        service_prices=service_prices or telenet_service_prices(),
        discount_percent=D(discount),
        cloud_trial_until=cloud_trial_until,
    )


def summary(result: WholesaleResult) -> list[tuple]:
    return [
        (ln.service, ln.first_day.day, ln.last_day.day, ln.unit_days, ln.unit_price, ln.amount)
        for ln in result.lines
    ]


A_FULL = [Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2026, 1, 1), None)]


def test_second_proration_matches_day_for_whole_days_without_dst() -> None:
    # Bogota has no DST and every interval of the example starts at a midnight
    # or at 12:00; the 16 March noon change moves half a day between tariffs.
    result = rate(acme_intervals(), proration="second")
    assert summary(result) == [
        ("LPR", 1, 31, D("46.5000"), D("4.00"), D("6.00")),
        ("REC_DAY", 1, 31, D("438.0000"), D("0.30"), D("4.24")),
    ]
    assert result.lines[1].quantity == Fraction(438, 31)
    assert (result.lines_total, result.discount, result.net) == (D("10.24"), D("-1.02"), D("9.22"))


def test_service_price_change_mid_month() -> None:
    sp = {
        "REC_DAY": prices((LONG_AGO, "0.30"), (date(2026, 3, 16), "0.40")),
        "LPR": price("4.00"),
    }
    result = rate(acme_intervals(), service_prices=sp)
    # Unit-days 1-15: A 7x15 + B 3x6 + C 3x15 = 168; 16-31: A 7x16 + B 3x16 + C 7x16 = 272.
    assert summary(result) == [
        ("LPR", 1, 31, D("47"), D("4.00"), D("6.06")),
        ("REC_DAY", 1, 15, D("168"), D("0.30"), D("1.63")),
        ("REC_DAY", 16, 31, D("272"), D("0.40"), D("3.51")),
    ]
    assert (result.lines_total, result.discount, result.net) == (D("11.20"), D("-1.12"), D("10.08"))
    assert result.unit_days["REC_DAY"] == 440


def test_service_price_change_mid_month_second() -> None:
    sp = {"REC_DAY": prices((LONG_AGO, "0.30"), (date(2026, 3, 16), "0.40")), "LPR": price("4.00")}
    result = rate(
        [Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2026, 3, 15, 12), None)],
        service_prices=sp,
        proration="second",
    )
    # Half a day of REC_DAY x 7 at 0.30, then 16 days at 0.40.
    assert summary(result) == [
        ("LPR", 1, 31, D("16.5000"), D("4.00"), D("2.13")),
        ("REC_DAY", 1, 15, D("3.5000"), D("0.30"), D("0.03")),
        ("REC_DAY", 16, 31, D("112.0000"), D("0.40"), D("1.45")),
    ]


def test_subscriber_trial_does_not_waive_wholesale() -> None:
    intervals = acme_intervals()
    retail = rate_retail(
        period=MARCH,
        intervals=intervals,
        tariffs=telenet_tariffs(),
        proration="day",
        currency="USD",
        account_trial_until={"acme": at(BOGOTA, 2026, 4, 1)},
    )
    assert retail == []  # the subscriber pays nothing in March...
    result = rate(intervals)  # ...but the cloud still owes the provider the full example
    assert result.net == D("9.29")


def test_cloud_trial_ending_mid_month_day() -> None:
    result = rate(A_FULL, cloud_trial_until=at(BOGOTA, 2026, 3, 10, 12))
    # Days 1-9 end before the cloud's trial ends and are waived; 10-31 are billed.
    assert summary(result) == [
        ("LPR", 1, 31, D("22"), D("4.00"), D("2.84")),
        ("REC_DAY", 1, 31, D("154"), D("0.30"), D("1.49")),
    ]
    usage = {u.service: (u.unit_days, u.trial_unit_days) for u in result.usage}
    assert usage == {"LPR": (D("22"), D("9")), "REC_DAY": (D("154"), D("63"))}
    assert (result.lines_total, result.discount, result.net) == (D("4.33"), D("-0.43"), D("3.90"))


def test_cloud_trial_ending_mid_month_second() -> None:
    result = rate(A_FULL, cloud_trial_until=at(BOGOTA, 2026, 3, 10, 12), proration="second")
    assert summary(result) == [
        ("LPR", 1, 31, D("21.5000"), D("4.00"), D("2.77")),
        ("REC_DAY", 1, 31, D("150.5000"), D("0.30"), D("1.46")),
    ]
    usage = {u.service: u.trial_unit_days for u in result.usage}
    assert usage == {"LPR": D("9.5000"), "REC_DAY": D("66.5000")}


def test_cloud_trial_over_whole_period_leaves_no_lines() -> None:
    result = rate(acme_intervals(), cloud_trial_until=at(BOGOTA, 2026, 5, 1))
    assert result.lines == ()
    assert (result.lines_total, result.discount, result.net) == (D("0.00"), D("0.00"), D("0.00"))
    assert {u.service: u.trial_unit_days for u in result.usage} == {
        "LPR": D("47"),
        "REC_DAY": D("440"),
    }


def test_moving_a_camera_between_accounts_changes_nothing_wholesale() -> None:
    move = at(BOGOTA, 2026, 3, 10, 15)
    moved = [
        Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2026, 1, 1), move),
        Interval("A", "beta", "TRAFFIC7", move, None),
    ]
    assert summary(rate(moved)) == summary(rate(A_FULL))
    assert rate(moved).unit_days == {"LPR": D("31"), "REC_DAY": D("217")}


def test_madrid_dst_months() -> None:
    for month, seconds in ((3, 2_674_800), (10, 2_682_000)):
        period = Period(2026, month, "Europe/Madrid")
        whole = [Interval("A", "acme", "TRAFFIC7", at("Europe/Madrid", 2026, 1, 1), None)]
        for proration in ("day", "second"):
            result = rate(whole, period=period, proration=proration)
            # A whole month is a whole month, whatever the length of its days.
            assert [ln.quantity for ln in result.lines] == [Fraction(1), Fraction(7)]
            # LPR 4.00 + REC_DAY 7 x 0.30 = 6.10, less 10 % (0.61).
            assert result.net == D("5.49")
        assert period.seconds == seconds


def test_jpy_and_kwd() -> None:
    jpy = rate(
        [Interval("A", "yamada", "CAM", at(BOGOTA, 2026, 3, 22), None)],
        tariffs={"CAM": tariff("CAM", "1000", REC_DAY=7)},
        service_prices={"REC_DAY": price("30")},
        currency="JPY",
    )
    # 70 unit-days / 31 x 30 = 67.74 -> 68; discount 10 % of 68 = 6.8 -> 7.
    assert summary(jpy) == [("REC_DAY", 1, 31, D("70"), D("30"), D("68"))]
    assert (jpy.discount, jpy.net) == (D("-7"), D("61"))
    kwd = rate(
        [Interval("A", "sabah", "CAM", at(BOGOTA, 2026, 3, 22), None)],
        tariffs={"CAM": tariff("CAM", "3.500", REC_DAY=7)},
        service_prices={"REC_DAY": price("0.095")},
        currency="KWD",
    )
    # 70/31 x 0.095 = 0.214516 -> 0.215; 10 % = 0.0215 -> 0.022.
    assert summary(kwd) == [("REC_DAY", 1, 31, D("70"), D("0.095"), D("0.215"))]
    assert (kwd.discount, kwd.net) == (D("-0.022"), D("0.193"))


@pytest.mark.parametrize(
    ("percent", "discount", "net"), [("0", "0.00", "10.32"), ("100", "-10.32", "0.00")]
)
def test_discount_0_and_100(percent: str, discount: str, net: str) -> None:
    result = rate(acme_intervals(), discount=percent)
    assert (result.lines_total, result.discount, result.net) == (D("10.32"), D(discount), D(net))
    assert str(result.discount) == discount  # never "-0.00"


def test_refusals() -> None:
    with pytest.raises(MissingPrice, match="LPR"):
        rate(A_FULL, service_prices={"REC_DAY": price("0.30")})
    with pytest.raises(RatingError, match="0-100"):
        rate(A_FULL, discount="101")
    # A service nobody used needs no price.
    only_rec = {"HOME3": tariff("HOME3", "3.00", REC_DAY=3)}
    ok = rate(
        [Interval("B", "acme", "HOME3", at(BOGOTA, 2026, 1, 1), None)],
        tariffs=only_rec,
        service_prices={"REC_DAY": price("0.30")},
    )
    assert summary(ok) == [("REC_DAY", 1, 31, D("93"), D("0.30"), D("0.90"))]
