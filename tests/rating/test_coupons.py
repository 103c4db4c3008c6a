"""The coupon line: after the account discounts, rounded once, never below zero."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cambill.rating.coupons import Coupon, CouponBase, apply_coupons
from cambill.rating.errors import RatingError
from cambill.rating.one_off import OneOffCharge, one_off_amount


def amounts(lines: list) -> list[str]:  # type: ignore[type-arg]
    return [str(ln.amount) for ln in lines]


def test_percent_after_discounts_rounded_once() -> None:
    base = [CouponBase(D("12.00"), "T", True)]
    # 12.00 - 1.20 = 10.80; 15 % = 1.62
    assert amounts(apply_coupons(base, D("12.00"), D("-1.20"), [Coupon("C", D("15"))], "USD")) == [
        "-1.62"
    ]
    # 33.33 % of 10.00 = 3.333 -> 3.33 (one rounding)
    one = [CouponBase(D("10.00"))]
    assert amounts(apply_coupons(one, D(0), D(0), [Coupon("C", D("33.33"))], "USD")) == ["-3.33"]


def test_never_below_zero() -> None:
    base = [CouponBase(D("3.00"))]
    lines = apply_coupons(base, D(0), D(0), [Coupon("A", amount=D("10"))], "USD")
    assert amounts(lines) == ["-3.00"]
    # a second coupon finds nothing left: no line
    two = [Coupon("A", amount=D("2")), Coupon("B", D("100"))]
    assert amounts(apply_coupons(base, D(0), D(0), two, "USD")) == ["-2.00", "-1.00"]
    # a negative invoice (credits larger than charges) gets no coupon
    neg = [CouponBase(D("-5.00"))]
    assert apply_coupons(neg, D(0), D(0), [Coupon("A", D("50"))], "USD") == []


def test_restricted_to_tariffs_with_their_share_of_the_discount() -> None:
    base = [CouponBase(D("10.00"), "1", True), CouponBase(D("20.00"), "2", True)]
    lines = apply_coupons(
        base, D("30.00"), D("-3.00"), [Coupon("P", D("50"), None, frozenset({"2"}))], "USD"
    )
    assert amounts(lines) == ["-9.00"]
    # JPY has no minor unit
    jpy = [CouponBase(D("1001"))]
    assert amounts(apply_coupons(jpy, D(0), D(0), [Coupon("H", D("50"))], "JPY")) == ["-501"]


def test_bad_coupons_are_refused() -> None:
    for bad in (
        Coupon("X"),
        Coupon("X", D("5"), D("5")),
        Coupon("X", D("101")),
        Coupon("X", amount=D("-1")),
    ):
        with pytest.raises(RatingError):
            apply_coupons([CouponBase(D("1.00"))], D(0), D(0), [bad], "USD")


def test_one_off_amount_rounded_once() -> None:
    from datetime import date

    c = OneOffCharge(1, "x", D("3"), D("0.3333335"), date(2026, 3, 1))
    assert one_off_amount(c, "USD") == D("1.00")
    assert one_off_amount(OneOffCharge(2, "x", D("2"), D("45.005"), date(2026, 3, 1)), "USD") == D(
        "90.01"
    )


money = st.decimals(min_value=-100, max_value=1000, places=2)


@given(
    st.lists(money, min_size=1, max_size=6),
    st.lists(
        st.one_of(
            st.decimals(min_value=D("0.01"), max_value=100, places=2).map(lambda p: Coupon("P", p)),
            st.decimals(min_value=D("0.01"), max_value=500, places=2).map(
                lambda a: Coupon("A", amount=a)
            ),
        ),
        max_size=3,
    ),
)
def test_the_net_never_goes_below_zero(lines: list[D], coupons: list[Coupon]) -> None:
    base = [CouponBase(a) for a in lines]
    net = sum(lines, D(0))
    got = apply_coupons(base, D(0), D(0), coupons, "USD")
    total = sum((c.amount for c in got), D(0))
    assert all(c.amount < 0 for c in got)
    assert net + total >= min(net, D(0))
