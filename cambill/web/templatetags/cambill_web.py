"""Template helpers of the pages: amounts, local times, the active menu entry."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import timezone

from cambill.web.core import format as fmt
from cambill.web.core.labels import tr as translate_label

register = template.Library()


@register.filter
def price(amount: Decimal | None, currency: str = "") -> str:
    return fmt.price_text(amount, currency or "")


@register.filter
def qty(value: Decimal | None) -> str:
    return fmt.quantity_text(value)


@register.filter
def pct(value: Decimal | None) -> str:
    return fmt.percent_text(value)


@register.filter
def local(value: datetime | None) -> str:
    """An instant in the page's time zone (the cloud's on cloud pages)."""
    if value is None:
        return "—"
    return fmt.datetime_text(timezone.localtime(value))


@register.filter
def day(value: Any) -> str:
    """A calendar date in the page's language."""
    return fmt.date_text(value) if value else ""


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
