"""Account discounts (pro rata by days of validity) and invoice totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from cambill.core.periods import Period
from cambill.rating import Discount, RatingError, apply_discounts, invoice_totals, valid_days

from .helpers import MARCH

D = Decimal


def amounts(net: str, *discounts: Discount, currency: str = "USD") -> list[Decimal]:
    return [ln.amount for ln in apply_discounts(D(net), discounts, MARCH, currency)]


def pct(value: str, valid_from: date | None = None, valid_to: date | None = None) -> Discount:
    return Discount("percent", D(value), valid_from, valid_to, f"{value} %")


def fixed(value: str, valid_from: date | None = None, valid_to: date | None = None) -> Discount:
    return Discount("fixed", D(value), valid_from, valid_to, f"{value} off")


def test_zero_percent_leaves_no_line() -> None:
    assert amounts("21.77", pct("0")) == []


def test_hundred_percent_takes_everything() -> None:
    (line,) = apply_discounts(D("21.77"), [pct("100")], MARCH, "USD")
    assert (line.amount, line.valid_days, line.days_in_month, line.capped) == (
        D("-21.77"),
        31,
        31,
        False,
    )
    totals = invoice_totals([D("21.77")], [line.amount], D("19"), "USD")
    assert (totals.net, totals.tax, totals.total) == (D("0.00"), D("0.00"), D("0.00"))


def test_percent_valid_for_part_of_the_period_is_pro_rata() -> None:
    # Rule: net x 10 % x 16/31 (valid 16-31 March) = 1.12361 -> 1.12.
    (line,) = apply_discounts(D("21.77"), [pct("10", date(2026, 3, 16))], MARCH, "USD")
    assert (line.amount, line.valid_days) == (D("-1.12"), 16)
    totals = invoice_totals([D("21.77")], [line.amount], D("19"), "USD")
    assert (totals.subtotal, totals.discount, totals.net, totals.tax, totals.total) == (
        D("21.77"),
        D("-1.12"),
        D("20.65"),
        D("3.92"),
        D("24.57"),
    )


def test_fixed_valid_for_part_of_the_period_is_pro_rata() -> None:
    # 5.00 a month, valid 1-10 March (valid_to exclusive): 5 x 10/31 = 1.6129 -> 1.61.
    assert amounts("21.77", fixed("5.00", None, date(2026, 3, 11))) == [D("-1.61")]


def test_validity_outside_the_period_gives_nothing() -> None:
    assert amounts("21.77", pct("10", date(2026, 4, 1)), fixed("5", None, date(2026, 3, 1))) == []


def test_never_below_zero() -> None:
    lines = apply_discounts(D("21.77"), [fixed("50"), pct("50")], MARCH, "USD")
    # Percent first on the whole net (10.885 -> 10.89), then the fixed amount is cut.
    assert [(ln.kind, ln.amount, ln.capped) for ln in lines] == [
        ("percent", D("-10.89"), False),
        ("fixed", D("-10.88"), True),
    ]
    assert amounts("21.77", pct("100"), fixed("1")) == [D("-21.77")]
    assert amounts("0.00", pct("10")) == []
    assert amounts("-5.00", fixed("1")) == []


def test_percents_do_not_compound() -> None:
    # 10 % and 20 % of 100.00 are 10.00 and 20.00, not 10.00 and 18.00.
    assert amounts("100.00", pct("10"), pct("20")) == [D("-10.00"), D("-20.00")]


def test_jpy_and_kwd() -> None:
    assert amounts("323", pct("10"), currency="JPY") == [D("-32")]
    assert amounts("1.129", pct("10"), currency="KWD") == [D("-0.113")]


def test_valid_days_in_february_2028() -> None:
    feb = Period(2028, 2, "UTC")
    assert valid_days(pct("1", date(2028, 2, 20)), feb) == 10
    assert valid_days(pct("1", None, date(2028, 2, 29)), feb) == 28
    assert valid_days(pct("1"), feb) == 29


def test_discount_refusals() -> None:
    with pytest.raises(RatingError, match="above 100"):
        amounts("10", pct("101"))
    with pytest.raises(RatingError, match=">= 0"):
        amounts("10", fixed("-1"))
    with pytest.raises(RatingError, match="before valid_from"):
        amounts("10", pct("5", date(2026, 3, 10), date(2026, 3, 5)))


def test_totals_refuse_unrounded_and_positive_allowances() -> None:
    with pytest.raises(RatingError, match="not rounded"):
        invoice_totals([D("1.005")], [], D("0"), "USD")
    with pytest.raises(RatingError, match="negative or zero"):
        invoice_totals([D("1.00")], [D("0.50")], D("0"), "USD")
    with pytest.raises(RatingError, match="tax"):
        invoice_totals([D("1.00")], [], D("-1"), "USD")


def test_totals_of_nothing() -> None:
    t = invoice_totals([], [], D("19"), "KWD")
    assert (t.subtotal, t.discount, t.net, t.tax, t.total) == (D("0.000"),) * 5
    assert str(t.total) == "0.000"
