"""The demo as plain data: what to create, and when.

``make_plan`` draws everything from one ``random.Random(seed)`` in a fixed
order and returns a list of dated events; nothing here touches the database.
Applying the events in order (``apply.py``) replays months of an operator's
life through the real services, so the same seed and ``now`` always give the
same rows in the same order.
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from .generator import Generator
from .records import (
    PASSWORD,
    AccountSpec,
    AgentSpec,
    CameraSpec,
    CloudSpec,
    Event,
    Plan,
    TariffSpec,
    UserSpec,
)

__all__ = [
    "PASSWORD",
    "AccountSpec",
    "AgentSpec",
    "CameraSpec",
    "CloudSpec",
    "Event",
    "Plan",
    "TariffSpec",
    "UserSpec",
    "make_plan",
]


def _split(total: int, weights: list[float]) -> list[int]:
    """Largest-remainder split of ``total`` in proportion to ``weights``."""
    if not weights:
        return []
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [math.floor(r) for r in raw]
    order = sorted(range(len(weights)), key=lambda i: (-(raw[i] - out[i]), i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


# Which language each demo login starts in (the README's login table says so):
# the provider's team is international, each cloud's staff mostly speaks its
# country's language, with a Brazilian account manager and an English-speaking
# accountant; subscribers read what their account is billed in. Set after the
# draw, so the names drawn do not change with it.
PROVIDER_LANGUAGES = {"admin": "en", "accountant": "es", "manager": "pt-br", "manager2": "en"}
STAFF_LANGUAGES = {"admin": None, "am1": None, "am2": "pt-br", "acct": "en"}  # None: the cloud's
AGENT_LANGUAGES = {"agent2": "pt-br"}


def _vary_languages(
    provider_users: list[UserSpec], clouds: list[CloudSpec], agents: list[AgentSpec]
) -> None:
    for u in provider_users:
        u.language = PROVIDER_LANGUAGES.get(u.username, u.language)
    for c in clouds:
        for u in c.staff:
            lang = STAFF_LANGUAGES.get(u.username.removeprefix(f"{c.slug}-"))
            u.language = lang or c.language
    for a in agents:
        if a.user is not None:
            a.user.language = AGENT_LANGUAGES.get(a.code, a.user.language)


# --- the plan ----------------------------------------------------------------


EINVOICE_CLOUDS = ("azteca", "caribe", "brabant", "lumiere")
EINVOICE_SHARE = 0.4


def make_plan(
    *, seed: int, clouds: int, accounts: int, cameras: int, months: int, now: datetime
) -> Plan:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    now = now.astimezone(UTC)
    rng = random.Random(seed)
    gen = Generator(rng, now, months)
    cloud_specs = [gen.cloud(i, clouds) for i in range(clouds)]
    # The first operator signed up first (it gets the first ids and the
    # longest history); founding times are drawn per cloud, handed out in order.
    for c, founded in zip(cloud_specs, sorted(c.founded_at for c in cloud_specs), strict=True):
        c.founded_at = founded
    for c in cloud_specs:
        if c.trial_until is not None:
            # The operator on trial joined just before the demo's months and
            # moved its subscribers over from its previous billing system.
            c.founded_at = c.range_start - timedelta(days=20, hours=-14)
    provider_setup_at = min(c.founded_at for c in cloud_specs) - timedelta(days=30)
    provider_users = gen.provider_users(clouds)
    price_change = None
    if months >= 2:
        # The provider raises plate recognition 5 % from the last closed month
        # (so the invoices show an effective-dated price), announced 20 days ahead.
        first = cloud_specs[0].closed_periods[-1].first_day
        announced = datetime(first.year, first.month, first.day, 9, tzinfo=UTC) - timedelta(days=20)
        price_change = (announced, first, Decimal("1.05"))

    # The e-invoicing operators (azteca, caribe: every document signed, validated and
    # submitted to the sandboxes) keep fewer subscribers, so the demo stays quick.
    per_cloud = _split(
        accounts,
        [
            (EINVOICE_SHARE if c.slug in EINVOICE_CLOUDS else 1) / math.sqrt(i + 1)
            for i, c in enumerate(cloud_specs)
        ],
    )
    agent_specs: list[AgentSpec] = []
    account_specs: list[AccountSpec] = []
    for c, n in zip(cloud_specs, per_cloud, strict=True):
        agents = gen.agents(c, n)
        agent_specs.extend(agents)
        account_specs.extend(gen.accounts(c, n, agents))
    camera_specs = gen.cameras(cloud_specs, account_specs, cameras)

    _vary_languages(provider_users, cloud_specs, agent_specs)
    events: list[Event] = []

    def add(at: datetime, kind: str, obj: Any, arg: Any = None) -> None:
        events.append(Event(at, len(events), kind, obj, arg))

    add(provider_setup_at, "provider", None)
    if price_change is not None:
        add(price_change[0], "price_change", price_change)
    for c in cloud_specs:
        add(c.founded_at, "cloud", c)
    for a in agent_specs:
        add(a.created_at, "agent", a)
    for acc in account_specs:
        add(acc.created_at, "account", acc)
        if acc.discount is not None:
            add(acc.discount[0], "discount", acc)
        if acc.suspended_at is not None:
            add(acc.suspended_at, "suspend", acc)
    for cam in camera_specs:
        add(cam.start, "camera", cam)
        for at, kind, arg in cam.events:
            add(at, kind, cam, arg)
    events.sort(key=lambda e: (e.at, e.seq))
    return Plan(
        seed=seed,
        now=now,
        months=months,
        provider_setup_at=provider_setup_at,
        provider_users=provider_users,
        price_change=price_change,
        clouds=cloud_specs,
        agents=agent_specs,
        accounts=account_specs,
        cameras=camera_specs,
        events=events,
    )
