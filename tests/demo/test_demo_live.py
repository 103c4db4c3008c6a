"""The demo's live sync: ``demo-data`` mirrors every cloud into a fake Watcher,
and the in-process schedule then polls, pushes and imports against it, so
usage grows and cameras added in Watcher appear in billing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.management import call_command

from cambill.core.access import SYSTEM
from cambill_sandbox.demo.newcloud import SLUG as NEW_CLOUD
from cambill_sandbox.fake_watcher import FakeWatcherHub

SMALL: dict[str, Any] = {
    "clouds": 2,
    "accounts": 20,
    "cameras": 60,
    "months": 2,
    "seed": 1,
    "now": "2026-05-14",
    "no_invoices": True,
}
T0 = datetime(2026, 5, 14, 1, 0, tzinfo=UTC)


@pytest.fixture
def demo(db: Any, demo_watcher_file: Path) -> str:
    out = StringIO()
    call_command("demo_data", stdout=out, **SMALL)
    return out.getvalue()


@pytest.fixture
def hub(demo: str, demo_watcher_file: Path) -> Iterator[FakeWatcherHub]:
    """The demo's hub file served on a free port; the connections follow it."""
    from cambill.clouds.models import Cloud
    from cambill.watcher.services.connection import watcher_connection_set

    with FakeWatcherHub() as running:
        running.load(demo_watcher_file)
        for cloud in Cloud.objects.exclude(slug=NEW_CLOUD):
            watcher_connection_set(actor=SYSTEM, cloud=cloud, base_url=running.url_for(cloud.slug))
        yield running


def _stats() -> dict[str, Any]:
    """Poll samples and recorded seconds: the cameras' go straight into the
    hourly rollups (decision 0025); a stream with no camera yet keeps raw events."""
    from django.db.models import Sum

    from cambill.usage.models import Meter, UsageEvent, UsageRollup

    hours = Meter.objects.get(code="watcher_recorded_hours")
    rolled = UsageRollup.objects.filter(meter=hours).aggregate(n=Sum("count"), s=Sum("sum"))
    unmatched = UsageEvent.objects.filter(type="watcher.stream.stats", camera__isnull=True)
    return {
        "events": (rolled["n"] or 0) + unmatched.count(),
        "recorded": (rolled["s"] or 0)
        + sum(e["data"]["recorded_seconds"] for e in unmatched.values("data")),
        "rollup_seconds": rolled["s"] or 0,
    }


def test_demo_data_mirrors_each_cloud_into_its_own_fake_watcher(
    demo: str, demo_watcher_file: Path
) -> None:
    from cambill.clouds.models import Account, Camera, Cloud
    from cambill.usage.models import Meter
    from cambill.watcher.models import WatcherConnection, WatcherOrgLink, WatcherPresetLink

    data = json.loads(demo_watcher_file.read_text())
    assert data["url"] == "http://127.0.0.1:8081"
    assert set(data["tenants"]) == {"telenet", "iberia"}
    for cloud in Cloud.objects.exclude(slug=NEW_CLOUD):
        tenant = data["tenants"][cloud.slug]
        live = Camera.objects.filter(cloud=cloud).exclude(status="removed")
        assert sorted(s["name"] for s in tenant["streams"]) == sorted(c.code for c in live)
        assert len(tenant["organizations"]) == Account.objects.filter(cloud=cloud).count()
        conn = WatcherConnection.objects.get(cloud=cloud)
        assert conn.base_url == f"http://127.0.0.1:8081/{cloud.slug}" and conn.enabled
        assert WatcherOrgLink.objects.filter(cloud=cloud).count() == len(tenant["organizations"])
        assert WatcherPresetLink.objects.filter(cloud=cloud).count() == len(tenant["presets"])
    assert set(Meter.objects.values_list("code", flat=True)) >= {
        "watcher_archive_gb",
        "watcher_recorded_hours",
    }
    assert "Flussonic Watcher (fake, one per cloud" in demo
    assert "http://127.0.0.1:8081/telenet" in demo


def test_schedule_ticks_grow_usage_and_import_new_cameras(hub: FakeWatcherHub) -> None:
    from cambill.clouds.models import Camera, CameraTariffPeriod, Cloud
    from cambill.schedule import DEMO_INTERVALS, InProcessBeat
    from cambill.watcher.models import WatcherConnection, WatcherOrgLink, WatcherPresetLink

    telenet = Cloud.objects.get(slug="telenet")
    streams = {name: len(f.state.streams) for name, f in hub.tenants.items() if name}
    cameras_before = Camera.objects.count()
    beat = InProcessBeat(intervals=DEMO_INTERVALS, log=lambda line: None)

    # tick 1: every interval job runs once; the mirror matches, so the import changes nothing
    ran = {e.name for e in beat.tick(T0)}
    assert {"watcher-poll", "watcher-push", "watcher-import", "usage-maintain"} <= ran
    assert "bill-previous-month" not in ran  # a crontab job waits for its time
    imported = beat.entries["watcher-import"].last_result
    assert [(r["cameras_created"], r["accounts_created"], r["conflicts"]) for r in imported] == [
        (0, 0, 0),
        (0, 0, 0),
    ]
    assert Camera.objects.count() == cameras_before
    polled = {r["cloud"]: r["streams"] for r in beat.entries["watcher-poll"].last_result}
    assert polled == streams  # each cloud polls its own Watcher only
    first = _stats()
    assert first["events"] == sum(streams.values()) and first["recorded"] == 0  # baselines

    # a subscriber installs a camera in telenet's Watcher, over its HTTP API
    org = WatcherOrgLink.objects.filter(cloud=telenet).order_by("org_id").first()
    preset = WatcherPresetLink.objects.filter(cloud=telenet).order_by("preset_id").first()
    assert org is not None and preset is not None
    httpx.post(
        f"{hub.url_for('telenet')}/_fake/streams",
        json={
            "name": "telenet-live-1",
            "organization_id": org.org_id,
            "preset_id": preset.preset_id,
        },
    ).raise_for_status()

    # tick 2, a minute later: only the poll (and push) are due; usage grew by a minute
    hub.advance(60)
    ran = {e.name for e in beat.tick(T0 + timedelta(seconds=60))}
    assert "watcher-poll" in ran and "watcher-import" not in ran
    second = _stats()
    assert second["events"] == first["events"] + sum(streams.values()) + 1
    assert second["recorded"] > 0 and second["rollup_seconds"] > first["rollup_seconds"]
    assert not Camera.objects.filter(code="telenet-live-1").exists()

    # tick 3, two minutes in: the import brings the new camera into its account and tariff
    hub.advance(60)
    ran = {e.name for e in beat.tick(T0 + timedelta(seconds=120))}
    assert {"watcher-poll", "watcher-import"} <= ran
    cam = Camera.objects.get(cloud=telenet, code="telenet-live-1")
    assert cam.account_id == org.account_id
    period = CameraTariffPeriod.objects.get(camera=cam, valid_to__isnull=True)
    assert period.tariff_id == preset.tariff_id
    third = _stats()
    assert third["recorded"] > second["recorded"]
    conn = WatcherConnection.objects.get(cloud=telenet)
    assert conn.last_poll_at == T0 + timedelta(seconds=120)
    assert conn.last_sync_status == "ok"

    # nothing is due again at the same instant
    assert beat.tick(T0 + timedelta(seconds=120)) == []
