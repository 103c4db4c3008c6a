"""How amounts, quantities and JSON look on the pages."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from cambill.core.money import is_currency, minor_units


def price_text(amount: Decimal | None, currency: str = "") -> str:
    """A unit price with at least the currency's minor digits and no trailing
    noise: 12.000000 USD is "12.00 USD", 0.305000 USD is "0.305 USD"."""
    if amount is None:
        return ""
    places = minor_units(currency) if currency and is_currency(currency) else 2
    exponent = amount.normalize().as_tuple().exponent
    shown = max(places, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
    text = f"{amount:.{shown}f}"
    return f"{text} {currency}".strip()


def quantity_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else f"{quantity_text(value)} %"


def components_text(tariff: Any) -> str:
    return ", ".join(
        f"{c.service.code} \u00d7 {quantity_text(c.quantity)}" for c in tariff.components.all()
    )


def current_prices(prices: Any, today: date) -> list[tuple[str, Decimal]]:
    """The list price in force ``today`` per currency, from effective-dated rows."""
    best: dict[str, tuple[date, Decimal]] = {}
    for p in prices:
        if p.valid_from <= today and (p.currency not in best or best[p.currency][0] < p.valid_from):
            best[p.currency] = (p.valid_from, p.amount)
    return sorted((cur, amount) for cur, (_, amount) in best.items())


def pretty_json(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str)
