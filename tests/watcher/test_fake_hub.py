"""Several fake Watchers behind one port (the demo's, one per cloud), and the
mirror format that saves and restores a population."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from cambill.watcher.client import WatcherClient
from cambill_sandbox.fake_watcher import FakeWatcherHub, FakeWatcherState

SPEC = {
    "organizations": [{"id": 2, "title": "Acme"}, {"id": 5, "title": "Beta"}],
    "presets": [
        {
            "id": 3,
            "title": "HOME3: Home",
            "is_adjustable": False,
            "dvr": {"expiration": 3 * 86400},
            "vision": {},
            "organizations": [2, 5],
        }
    ],
    "streams": [
        {
            "name": "acme-cam1",
            "title": "Gate",
            "organization_id": 2,
            "preset_id": 3,
            "disabled": False,
            "alive": True,
            "bitrate": 1000,
            "dvr_bytes": 125_000 * 3600,
            "dvr_duration": 3600,
            "dvr_depth": 3600,
        },
        {"name": "beta-cam1", "organization_id": 5, "preset_id": 3, "disabled": True},
    ],
}


def test_load_keeps_ids_and_archives_and_export_round_trips() -> None:
    state = FakeWatcherState()
    assert state.load_mirror(SPEC) == {"organizations": 2, "presets": 1, "streams": 2}
    stream = state.get_stream("acme-cam1")
    assert (stream["organization_id"], stream["preset_id"]) == (2, 3)
    assert stream["stats"]["dvr_info"]["duration"] == 3600
    assert stream["stats"]["dvr_info"]["bytes"] == 125_000 * 3600
    assert state.get_stream("beta-cam1")["disabled"] is True
    # new objects get ids after the loaded ones
    assert state.create_organization({"title": "Gamma"})["id"] == 6
    assert state.create_preset({"title": "x", "dvr": {"expiration": 60}})["id"] == 4
    state.advance(600)
    again = FakeWatcherState()
    again.load_mirror(state.export_mirror())
    cam = again.get_stream("acme-cam1")["stats"]["dvr_info"]
    assert (cam["duration"], cam["bytes"]) == (4200, 125_000 * 4200)
    assert again.org_presets[5] == {3}
    with pytest.raises(Exception, match="used twice"):
        FakeWatcherState().load_mirror({"organizations": [{"id": 1, "title": "Default again"}]})


def test_tenants_are_separate_watchers_on_one_port(tmp_path: Path) -> None:
    with FakeWatcherHub() as hub:
        hub.tenant("telenet").state.load_mirror(SPEC)
        hub.tenant("iberia").create_stream("ib-cam", bitrate=500)
        hub.root.create_stream("root-cam")
        for name, expected in [("telenet", 2), ("iberia", 1), ("", 1)]:
            with WatcherClient(hub.url_for(name), "admin", "secret") as client:
                got = [s["name"] for s in client.iter_streams(select=["name"], limit=1)]
            assert len(got) == expected, (name, got)  # paging with cursors works per tenant
        # the control API per tenant, and the hub's listing
        r = httpx.post(f"{hub.url_for('iberia')}/_fake/streams", json={"name": "ib-cam2"})
        assert r.status_code == 200
        listing = httpx.get(f"{hub.url}/_hub/tenants").json()["tenants"]
        assert listing["iberia"]["streams"] == 2 and listing["telenet"]["streams"] == 2
        # faults stay in their tenant
        hub.tenant("telenet").fail_next(1, status=500)
        with WatcherClient(hub.url_for("iberia"), "admin", "secret", retries=0) as client:
            assert len(list(client.iter_streams())) == 2
        hub.file_url = "http://127.0.0.1:8081"
        hub.save(tmp_path / "hub.json")
    other = FakeWatcherHub()
    counts = other.load(tmp_path / "hub.json")
    assert counts == {
        "iberia": {"organizations": 0, "presets": 0, "streams": 2},
        "telenet": {"organizations": 2, "presets": 1, "streams": 2},
    }
    assert other.file_url == "http://127.0.0.1:8081"  # demo-serve listens there again


def test_a_subscriber_adds_a_camera_like_its_neighbours() -> None:
    import random

    state = FakeWatcherState()
    state.load_mirror(SPEC)
    stream = state.add_stream_like(random.Random(1), prefix="telenet-new")
    assert stream is not None and stream["name"] == "telenet-new-1"
    assert stream["organization_id"] in (2, 5) and stream["preset_id"] == 3
    assert FakeWatcherState().add_stream_like(random.Random(1)) is None  # nobody to copy
