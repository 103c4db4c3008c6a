"""The demo flow's calendar, fixed names and prices, its result and small helpers."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from cambill.core.money import minor_units

MARCH, APRIL = "2026-03", "2026-04"
TZ = "America/Bogota"  # UTC-5 all year: local midnight is 05:00 UTC


def utc(year: int, month: int, day: int, hour: int = 0) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


# The simulated calendar (UTC instants).
TARIFF_FROM = utc(2026, 3, 10, 5)  # 10 March 00:00 in Bogota: days 10-31 = 22 days
MARCH_POLLS = (  # (poll time, hours the fake Watcher records before it)
    (utc(2026, 3, 10, 17), 0),  # first sight: the baseline, no usage
    (utc(2026, 3, 12, 17), 48),
    (utc(2026, 3, 13, 17), 24),
)
MARCH_BILLED_AT = utc(2026, 4, 1, 12)
APRIL_POLL = (utc(2026, 4, 2, 17), 24)
APRIL_BILLED_AT = utc(2026, 5, 1, 12)  # due 15 days later: 16 May 12:00 UTC
DUNNING_RUNS = (utc(2026, 5, 19, 13), utc(2026, 5, 26, 13), utc(2026, 6, 5, 13))
PAID_AT = utc(2026, 6, 8, 15)
LAST_INSTANT = PAID_AT

# What the flow's cloud sells and pays.
TARIFF = "TRAFFIC7"
TARIFF_PRICE = "12.00"
HOUR_PRICE = "0.05"  # per recorded hour, the tariff's metered extra
SERVICE_PRICES = {"REC_DAY": "0.30", "LPR": "4.00"}  # the cloud's individual wholesale prices
LEVELS = {1: "10", 2: "3"}  # commission % of the net, agent and its parent
REMINDER_DAYS, SUSPEND_DAY = [3, 10], 20
SERIAL = "FA1-0001"
CSV_HEADER = (
    "agent_model,agent_serial,agent_id,agent_key,agent_pin,stream_url,substream_url,"
    "thumbnails,onvif_url,onvif_profile,ptz"
)


class FlowError(Exception):
    """A step did not end as it should; the message says which and why."""


@dataclass
class Step:
    number: int
    title: str
    line: str


@dataclass
class FlowResult:
    slug: str
    steps: list[Step] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)


def money(amount: Any, currency: str) -> str:
    """``12.1200`` -> ``12.12 USD``: to the currency's minor unit."""
    d = Decimal(amount).quantize(Decimal(1).scaleb(-minor_units(currency)))
    return f"{d} {currency}"


def check(condition: bool, message: str) -> None:
    if not condition:
        raise FlowError(message)


def new_slug() -> str:
    from cambill.clouds.models import Cloud

    while True:
        slug = f"flow-{secrets.token_hex(3)}"
        if not Cloud.objects.filter(slug=slug).exists():
            return slug


def first_line_with(text: str, *needles: str) -> str:
    for line in text.splitlines():
        if any(n in line for n in needles):
            return line.strip()
    return text.strip().splitlines()[0] if text.strip() else ""
