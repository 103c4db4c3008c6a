"""Rating engine: pure functions from camera facts and prices to invoice lines.

No ORM, no clock, no I/O: the bill run loads plain frozen dataclasses
(:mod:`cambill.rating.types`), calls these functions and stores the result.
Every line is computed exactly and rounded once (ARCHITECTURE.md, "Rules of
money and time").
"""

from __future__ import annotations

from .discounts import apply_discounts, valid_days
from .errors import BadInterval, MissingPrice, RatingError, UnknownTariff
from .intervals import validate_intervals
from .prices import price_at
from .pricing_models import PRICING_KINDS, PricingKind, PricingModel, Tier, price_quantity
from .proration import DayGrid, covered_day_range, covered_days, covered_seconds, day_grid
from .retail import rate_retail, rate_retail_detailed
from .totals import invoice_totals
from .types import (
    PRORATIONS,
    Component,
    Discount,
    DiscountLine,
    Interval,
    PricePoint,
    Proration,
    RetailLine,
    RetailResult,
    ServiceUsage,
    Tariff,
    Totals,
    TrialLine,
    WholesaleLine,
    WholesaleResult,
)
from .wholesale import rate_wholesale

__all__ = [
    "PRICING_KINDS",
    "PRORATIONS",
    "BadInterval",
    "Component",
    "DayGrid",
    "Discount",
    "DiscountLine",
    "Interval",
    "MissingPrice",
    "PricePoint",
    "PricingKind",
    "PricingModel",
    "Proration",
    "RatingError",
    "RetailLine",
    "RetailResult",
    "ServiceUsage",
    "Tariff",
    "Tier",
    "Totals",
    "TrialLine",
    "UnknownTariff",
    "WholesaleLine",
    "WholesaleResult",
    "apply_discounts",
    "covered_day_range",
    "covered_days",
    "covered_seconds",
    "day_grid",
    "invoice_totals",
    "price_at",
    "price_quantity",
    "rate_retail",
    "rate_retail_detailed",
    "rate_wholesale",
    "valid_days",
    "validate_intervals",
]
