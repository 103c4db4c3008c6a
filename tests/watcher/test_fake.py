"""The fake Watcher over real HTTP: auth, paging, updates, archive growth and faults.

These tests speak raw HTTP (httpx) so the fake's protocol is checked on its own,
independently of ``WatcherClient``.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from cambill_sandbox.fake_watcher import FakeWatcher, FakeWatcherState

ADMIN = "/watcher/admin-api/v3"
CLIENT = "/watcher/client-api/v3"
KBPS_1000_PER_HOUR = 1000 * 1000 // 8 * 3600  # 450,000,000 bytes


@pytest.fixture
def fake() -> Iterator[FakeWatcher]:
    with FakeWatcher() as server:
        yield server


@pytest.fixture
def http(fake: FakeWatcher) -> Iterator[httpx.Client]:
    """An httpx client already logged in to both APIs."""
    with httpx.Client(base_url=fake.url, timeout=5) as client:
        tokens = client.post(f"{ADMIN}/login", auth=("admin", "secret")).json()
        client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        yield client


def _claims(jwt: str) -> dict[str, Any]:
    payload = jwt.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _all_pages(http: httpx.Client, path: str, **params: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        reply = http.get(path, params=query)
        assert reply.status_code == 200, reply.text
        page = reply.json()
        items.extend(page["streams"])
        cursor = page["next"]
        if cursor is None:
            return items


# -- authentication ----------------------------------------------------------


def test_login_returns_hs256_jwt_with_expiry(fake: FakeWatcher) -> None:
    reply = httpx.post(f"{fake.url}{ADMIN}/login", auth=("admin", "secret"))
    assert reply.status_code == 200
    tokens = reply.json()
    header = json.loads(base64.urlsafe_b64decode(tokens["access_token"].split(".")[0] + "=="))
    assert header == {"alg": "HS256", "typ": "JWT"}
    claims = _claims(tokens["access_token"])
    assert claims["exp"] > time.time()
    assert tokens["refresh_token"]


def test_bad_credentials_and_missing_token_are_401(fake: FakeWatcher) -> None:
    assert httpx.post(f"{fake.url}{ADMIN}/login", auth=("admin", "nope")).status_code == 401
    assert httpx.get(f"{fake.url}{ADMIN}/streams").status_code == 401
    forged = httpx.get(
        f"{fake.url}{ADMIN}/streams", headers={"Authorization": "Bearer a.b.c"}
    ).status_code
    assert forged == 401


def test_refresh_token_is_single_use_and_expire_switch(fake: FakeWatcher) -> None:
    url = f"{fake.url}{ADMIN}"
    tokens = httpx.post(f"{url}/login", auth=("admin", "secret")).json()
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert httpx.get(f"{url}/streams", headers=bearer).status_code == 200

    fake.expire_tokens()
    assert httpx.get(f"{url}/streams", headers=bearer).status_code == 401

    refresh = {"Authorization": f"Bearer {tokens['refresh_token']}"}
    renewed = httpx.post(f"{url}/login", headers=refresh)
    assert renewed.status_code == 200
    assert httpx.post(f"{url}/login", headers=refresh).status_code == 401  # used up
    new_bearer = {"Authorization": f"Bearer {renewed.json()['access_token']}"}
    assert httpx.get(f"{url}/streams", headers=new_bearer).status_code == 200


def test_access_token_expires_with_the_simulated_clock() -> None:
    with FakeWatcher(access_ttl=60) as fake:
        url = f"{fake.url}{ADMIN}"
        token = httpx.post(f"{url}/login", auth=("admin", "secret")).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        assert httpx.get(f"{url}/streams", headers=bearer).status_code == 200
        fake.advance(61)
        assert httpx.get(f"{url}/streams", headers=bearer).status_code == 401


# -- paging, select, sort ------------------------------------------------------


def test_paging_1234_streams_yields_each_once(fake: FakeWatcher, http: httpx.Client) -> None:
    for i in range(1234):
        fake.create_stream(f"cam{i:05d}")
    first = http.get(f"{ADMIN}/streams", params={"limit": 100}).json()
    assert first["estimated_count"] == 1234
    assert first["prev"] is None
    assert len(first["streams"]) == 100

    names = [s["name"] for s in _all_pages(http, f"{ADMIN}/streams", limit=100)]
    assert len(names) == 1234
    assert len(set(names)) == 1234
    assert names == sorted(names)


def test_cursor_survives_deletes_and_prev_goes_back(fake: FakeWatcher, http: httpx.Client) -> None:
    for i in range(30):
        fake.create_stream(f"cam{i:02d}")
    page1 = http.get(f"{ADMIN}/streams", params={"limit": 10}).json()
    # A camera of the first page disappears before the second page is read.
    fake.state.delete_stream("cam03")
    page2 = http.get(f"{ADMIN}/streams", params={"limit": 10, "cursor": page1["next"]}).json()
    assert [s["name"] for s in page2["streams"]] == [f"cam{i:02d}" for i in range(10, 20)]
    back = http.get(f"{ADMIN}/streams", params={"limit": 10, "cursor": page2["prev"]}).json()
    assert [s["name"] for s in back["streams"]] == [f"cam{i:02d}" for i in range(10) if i != 3]


def test_select_dotted_fields_and_sort_by_bitrate(fake: FakeWatcher, http: httpx.Client) -> None:
    for name, bitrate in [("a", 500), ("b", 4000), ("c", 2000), ("d", 2000)]:
        fake.create_stream(name, bitrate=bitrate, dvr_bytes=7, dvr_duration=1)
    page = http.get(
        f"{ADMIN}/streams",
        params={"select": "name,stats.bitrate,stats.dvr_info.bytes", "sort": "-stats.bitrate"},
    ).json()
    assert page["streams"][0] == {
        "name": "b",
        "stats": {"bitrate": 4000, "dvr_info": {"bytes": 7}},
    }
    # Equal bitrates keep a stable order by name, so paging never repeats one.
    assert [s["name"] for s in page["streams"]] == ["b", "c", "d", "a"]

    by_name_desc = http.get(f"{ADMIN}/streams", params={"sort": "-name", "select": "name"}).json()
    assert [s["name"] for s in by_name_desc["streams"]] == ["d", "c", "b", "a"]


def test_sorted_paging_and_cursor_errors(fake: FakeWatcher, http: httpx.Client) -> None:
    for i in range(25):
        fake.create_stream(f"s{i:02d}", bitrate=100 * (i % 7))
    items = _all_pages(http, f"{ADMIN}/streams", limit=4, sort="-stats.bitrate", select="name")
    assert len({s["name"] for s in items}) == 25

    page = http.get(f"{ADMIN}/streams", params={"limit": 4}).json()
    wrong_sort = http.get(f"{ADMIN}/streams", params={"cursor": page["next"], "sort": "-name"})
    assert wrong_sort.status_code == 400
    assert http.get(f"{ADMIN}/streams", params={"cursor": "garbage!"}).status_code == 400


def test_filters_by_field(fake: FakeWatcher, http: httpx.Client) -> None:
    org = fake.state.create_organization({"title": "Acme"})
    fake.create_stream("acme1", organization_id=org["id"])
    fake.create_stream("acme2", organization_id=org["id"], disabled=True)
    fake.create_stream("other")
    page = http.get(f"{ADMIN}/streams", params={"organization_id": org["id"]}).json()
    assert [s["name"] for s in page["streams"]] == ["acme1", "acme2"]
    page = http.get(
        f"{ADMIN}/streams", params={"organization_id": org["id"], "disabled": "false"}
    ).json()
    assert [s["name"] for s in page["streams"]] == ["acme1"]


# -- stream updates -------------------------------------------------------------


def test_partial_put_keeps_other_fields(fake: FakeWatcher, http: httpx.Client) -> None:
    fake.create_stream("cam", title="Front door", dvr={"episodes_expiration": 3600})
    reply = http.put(f"{ADMIN}/streams/cam", json={"disabled": True, "dvr": {"expiration": 60}})
    assert reply.status_code == 200
    stream = http.get(f"{ADMIN}/streams/cam").json()
    assert stream["title"] == "Front door"
    assert stream["disabled"] is True
    assert stream["dvr"] == {"episodes_expiration": 3600, "expiration": 60}
    assert stream["stats"]["alive"] is False  # a disabled stream does not run


def test_reset_replaces_the_config_but_keeps_the_owner(
    fake: FakeWatcher, http: httpx.Client
) -> None:
    org = fake.state.create_organization({"title": "Acme"})
    fake.create_stream("cam", organization_id=org["id"], title="Old", dvr={"expiration": 60})
    reply = http.put(f"{ADMIN}/streams/cam", json={"$reset": True, "static": False})
    stream = reply.json()
    assert stream["title"] == "cam"  # back to the default
    assert stream["dvr"] == {}
    assert stream["static"] is False
    assert stream["organization_id"] == org["id"]


def test_put_creates_validates_and_ignores_read_only(fake: FakeWatcher, http: httpx.Client) -> None:
    created = http.put(f"{ADMIN}/streams/new", json={"title": "New", "stats": {"bitrate": 9}})
    assert created.status_code == 200
    assert created.json()["stats"]["bitrate"] == 1000
    assert http.put(f"{ADMIN}/streams/new", json={"name": "other"}).status_code == 400
    assert http.put(f"{ADMIN}/streams/new", json={"preset_id": 999}).status_code == 400
    assert http.put(f"{ADMIN}/streams/new", json={"disabled": "yes"}).status_code == 400
    assert http.get(f"{ADMIN}/streams/missing").status_code == 404
    assert http.delete(f"{ADMIN}/streams/new").status_code == 204
    assert http.get(f"{ADMIN}/streams/new").status_code == 404


def test_multiedit_is_atomic(fake: FakeWatcher, http: httpx.Client) -> None:
    fake.create_stream("a")
    fake.create_stream("b")
    preset = fake.state.create_preset({"title": "7d", "dvr": {"expiration": 604800}})
    bad = http.post(
        f"{ADMIN}/streams/multiedit",
        json={
            "streams": [{"name": "a", "preset_id": preset["id"]}, {"name": "b", "preset_id": 999}]
        },
    )
    assert bad.status_code == 400
    assert "b" in bad.json()["errors"][0]["title"]
    assert fake.state.get_stream("a")["preset_id"] == 1

    good = http.post(
        f"{ADMIN}/streams/multiedit",
        json={"streams": [{"name": n, "preset_id": preset["id"]} for n in ("a", "b")]},
    )
    assert good.status_code == 200
    assert fake.state.get_stream("a")["preset_id"] == preset["id"]
    assert fake.state.get_stream("b")["preset_id"] == preset["id"]


def test_multiedit_refuses_what_its_item_does_not_carry(
    fake: FakeWatcher, http: httpx.Client
) -> None:
    # Watcher's multiedit item is {name, preset_id, dvr, layout_rules}: no ``disabled``.
    fake.create_stream("a")
    reply = http.post(
        f"{ADMIN}/streams/multiedit", json={"streams": [{"name": "a", "disabled": True}]}
    )
    assert reply.status_code == 400
    assert reply.json()["errors"][0]["code"] == "invalid_field"
    assert fake.state.get_stream("a")["disabled"] is False


# -- archive growth ------------------------------------------------------------------


def _dvr(fake: FakeWatcher, name: str) -> dict[str, Any]:
    """The stream's ``dvr_info``; Watcher leaves it out while there is no archive."""
    return fake.state.get_stream(name)["stats"].get("dvr_info") or {"bytes": 0}


def test_archive_grows_with_bitrate_and_is_trimmed_at_preset_depth(fake: FakeWatcher) -> None:
    preset = fake.state.create_preset(
        {"title": "2h", "is_adjustable": False, "dvr": {"expiration": 7200}}
    )
    fake.create_stream("cam", preset_id=preset["id"], bitrate=1000)

    fake.advance(3600)
    dvr = _dvr(fake, "cam")
    assert dvr["bytes"] == KBPS_1000_PER_HOUR
    assert dvr["duration"] == 3600
    assert dvr["depth"] == 3600
    assert abs(dvr["from"] - (fake.state.now() - 3600)) <= 1

    fake.advance(3 * 3600)
    dvr = _dvr(fake, "cam")
    assert dvr["bytes"] == 2 * KBPS_1000_PER_HOUR  # trimmed to 2 hours
    assert dvr["duration"] == 7200
    assert dvr["depth"] == 7200


def test_disabled_and_offline_streams_do_not_record(fake: FakeWatcher) -> None:
    fake.create_stream("off", disabled=True, dvr_bytes=1000, dvr_duration=10)
    fake.create_stream("dark", alive=False)
    fake.advance(3600)
    assert _dvr(fake, "off") == {
        "bytes": 1000,
        "depth": 10,
        "duration": 10,
        "from": _dvr(fake, "off")["from"],
        "ranges": [{"from": _dvr(fake, "off")["from"], "duration": 10}],
    }
    assert "dvr_info" not in fake.state.get_stream("dark")["stats"]
    assert fake.state.get_stream("dark")["stats"]["status"] == "waiting"
    assert fake.state.get_stream("off")["stats"]["alive"] is False
    assert "status" not in fake.state.get_stream("off")["stats"]


def test_gaps_count_in_depth_not_duration_and_trim_proportionally(fake: FakeWatcher) -> None:
    preset = fake.state.create_preset({"title": "2h", "dvr": {"expiration": 7200}})
    fake.create_stream("cam", preset_id=preset["id"], bitrate=1000)
    fake.advance(1800)
    fake.state.save_stream("cam", {"disabled": True})
    fake.advance(1800)
    fake.state.save_stream("cam", {"disabled": False})
    fake.advance(1800)
    dvr = _dvr(fake, "cam")
    assert (dvr["depth"], dvr["duration"]) == (5400, 3600)

    fake.advance(5400)  # depth 10800 before trimming to 7200 (keep 2/3)
    dvr = _dvr(fake, "cam")
    assert dvr["depth"] == 7200
    assert dvr["duration"] == 6000  # (3600 + 5400) * 2/3
    assert dvr["bytes"] == round(KBPS_1000_PER_HOUR * 2.5 * 2 / 3)


def test_storage_limit_and_adjustable_presets(fake: FakeWatcher) -> None:
    capped = fake.state.create_preset(
        {"title": "capped", "dvr": {"expiration": 86400, "storage_limit": 100_000_000}}
    )
    fixed = fake.state.create_preset(
        {"title": "fixed", "is_adjustable": False, "dvr": {"expiration": 3600}}
    )
    loose = fake.state.create_preset({"title": "loose", "dvr": {"expiration": 3600}})
    fake.create_stream("capped", preset_id=capped["id"])
    fake.create_stream("fixed", preset_id=fixed["id"], dvr={"expiration": 7200})
    fake.create_stream("loose", preset_id=loose["id"], dvr={"expiration": 7200})
    fake.advance(7200)
    assert _dvr(fake, "capped")["bytes"] == 100_000_000
    assert _dvr(fake, "fixed")["depth"] == 3600  # billing presets cannot be overridden
    assert _dvr(fake, "loose")["depth"] == 7200


def test_ticker_grows_archive_with_wall_clock(fake: FakeWatcher) -> None:
    fake.create_stream("cam", bitrate=8)  # 1,000 bytes per simulated second
    fake.start_ticker(0.02, speed=100)
    deadline = time.monotonic() + 5
    while _dvr(fake, "cam")["bytes"] < 10_000 and time.monotonic() < deadline:
        time.sleep(0.02)
    fake.stop_ticker()
    assert _dvr(fake, "cam")["bytes"] >= 10_000


# -- faults -------------------------------------------------------------------------


def test_fault_control_api(fake: FakeWatcher, http: httpx.Client) -> None:
    assert http.post("/_fake/faults", json={"fail_next": 2, "status": 502}).status_code == 200
    assert http.get(f"{ADMIN}/streams").status_code == 502
    assert http.get(f"{ADMIN}/streams").status_code == 502
    assert http.get(f"{ADMIN}/streams").status_code == 200

    http.post("/_fake/faults", json={"delay_seconds": 0.5, "delay_next": 1})
    started = time.monotonic()
    assert http.get(f"{ADMIN}/streams").status_code == 200
    assert time.monotonic() - started >= 0.5
    started = time.monotonic()
    http.get(f"{ADMIN}/streams")
    assert time.monotonic() - started < 0.4

    http.post("/_fake/faults", json={"expire_tokens": True})
    assert http.get(f"{ADMIN}/streams").status_code == 401


def test_control_api_seeds_advances_and_sets_stats(fake: FakeWatcher) -> None:
    with httpx.Client(base_url=fake.url) as control:
        assert control.get("/_fake/health").json() == {"ok": True}
        assert (
            control.post("/_fake/seed", json={"organizations": 2, "streams_per_org": 3}).json()[
                "streams"
            ]
            == 6
        )
        control.post("/_fake/streams", json={"name": "x", "bitrate": 8})
        control.put("/_fake/streams/x/stats", json={"bitrate": 16})
        control.post("/_fake/advance", json={"seconds": 10})
        assert _dvr(fake, "x")["bytes"] == 20_000
        assert control.get("/_fake/state").json()["streams"] == 7
        control.post("/_fake/reset")
        assert fake.state.snapshot_counts()["streams"] == 0


def test_seed_is_deterministic() -> None:
    def population(seed: int) -> list[tuple[Any, ...]]:
        state = FakeWatcherState()
        state.seed(organizations=4, streams_per_org=5, seed=seed)
        return [
            (
                s["name"],
                s["preset_id"],
                s["disabled"],
                s["stats"]["bitrate"],
                s["stats"]["dvr_info"]["bytes"],
            )
            for s in (state.get_stream(name) for name in sorted(state.streams))
        ]

    assert population(7) == population(7)
    assert population(7) != population(8)
    state = FakeWatcherState()
    assert state.seed(organizations=3, streams_per_org=10, total_streams=25)["streams"] == 25


# -- other objects --------------------------------------------------------------------


def test_presets_organizations_users(fake: FakeWatcher, http: httpx.Client) -> None:
    preset = http.post(
        f"{ADMIN}/presets",
        json={"title": "7d", "is_adjustable": False, "dvr": {"expiration": 604800}},
    ).json()
    org = http.post(f"{CLIENT}/organizations", json={"title": "Acme"}).json()
    assert org["owner"] == {"id": 1, "name": "admin"}
    assert (
        http.put(
            f"{ADMIN}/organizations/{org['id']}/presets", json={"preset_id": preset["id"]}
        ).status_code
        == 200
    )
    allowed = http.get(f"{ADMIN}/presets", params={"organization_id": org["id"]}).json()
    assert [p["id"] for p in allowed["presets"]] == [preset["id"]]
    assert allowed["presets"][0]["stats"]["organizations_count"] == 1

    user = http.post(f"{ADMIN}/users", json={"name": "acme", "password": "pw"}).json()
    assert "password" not in user
    assert http.post(f"{ADMIN}/users", json={"name": "acme"}).status_code == 400
    wrapped = http.put(
        f"{CLIENT}/organizations/{org['id']}/users/{user['id']}",
        json={"organization": {"can_edit_streams": True}},
    )
    assert wrapped.status_code == 400  # the official body is the flat flags
    member = http.put(
        f"{CLIENT}/organizations/{org['id']}/users/{user['id']}",
        json={"can_edit_streams": True},
    ).json()
    assert member["permissions"]["organization"]["can_edit_streams"] is True
    assert http.get(f"{ADMIN}/users/{user['id']}").json()["organizations"][0]["id"] == org["id"]

    # The subscriber can log in to the client API and sees only its organization.
    with httpx.Client(base_url=fake.url) as sub:
        token = sub.post(f"{CLIENT}/login", auth=("acme", "pw")).json()["access_token"]
        sub.headers["Authorization"] = f"Bearer {token}"
        orgs = sub.get(f"{CLIENT}/organizations").json()["organizations"]
        assert [o["id"] for o in orgs] == [org["id"]]
        assert sub.get(f"{ADMIN}/streams").status_code == 403

    fake.create_stream("cam", organization_id=org["id"], preset_id=preset["id"])
    assert http.delete(f"{CLIENT}/organizations/{org['id']}").status_code == 400
    fake.state.delete_stream("cam")
    assert http.delete(f"{CLIENT}/organizations/{org['id']}").status_code == 204

    # No official operation deletes a preset or lists organizations in the admin API.
    assert http.delete(f"{ADMIN}/presets/{preset['id']}").status_code == 405
    assert http.get(f"{ADMIN}/organizations").status_code == 404
    assert http.get(f"{ADMIN}/organizations/{org['id']}").status_code == 404
    assert http.get(f"{CLIENT}/organizations/{org['id']}/presets").status_code == 405


# -- running in the foreground ---------------------------------------------------------


def test_main_runs_in_the_foreground_and_stops_on_sigterm() -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cambill_sandbox.fake_watcher.server",
            "--port",
            "0",
            "--seed-streams",
            "25",
        ],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()

    def read_output() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)

    threading.Thread(target=read_output, daemon=True).start()
    try:
        line = ""
        while "Fake Watcher on" not in line:
            line = lines.get(timeout=20)  # fails instead of hanging if the server never starts
        url = line.split()[3]
        tokens = httpx.post(f"{url}{ADMIN}/login", auth=("admin", "secret"), timeout=5).json()
        page = httpx.get(
            f"{url}{ADMIN}/streams",
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
            timeout=5,
        ).json()
        assert page["estimated_count"] == 25
    finally:
        proc.terminate()
        assert proc.wait(timeout=10) == 0
