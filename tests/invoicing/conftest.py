"""Fixtures of the invoicing tests: the worked example's cameras on top of ``world``."""

from __future__ import annotations

import pytest
import time_machine

from tests.conftest import utc
from tests.invoicing.helpers import camera, change, local

BOG = "America/Bogota"
NOW = utc(2026, 4, 5, 12)


def add_cameras(world):  # type: ignore[no-untyped-def]
    """The worked example for acme, plus one camera of beta (HOME3, whole month)."""
    t = world.clouds["telenet"]
    acme = world.accounts["acme"]
    camera(t, "A", acme, "TRAFFIC7", local(BOG, 2026, 2, 10, 9))
    camera(t, "B", acme, "HOME3", local(BOG, 2026, 3, 10))
    c = camera(t, "C", acme, "HOME3", local(BOG, 2026, 3, 1))
    change(c, "TRAFFIC7", local(BOG, 2026, 3, 16, 12))
    camera(t, "D", world.accounts["beta"], "HOME3", local(BOG, 2026, 1, 1))
    return t


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def example(world, frozen):  # type: ignore[no-untyped-def]
    """``world`` with cameras A, B, C (acme) and D (beta), time frozen after March 2026."""
    add_cameras(world)
    return world


def many_accounts(world, n: int, prefix: str = "acc"):  # type: ignore[no-untyped-def]
    """``n`` more accounts of telenet with one HOME3 camera each (whole of March 2026)."""
    from cambill.clouds.services import account_create
    from cambill.core.access import SYSTEM

    t = world.clouds["telenet"]
    out = []
    for i in range(n):
        acc = account_create(actor=SYSTEM, cloud=t, code=f"{prefix}{i:03d}", name=f"Account {i}")
        camera(t, f"{prefix}-cam{i:03d}", acc, "HOME3", local(BOG, 2026, 2, 1))
        out.append(acc)
    return out


@pytest.fixture
def tworld(transactional_db):  # type: ignore[no-untyped-def]
    """``world`` for tests whose threads need committed data (``transaction=True``)."""
    from tests.conftest import build_world

    return build_world()
