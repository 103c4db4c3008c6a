"""Scenario fixtures: time frozen after the billed month, helpers for other clouds."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import time_machine

from tests.conftest import utc


@pytest.fixture
def freeze():  # type: ignore[no-untyped-def]
    """Freeze time at a given instant: ``freeze(utc(...))`` (may be called again to move)."""
    travellers: list[Any] = []

    def _at(instant):  # type: ignore[no-untyped-def]
        t = time_machine.travel(instant, tick=False)
        t.start()
        travellers.append(t)

    yield _at
    for t in reversed(travellers):
        t.stop()


def new_cloud(slug: str, currency: str, tz: str, **fields: Any) -> Any:
    from cambill.clouds.services import cloud_create
    from cambill.core.access import SYSTEM

    return cloud_create(
        actor=SYSTEM, slug=slug, name=slug.title(), currency=currency, timezone_name=tz, **fields
    )


def price(
    world: Any, service: str, currency: str, amount: str, valid_from: date = date(2020, 1, 1)
) -> None:
    from cambill.catalog.services import service_price_set
    from cambill.core.access import SYSTEM

    service_price_set(
        actor=SYSTEM,
        service=world.services[service],
        currency=currency,
        amount=amount,
        valid_from=valid_from,
    )


def tariff(cloud: Any, code: str, amount: str, **components: Any) -> Any:
    from cambill.catalog.services import tariff_create
    from cambill.core.access import SYSTEM

    return tariff_create(
        actor=SYSTEM,
        cloud=cloud,
        code=code,
        name=code.title(),
        price=amount,
        components=[{"service": s, "quantity": q} for s, q in components.items()],
    )


def account(cloud: Any, code: str, **fields: Any) -> Any:
    from cambill.clouds.services import account_create
    from cambill.core.access import SYSTEM

    return account_create(actor=SYSTEM, cloud=cloud, code=code, name=code.title(), **fields)


__all__ = ["account", "new_cloud", "price", "tariff", "utc"]
