"""ARCHITECTURE.md worked example (telenet / acme, March 2026): must hold to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from cambill.rating import (
    invoice_totals,
    rate_retail,
    rate_retail_detailed,
    rate_wholesale,
)

from .helpers import (
    BOGOTA,
    MARCH,
    acme_intervals,
    at,
    telenet_service_prices,
    telenet_tariffs,
)

D = Decimal


def retail():
    return rate_retail(
        period=MARCH,
        intervals=acme_intervals(),
        tariffs=telenet_tariffs(),
        proration="day",
        currency="USD",
        account_trial_until={"acme": None},
    )


def test_retail_lines_to_the_cent() -> None:
    lines = retail()
    got = [
        (ln.camera, ln.tariff, ln.first_day.day, ln.last_day.day, ln.days, ln.amount)
        for ln in lines
    ]
    assert got == [
        ("A", "TRAFFIC7", 1, 31, 31, D("12.00")),
        ("B", "HOME3", 10, 31, 22, D("2.13")),
        ("C", "HOME3", 1, 15, 15, D("1.45")),
        ("C", "TRAFFIC7", 16, 31, 16, D("6.19")),
    ]
    b = lines[1]
    assert b.unit_price == D("3.00")
    assert b.quantity == Fraction(22, 31)
    assert b.start == at(BOGOTA, 2026, 3, 10)
    assert b.end == MARCH.end
    assert b.trial_days == 0
    c_home, c_traffic = lines[2], lines[3]
    # The HOME3 piece ends when the tariff changed; day 16 belongs to TRAFFIC7.
    assert c_home.end == at(BOGOTA, 2026, 3, 16, 12)
    assert c_traffic.start == at(BOGOTA, 2026, 3, 16, 12)
    assert c_traffic.first_day == date(2026, 3, 16)
    assert all(ln.account == "acme" for ln in lines)


def test_retail_totals() -> None:
    totals = invoice_totals([ln.amount for ln in retail()], [], D("19"), "USD")
    assert (totals.subtotal, totals.discount, totals.net, totals.tax, totals.total) == (
        D("21.77"),
        D("0.00"),
        D("21.77"),
        D("4.14"),
        D("25.91"),
    )


def test_no_trial_means_no_trial_pieces() -> None:
    result = rate_retail_detailed(
        period=MARCH,
        intervals=acme_intervals(),
        tariffs=telenet_tariffs(),
        proration="day",
        currency="USD",
        account_trial_until={},
    )
    assert result.trial == ()
    assert len(result.lines) == 4


def test_wholesale_to_the_cent() -> None:
    result = rate_wholesale(
        period=MARCH,
        intervals=acme_intervals(),
        tariffs=telenet_tariffs(),
        proration="day",
        currency="USD",
        service_prices=telenet_service_prices(),
        discount_percent=D("10"),
        cloud_trial_until=None,
    )
    by_service = {ln.service: ln for ln in result.lines}
    rec, lpr = by_service["REC_DAY"], by_service["LPR"]
    assert rec.unit_days == 440
    assert rec.quantity == Fraction(440, 31)
    assert rec.quantity_display == D("14.193548")
    assert rec.unit_price == D("0.30")
    assert rec.amount == D("4.26")
    assert lpr.unit_days == 47
    assert lpr.quantity == Fraction(47, 31)
    assert lpr.amount == D("6.06")
    assert result.lines_total == D("10.32")
    assert result.discount == D("-1.03")
    assert result.net == D("9.29")
    assert result.unit_days == {"LPR": D(47), "REC_DAY": D(440)}
    totals = invoice_totals([ln.amount for ln in result.lines], [result.discount], D("0"), "USD")
    assert (totals.net, totals.tax, totals.total) == (D("9.29"), D("0.00"), D("9.29"))
    # The cloud's margin on acme for March.
    assert D("21.77") - totals.net == D("12.48")
