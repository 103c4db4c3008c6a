"""One-off charges (a camera sold, an installation): one line each,
``round(quantity x unit_price)``, rounded once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from cambill.core.money import round_money

from .errors import RatingError


@dataclass(frozen=True, slots=True)
class OneOffCharge:
    """A charge as rating sees it; ``id`` is the charge row's, so the bill run can
    record which invoice took it."""

    id: int
    description: str
    quantity: Decimal
    unit_price: Decimal
    date: date
    camera: str = ""
    product: str = ""


def one_off_amount(charge: OneOffCharge, currency: str) -> Decimal:
    if not (charge.quantity.is_finite() and charge.quantity > 0):
        raise RatingError(f"charge {charge.id}: quantity must be above 0")
    if not (charge.unit_price.is_finite() and charge.unit_price >= 0):
        raise RatingError(f"charge {charge.id}: unit price must not be negative")
    return round_money(Fraction(charge.quantity) * Fraction(charge.unit_price), currency)
