"""How amounts, quantities, dates and JSON look on the pages, in the page's
language (babel): "1,234.50 USD" in English, "1.234,50 USD" in Spanish.

Amounts go through the one money formatter, ``cambill.core.money.format_money``,
shared with the PDFs and e-mails.
"""

from __future__ import annotations

import json
from datetime import date, datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal
from django.utils import timezone, translation

from cambill.core import display, languages
from cambill.core.money import PRICE_PLACES, format_money

# Date patterns per language (CLDR syntax), from the one list of languages:
# English keeps ISO order, Spanish and Brazilian Portuguese use day/month/year.
DATE_PATTERNS = languages.DATE_PATTERNS
DATETIME_PATTERNS = languages.DATETIME_PATTERNS


def page_language() -> str:
    """The product language code the page is rendered in ("pt-br")."""
    return languages.supported(translation.get_language())


def page_locale() -> str:
    """The babel locale of the language the page is rendered in ("pt_BR")."""
    return languages.babel_locale(page_language())


def price_text(amount: Decimal | None, currency: str = "") -> str:
    """An amount or a unit price on a page, in the page's language: the one money
    formatter (:func:`cambill.core.money.format_money`) with the currency's places at
    least and up to the 6 a price keeps: 12.000000 USD is "12.00 USD", 0.305000 USD
    is "0.305 USD"."""
    if amount is None:
        return ""
    return format_money(amount, currency or "", page_language(), max_places=PRICE_PLACES)


def quantity_text(value: Decimal | None, places: int | None = None) -> str:
    """A quantity in the page's language: exact ("14.193548"), or rounded for
    reading to ``places`` decimals ("14.19": unit-months on pages; exports and the
    API keep the exact figure)."""
    if value is None:
        return ""
    if places is not None:
        rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        pattern = "#,##0" + ("." + "0" * places if places else "")
        return format_decimal(rounded, format=pattern, locale=page_locale())
    exponent = value.normalize().as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    pattern = "#,##0" + ("." + "#" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=page_locale())


def date_text(value: date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, DATE_PATTERNS[page_language()], locale=page_locale())


def datetime_text(value: datetime | None) -> str:
    """An aware datetime already converted to the zone it is shown in, with that
    zone named ("2026-03-05 08:00 (America/Bogota)", "05/03/2026 13:00 CET")."""
    if value is None:
        return ""
    return display.datetime_text(value, value.tzinfo, page_language())


def instant_text(value: datetime | None, tz: Any = None) -> str:
    """An instant on a page: in ``tz`` (a zone, or an object of a cloud: its
    cloud's zone), else in the page's zone, with the zone named. The one rule
    every time on a page follows (the ``local`` filter, tables' ``when``)."""
    if value is None:
        return ""
    return datetime_text(timezone.localtime(value, _zone(tz)))


def _zone(tz: Any) -> tzinfo:
    """``tz`` as a zone: a zone, a zone's name, an object of a cloud (its cloud's
    zone); else the page's zone."""
    if isinstance(tz, str):
        try:
            return ZoneInfo(tz)
        except (ValueError, KeyError):
            return timezone.get_current_timezone()
    zone = display.zone_of(tz) if tz is not None and not isinstance(tz, tzinfo) else tz
    return zone or timezone.get_current_timezone()


def period_text(start: datetime | None, end: datetime | None, tz: Any = None) -> str:
    """A billing period ``[start, end)`` by its month's name ("March 2026") in the
    page's language, read in ``tz`` (or the page's zone); a span that is not a
    whole month by its dates."""
    return display.period_text(start, end, _zone(tz), page_language())


def period_key_text(key: str | None) -> str:
    """A stored period key ("2026-03") as its month's name in the page's language."""
    return display.period_key_text(key, page_language())


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
