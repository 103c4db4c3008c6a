"""Watcher sync against the fake Watcher over real HTTP: import, push, poll, faults."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from cambill.clouds.models import Account, Camera
from cambill.clouds.services import account_update, camera_create
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError, Forbidden
from cambill.core.models import AuditEntry
from cambill.watcher.models import (
    PushStatus,
    WatcherConnection,
    WatcherOrgLink,
    WatcherPresetLink,
    WatcherPush,
    WatcherStreamState,
)
from cambill.watcher.services.connection import watcher_connection_set
from cambill.watcher.services.outbox import (
    watcher_enqueue_account_state,
    watcher_enqueue_camera_tariff,
)
from cambill.watcher.services.provision import preset_body
from cambill.watcher.services.push import backoff_seconds, sync_push_process
from cambill.watcher.sync import (
    StreamSnapshot,
    events_from_stats,
    install_watcher_meters,
    sync_import_apply,
    sync_import_plan,
    sync_poll,
)
from cambill_sandbox.fake_watcher import FakeWatcher
from tests.conftest import utc

T0 = utc(2026, 3, 10, 12, 0, 0)


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


@pytest.fixture
def conn(world: Any, fake: FakeWatcher) -> WatcherConnection:
    return watcher_connection_set(
        actor=world.actor("cadmin"),
        cloud=world.clouds["telenet"],
        base_url=fake.url,
        username="admin",
        password="secret",
    )


def _stream(name: str, duration: float, size: float = 0, *, alive: bool = True) -> dict[str, Any]:
    return {
        "name": name,
        "stats": {
            "alive": alive,
            "bitrate": 1000,
            "dvr_info": {"duration": duration, "bytes": size, "from": 0},
        },
    }


# --- events_from_stats (pure) --------------------------------------------------


def test_first_sight_is_a_baseline_with_a_deterministic_id() -> None:
    events, snap = events_from_stats(
        source="s", stream=_stream("cam/1", 500, 9000), previous=None, polled_at=T0
    )
    assert snap == StreamSnapshot(500, 9000, 0, T0)
    (event,) = events
    assert event["id"] == f"cam/1@{int(T0.timestamp())}"
    assert event["subject"] == "cam/1" and event["type"] == "watcher.stream.stats"
    assert event["time"] == "2026-03-10T12:00:00Z"
    assert event["data"] == {
        "archive_bytes": 9000,
        "recorded_seconds": 0,
        "alive": True,
        "bitrate": 1000,
    }
    again, _ = events_from_stats(
        source="s", stream=_stream("cam/1", 500, 9000), previous=None, polled_at=T0
    )
    assert again == events


def test_growth_trim_and_recreation() -> None:
    prev = StreamSnapshot(1000, 5000, 0, T0)
    later = T0 + timedelta(seconds=300)

    def recorded(duration: float) -> int:
        events, _ = events_from_stats(
            source="s", stream=_stream("c", duration), previous=prev, polled_at=later
        )
        return events[0]["data"]["recorded_seconds"]

    assert recorded(1300) == 300  # grew
    assert recorded(1000) == 0  # stood still (offline, or trimmed as much as recorded)
    assert recorded(900) == 0  # trimmed at its depth: never negative
    assert recorded(120) == 120  # recreated: the new archive fits in the 300 s since
    # a late replay of an older poll changes nothing
    events, snap = events_from_stats(
        source="s", stream=_stream("c", 10), previous=prev, polled_at=T0 - timedelta(minutes=5)
    )
    assert events == [] and snap is None


def test_a_full_archive_trimmed_at_its_depth_still_counts_what_it_recorded() -> None:
    start = int(T0.timestamp()) - 7 * 86400
    prev = StreamSnapshot(7 * 86400, 5000, start, T0)
    later = T0 + timedelta(seconds=300)

    def recorded(duration: float, head: int) -> int:
        stream = _stream("c", duration)
        stream["stats"]["dvr_info"]["from"] = head
        events, _ = events_from_stats(source="s", stream=stream, previous=prev, polled_at=later)
        return events[0]["data"]["recorded_seconds"]

    # depth reached: the duration stands still while the head moves with the clock
    assert recorded(7 * 86400, start + 300) == 300
    # a 150 s gap fell off the head: the duration shrank by what was not recorded
    assert recorded(7 * 86400 - 150, start + 300) == 150
    # offline for the whole interval while the head was trimmed: nothing recorded
    assert recorded(7 * 86400 - 300, start + 300) == 0
    # never more than the wall time since the last poll
    assert recorded(7 * 86400, start + 900) == 300
    # a head past the last poll is a new archive (recreated stream), not a trim
    assert recorded(120, int(T0.timestamp()) + 60) == 120


def test_naive_poll_time_is_refused() -> None:
    from datetime import datetime

    with pytest.raises(ValueError):
        events_from_stats(
            source="s", stream=_stream("c", 1), previous=None, polled_at=datetime(2026, 3, 1)
        )


# --- connection -------------------------------------------------------------------


def test_connection_password_is_write_only_and_audited(world: Any, conn: WatcherConnection) -> None:
    entry = AuditEntry.objects.filter(verb="watcher_connection_set").latest("id")
    assert "secret" not in str(entry.after) and "secret" not in str(entry.before)
    assert entry.after["password_changed"] is True
    conn = watcher_connection_set(
        actor=world.actor("padmin"), cloud=world.clouds["telenet"], suspend_mode="disable_users"
    )
    assert conn.password == "secret"  # kept when not given
    with pytest.raises(Forbidden):
        watcher_connection_set(
            actor=world.actor("amanager"), cloud=world.clouds["telenet"], enabled=False
        )
    with pytest.raises(Forbidden):
        watcher_connection_set(
            actor=world.actor("otheradmin"), cloud=world.clouds["telenet"], enabled=False
        )
    with pytest.raises(DomainError):
        watcher_connection_set(actor=SYSTEM, cloud=world.clouds["telenet"], base_url="ftp://nope")


# --- import -----------------------------------------------------------------------


def test_import_plan_then_apply_is_idempotent(world: Any, fake: FakeWatcher, conn: Any) -> None:
    telenet = world.clouds["telenet"]
    state = fake.state
    new_shop = state.create_organization({"title": "New Shop"})["id"]
    beta = state.create_organization({"title": "Beta"})["id"]  # matches account "beta"
    fake.create_stream("ns-cam1", organization_id=new_shop, title="Front door")
    fake.create_stream("loose-cam")  # default organization: unassigned camera
    fake.create_stream("acme-1", organization_id=beta)  # billing says acme: conflict
    camera_create(actor=SYSTEM, cloud=telenet, code="acme-1", account=world.accounts["acme"])
    before = Camera.objects.count(), Account.objects.count()

    plan = sync_import_plan(actor=world.actor("cadmin"), cloud=telenet)
    assert (Camera.objects.count(), Account.objects.count()) == before  # a plan writes nothing
    summary = plan.as_dict()
    assert {(i["kind"], i["key"]) for i in summary["to_create"]} == {
        ("account", "new-shop"),
        ("camera", "ns-cam1"),
        ("camera", "loose-cam"),
    }
    assert [(i["key"], i["changes"]) for i in summary["to_update"]] == [
        ("beta", {"link_org": beta})
    ]
    assert [i["key"] for i in summary["conflicts"]] == ["acme-1"]

    done = sync_import_apply(actor=world.actor("cadmin"), cloud=telenet, plan=plan, now=T0)
    assert done == {
        "accounts_created": 1,
        "accounts_updated": 0,
        "cameras_created": 2,
        "cameras_updated": 0,
    }
    cam = Camera.objects.get(cloud=telenet, code="ns-cam1")
    assert cam.account.code == "new-shop" and cam.title == "Front door"
    assert Camera.objects.get(cloud=telenet, code="loose-cam").account is None
    assert WatcherOrgLink.objects.get(cloud=telenet, org_id=beta).account.code == "beta"
    assert Camera.objects.get(cloud=telenet, code="acme-1").account.code == "acme"  # untouched

    again = sync_import_plan(actor=world.actor("cadmin"), cloud=telenet)
    assert again.summary()["create"] == 0 and again.summary()["update"] == 0
    counts = Camera.objects.count(), Account.objects.count()
    assert sync_import_apply(actor=SYSTEM, cloud=telenet, plan=plan, now=T0) == {
        "accounts_created": 0,
        "accounts_updated": 0,
        "cameras_created": 0,
        "cameras_updated": 0,
    }
    assert (Camera.objects.count(), Account.objects.count()) == counts
    assert AuditEntry.objects.filter(verb="watcher_import_apply").count() == 2


def test_import_needs_an_admin(world: Any, conn: Any) -> None:
    with pytest.raises(Forbidden):
        sync_import_plan(actor=world.actor("amanager"), cloud=world.clouds["telenet"])


# --- push -------------------------------------------------------------------------


def test_tariff_preset_from_components(world: Any) -> None:
    assert preset_body(world.tariffs["TRAFFIC7"]) == {
        "title": "TRAFFIC7: Traffic 7 + plates",
        "is_adjustable": False,
        "dvr": {"expiration": 7 * 86400},
        "vision": {"alg": "plates"},
    }
    assert preset_body(world.tariffs["HOME3"])["dvr"] == {"expiration": 3 * 86400}


def test_push_camera_tariff_and_account_suspension(
    world: Any, fake: FakeWatcher, conn: Any
) -> None:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    cam = camera_create(
        actor=SYSTEM, cloud=telenet, code="acme-cam1", account=acme, tariff="TRAFFIC7", at=T0
    )
    push = watcher_enqueue_camera_tariff(cam)
    assert push is not None and push.status == PushStatus.PENDING
    assert watcher_enqueue_camera_tariff(cam).pk == push.pk  # open pushes collapse
    result = sync_push_process(cloud=telenet)
    assert (result.done, result.failed) == (1, 0)
    org_id = WatcherOrgLink.objects.get(cloud=telenet, account=acme).org_id
    preset = WatcherPresetLink.objects.get(cloud=telenet, tariff=world.tariffs["TRAFFIC7"])
    stream = fake.state.get_stream("acme-cam1")
    assert stream["organization_id"] == org_id and stream["preset_id"] == preset.preset_id
    assert stream["disabled"] is False
    wpreset = fake.state.get_preset(preset.preset_id)
    assert wpreset["is_adjustable"] is False and wpreset["dvr"]["expiration"] == 7 * 86400
    assert fake.state.get_organization(org_id)["title"] == "ACME Logistics"
    assert WatcherPush.objects.get(pk=push.pk).status == PushStatus.DONE

    # suspend -> the account's streams are disabled, resume -> enabled again
    account_update(actor=SYSTEM, account=acme, status="suspended")
    watcher_enqueue_account_state(acme)
    # the account's push, then one push per stream (PUT /streams/{name}, not multiedit)
    assert sync_push_process(cloud=telenet).done == 2
    assert fake.state.get_stream("acme-cam1")["disabled"] is True
    stream_push = WatcherPush.objects.get(kind="stream_state", object_ref="acme-cam1")
    assert stream_push.payload == {"stream": "acme-cam1", "disabled": True, "changed": True}
    assert ("POST", "/watcher/admin-api/v3/streams/multiedit") not in {
        (m, p) for m, p, _ in fake.state.requests
    }
    account_update(actor=SYSTEM, account=acme, status="active")
    watcher_enqueue_account_state(acme)
    sync_push_process(cloud=telenet)
    assert fake.state.get_stream("acme-cam1")["disabled"] is False
    # the organization was created once, however many pushes ran
    titles = [o["title"] for o in fake.state.organizations.values()]
    assert titles.count("ACME Logistics") == 1


def test_enqueue_without_connection_is_a_no_op(world: Any) -> None:
    cam = camera_create(actor=SYSTEM, cloud=world.clouds["telenet"], code="x1")
    assert watcher_enqueue_camera_tariff(cam) is None
    assert WatcherPush.objects.count() == 0


def test_failed_push_is_kept_retried_with_backoff_then_done(
    world: Any, fake: FakeWatcher, conn: Any, settings: Any
) -> None:
    settings.CAMBILL_WATCHER_RETRIES = 0  # let every 5xx reach the outbox
    telenet = world.clouds["telenet"]
    cam = camera_create(
        actor=SYSTEM,
        cloud=telenet,
        code="acme-cam2",
        account=world.accounts["acme"],
        tariff="HOME3",
        at=T0,
    )
    push = watcher_enqueue_camera_tariff(cam)
    fake.fail_next(3, status=500, match="/streams/acme-cam2")
    now = T0 + timedelta(days=400)  # after the push was queued (real time)
    for attempt in range(1, 4):
        result = sync_push_process(cloud=telenet, now=now)
        assert (result.done, result.failed) == (0, 1)
        row = WatcherPush.objects.get(pk=push.pk)
        assert row.status == PushStatus.FAILED and row.attempts == attempt
        assert "500" in row.last_error
        assert row.next_attempt_at == now + timedelta(seconds=backoff_seconds(attempt))
        # not due yet: nothing is sent
        assert sync_push_process(cloud=telenet, now=now + timedelta(seconds=1)).failed == 0
        now = row.next_attempt_at
    assert sync_push_process(cloud=telenet, now=now).done == 1
    row = WatcherPush.objects.get(pk=push.pk)
    assert (row.status, row.attempts, row.last_error) == (PushStatus.DONE, 4, "")
    assert fake.state.get_stream("acme-cam2")["preset_id"] == row.payload["preset_id"]
    # the organization and preset were created once despite the failures
    assert WatcherOrgLink.objects.filter(cloud=telenet).count() == 1
    assert len([p for p in fake.state.presets.values() if p["title"].startswith("HOME3")]) == 1


def test_backoff_grows_and_is_capped() -> None:
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff_seconds(50) == 3600


# --- poll -------------------------------------------------------------------------


@pytest.fixture
def meters(db: Any) -> None:
    install_watcher_meters(actor=SYSTEM)


def _events(cloud: Any) -> list[Any]:
    from cambill.usage.models import UsageEvent

    return list(UsageEvent.objects.filter(cloud=cloud).order_by("time", "subject"))


def _rollups(cloud: Any, meter: str) -> list[tuple[Any, ...]]:
    """(camera, hour, count, sum, last value, last time) of a meter's buckets."""
    from cambill.usage.models import UsageRollup

    return [
        (r.camera.code, r.hour, r.count, r.sum, r.last_value, r.last_time)
        for r in UsageRollup.objects.filter(cloud=cloud, meter__code=meter)
        .select_related("camera")
        .order_by("camera__code", "hour")
    ]


def test_poll_writes_samples_into_the_rollups(
    world: Any, fake: FakeWatcher, conn: Any, meters: None
) -> None:
    from cambill.usage.models import UsageEventKey

    telenet = world.clouds["telenet"]
    preset = fake.state.create_preset({"title": "7d", "dvr": {"expiration": 7 * 86400}})["id"]
    fake.create_stream("acme-cam1", preset_id=preset, bitrate=1000)
    fake.create_stream("ghost", preset_id=preset, bitrate=2000)  # no camera in billing
    camera_create(actor=SYSTEM, cloud=telenet, code="acme-cam1", account=world.accounts["acme"])

    first = sync_poll(cloud=telenet, now=T0)
    assert (first.streams, first.events) == (2, 2)
    fake.advance(3600)
    second = sync_poll(cloud=telenet, now=T0 + timedelta(hours=1))
    assert second.ingest == {
        "received": 2,
        "inserted": 1,  # the ghost's event: kept raw, unmatched, until its camera appears
        "duplicates": 0,
        "unmatched": 1,
        "late": 0,
        "rolled_up": 1,  # the camera's sample went straight into the rollups
    }
    events = _events(telenet)
    assert [(e.subject, e.camera_id) for e in events] == [("ghost", None), ("ghost", None)]
    assert UsageEventKey.objects.filter(cloud=telenet).count() == 2
    one_hour = 1000 * 1000 // 8 * 3600
    h = T0.replace(minute=0)
    assert _rollups(telenet, "watcher_recorded_hours") == [
        ("acme-cam1", h, 1, 0, 0, T0),
        ("acme-cam1", h + timedelta(hours=1), 1, 3600, 3600, T0 + timedelta(hours=1)),
    ]
    assert _rollups(telenet, "watcher_archive_gb")[-1][2:5] == (1, one_hour, one_hour)

    # a replayed poll (same time) counts once
    before = _rollups(telenet, "watcher_recorded_hours")
    replay = sync_poll(cloud=telenet, now=T0 + timedelta(hours=1))
    assert replay.ingest["rolled_up"] == 0 and replay.ingest["duplicates"] == 2
    assert len(_events(telenet)) == 2 and _rollups(telenet, "watcher_recorded_hours") == before
    state = WatcherStreamState.objects.get(cloud=telenet, stream_name="acme-cam1")
    assert state.last_duration == 3600
    conn.refresh_from_db()
    assert conn.last_poll_streams == 2 and conn.last_sync_status == "ok"


def test_poll_keeps_raw_events_when_asked(
    world: Any, fake: FakeWatcher, conn: Any, meters: None, settings: Any
) -> None:
    settings.CAMBILL_WATCHER_POLL_RAW_EVENTS = True
    telenet = world.clouds["telenet"]
    fake.create_stream("acme-cam1", bitrate=1000)
    camera_create(actor=SYSTEM, cloud=telenet, code="acme-cam1", account=world.accounts["acme"])
    sync_poll(cloud=telenet, now=T0)
    fake.advance(3600)
    second = sync_poll(cloud=telenet, now=T0 + timedelta(hours=1))
    assert second.ingest["inserted"] == 1 and second.ingest["rolled_up"] == 0
    last = _events(telenet)[-1]
    assert last.camera is not None and last.data["recorded_seconds"] == 3600
    assert last.data["archive_bytes"] == 1000 * 1000 // 8 * 3600


def test_poll_never_counts_negative_usage_when_the_archive_is_trimmed(
    world: Any, fake: FakeWatcher, conn: Any, meters: None
) -> None:
    telenet = world.clouds["telenet"]
    preset = fake.state.create_preset({"title": "1h", "dvr": {"expiration": 3600}})["id"]
    fake.create_stream("cam", preset_id=preset, bitrate=1000)
    camera_create(actor=SYSTEM, cloud=telenet, code="cam", account=world.accounts["acme"])
    sync_poll(cloud=telenet, now=T0)
    fake.advance(3000)
    sync_poll(cloud=telenet, now=T0 + timedelta(seconds=3000))
    fake.advance(3000)  # trimmed at 1 h of depth
    sync_poll(cloud=telenet, now=T0 + timedelta(seconds=6000))
    # 12:00 -> 0 (first sight), 12:50 -> 3000, 13:40 -> 600 (growth + trimmed head)
    recorded = [(r[1].hour, r[2], r[3]) for r in _rollups(telenet, "watcher_recorded_hours")]
    assert recorded == [(12, 2, 3000), (13, 1, 600)]


def test_poll_survives_5xx_and_expired_tokens(
    world: Any, fake: FakeWatcher, conn: Any, meters: None
) -> None:
    telenet = world.clouds["telenet"]
    fake.create_stream("cam", bitrate=1000)
    fake.fail_next(2, status=503)  # within the client's 2 retries
    assert sync_poll(cloud=telenet, now=T0).streams == 1
    fake.expire_tokens()
    assert sync_poll(cloud=telenet, now=T0 + timedelta(minutes=5)).streams == 1
    fake.expire_tokens(refresh=True)  # refresh revoked too: Basic login again
    assert sync_poll(cloud=telenet, now=T0 + timedelta(minutes=10)).streams == 1
    assert len(_events(telenet)) == 3


def test_poll_failure_is_recorded_and_changes_nothing(
    world: Any, fake: FakeWatcher, conn: Any, meters: None
) -> None:
    from cambill.watcher.errors import WatcherUnavailable

    telenet = world.clouds["telenet"]
    fake.create_stream("cam", bitrate=1000)
    fake.fail_next(10, status=503)
    with pytest.raises(WatcherUnavailable):
        sync_poll(cloud=telenet, now=T0)
    conn.refresh_from_db()
    assert conn.last_sync_status == "failed" and "503" in conn.last_sync_error
    assert WatcherStreamState.objects.count() == 0 and _events(telenet) == []
    fake.clear_faults()
    assert sync_poll(cloud=telenet, now=T0).events == 1


def test_poll_through_the_celery_task_eagerly(
    world: Any, fake: FakeWatcher, conn: Any, meters: None
) -> None:
    from cambill.watcher.tasks import watcher_poll_all, watcher_push_all

    fake.create_stream("cam", bitrate=1000)
    (out,) = watcher_poll_all.delay(T0.isoformat()).get()
    assert out == {
        "cloud": "telenet",
        "streams": 1,
        "events": 1,
        "ingest": {
            "received": 1,
            "inserted": 1,
            "duplicates": 0,
            "unmatched": 1,
            "late": 0,
            "rolled_up": 0,
        },
    }
    fake.fail_next(10, status=503)
    (failed,) = watcher_poll_all.delay((T0 + timedelta(minutes=5)).isoformat()).get()
    assert "error" in failed  # recorded, not raised: the other clouds still run
    assert watcher_push_all.delay().get() == [
        {"cloud": "telenet", **{"done": 0, "failed": 0, "errors": []}}
    ]


def test_suspension_by_disabling_users(world: Any, fake: FakeWatcher, conn: Any) -> None:
    telenet, acme = world.clouds["telenet"], world.accounts["acme"]
    watcher_connection_set(actor=SYSTEM, cloud=telenet, suspend_mode="disable_users")
    watcher_enqueue_account_state(acme)
    sync_push_process(cloud=telenet)  # creates and links the organization
    org_id = WatcherOrgLink.objects.get(cloud=telenet, account=acme).org_id
    user = fake.state.create_user({"name": "acme-viewer", "organizations": [{"id": org_id}]})
    boss = fake.state.create_user(
        {"name": "boss", "access_level": "admin", "organizations": [{"id": org_id}]}
    )
    account_update(actor=SYSTEM, account=acme, status="suspended")
    watcher_enqueue_account_state(acme)
    # The account push, then one push per member (each decides on its own user).
    assert sync_push_process(cloud=telenet).done == 3
    assert fake.state.get_user(user["id"])["disabled"] is True
    assert fake.state.get_user(boss["id"])["disabled"] is False  # admins are never locked out
    account_update(actor=SYSTEM, account=acme, status="active")
    watcher_enqueue_account_state(acme)
    sync_push_process(cloud=telenet)
    assert fake.state.get_user(user["id"])["disabled"] is False


def test_poll_fanned_out_in_batches_counts_each_interval_once(
    world: Any, fake: FakeWatcher, conn: Any, meters: None, settings: Any
) -> None:
    from cambill.watcher.sync.poll import poll_batch
    from cambill.watcher.tasks import watcher_poll_cloud

    settings.CAMBILL_WATCHER_POLL_FAN_OUT = True
    telenet = world.clouds["telenet"]
    for name in ("cam-a", "cam-b"):
        fake.create_stream(name, bitrate=1000)
        camera_create(actor=SYSTEM, cloud=telenet, code=name, account=world.accounts["acme"])
    watcher_poll_cloud.delay(telenet.pk, T0.isoformat()).get()
    fake.advance(600)
    out = watcher_poll_cloud.delay(telenet.pk, (T0 + timedelta(minutes=10)).isoformat()).get()
    assert (out["streams"], out["events"], out["ingest"]["rolled_up"]) == (2, 2, 2)
    h = T0.replace(minute=0)
    expected = [
        ("cam-a", h, 2, 600, 600, T0 + timedelta(minutes=10)),
        ("cam-b", h, 2, 600, 600, T0 + timedelta(minutes=10)),
    ]
    assert _rollups(telenet, "watcher_recorded_hours") == expected
    # A batch delivered twice (a worker died after its commit): counted once.
    again = poll_batch(
        cloud_id=telenet.pk,
        streams=[{"name": "cam-a", "stats": {"dvr_info": {"duration": 600}}}],
        polled_at=T0 + timedelta(minutes=10),
    )
    assert again["ingest"]["rolled_up"] == 0 and again["ingest"]["duplicates"] == 1
    assert _rollups(telenet, "watcher_recorded_hours") == expected
