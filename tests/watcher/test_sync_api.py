"""The Watcher endpoints and pages: write-only password, import plan/apply with a
digest, on-demand poll and push, the outbox with failed pushes visible."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from cambill.clouds.services import camera_create
from cambill.core.access import SYSTEM
from cambill.watcher.models import PushStatus, WatcherPush
from cambill.watcher.services.outbox import watcher_enqueue_camera_tariff
from cambill.watcher.sync import install_watcher_meters
from cambill_sandbox.fake_watcher import FakeWatcher
from tests.api.helpers import bearer
from tests.conftest import utc

BASE = "/api/v1/clouds/telenet/watcher/"


@pytest.fixture
def fake() -> Iterator[FakeWatcher]:
    with FakeWatcher() as server:
        yield server


@pytest.fixture(autouse=True)
def _fast_client(settings: Any) -> None:
    settings.CAMBILL_WATCHER_RETRIES = 0
    settings.CAMBILL_WATCHER_BACKOFF = 0.0
    settings.CAMBILL_WATCHER_PUSH_ON_COMMIT = False


@pytest.fixture
def connected(world: Any, fake: FakeWatcher) -> Any:
    client = bearer("cadmin")
    resp = client.put(
        BASE + "connection/",
        {"base_url": fake.url, "username": "admin", "password": "secret"},
        format="json",
    )
    assert resp.status_code == 200, resp.content
    return client


def test_password_is_write_only(world: Any, connected: Any) -> None:
    body = connected.get(BASE + "connection/").json()
    assert body["password_set"] is True and "password" not in body
    assert "secret" not in connected.get(BASE + "connection/").content.decode()
    resp = connected.put(BASE + "connection/", {"suspend_mode": "disable_users"}, format="json")
    assert resp.status_code == 200 and resp.json()["suspend_mode"] == "disable_users"
    assert "secret" not in resp.content.decode()


def test_connection_scoping(world: Any, connected: Any) -> None:
    assert bearer("otheradmin").get(BASE + "connection/").status_code == 404
    assert bearer("subscriber").get(BASE + "connection/").status_code == 403
    resp = bearer("amanager").put(BASE + "connection/", {"enabled": False}, format="json")
    assert resp.status_code == 403
    assert bearer("caccountant").get(BASE + "connection/").status_code == 200
    assert bearer("cadmin").get("/api/v1/clouds/othercloud/watcher/connection/").status_code == 404
    bad = connected.put(BASE + "connection/", {"password": "x", "nope": 1}, format="json")
    assert bad.status_code == 400


def test_import_plan_and_apply_with_digest(world: Any, fake: FakeWatcher, connected: Any) -> None:
    org = fake.state.create_organization({"title": "Zeta Corp"})["id"]
    fake.create_stream("zeta-1", organization_id=org)
    plan = connected.get(BASE + "import-plan/").json()
    assert plan["summary"] == {"create": 2, "update": 0, "unchanged": 0, "conflict": 0}
    fake.create_stream("zeta-2", organization_id=org)  # Watcher moved on
    stale = connected.post(BASE + "import/", {"digest": plan["digest"]}, format="json")
    assert stale.status_code == 409
    fresh = connected.get(BASE + "import-plan/").json()
    done = connected.post(BASE + "import/", {"digest": fresh["digest"]}, format="json")
    assert done.status_code == 200, done.content
    assert (done.json()["accounts_created"], done.json()["cameras_created"]) == (1, 2)


def test_watcher_down_is_a_502_not_a_500(world: Any, fake: FakeWatcher, connected: Any) -> None:
    fake.fail_next(5, status=503)
    resp = connected.get(BASE + "import-plan/")
    assert resp.status_code == 502 and resp.json()["code"] == "watcher_error"


def test_poll_and_push_on_demand_and_failed_pushes_visible(
    world: Any, fake: FakeWatcher, connected: Any
) -> None:
    install_watcher_meters(actor=SYSTEM)
    fake.create_stream("cam-1", bitrate=1000)
    resp = connected.post(BASE + "poll/")
    assert resp.status_code == 200 and resp.json()["streams"] == 1
    cam = camera_create(
        actor=SYSTEM,
        cloud=world.clouds["telenet"],
        code="cam-1",
        account=world.accounts["acme"],
        tariff="HOME3",
        at=utc(2026, 3, 1, 5),
    )
    watcher_enqueue_camera_tariff(cam)
    fake.fail_next(1, status=500, match="/streams/cam-1")
    resp = connected.post(BASE + "push/")
    assert resp.json()["failed"] == 1
    failed = connected.get(BASE + "pushes/", {"status": "failed"}).json()["results"]
    assert [(p["object_ref"], p["attempts"]) for p in failed] == [("cam-1", 1)]
    assert "500" in failed[0]["last_error"]
    retry = connected.post(BASE + f"pushes/{failed[0]['id']}/retry/")
    assert retry.status_code == 200
    assert connected.post(BASE + "push/").json()["done"] == 1
    assert WatcherPush.objects.get().status == PushStatus.DONE
    assert connected.get(BASE + "pushes/", {"status": "failed"}).json()["results"] == []
    assert connected.get(BASE + "pushes/", {"status": "bogus"}).status_code == 400
    assert bearer("amanager").post(BASE + "poll/").status_code == 403


def test_status_page_never_shows_the_password(world: Any, connected: Any, client: Any) -> None:
    client.force_login(world.users["cadmin"])
    page = client.get("/clouds/telenet/watcher/")
    assert page.status_code == 200
    assert "secret" not in page.content.decode()
    form = client.get("/clouds/telenet/watcher/connection/")
    assert form.status_code == 200 and "secret" not in form.content.decode()
    saved = client.post(
        "/clouds/telenet/watcher/connection/",
        {
            "base_url": "http://127.0.0.1:1",
            "username": "admin",
            "password": "",
            "suspend_mode": "disable_streams",
            "enabled": "on",
        },
    )
    assert saved.status_code == 302
    from cambill.watcher.models import WatcherConnection

    assert WatcherConnection.objects.get().password == "secret"  # blank keeps it
    client.force_login(world.users["subscriber"])
    assert client.get("/clouds/telenet/watcher/").status_code == 403


def test_import_page_applies_the_plan_it_showed(
    world: Any, fake: FakeWatcher, connected: Any, client: Any
) -> None:
    fake.create_stream("loose")
    client.force_login(world.users["cadmin"])
    page = client.get("/clouds/telenet/watcher/import/")
    assert page.status_code == 200 and "loose" in page.content.decode()
    digest = page.context["plan"]["digest"]
    resp = client.post("/clouds/telenet/watcher/import/", {"digest": digest})
    assert resp.status_code == 302
    from cambill.clouds.models import Camera

    assert Camera.objects.filter(code="loose").exists()


def test_connection_check_reports_bad_credentials(world: Any, connected: Any) -> None:
    assert connected.post(BASE + "connection/check/").json() == {"ok": True, "error": ""}
    connected.put(BASE + "connection/", {"password": "wrong"}, format="json")
    resp = connected.post(BASE + "connection/check/")
    assert resp.status_code == 200 and resp.json()["ok"] is False
    assert "credentials" in resp.json()["error"]
    assert connected.get(BASE + "connection/").json()["last_sync_status"] == "failed"
    assert bearer("caccountant").post(BASE + "connection/check/").status_code == 403
