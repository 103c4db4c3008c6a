"""Usage fixtures: the provider's meters and cameras of telenet/acme."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest


@dataclass
class UsageWorld:
    world: Any
    meters: dict[str, Any]
    cameras: dict[str, Any]

    @property
    def telenet(self) -> Any:
        return self.world.clouds["telenet"]


def event(
    i: int | str,
    subject: str = "camA",
    type: str = "archive.stats",
    time: str = "2026-03-10T10:00:00Z",
    source: str = "watcher-1",
    **data: Any,
) -> dict[str, Any]:
    return {
        "specversion": "1.0",
        "id": str(i),
        "source": source,
        "type": type,
        "subject": subject,
        "time": time,
        "data": data,
    }


@pytest.fixture
def uw(world) -> UsageWorld:  # type: ignore[no-untyped-def]
    from cambill.clouds.services import camera_create
    from cambill.core.access import SYSTEM
    from cambill.usage.services import meter_create
    from tests.conftest import utc

    meters = {
        "archive": meter_create(
            actor=SYSTEM,
            code="archive_gb",
            name="Archive",
            unit="GB-month",
            event_type="archive.stats",
            value_path="bytes",
            aggregation="time_weighted_avg",
            unit_divisor=1_000_000_000,
        ),
        "archive_max": meter_create(
            actor=SYSTEM,
            code="archive_max",
            name="Archive peak",
            unit="byte",
            event_type="archive.stats",
            value_path="bytes",
            aggregation="max",
        ),
        "archive_latest": meter_create(
            actor=SYSTEM,
            code="archive_latest",
            name="Archive now",
            unit="byte",
            event_type="archive.stats",
            value_path="bytes",
            aggregation="latest",
        ),
        "seconds": meter_create(
            actor=SYSTEM,
            code="rec_seconds",
            name="Recorded",
            unit="second",
            event_type="recording",
            value_path="stats.dvr.seconds",
            aggregation="sum",
        ),
        "plates": meter_create(
            actor=SYSTEM,
            code="plates",
            name="Distinct plates",
            unit="plate",
            event_type="plate.read",
            value_path="plate",
            aggregation="unique_count",
        ),
    }
    w = world
    t = w.clouds["telenet"]
    cams = {
        "camA": camera_create(
            actor=SYSTEM,
            cloud=t,
            code="camA",
            account=w.accounts["acme"],
            tariff=w.tariffs["TRAFFIC7"],
            at=utc(2026, 1, 1),
        ),
        "camB": camera_create(
            actor=SYSTEM,
            cloud=t,
            code="camB",
            account=w.accounts["acme"],
            tariff=w.tariffs["HOME3"],
            at=utc(2026, 1, 1),
        ),
        "camC": camera_create(
            actor=SYSTEM,
            cloud=t,
            code="camC",
            account=w.accounts["beta"],
            tariff=w.tariffs["HOME3"],
            at=utc(2026, 1, 1),
        ),
    }
    return UsageWorld(world=w, meters=meters, cameras=cams)
