"""The provider's demo catalogue: services and the tariffs built from them.

Prices are given in USD and converted with ``names.FX`` into "nice" local
amounts, the way an operator would round a price list.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from cambill.core.money import minor_units


@dataclass(frozen=True)
class ServiceDef:
    """One provider service with its list price in USD."""

    code: str
    name: str
    kind: str
    unit: str
    preset: dict[str, Any]
    usd: Decimal


@dataclass(frozen=True)
class TariffDef:
    """A tariff template: components and a retail (or provider) price in USD."""

    code: str
    name: str
    usd: Decimal
    components: tuple[tuple[str, int], ...]


SERVICES: tuple[ServiceDef, ...] = (
    ServiceDef(
        "REC_DAY",
        "1 day of continuous recording",
        "fixed",
        "camera-month",
        {"dvr_days": 1},
        Decimal("0.30"),
    ),
    ServiceDef(
        "MOTION_DAY",
        "1 day of motion recording",
        "fixed",
        "camera-month",
        {"dvr_days": 1},
        Decimal("0.15"),
    ),
    ServiceDef(
        "LPR",
        "Plate recognition, 1 channel",
        "fixed",
        "camera-month",
        {"vision_alg": "plates"},
        Decimal("4.00"),
    ),
    ServiceDef(
        "FACE",
        "Face recognition, 1 channel",
        "fixed",
        "camera-month",
        {"vision_alg": "faces"},
        Decimal("5.00"),
    ),
    ServiceDef("ARCHIVE_GB", "Archive storage per GB", "metered", "GB-month", {}, Decimal("0.02")),
)

# Tariffs every cloud may build; each cloud keeps the core ones and a few others.
CLOUD_TARIFFS: tuple[TariffDef, ...] = (
    TariffDef("HOME3", "Home 3 days", Decimal("3.00"), (("REC_DAY", 3),)),
    TariffDef("HOME7", "Home 7 days", Decimal("5.00"), (("REC_DAY", 7),)),
    TariffDef("MOTION7", "Home motion 7 days", Decimal("3.50"), (("MOTION_DAY", 7),)),
    TariffDef("BIZ14", "Business 14 days", Decimal("9.00"), (("REC_DAY", 14),)),
    TariffDef("BIZ30", "Business 30 days", Decimal("15.00"), (("REC_DAY", 30),)),
    TariffDef("TRAFFIC7", "Traffic 7 + plates", Decimal("12.00"), (("REC_DAY", 7), ("LPR", 1))),
    TariffDef("RETAIL14F", "Retail 14 + faces", Decimal("16.00"), (("REC_DAY", 14), ("FACE", 1))),
)
CORE_TARIFFS = ("HOME3", "HOME7", "BIZ14")

# Provider tariffs are priced in one currency, so one copy per currency in use:
# code ``STD7_EUR`` etc. The plan refers to them by the base code.
PROVIDER_TARIFFS: tuple[TariffDef, ...] = (
    TariffDef("STD7", "Standard 7 days (provider plan)", Decimal("5.50"), (("REC_DAY", 7),)),
    TariffDef(
        "PLATES14",
        "Plates 14 days (provider plan)",
        Decimal("14.00"),
        (("REC_DAY", 14), ("LPR", 1)),
    ),
)
PROVIDER_BASES = tuple(t.code for t in PROVIDER_TARIFFS)


def provider_code(base: str, currency: str) -> str:
    return f"{base}_{currency}"


def nice_price(value: Decimal, currency: str) -> Decimal:
    """Round to two significant digits (0.276 -> 0.28, 12345 -> 12000), never
    below the currency's minor unit: how price lists are usually written."""
    if value <= 0:
        return Decimal(0)
    exp = value.adjusted() - 1  # keep two significant digits
    exp = max(exp, -minor_units(currency), -6)
    q = Decimal(1).scaleb(exp)
    out = value.quantize(q, rounding=ROUND_HALF_UP)
    if exp > 0:
        out = out.quantize(Decimal(1))
    return out
