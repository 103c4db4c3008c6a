"""Offline time from the Watcher poll (``camera.offline``) and the offline credit it earns."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from cambill.clouds.services import cloud_update
from cambill.core.access import SYSTEM
from cambill.core.periods import Period
from cambill.usage.models import Meter, UsageEvent, UsageRollup
from cambill.usage.offline import offline_seconds_by_day
from cambill.watcher.services.connection import watcher_connection_set
from cambill.watcher.sync import StreamSnapshot, install_watcher_meters, sync_poll
from cambill.watcher.sync.poll import events_from_stats, offline_seconds
from cambill_sandbox.fake_watcher import FakeWatcher
from tests.conftest import utc
from tests.invoicing.helpers import amounts, bill, camera, retail, totals
from tests.scenarios.conftest import account, new_cloud, tariff

T0 = utc(2026, 4, 2)


def _stream(alive: bool | None, disabled: bool = False, **stats: Any) -> dict[str, Any]:
    return {"name": "cam", "disabled": disabled, "stats": {"alive": alive, **stats}}


PREV = StreamSnapshot(0, 0, None, T0)


@pytest.mark.parametrize(
    ("stream", "previous", "seconds"),
    [
        (_stream(False), PREV, 3600),
        (_stream(True), PREV, 0),
        (_stream(None), PREV, 0),  # unknown: not offline
        (_stream(False, disabled=True), PREV, 0),  # a suspended camera is not "offline"
        (_stream(False), None, 0),  # first sight: no interval yet
        # the last frame 20 minutes after the previous poll: 40 minutes offline
        (
            _stream(False, last_dts_at=int((T0 + timedelta(minutes=20)).timestamp() * 1000)),
            PREV,
            2400,
        ),
    ],
)
def test_offline_seconds(stream: dict[str, Any], previous: Any, seconds: int) -> None:
    assert offline_seconds(stream, previous, T0 + timedelta(hours=1)) == seconds


def test_offline_event_beside_the_stats() -> None:
    events, _ = events_from_stats(
        source="s", stream=_stream(False), previous=PREV, polled_at=T0 + timedelta(hours=1)
    )
    assert [(e["type"], e["id"], e["data"].get("seconds")) for e in events] == [
        ("watcher.stream.stats", "cam@1775091600", None),
        ("camera.offline", "cam@1775091600/offline", 3600),
    ]


@pytest.fixture
def fake() -> Iterator[FakeWatcher]:
    with FakeWatcher() as server:
        yield server


@pytest.fixture(autouse=True)
def _fast_client(settings: Any) -> None:
    settings.CAMBILL_WATCHER_RETRIES = 2
    settings.CAMBILL_WATCHER_BACKOFF = 0.0
    settings.CAMBILL_WATCHER_TIMEOUT = 5.0
    settings.CAMBILL_WATCHER_PUSH_ON_COMMIT = False


@pytest.mark.django_db
def test_a_day_offline_is_credited(world: Any, fake: FakeWatcher, time_machine: Any) -> None:
    time_machine.move_to(utc(2026, 3, 20), tick=False)
    install_watcher_meters(actor=SYSTEM)
    cloud = new_cloud("camnet", "USD", "UTC")
    watcher_connection_set(
        actor=SYSTEM, cloud=cloud, base_url=fake.url, username="admin", password="secret"
    )
    tariff(cloud, "T30", "30.00", REC_DAY=1)
    acc = account(cloud, "shop")
    camera(cloud, "cam1", acc, "T30", utc(2026, 3, 1))
    camera(cloud, "cam2", acc, "T30", utc(2026, 3, 1))
    fake.create_stream("cam1")
    fake.create_stream("cam2")

    def poll(at: Any) -> None:
        time_machine.move_to(at, tick=False)
        sync_poll(cloud=cloud, now=at)

    poll(utc(2026, 4, 2))  # baseline
    # The fake Watcher's control endpoint takes the stream offline, as a camera going down.
    r = httpx.put(f"{fake.url}/_fake/streams/cam1/stats", json={"alive": False})
    assert r.status_code == 200 and r.json()["stats"]["alive"] is False
    poll(utc(2026, 4, 2, 3))  # 3 h offline on 2 April
    poll(utc(2026, 4, 2, 5))  # 2 h more: 5 h on 2 April
    fake.state.set_stream_stats("cam1", alive=True)
    poll(utc(2026, 4, 2, 6))
    poll(utc(2026, 4, 9))
    fake.state.set_stream_stats("cam2", alive=False)
    poll(utc(2026, 4, 9, 3))  # 3 h, short of the 4 h: cam2 earns nothing
    fake.state.set_stream_stats("cam2", alive=True)
    poll(utc(2026, 4, 9, 4))
    assert Meter.objects.filter(code="camera_offline_seconds").exists()
    # Written straight into the hourly rollups (decision 0025): no raw event.
    assert not UsageEvent.objects.filter(cloud=cloud).exists()
    offline = UsageRollup.objects.filter(cloud=cloud, meter__code="camera_offline_seconds")
    assert sorted((r.camera.code, r.hour, r.sum) for r in offline) == [
        ("cam1", utc(2026, 4, 2, 3), 10800),
        ("cam1", utc(2026, 4, 2, 5), 7200),
        ("cam2", utc(2026, 4, 9, 3), 10800),
    ]
    april = Period.containing(utc(2026, 4, 15), "UTC")
    assert offline_seconds_by_day(cloud, april) == {
        "cam1": {date(2026, 4, 2): 18000},
        "cam2": {date(2026, 4, 9): 10800},
    }

    cloud = cloud_update(actor=SYSTEM, cloud=cloud, offline_credit_hours=4)
    time_machine.move_to(utc(2026, 5, 2), tick=False)
    bill(cloud, "2026-04", utc(2026, 5, 2))
    inv = retail(cloud, "2026-04", "shop")
    lines = list(inv.lines.order_by("position").values_list("kind", "description", "amount"))
    # 2 April (5 h offline) is credited: 30.00 / 30 days.
    assert [k for k, _, _ in lines] == ["tariff", "tariff", "offline_credit"]
    assert amounts(inv) == ["30.00", "30.00", "-1.00"]
    assert lines[2][1] == "Offline credit: 1 day, Camera cam1"
    assert totals(inv) == {
        "subtotal": "59.00",
        "discount": "0.00",
        "net": "59.00",
        "tax": "0.00",
        "total": "59.00",
    }


@pytest.mark.django_db
def test_offline_time_stays_raw_where_local_days_are_not_whole_hours(
    world: Any, fake: FakeWatcher
) -> None:
    """Kolkata is UTC+5:30: an hour's rollup would straddle local midnight, so
    the offline events are kept raw and read per local day from them."""
    install_watcher_meters(actor=SYSTEM)
    cloud = new_cloud("delhinet", "USD", "Asia/Kolkata")
    watcher_connection_set(
        actor=SYSTEM, cloud=cloud, base_url=fake.url, username="admin", password="secret"
    )
    tariff(cloud, "T30", "30.00", REC_DAY=1)
    camera(cloud, "cam1", account(cloud, "shop"), "T30", utc(2026, 3, 1))
    fake.create_stream("cam1")
    sync_poll(cloud=cloud, now=utc(2026, 4, 2, 18))  # 23:30 local
    fake.state.set_stream_stats("cam1", alive=False)
    sync_poll(cloud=cloud, now=utc(2026, 4, 2, 18, 45))  # 00:15 local, 3 April
    raw = UsageEvent.objects.filter(cloud=cloud)
    assert [(e.type, e.data.get("seconds")) for e in raw] == [("camera.offline", 2700)]
    assert offline_seconds_by_day(cloud, Period.containing(utc(2026, 4, 15), "Asia/Kolkata")) == {
        "cam1": {date(2026, 4, 3): 2700}
    }
