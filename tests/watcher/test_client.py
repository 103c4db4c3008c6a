"""WatcherClient against the fake Watcher over real HTTP.

Covers the behaviour billing relies on: token renewal, clear errors for bad
credentials, retries of transient failures (and no replay of creations after
an ambiguous one), cursor paging, partial updates and atomic multi-edit.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from cambill.watcher.client import WatcherClient
from cambill.watcher.errors import WatcherAuthError, WatcherError, WatcherUnavailable
from cambill_sandbox.fake_watcher import FakeWatcher


@pytest.fixture
def fake() -> Iterator[FakeWatcher]:
    with FakeWatcher(username="admin", password="secret") as server:
        yield server


def make_client(fake: FakeWatcher, **kwargs: float) -> WatcherClient:
    options: dict[str, float] = {"timeout": 2.0, "retries": 3, "backoff": 0.01}
    options.update(kwargs)
    return WatcherClient(
        fake.url,
        "admin",
        "secret",
        timeout=options["timeout"],
        retries=int(options["retries"]),
        backoff=options["backoff"],
    )


@pytest.fixture
def client(fake: FakeWatcher) -> Iterator[WatcherClient]:
    with make_client(fake) as watcher:
        yield watcher


def statuses(fake: FakeWatcher, path_part: str) -> list[int]:
    return [status for _, path, status in fake.state.requests if path_part in path]


# -- authentication ------------------------------------------------------------


def test_logs_in_once_and_reuses_the_token(fake: FakeWatcher, client: WatcherClient) -> None:
    fake.create_stream("cam")
    assert client.get_stream("cam")["name"] == "cam"
    assert client.get_stream("cam")["name"] == "cam"
    assert fake.state.stats["login_basic"] == 1


def test_refreshes_after_expiry(fake: FakeWatcher, client: WatcherClient) -> None:
    fake.create_stream("cam")
    client.get_stream("cam")
    fake.advance(fake.state.access_ttl + 1)  # the access token expires on the Watcher clock
    assert client.get_stream("cam")["name"] == "cam"
    assert fake.state.stats["login_refresh"] == 1
    assert fake.state.stats["login_basic"] == 1


def test_falls_back_to_basic_when_refresh_fails(fake: FakeWatcher, client: WatcherClient) -> None:
    fake.create_stream("cam")
    client.get_stream("cam")
    fake.expire_tokens(refresh=True)
    assert client.get_stream("cam")["name"] == "cam"
    assert fake.state.stats["login_refresh_rejected"] == 1
    assert fake.state.stats["login_basic"] == 2


def test_bad_credentials_raise_a_clear_error_without_retrying(fake: FakeWatcher) -> None:
    bad = WatcherClient(fake.url, "admin", "wrong", retries=3, backoff=0.01)
    with bad, pytest.raises(WatcherAuthError) as caught:
        list(bad.iter_streams())
    message = str(caught.value)
    assert "rejected the credentials for user 'admin'" in message
    assert fake.url in message
    assert caught.value.status == 401
    assert fake.state.stats["login_basic_rejected"] == 1


def test_credentials_revoked_mid_session(fake: FakeWatcher, client: WatcherClient) -> None:
    client.get_user(1)
    fake.state.passwords[1] = "rotated"
    fake.expire_tokens(refresh=True)
    with pytest.raises(WatcherAuthError, match="rejected the credentials"):
        client.get_user(1)


# -- retries -----------------------------------------------------------------------


def test_retries_injected_503_then_succeeds(fake: FakeWatcher, client: WatcherClient) -> None:
    fake.create_stream("cam")
    fake.fail_next(2, status=503, match="/streams/")
    assert client.get_stream("cam")["name"] == "cam"
    assert statuses(fake, "/streams/cam") == [503, 503, 200]


def test_unavailable_after_too_many_5xx(fake: FakeWatcher) -> None:
    fake.create_stream("cam")
    with make_client(fake, retries=2) as watcher:
        watcher.login()
        fake.fail_next(10, status=502)
        with pytest.raises(WatcherUnavailable) as caught:
            watcher.get_stream("cam")
    assert caught.value.status == 502
    assert "failed 3 time(s)" in str(caught.value)
    assert statuses(fake, "/streams/cam") == [502, 502, 502]


def test_slow_reply_times_out_and_is_retried(fake: FakeWatcher) -> None:
    fake.create_stream("cam")
    with make_client(fake, timeout=0.3) as watcher:
        watcher.login()
        fake.delay(1.5, count=1, match="/streams/")
        started = time.monotonic()
        assert watcher.get_stream("cam")["name"] == "cam"
        assert time.monotonic() - started < 1.2


def test_creations_are_not_replayed_after_a_timeout(fake: FakeWatcher) -> None:
    with make_client(fake, timeout=0.2) as watcher:
        watcher.login()
        fake.delay(0.4, count=1, match="/users")
        with pytest.raises(WatcherUnavailable, match="not repeated"):
            watcher.create_user({"name": "acme"})
    # The slow request still completes on the Watcher side...
    deadline = time.monotonic() + 3
    while len(fake.state.users) < 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.1)
    # ...and exactly one user exists: a blind retry would have tried a duplicate.
    assert [u["name"] for u in fake.state.users.values()] == ["admin", "acme"]
    assert statuses(fake, "/users") == [200]


def test_network_errors_become_unavailable(fake: FakeWatcher) -> None:
    url = fake.url
    fake.stop()
    watcher = WatcherClient(url, "admin", "secret", retries=2, backoff=0.01)
    with watcher, pytest.raises(WatcherUnavailable, match="unavailable"):
        watcher.get_stream("cam")


def test_4xx_raises_immediately(fake: FakeWatcher, client: WatcherClient) -> None:
    with pytest.raises(WatcherError) as caught:
        client.get_stream("missing")
    assert caught.value.status == 404
    assert not isinstance(caught.value, WatcherUnavailable | WatcherAuthError)
    assert "not found" in str(caught.value)
    assert statuses(fake, "/streams/missing") == [404]


# -- paging -----------------------------------------------------------------------------


def test_paging_1234_streams_with_limit_100(fake: FakeWatcher, client: WatcherClient) -> None:
    for i in range(1234):
        fake.create_stream(f"cam{i:05d}")
    names = [s["name"] for s in client.iter_streams(limit=100)]
    assert len(names) == 1234
    assert len(set(names)) == 1234
    assert len(statuses(fake, "/streams")) == 13


def test_select_and_sort(fake: FakeWatcher, client: WatcherClient) -> None:
    for name, bitrate in [("a", 300), ("b", 900), ("c", 600)]:
        fake.create_stream(name, bitrate=bitrate)
    streams = list(
        client.iter_streams(select=["name", "stats.bitrate"], sort="-stats.bitrate", limit=2)
    )
    assert streams == [
        {"name": "b", "stats": {"bitrate": 900}},
        {"name": "c", "stats": {"bitrate": 600}},
        {"name": "a", "stats": {"bitrate": 300}},
    ]


def test_paging_accepts_items_key_and_stops_on_a_repeated_cursor() -> None:
    pages = {
        None: {"items": [{"name": "a"}], "next": "c1", "prev": None, "estimated_count": 2},
        "c1": {"items": [{"name": "b"}], "next": "c1", "prev": None, "estimated_count": 2},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/login"):
            return httpx.Response(200, json={"access_token": "t", "refresh_token": "r"})
        return httpx.Response(200, json=pages[request.url.params.get("cursor")])

    watcher = WatcherClient("http://watcher", "u", "p", transport=httpx.MockTransport(handler))
    iterator = watcher.iter_streams()
    assert next(iterator) == {"name": "a"}
    assert next(iterator) == {"name": "b"}
    with pytest.raises(WatcherError, match="repeated cursor"):
        next(iterator)


# -- streams ------------------------------------------------------------------------------


def test_partial_put_keeps_other_fields(fake: FakeWatcher, client: WatcherClient) -> None:
    fake.create_stream("cam", title="Gate", vision={"alg": "plates"})
    updated = client.update_stream("cam", {"disabled": True})
    assert updated["disabled"] is True
    assert updated["title"] == "Gate"
    assert updated["vision"] == {"alg": "plates"}


def test_reset_replaces_the_config(fake: FakeWatcher, client: WatcherClient) -> None:
    fake.create_stream("cam", title="Gate", vision={"alg": "plates"})
    replaced = client.update_stream("cam", {"$reset": True, "title": "Yard"})
    assert replaced["title"] == "Yard"
    assert replaced["vision"] == {}


def test_multiedit_is_all_or_nothing(fake: FakeWatcher, client: WatcherClient) -> None:
    fake.create_stream("a")
    fake.create_stream("b")
    preset = client.create_preset({"title": "7d", "dvr": {"expiration": 604800}})
    with pytest.raises(WatcherError) as caught:
        client.multiedit_streams(
            [{"name": "a", "preset_id": preset["id"]}, {"name": "b", "preset_id": 4242}]
        )
    assert caught.value.status == 400
    assert client.get_stream("a")["preset_id"] == 1

    client.multiedit_streams([{"name": n, "preset_id": preset["id"]} for n in ("a", "b")])
    assert {s["name"]: s["preset_id"] for s in client.iter_streams(select="name,preset_id")} == {
        "a": preset["id"],
        "b": preset["id"],
    }


def test_multiedit_refuses_fields_its_item_does_not_carry(
    fake: FakeWatcher, client: WatcherClient
) -> None:
    fake.create_stream("a")
    with pytest.raises(ValueError, match="disabled"):
        client.multiedit_streams([{"name": "a", "disabled": True}])
    assert fake.state.stats["requests"] == 0  # refused before anything was sent


def test_delete_stream(fake: FakeWatcher, client: WatcherClient) -> None:
    fake.create_stream("cam")
    client.delete_stream("cam")
    assert list(client.iter_streams()) == []


def test_archive_growth_seen_through_the_client(fake: FakeWatcher, client: WatcherClient) -> None:
    preset = client.create_preset(
        {"title": "1h", "is_adjustable": False, "dvr": {"expiration": 3600}}
    )
    fake.create_stream("cam", preset_id=preset["id"], bitrate=2000)
    fake.create_stream("off", preset_id=preset["id"], bitrate=2000)
    client.update_stream("off", {"disabled": True})
    fake.advance(7200)
    stats = {
        s["name"]: s["stats"].get("dvr_info") for s in client.iter_streams(select="name,stats")
    }
    assert stats["cam"]["bytes"] == 2000 * 1000 // 8 * 3600
    assert stats["cam"]["depth"] == 3600
    assert stats["off"] is None  # no archive: Watcher leaves dvr_info out


# -- presets, organizations, users ----------------------------------------------------------


def test_presets_organizations_and_users(fake: FakeWatcher, client: WatcherClient) -> None:
    preset = client.create_preset(
        {"title": "HOME3", "is_adjustable": False, "dvr": {"expiration": 3 * 86400}}
    )
    assert client.update_preset(preset["id"], {"title": "Home 3 days"})["dvr"] == {
        "expiration": 3 * 86400
    }
    assert client.get_preset(preset["id"])["title"] == "Home 3 days"

    org = client.create_organization({"title": "acme", "limits": {"streams": 10}})
    client.allow_preset_in_organization(org["id"], preset["id"])
    assert [p["id"] for p in client.iter_presets(organization_id=org["id"])] == [preset["id"]]

    user = client.create_user({"name": "acme-owner", "email": "o@acme.test", "password": "x"})
    member = client.set_organization_user(
        org["id"], user["id"], {"can_view_streams": True, "can_edit_streams": True}
    )
    assert member is not None
    assert member["permissions"]["organization"]["can_edit_streams"] is True
    # The creator (billing's user, id 1) is a member of what it creates.
    assert [u["id"] for u in client.iter_organization_users(org["id"])] == [1, user["id"]]
    with pytest.raises(ValueError, match="organization"):
        client.set_organization_user(org["id"], user["id"], {"organization": {"is_member": True}})
    assert client.find_user_id("acme-owner") == user["id"]
    assert client.find_user_id("nobody") is None
    assert client.update_user(user["id"], {"disabled": True})["disabled"] is True
    assert user["id"] in [u["id"] for u in client.iter_users()]

    updated = client.update_organization(org["id"], {"limits": {"users": 3}})
    assert updated["limits"] == {"streams": 10, "users": 3}
    assert client.get_organization(org["id"])["stats"]["users"] == 2
    assert org["id"] in [o["id"] for o in client.iter_organizations()]
    client.delete_organization(org["id"])
    assert org["id"] not in [o["id"] for o in client.iter_organizations()]
