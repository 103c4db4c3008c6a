"""Retail rating scenarios with exact amounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from cambill.core.periods import Period
from cambill.rating import (
    BadInterval,
    Interval,
    MissingPrice,
    RatingError,
    RetailLine,
    Tariff,
    UnknownTariff,
    invoice_totals,
    rate_retail,
    rate_retail_detailed,
)

from .helpers import (
    BOGOTA,
    LONG_AGO,
    MARCH,
    at,
    prices,
    tariff,
    telenet_tariffs,
    utc,
)

D = Decimal
MADRID = "Europe/Madrid"


def rate(
    intervals: list[Interval],
    *,
    period: Period = MARCH,
    tariffs: dict[str, Tariff] | None = None,
    proration: str = "day",
    currency: str = "USD",
    trials: dict | None = None,
) -> list[RetailLine]:
    return rate_retail(
        period=period,
        intervals=intervals,
        tariffs=tariffs or telenet_tariffs(),
        proration=proration,  # type: ignore[arg-type]
        currency=currency,
        account_trial_until=trials or {},
    )


def summary(lines: list[RetailLine]) -> list[tuple]:
    return [
        (ln.account, ln.camera, ln.tariff, ln.first_day.day, ln.last_day.day, ln.days, ln.amount)
        for ln in lines
    ]


class TestTariffChanges:
    def test_change_at_local_midnight(self) -> None:
        change = at(BOGOTA, 2026, 3, 17)
        lines = rate(
            [
                Interval("C", "acme", "HOME3", at(BOGOTA, 2026, 3, 1), change),
                Interval("C", "acme", "TRAFFIC7", change, None),
            ]
        )
        # HOME3 holds 16 March at its end (midnight belongs to the interval ending there).
        assert summary(lines) == [
            ("acme", "C", "HOME3", 1, 16, 16, D("1.55")),
            ("acme", "C", "TRAFFIC7", 17, 31, 15, D("5.81")),
        ]

    def test_change_at_23_59(self) -> None:
        change = at(BOGOTA, 2026, 3, 16, 23, 59)
        lines = rate(
            [
                Interval("C", "acme", "HOME3", at(BOGOTA, 2026, 3, 1), change),
                Interval("C", "acme", "TRAFFIC7", change, None),
            ]
        )
        # At the end of 16 March the camera holds TRAFFIC7: the whole day is TRAFFIC7.
        assert summary(lines) == [
            ("acme", "C", "HOME3", 1, 15, 15, D("1.45")),
            ("acme", "C", "TRAFFIC7", 16, 31, 16, D("6.19")),
        ]

    def test_camera_moved_to_another_account_at_the_same_tariff(self) -> None:
        move = at(BOGOTA, 2026, 3, 10, 15)
        lines = rate(
            [
                Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2025, 12, 1), move),
                Interval("A", "beta", "TRAFFIC7", move, None),
            ]
        )
        # Touching intervals of one camera and tariff stay two lines: the account differs.
        assert summary(lines) == [
            ("acme", "A", "TRAFFIC7", 1, 9, 9, D("3.48")),
            ("beta", "A", "TRAFFIC7", 10, 31, 22, D("8.52")),
        ]
        assert sum(ln.days for ln in lines) == 31

    def test_removed_and_re_added_the_same_month(self) -> None:
        lines = rate(
            [
                Interval("E", "acme", "HOME3", at(BOGOTA, 2026, 1, 1), at(BOGOTA, 2026, 3, 10, 12)),
                Interval("E", "acme", "HOME3", at(BOGOTA, 2026, 3, 20, 9), None),
            ]
        )
        assert summary(lines) == [
            ("acme", "E", "HOME3", 1, 9, 9, D("0.87")),
            ("acme", "E", "HOME3", 20, 31, 12, D("1.16")),
        ]

    def test_removed_and_re_added_the_same_day(self) -> None:
        lines = rate(
            [
                Interval("E", "acme", "HOME3", at(BOGOTA, 2026, 1, 1), at(BOGOTA, 2026, 3, 10, 12)),
                Interval("E", "acme", "HOME3", at(BOGOTA, 2026, 3, 10, 15), None),
            ]
        )
        assert summary(lines) == [
            ("acme", "E", "HOME3", 1, 9, 9, D("0.87")),
            ("acme", "E", "HOME3", 10, 31, 22, D("2.13")),
        ]
        assert sum(ln.amount for ln in lines) == D("3.00")

    def test_interval_inside_one_day_bills_nothing(self) -> None:
        assert (
            rate(
                [
                    Interval(
                        "X", "acme", "HOME3", at(BOGOTA, 2026, 3, 5, 8), at(BOGOTA, 2026, 3, 5, 20)
                    )
                ]
            )
            == []
        )


class TestPriceChange:
    prices = prices((LONG_AGO, "12.00"), (date(2026, 3, 16), "15.50"))

    def test_line_splits_at_the_local_midnight_of_the_new_price(self) -> None:
        lines = rate(
            [Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2026, 1, 1), None)],
            tariffs=telenet_tariffs(self.prices),
        )
        assert summary(lines) == [
            ("acme", "A", "TRAFFIC7", 1, 15, 15, D("5.81")),
            ("acme", "A", "TRAFFIC7", 16, 31, 16, D("8.00")),
        ]
        assert [ln.unit_price for ln in lines] == [D("12.00"), D("15.50")]
        assert lines[0].end == lines[1].start == at(BOGOTA, 2026, 3, 16)

    def test_day_priced_at_the_start_of_the_day(self) -> None:
        # Starts 15 March 23:00: 15 March is billed (held at its end) at the price
        # in effect at its start, 12.00.
        lines = rate(
            [Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2026, 3, 15, 23), None)],
            tariffs=telenet_tariffs(self.prices),
        )
        assert summary(lines) == [
            ("acme", "A", "TRAFFIC7", 15, 15, 1, D("0.39")),
            ("acme", "A", "TRAFFIC7", 16, 31, 16, D("8.00")),
        ]

    def test_interval_after_the_change_has_one_line(self) -> None:
        lines = rate(
            [Interval("C", "acme", "TRAFFIC7", at(BOGOTA, 2026, 3, 16, 12), None)],
            tariffs=telenet_tariffs(self.prices),
        )
        assert summary(lines) == [("acme", "C", "TRAFFIC7", 16, 31, 16, D("8.00"))]

    def test_second_proration(self) -> None:
        lines = rate(
            [Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2026, 3, 15, 12), None)],
            tariffs=telenet_tariffs(self.prices),
            proration="second",
        )
        # Half a day at 12.00 (12 x 0.5/31), then 16 days at 15.50.
        assert [(ln.days, ln.unit_price, ln.amount) for ln in lines] == [
            (D("0.5000"), D("12.00"), D("0.19")),
            (D("16.0000"), D("15.50"), D("8.00")),
        ]
        assert lines[0].quantity == Fraction(1, 62)

    def test_missing_price_is_an_error(self) -> None:
        late = {"NEW": tariff("NEW", prices((date(2026, 3, 10), "5.00")))}
        with pytest.raises(MissingPrice, match="2026-03-09"):
            rate([Interval("N", "acme", "NEW", at(BOGOTA, 2026, 3, 9, 23), None)], tariffs=late)
        lines = rate([Interval("N", "acme", "NEW", at(BOGOTA, 2026, 3, 10), None)], tariffs=late)
        assert summary(lines) == [("acme", "N", "NEW", 10, 31, 22, D("3.55"))]


class TestTrial:
    def test_trial_ending_mid_month_day(self) -> None:
        result = rate_retail_detailed(
            period=MARCH,
            intervals=[
                Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2026, 1, 1), None),
                # Fully inside the trial: free, so no invoice line at all.
                Interval(
                    "D", "acme", "HOME3", at(BOGOTA, 2026, 3, 2, 8), at(BOGOTA, 2026, 3, 6, 8)
                ),
            ],
            tariffs=telenet_tariffs(),
            proration="day",
            currency="USD",
            account_trial_until={"acme": at(BOGOTA, 2026, 3, 10, 12)},
        )
        # 1-9 March end before the trial ends: free. 10 March ends after: charged in full.
        assert summary(list(result.lines)) == [("acme", "A", "TRAFFIC7", 10, 31, 22, D("8.52"))]
        assert result.lines[0].trial_days == 9
        assert result.lines[0].start == at(BOGOTA, 2026, 3, 10)
        trial = [
            (t.camera, t.first_day.day, t.last_day.day, t.days, t.waived_amount)
            for t in result.trial
        ]
        assert trial == [("A", 1, 9, 9, D("3.48")), ("D", 2, 5, 4, D("0.39"))]
        assert result.trial[0].end == at(BOGOTA, 2026, 3, 10)

    @pytest.mark.parametrize(
        ("until", "free_days"),
        [
            (at(BOGOTA, 2026, 3, 10), 9),  # ends at a midnight: 9 March ends exactly then
            (at(BOGOTA, 2026, 3, 9, 23, 59), 8),  # 9 March ends after the trial
            (at(BOGOTA, 2026, 2, 20), 0),  # over before the period
            (at(BOGOTA, 2026, 4, 1), 31),  # covers the whole period
            (None, 0),
        ],
    )
    def test_trial_boundary(self, until, free_days: int) -> None:
        result = rate_retail_detailed(
            period=MARCH,
            intervals=[Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2026, 1, 1), None)],
            tariffs=telenet_tariffs(),
            proration="day",
            currency="USD",
            account_trial_until={"acme": until},
        )
        assert sum(t.days for t in result.trial) == free_days
        assert sum(ln.days for ln in result.lines) == 31 - free_days
        if free_days == 31:
            assert result.lines == ()

    def test_trial_is_per_account(self) -> None:
        lines = rate(
            [
                Interval("A", "acme", "HOME3", at(BOGOTA, 2026, 1, 1), None),
                Interval("B", "beta", "HOME3", at(BOGOTA, 2026, 1, 1), None),
            ],
            trials={"acme": at(BOGOTA, 2026, 4, 1)},
        )
        assert summary(lines) == [("beta", "B", "HOME3", 1, 31, 31, D("3.00"))]

    def test_trial_ending_mid_month_second(self) -> None:
        result = rate_retail_detailed(
            period=MARCH,
            intervals=[Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2026, 1, 1), None)],
            tariffs=telenet_tariffs(),
            proration="second",
            currency="USD",
            account_trial_until={"acme": at(BOGOTA, 2026, 3, 10, 12)},
        )
        (line,) = result.lines
        # The seconds before 10 March 12:00 are free: 21.5 days of 31 are charged.
        assert (line.days, line.trial_days, line.amount) == (D("21.5000"), D("9.5000"), D("8.32"))
        assert line.quantity == Fraction(43, 62)
        assert line.start == at(BOGOTA, 2026, 3, 10, 12)
        assert line.first_day == date(2026, 3, 10)
        (free,) = result.trial
        assert (free.days, free.waived_amount, free.end) == (
            D("9.5000"),
            D("3.68"),
            at(BOGOTA, 2026, 3, 10, 12),
        )


class TestCalendar:
    def test_february_2028(self) -> None:
        feb = Period(2028, 2, BOGOTA)
        lines = rate(
            [
                Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2027, 1, 1), None),
                Interval("B", "acme", "TRAFFIC7", at(BOGOTA, 2028, 2, 10), None),
                Interval("C", "acme", "TRAFFIC7", at(BOGOTA, 2028, 1, 10), at(BOGOTA, 2028, 2, 15)),
                Interval("L", "acme", "TRAFFIC7", at(BOGOTA, 2028, 2, 29), at(BOGOTA, 2028, 3, 1)),
            ],
            period=feb,
        )
        assert summary(lines) == [
            ("acme", "A", "TRAFFIC7", 1, 29, 29, D("12.00")),
            ("acme", "B", "TRAFFIC7", 10, 29, 20, D("8.28")),
            ("acme", "C", "TRAFFIC7", 1, 14, 14, D("5.79")),
            ("acme", "L", "TRAFFIC7", 29, 29, 1, D("0.41")),
        ]
        assert lines[1].quantity == Fraction(20, 29)
        seconds = rate(
            [Interval("B", "acme", "TRAFFIC7", at(BOGOTA, 2028, 2, 10), None)],
            period=feb,
            proration="second",
        )
        assert [(ln.days, ln.quantity, ln.amount) for ln in seconds] == [
            (D("20.0000"), Fraction(20, 29), D("8.28"))
        ]

    def test_madrid_march_dst_day(self) -> None:
        march = Period(2026, 3, MADRID)
        change = at(MADRID, 2026, 3, 29, 12)
        intervals = [
            Interval("C", "acme", "HOME3", at(MADRID, 2026, 2, 1), change),
            Interval("C", "acme", "TRAFFIC7", change, None),
            Interval("N", "acme", "TRAFFIC7", at(MADRID, 2026, 3, 29), None),
        ]
        assert summary(rate(intervals, period=march)) == [
            ("acme", "C", "HOME3", 1, 28, 28, D("2.71")),
            ("acme", "C", "TRAFFIC7", 29, 31, 3, D("1.16")),
            ("acme", "N", "TRAFFIC7", 29, 31, 3, D("1.16")),
        ]
        # Seconds: 29 March has 23 hours and the month 2,674,800 seconds.
        lines = rate(intervals, period=march, proration="second")
        assert summary(lines) == [
            ("acme", "C", "HOME3", 1, 29, D("28.4583"), D("2.76")),
            ("acme", "C", "TRAFFIC7", 29, 31, D("2.5000"), D("0.97")),
            ("acme", "N", "TRAFFIC7", 29, 31, D("2.9583"), D("1.15")),
        ]
        assert lines[0].quantity == Fraction(2_458_800, 2_674_800)
        assert lines[2].quantity == Fraction(255_600, 2_674_800)

    def test_madrid_october_dst_day(self) -> None:
        october = Period(2026, 10, MADRID)
        change = utc(2026, 10, 25, 1, 30)  # the second 02:30 local, in CET
        intervals = [
            Interval("C", "acme", "HOME3", at(MADRID, 2026, 9, 1), change),
            Interval("C", "acme", "TRAFFIC7", change, None),
            Interval("N", "acme", "TRAFFIC7", at(MADRID, 2026, 10, 25), None),
            Interval("W", "acme", "TRAFFIC7", at(MADRID, 2026, 9, 1), None),
        ]
        assert summary(rate(intervals, period=october)) == [
            ("acme", "C", "HOME3", 1, 24, 24, D("2.32")),
            ("acme", "C", "TRAFFIC7", 25, 31, 7, D("2.71")),
            ("acme", "N", "TRAFFIC7", 25, 31, 7, D("2.71")),
            ("acme", "W", "TRAFFIC7", 1, 31, 31, D("12.00")),
        ]
        # Seconds: 25 October has 25 hours and the month 2,682,000 seconds.
        assert summary(rate(intervals, period=october, proration="second")) == [
            ("acme", "C", "HOME3", 1, 25, D("24.1458"), D("2.33")),
            ("acme", "C", "TRAFFIC7", 25, 31, D("6.8958"), D("2.67")),
            ("acme", "N", "TRAFFIC7", 25, 31, D("7.0417"), D("2.72")),
            ("acme", "W", "TRAFFIC7", 1, 31, D("31.0417"), D("12.00")),
        ]


class TestCurrencies:
    def test_jpy_has_no_minor_unit(self) -> None:
        tariffs = {"CAM": tariff("CAM", "1000", REC_DAY=7)}
        lines = rate(
            [Interval("A", "yamada", "CAM", at(BOGOTA, 2026, 3, 22), None)],
            tariffs=tariffs,
            currency="JPY",
        )
        assert [ln.amount for ln in lines] == [D("323")]  # 1000 x 10/31 = 322.58
        totals = invoice_totals([ln.amount for ln in lines], [], D("10"), "JPY")
        assert (totals.net, totals.tax, totals.total) == (D("323"), D("32"), D("355"))

    def test_kwd_has_three_decimals(self) -> None:
        tariffs = {"CAM": tariff("CAM", "3.500", REC_DAY=7)}
        lines = rate(
            [Interval("A", "sabah", "CAM", at(BOGOTA, 2026, 3, 22), None)],
            tariffs=tariffs,
            currency="KWD",
        )
        assert [ln.amount for ln in lines] == [D("1.129")]  # 3.5 x 10/31 = 1.12903
        totals = invoice_totals([ln.amount for ln in lines], [], D("5"), "KWD")
        assert (totals.tax, totals.total) == (D("0.056"), D("1.185"))

    def test_half_up_rounding_once(self) -> None:
        april = Period(2026, 4, BOGOTA)
        one_day = [Interval("A", "acme", "CAM", at(BOGOTA, 2026, 4, 30), None)]
        # 0.15 x 1/30 = 0.005 exactly -> 0.01; 15 JPY x 1/30 = 0.5 -> 1.
        usd = rate(one_day, period=april, tariffs={"CAM": tariff("CAM", "0.15")})
        jpy = rate(one_day, period=april, tariffs={"CAM": tariff("CAM", "15")}, currency="JPY")
        assert [ln.amount for ln in usd] == [D("0.01")]
        assert [ln.amount for ln in jpy] == [D("1")]


class TestRefusals:
    def test_unknown_tariff(self) -> None:
        with pytest.raises(UnknownTariff, match="GOLD"):
            rate([Interval("A", "acme", "GOLD", at(BOGOTA, 2026, 3, 1), None)])

    def test_overlapping_intervals(self) -> None:
        with pytest.raises(BadInterval, match="overlap"):
            rate(
                [
                    Interval("A", "acme", "HOME3", at(BOGOTA, 2026, 3, 1), at(BOGOTA, 2026, 3, 10)),
                    Interval("A", "acme", "TRAFFIC7", at(BOGOTA, 2026, 3, 9), None),
                ]
            )
        with pytest.raises(BadInterval, match="overlap"):
            rate(
                [
                    Interval("A", "acme", "HOME3", at(BOGOTA, 2026, 3, 1), None),
                    Interval("A", "beta", "HOME3", at(BOGOTA, 2026, 3, 9), None),
                ]
            )

    def test_inverted_and_naive_intervals(self) -> None:
        with pytest.raises(BadInterval, match="before it starts"):
            rate([Interval("A", "acme", "HOME3", at(BOGOTA, 2026, 3, 10), at(BOGOTA, 2026, 3, 1))])
        naive = at(BOGOTA, 2026, 3, 10).replace(tzinfo=None)
        with pytest.raises(BadInterval, match="aware"):
            rate([Interval("A", "acme", "HOME3", naive, None)])

    def test_bad_proration(self) -> None:
        with pytest.raises(RatingError, match="proration"):
            rate([], proration="hour")

    def test_negative_price(self) -> None:
        with pytest.raises(RatingError, match="negative"):
            rate(
                [Interval("A", "acme", "BAD", at(BOGOTA, 2026, 3, 1), None)],
                tariffs={"BAD": tariff("BAD", "-1.00")},
            )
