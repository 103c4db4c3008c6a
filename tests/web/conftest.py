"""Fixtures of the page tests: cameras on top of the shared ``world``, and a
client signed in as one of its users."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.conftest import utc


@pytest.fixture
def cams(world: Any) -> dict[str, Any]:
    """``cam-a`` (acme, TRAFFIC7 since 1 March 2026) in telenet, ``cam-g`` (gamma) in othercloud."""
    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM

    return {
        "cam-a": camera_create(
            actor=SYSTEM,
            cloud=world.clouds["telenet"],
            code="cam-a",
            title="Gate",
            account=world.accounts["acme"],
            tariff="TRAFFIC7",
            at=utc(2026, 3, 1, 5),
        ),
        "cam-g": camera_create(
            actor=SYSTEM,
            cloud=world.clouds["othercloud"],
            code="cam-g",
            account=world.accounts["gamma"],
            tariff="HOME3",
            at=utc(2026, 3, 1),
        ),
    }


@pytest.fixture
def as_user(world: Any):  # type: ignore[no-untyped-def]
    """``as_user("cadmin")``: a test client signed in as that world user."""

    def make(name: str) -> Client:
        client = Client()
        client.force_login(world.users[name])
        return client

    return make
