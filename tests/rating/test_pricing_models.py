"""Pricing models for metered quantities: exact amounts, tier boundaries, JSON storage."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from cambill.core.money import round_money
from cambill.rating import PricingModel, Tier, price_quantity

D = Decimal

TIERS = (
    Tier(up_to=D("100"), unit_price=D("0.10"), flat_fee=D("5.00")),
    Tier(up_to=D("1000"), unit_price=D("0.08")),
    Tier(up_to=None, unit_price=D("0.05")),
)


def usd(model: PricingModel, quantity: str) -> Decimal:
    return round_money(price_quantity(model, D(quantity)), "USD")


class TestFlat:
    def test_always(self) -> None:
        m = PricingModel.flat(D("9.90"))
        assert [usd(m, q) for q in ("0", "1", "1000000")] == [D("9.90")] * 3

    def test_only_if_used(self) -> None:
        m = PricingModel.flat(D("9.90"), only_if_used=True)
        assert usd(m, "0") == D("0.00")
        assert usd(m, "0.001") == D("9.90")


class TestPerUnit:
    def test_exact(self) -> None:
        m = PricingModel.per_unit(D("0.0125"))
        assert price_quantity(m, D("3")) == Fraction(3, 80)  # 0.0375 exactly
        assert usd(m, "3") == D("0.04")
        assert usd(m, "1234.5") == D("15.43")  # 15.43125
        assert usd(m, "0") == D("0.00")


class TestGraduated:
    m = PricingModel.graduated(TIERS)

    @pytest.mark.parametrize(
        ("quantity", "amount"),
        [
            ("0", "0.00"),  # no tier reached
            ("1", "5.10"),  # flat fee of tier 1 + 1 x 0.10
            ("100", "15.00"),  # boundary is inclusive: all in tier 1
            ("100.5", "15.04"),  # 15.00 + 0.5 x 0.08
            ("101", "15.08"),
            ("1000", "87.00"),  # 15.00 + 900 x 0.08
            ("1001", "87.05"),
            ("1500", "112.00"),  # 87.00 + 500 x 0.05
        ],
    )
    def test_each_tier_at_its_own_price(self, quantity: str, amount: str) -> None:
        assert usd(self.m, quantity) == D(amount)

    def test_exact_value(self) -> None:
        assert price_quantity(self.m, D("1500")) == 112


class TestVolume:
    m = PricingModel.volume(TIERS)

    @pytest.mark.parametrize(
        ("quantity", "amount"),
        [
            ("0", "0.00"),
            ("1", "5.10"),
            ("100", "15.00"),  # 100 x 0.10 + 5.00
            ("101", "8.08"),  # all 101 at 0.08, tier 2 has no fee
            ("1000", "80.00"),
            ("1001", "50.05"),  # all at 0.05
        ],
    )
    def test_all_units_at_the_reached_tier(self, quantity: str, amount: str) -> None:
        assert usd(self.m, quantity) == D(amount)


class TestPackage:
    m = PricingModel.package(D("10"), D("2.50"), free_units=D("5"))

    @pytest.mark.parametrize(
        ("quantity", "amount"),
        [
            ("0", "0.00"),
            ("5", "0.00"),  # all free
            ("5.001", "2.50"),  # a started block is paid
            ("15", "2.50"),  # exactly one full block
            ("15.001", "5.00"),
            ("105", "25.00"),
        ],
    )
    def test_started_blocks(self, quantity: str, amount: str) -> None:
        assert usd(self.m, quantity) == D(amount)

    def test_without_free_units(self) -> None:
        m = PricingModel.package(D("0.5"), D("1.00"))
        assert usd(m, "0.5") == D("1.00")
        assert usd(m, "0.75") == D("2.00")


def test_fractions_are_accepted_and_exact() -> None:
    m = PricingModel.per_unit(D("3.00"))
    assert price_quantity(m, Fraction(1, 3)) == 1
    assert price_quantity(m, 2) == 6


def test_negative_quantity_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        price_quantity(PricingModel.per_unit(D("1")), D("-1"))


class TestStorage:
    @pytest.mark.parametrize(
        "model",
        [
            PricingModel.flat(D("9.90"), only_if_used=True),
            PricingModel.per_unit(D("0.0125")),
            PricingModel.graduated(TIERS),
            PricingModel.volume(TIERS),
            PricingModel.package(D("10"), D("2.50"), free_units=D("5")),
        ],
    )
    def test_round_trip(self, model: PricingModel) -> None:
        data = model.to_dict()
        assert PricingModel.from_dict(data) == model
        assert all(not isinstance(v, float) for v in data.values())

    def test_dict_shape(self) -> None:
        assert PricingModel.graduated(TIERS[1:]).to_dict() == {
            "kind": "graduated",
            "tiers": [
                {"up_to": "1000", "unit_price": "0.08", "flat_fee": "0"},
                {"up_to": None, "unit_price": "0.05", "flat_fee": "0"},
            ],
        }

    def test_from_json_like_input(self) -> None:
        m = PricingModel.from_dict(
            {
                "kind": "volume",
                "tiers": [{"up_to": 10, "unit_price": "1"}, {"up_to": None, "unit_price": "0.5"}],
            }
        )
        assert usd(m, "20") == D("10.00")

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"kind": "magic"}, "unknown pricing model"),
            ({"amount": "1"}, "unknown pricing model"),
            ([1, 2], "must be an object"),
            ({"kind": "flat"}, "needs amount"),
            ({"kind": "flat", "amount": "-1"}, "must not be negative"),
            ({"kind": "flat", "amount": 1.5}, "decimal string"),
            ({"kind": "flat", "amount": "abc"}, "not a decimal"),
            ({"kind": "flat", "amount": "1", "only_if_used": "yes"}, "true or false"),
            ({"kind": "flat", "amount": "0.0000001"}, "more than 6 decimal places"),
            ({"kind": "flat", "amount": "NaN"}, "must be a number"),
            ({"kind": "per_unit", "unit_price": "1", "tiers": []}, "does not take tiers"),
            ({"kind": "graduated", "tiers": []}, "non-empty"),
            (
                {"kind": "graduated", "tiers": [{"up_to": "10", "unit_price": "1"}]},
                "last tier must be open-ended",
            ),
            (
                {
                    "kind": "graduated",
                    "tiers": [
                        {"up_to": "10", "unit_price": "1"},
                        {"up_to": "10", "unit_price": "1"},
                        {"up_to": None, "unit_price": "1"},
                    ],
                },
                "tiers must increase",
            ),
            (
                {
                    "kind": "volume",
                    "tiers": [
                        {"up_to": None, "unit_price": "1"},
                        {"up_to": None, "unit_price": "1"},
                    ],
                },
                "not the last tier",
            ),
            (
                {
                    "kind": "volume",
                    "tiers": [
                        {"up_to": "0", "unit_price": "1"},
                        {"up_to": None, "unit_price": "1"},
                    ],
                },
                "greater than zero",
            ),
            (
                {"kind": "volume", "tiers": [{"up_to": None, "unit_price": "-0.01"}]},
                r"tiers\[0\].unit_price must not be negative",
            ),
            ({"kind": "volume", "tiers": [{"unit_price": "1"}]}, "needs up_to"),
            ({"kind": "volume", "tiers": [{"up_to": None, "price": "1"}]}, "does not take price"),
            ({"kind": "package", "package_size": "0", "package_price": "1"}, "greater than zero"),
            ({"kind": "package", "package_size": "10"}, "needs package_price"),
            (
                {"kind": "package", "package_size": "10", "package_price": "1", "free_units": "-1"},
                "must not be negative",
            ),
        ],
    )
    def test_validation_errors(self, data: object, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            PricingModel.from_dict(data)  # type: ignore[arg-type]

    def test_direct_construction_is_validated_too(self) -> None:
        with pytest.raises(ValueError, match="does not take amount"):
            PricingModel(kind="per_unit", unit_price=D("1"), amount=D("2"))
        with pytest.raises(ValueError, match="last tier must be open-ended"):
            PricingModel.volume((Tier(up_to=D("5"), unit_price=D("1")),))
