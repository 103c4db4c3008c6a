"""Template helpers of the pages: amounts, local times, the active menu entry."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django import template

from cambill.core.display import is_placeholder_day, person_name
from cambill.web.core import format as fmt
from cambill.web.core.labels import tr as translate_label

register = template.Library()


@register.filter
def price(amount: Decimal | None, currency: str = "") -> str:
    return fmt.price_text(amount, currency or "")


@register.filter
def qty(value: Decimal | None, places: Any = None) -> str:
    """A quantity, exact; ``value|qty:2`` rounds it for reading (unit-months)."""
    return fmt.quantity_text(value, None if places in (None, "") else int(places))


@register.filter
def pct(value: Decimal | None) -> str:
    return fmt.percent_text(value)


@register.filter
def local(value: datetime | None, zone: Any = None) -> str:
    """An instant in the page's time zone (the cloud's on cloud pages, the
    provider's on the provider's), with the zone named; ``value|local:obj`` shows
    it in the zone of ``obj``'s cloud (a provider-wide list of many clouds)."""
    if value is None:
        return "—"
    return fmt.instant_text(value, zone)


@register.filter
def period(value: Any, end: Any = None) -> str:
    """A billing period by its month's name in the page's language ("March 2026",
    "marzo de 2026"): ``invoice|period`` (an object with ``period_start`` and
    ``period_end``, read in its cloud's zone), ``start|period:end``, or a stored
    key ``"2026-03"|period``."""
    if value is None or value == "":
        return "—"
    if hasattr(value, "period_start") and hasattr(value, "period_end"):
        return fmt.period_text(value.period_start, value.period_end, value) or "—"
    if isinstance(value, datetime):
        return fmt.period_text(value, end) or "—"
    return fmt.period_key_text(str(value))


@register.filter
def person(user: Any) -> str:
    """A person by name: the full name, the login only when there is no name."""
    return person_name(user) if user else ""


@register.filter
def day(value: Any) -> str:
    """A calendar date in the page's language; a dash for a placeholder day
    ("valid since always", stored as 2000-01-01 or 1970-01-01)."""
    if not value:
        return ""
    if isinstance(value, str):  # an ISO day from a report ("2026-03-05")
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return "\u2014" if is_placeholder_day(value) else fmt.date_text(value)


@register.filter
def tr(label: Any) -> str:
    """A label defined outside the web layer (a choice, a role) in the page's language."""
    return translate_label(label)


@register.filter
def pretty_json(value: Any) -> str:
    return fmt.pretty_json(value)


@register.filter
def components(tariff: Any) -> str:
    return fmt.components_text(tariff)


@register.simple_tag
def active_key(items: list[dict[str, Any]], path: str) -> str:
    """The key of the menu entry whose URL is the longest prefix of ``path``."""
    best, length = "", -1
    for item in items or []:
        url = str(item.get("url", ""))
        if path.startswith(url) and len(url) > length:
            best, length = str(item.get("key", "")), len(url)
    return best
