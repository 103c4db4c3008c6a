"""Pricing models for metered quantities (archive GB, plate reads, recorded hours...).

:func:`price_quantity` returns the EXACT amount as a ``Fraction``; the caller
rounds it once when it becomes an invoice line. The models:

* ``flat``: ``amount`` whatever the quantity; with ``only_if_used`` nothing is
  charged for a zero quantity.
* ``per_unit``: ``unit_price x quantity``.
* ``graduated``: each tier prices the units that fall into it at its own
  ``unit_price``, plus its ``flat_fee`` once the tier is reached.
* ``volume``: all units at the ``unit_price`` of the tier the total quantity
  falls into, plus that tier's ``flat_fee``.
* ``package``: after ``free_units``, every STARTED block of ``package_size``
  units costs ``package_price``.

Tier bounds ``up_to`` are inclusive (quantity 100 with ``up_to`` 100 stays in
that tier), strictly increasing, and the last tier is open-ended
(``up_to`` None). A tier is "reached" when the quantity is strictly above its
lower bound, so a zero quantity costs nothing in tiered models: a fee that is
due whatever the usage belongs in a ``flat`` model. Prices keep at most 6
decimal places (ARCHITECTURE.md money rules) and are never negative.

Storage is JSON through :meth:`PricingModel.to_dict` / :meth:`PricingModel.from_dict`;
numbers travel as strings because money is never a float.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any, Literal, cast

from cambill.core.money import PRICE_PLACES

PricingKind = Literal["flat", "per_unit", "graduated", "volume", "package"]
PRICING_KINDS: tuple[PricingKind, ...] = ("flat", "per_unit", "graduated", "volume", "package")

ZERO = Decimal(0)

_KEYS: dict[str, frozenset[str]] = {
    "flat": frozenset({"kind", "amount", "only_if_used"}),
    "per_unit": frozenset({"kind", "unit_price"}),
    "graduated": frozenset({"kind", "tiers"}),
    "volume": frozenset({"kind", "tiers"}),
    "package": frozenset({"kind", "package_size", "package_price", "free_units"}),
}
_REQUIRED: dict[str, frozenset[str]] = {
    "flat": frozenset({"amount"}),
    "per_unit": frozenset({"unit_price"}),
    "graduated": frozenset({"tiers"}),
    "volume": frozenset({"tiers"}),
    "package": frozenset({"package_size", "package_price"}),
}
_TIER_KEYS = frozenset({"up_to", "unit_price", "flat_fee"})


def _check_price(value: Decimal, what: str) -> None:
    if not value.is_finite():
        raise ValueError(f"{what} must be a number, got {value}")
    if value < 0:
        raise ValueError(f"{what} must not be negative, got {value}")
    if value != value.quantize(Decimal(1).scaleb(-PRICE_PLACES)):
        raise ValueError(f"{what} has more than {PRICE_PLACES} decimal places: {value}")


def _check_quantity(value: Decimal, what: str, *, positive: bool) -> None:
    if not value.is_finite():
        raise ValueError(f"{what} must be a number, got {value}")
    if positive and value <= 0:
        raise ValueError(f"{what} must be greater than zero, got {value}")
    if value < 0:
        raise ValueError(f"{what} must not be negative, got {value}")


def _decimal(value: object, what: str) -> Decimal:
    """Parse a JSON value into Decimal: strings and integers only (a float is not money)."""
    if isinstance(value, bool | float):
        raise ValueError(f'{what} must be a decimal string such as "0.25", not {value!r}')
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"{what} is not a decimal number: {value!r}") from None
    raise ValueError(f"{what} must be a decimal string, got {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class Tier:
    """One tier: units up to ``up_to`` (inclusive; None = no limit) at ``unit_price``."""

    up_to: Decimal | None
    unit_price: Decimal
    flat_fee: Decimal = ZERO

    def to_dict(self) -> dict[str, str | None]:
        return {
            "up_to": None if self.up_to is None else str(self.up_to),
            "unit_price": str(self.unit_price),
            "flat_fee": str(self.flat_fee),
        }


@dataclass(frozen=True, slots=True)
class PricingModel:
    """How a metered quantity becomes money; validated on construction.

    Only the parameters of ``kind`` may be set; use the class-method
    constructors (``PricingModel.graduated(...)``) or :meth:`from_dict`.
    """

    kind: PricingKind
    amount: Decimal | None = None
    only_if_used: bool = False
    unit_price: Decimal | None = None
    tiers: tuple[Tier, ...] = ()
    package_size: Decimal | None = None
    package_price: Decimal | None = None
    free_units: Decimal = ZERO

    def __post_init__(self) -> None:
        kind = self.kind
        if kind not in PRICING_KINDS:
            raise ValueError(
                f"unknown pricing model {kind!r}; use one of {', '.join(PRICING_KINDS)}"
            )
        set_params = {
            name
            for name, present in (
                ("amount", self.amount is not None),
                ("only_if_used", self.only_if_used),
                ("unit_price", self.unit_price is not None),
                ("tiers", bool(self.tiers)),
                ("package_size", self.package_size is not None),
                ("package_price", self.package_price is not None),
                ("free_units", self.free_units != 0),
            )
            if present
        }
        extra = set_params - _KEYS[kind]
        if extra:
            raise ValueError(f"{kind} pricing does not take {', '.join(sorted(extra))}")
        missing = _REQUIRED[kind] - set_params
        if missing:
            raise ValueError(f"{kind} pricing needs {', '.join(sorted(missing))}")
        if kind == "flat":
            _check_price(cast(Decimal, self.amount), "amount")
        elif kind == "per_unit":
            _check_price(cast(Decimal, self.unit_price), "unit_price")
        elif kind in ("graduated", "volume"):
            self._check_tiers()
        else:
            _check_quantity(cast(Decimal, self.package_size), "package_size", positive=True)
            _check_price(cast(Decimal, self.package_price), "package_price")
            _check_quantity(self.free_units, "free_units", positive=False)

    def _check_tiers(self) -> None:
        previous: Decimal = ZERO
        last = len(self.tiers) - 1
        for i, tier in enumerate(self.tiers):
            where = f"tiers[{i}]"
            _check_price(tier.unit_price, f"{where}.unit_price")
            _check_price(tier.flat_fee, f"{where}.flat_fee")
            if tier.up_to is None:
                if i != last:
                    raise ValueError(f"{where} is open-ended (up_to null) but is not the last tier")
                continue
            _check_quantity(tier.up_to, f"{where}.up_to", positive=True)
            if tier.up_to <= previous:
                raise ValueError(
                    f"tiers must increase: {where}.up_to {tier.up_to} is not above {previous}"
                )
            previous = tier.up_to
        if self.tiers[last].up_to is not None:
            raise ValueError(
                f"the last tier must be open-ended (up_to null); tiers[{last}] stops at "
                f"{self.tiers[last].up_to}"
            )

    # ---------------------------------------------------------------- constructors

    @classmethod
    def flat(cls, amount: Decimal, *, only_if_used: bool = False) -> PricingModel:
        return cls(kind="flat", amount=amount, only_if_used=only_if_used)

    @classmethod
    def per_unit(cls, unit_price: Decimal) -> PricingModel:
        return cls(kind="per_unit", unit_price=unit_price)

    @classmethod
    def graduated(cls, tiers: tuple[Tier, ...]) -> PricingModel:
        return cls(kind="graduated", tiers=tuple(tiers))

    @classmethod
    def volume(cls, tiers: tuple[Tier, ...]) -> PricingModel:
        return cls(kind="volume", tiers=tuple(tiers))

    @classmethod
    def package(
        cls, package_size: Decimal, package_price: Decimal, *, free_units: Decimal = ZERO
    ) -> PricingModel:
        return cls(
            kind="package",
            package_size=package_size,
            package_price=package_price,
            free_units=free_units,
        )

    # ---------------------------------------------------------------- JSON storage

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form; decimals as strings. ``from_dict(m.to_dict()) == m``."""
        if self.kind == "flat":
            return {
                "kind": "flat",
                "amount": str(self.amount),
                "only_if_used": self.only_if_used,
            }
        if self.kind == "per_unit":
            return {"kind": "per_unit", "unit_price": str(self.unit_price)}
        if self.kind in ("graduated", "volume"):
            return {"kind": self.kind, "tiers": [t.to_dict() for t in self.tiers]}
        return {
            "kind": "package",
            "package_size": str(self.package_size),
            "package_price": str(self.package_price),
            "free_units": str(self.free_units),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PricingModel:
        """Parse and validate a stored model; ``ValueError`` says what is wrong."""
        if not isinstance(data, Mapping):
            raise ValueError(f"a pricing model must be an object, got {type(data).__name__}")
        kind = data.get("kind")
        if kind not in PRICING_KINDS:
            raise ValueError(
                f"unknown pricing model {kind!r}; use one of {', '.join(PRICING_KINDS)}"
            )
        unknown = set(data) - _KEYS[kind]
        if unknown:
            raise ValueError(f"{kind} pricing does not take {', '.join(sorted(unknown))}")
        missing = _REQUIRED[kind] - set(data)
        if missing:
            raise ValueError(f"{kind} pricing needs {', '.join(sorted(missing))}")
        if kind == "flat":
            only = data.get("only_if_used", False)
            if not isinstance(only, bool):
                raise ValueError(f"only_if_used must be true or false, got {only!r}")
            return cls.flat(_decimal(data["amount"], "amount"), only_if_used=only)
        if kind == "per_unit":
            return cls.per_unit(_decimal(data["unit_price"], "unit_price"))
        if kind in ("graduated", "volume"):
            raw = data["tiers"]
            if not isinstance(raw, list | tuple) or not raw:
                raise ValueError("tiers must be a non-empty list")
            tiers = tuple(_tier_from_dict(t, i) for i, t in enumerate(raw))
            return cls(kind=kind, tiers=tiers)
        return cls.package(
            _decimal(data["package_size"], "package_size"),
            _decimal(data["package_price"], "package_price"),
            free_units=_decimal(data.get("free_units", "0"), "free_units"),
        )


def _tier_from_dict(raw: object, i: int) -> Tier:
    where = f"tiers[{i}]"
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where} must be an object")
    unknown = set(raw) - _TIER_KEYS
    if unknown:
        raise ValueError(f"{where} does not take {', '.join(sorted(unknown))}")
    if "unit_price" not in raw:
        raise ValueError(f"{where} needs unit_price")
    if "up_to" not in raw:
        raise ValueError(f"{where} needs up_to (null for the last, open-ended tier)")
    up_to = raw["up_to"]
    return Tier(
        up_to=None if up_to is None else _decimal(up_to, f"{where}.up_to"),
        unit_price=_decimal(raw["unit_price"], f"{where}.unit_price"),
        flat_fee=_decimal(raw.get("flat_fee", "0"), f"{where}.flat_fee"),
    )


def price_quantity(model: PricingModel, quantity: Decimal | Fraction | int) -> Fraction:
    """Exact amount for ``quantity`` units under ``model`` (round it once, later)."""
    q = Fraction(quantity)
    if q < 0:
        raise ValueError(f"quantity must not be negative, got {quantity}")
    kind = model.kind
    if kind == "flat":
        if model.only_if_used and q == 0:
            return Fraction(0)
        return Fraction(cast(Decimal, model.amount))
    if kind == "per_unit":
        return Fraction(cast(Decimal, model.unit_price)) * q
    if kind == "graduated":
        total = Fraction(0)
        lower = Fraction(0)
        for tier in model.tiers:
            if q <= lower:
                break
            upper = None if tier.up_to is None else Fraction(tier.up_to)
            units = q - lower if upper is None or q < upper else upper - lower
            total += units * Fraction(tier.unit_price) + Fraction(tier.flat_fee)
            if upper is None:
                break
            lower = upper
        return total
    if kind == "volume":
        if q == 0:
            return Fraction(0)
        for tier in model.tiers:
            if tier.up_to is None or q <= Fraction(tier.up_to):
                return q * Fraction(tier.unit_price) + Fraction(tier.flat_fee)
        raise AssertionError("validated tiers end open-ended")  # pragma: no cover
    # package
    billable = q - Fraction(model.free_units)
    if billable <= 0:
        return Fraction(0)
    size = Fraction(cast(Decimal, model.package_size))
    packages = -(-billable // size)  # ceiling: every started block is paid
    return packages * Fraction(cast(Decimal, model.package_price))


def price_beyond(
    model: PricingModel,
    quantity: Decimal | Fraction | int,
    included: Decimal | Fraction | int | None = None,
) -> Fraction:
    """Exact amount for the units of ``quantity`` beyond an allowance of
    ``included`` units (None or 0: every unit is priced)."""
    return price_quantity(model, billable_beyond(quantity, included))


def billable_beyond(
    quantity: Decimal | Fraction | int, included: Decimal | Fraction | int | None
) -> Fraction:
    """The units of ``quantity`` above the allowance ``included`` (never negative)."""
    q = Fraction(quantity)
    if included is None:
        return q
    return max(Fraction(0), q - Fraction(included))
