"""The demo plan's records: plain data, no database.

``plan.make_plan`` fills them; ``apply.Builder`` turns them into rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from cambill.core.periods import Period

PASSWORD = "demo1234"
PROVIDER_DOMAIN = "cambill.example"


# --- the plan's records ------------------------------------------------------


@dataclass
class UserSpec:
    """A login to create: username, role and where it belongs."""

    username: str
    role: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    cloud: str | None = None
    account: str | None = None
    agent: str | None = None
    language: str = "en"


@dataclass
class TariffSpec:
    """A cloud tariff: components and the retail price per camera-month."""

    code: str
    name: str
    price: Decimal
    currency: str
    components: list[tuple[str, int]]
    family: str  # the base code the plan refers to (PLATES14 for PLATES14_USD)


@dataclass
class CloudSpec:
    """One operator: terms, tariffs, staff logins and its demo months."""

    index: int
    slug: str
    name: str
    legal_name: str
    country: str
    tz: str
    currency: str
    language: str
    tax_percent: Decimal
    wholesale_tax_percent: Decimal
    discount_percent: Decimal
    trial_until: datetime | None
    manager: str
    tax_id: str
    address: str
    founded_at: datetime
    range_start: datetime
    closed_periods: list[Period]
    tariffs: list[TariffSpec]  # its own tariffs
    allowed: list[str]  # provider tariff codes it may sell
    service_prices: list[tuple[str, Decimal]]
    staff: list[UserSpec]
    cities: tuple[str, ...]

    def sellable(self) -> dict[str, str]:
        """Family code -> real tariff code of every tariff the cloud may sell."""
        out = {t.family: t.code for t in self.tariffs}
        for code in self.allowed:
            out.setdefault(code.rsplit("_", 1)[0], code)
        return out


@dataclass
class AgentSpec:
    """A referral agent of a cloud; ``parent`` makes the tree."""

    cloud: str
    code: str
    name: str
    email: str
    parent: str | None
    level: int
    rate_percent: Decimal | None
    created_at: datetime
    user: UserSpec | None = None


@dataclass
class AccountSpec:
    """A subscriber account with its dated life (trial, discount, suspension)."""

    cloud: str
    index: int
    code: str
    name: str
    kind: str
    language: str
    email: str
    legal_name: str
    tax_id: str
    address: str
    created_at: datetime
    account_manager: str | None = None
    agent: str | None = None
    trial_until: datetime | None = None
    suspended_at: datetime | None = None
    subscriber: UserSpec | None = None
    discount: tuple[datetime, Decimal, str] | None = None  # created at, percent, description
    weight: float = 1.0
    place_counts: dict[str, int] = field(default_factory=dict)


@dataclass
class CameraSpec:
    """A camera: where and when it starts, and what happens to it later."""

    cloud: str
    code: str
    title: str
    account: str
    tariff: str
    start: datetime
    # (at, kind, arg): kind is change (arg tariff code), move (arg account
    # code), remove or disable (arg None).
    events: list[tuple[datetime, str, str | None]] = field(default_factory=list)
    # Brought over from the operator's previous billing system: registered
    # without a tariff, then its running period recorded as an import.
    imported: bool = False


@dataclass(frozen=True)
class Event:
    """One dated step. ``seq`` breaks ties in generation order."""

    at: datetime
    seq: int
    kind: str
    obj: Any
    arg: Any = None


@dataclass
class Plan:
    """Everything to create, as dated events in the order to apply them."""

    seed: int
    now: datetime
    months: int
    provider_setup_at: datetime
    provider_users: list[UserSpec]
    price_change: tuple[datetime, Any, Decimal] | None  # (set at, valid_from date, factor)
    clouds: list[CloudSpec]
    agents: list[AgentSpec]
    accounts: list[AccountSpec]
    cameras: list[CameraSpec]
    events: list[Event]

    def cloud(self, slug: str) -> CloudSpec:
        return next(c for c in self.clouds if c.slug == slug)
