"""Builders shared by the rating tests: aware instants, tariffs, the worked example."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from cambill.core.periods import Period
from cambill.rating import Component, Interval, PricePoint, Tariff

D = Decimal
LONG_AGO = date(2020, 1, 1)


def at(tz: str, y: int, m: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    """A local wall-clock time in ``tz`` as an aware UTC instant."""
    return datetime(y, m, d, h, mi, s, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def utc(y: int, m: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, m, d, h, mi, s, tzinfo=UTC)


def prices(*points: tuple[date, str]) -> tuple[PricePoint, ...]:
    return tuple(PricePoint(valid_from=v, amount=D(a)) for v, a in points)


def price(amount: str) -> tuple[PricePoint, ...]:
    return prices((LONG_AGO, amount))


def tariff(code: str, amount: str | tuple[PricePoint, ...], **components: int | str) -> Tariff:
    pts = price(amount) if isinstance(amount, str) else amount
    return Tariff(
        code=code,
        name=code.title(),
        prices=pts,
        components=tuple(Component(service=s, quantity=D(q)) for s, q in components.items()),
    )


# ------------------------------------------------------------------ worked example

BOGOTA = "America/Bogota"
MARCH = Period(2026, 3, BOGOTA)


def telenet_tariffs(traffic7_prices: tuple[PricePoint, ...] | None = None) -> dict[str, Tariff]:
    return {
        "TRAFFIC7": tariff("TRAFFIC7", traffic7_prices or price("12.00"), REC_DAY=7, LPR=1),
        "HOME3": tariff("HOME3", "3.00", REC_DAY=3),
    }


def telenet_service_prices() -> dict[str, tuple[PricePoint, ...]]:
    return {"REC_DAY": price("0.30"), "LPR": price("4.00")}


def acme_intervals(account: str = "acme") -> list[Interval]:
    return [
        Interval("A", account, "TRAFFIC7", at(BOGOTA, 2026, 1, 15), at(BOGOTA, 2026, 5, 3)),
        Interval("B", account, "HOME3", at(BOGOTA, 2026, 3, 10), None),
        Interval("C", account, "HOME3", at(BOGOTA, 2026, 3, 1), at(BOGOTA, 2026, 3, 16, 12)),
        Interval("C", account, "TRAFFIC7", at(BOGOTA, 2026, 3, 16, 12), None),
    ]
