"""Outbound HTTP to tenant-given URLs (webhooks, the Watcher client) cannot be aimed
at this server's own network: URLs are checked when saved and every connection
goes only to a checked address, with one "could not connect" for every failure."""

from __future__ import annotations

import re
import socket
from typing import Any

import httpx
import pytest
from django.test import override_settings
from pytest_httpserver import HTTPServer

from cambill.core import outbound
from cambill.watcher.client import WatcherClient
from cambill.watcher.errors import WatcherUnavailable
from tests.api.helpers import bearer

pytestmark = pytest.mark.django_db

LOCAL_ONLY = override_settings(CAMBILL_OUTBOUND_ALLOW=["127.0.0.1/32"])
NOTHING_ALLOWED = override_settings(CAMBILL_OUTBOUND_ALLOW=[])
BASE = "/api/v1/clouds/telenet/"


class Listener:
    """A local HTTP server (pytest-httpserver) that records what reaches it (a
    would-be victim): every request answered 200, or 302 to ``redirect_to``."""

    def __init__(self, server: HTTPServer, redirect_to: str = "") -> None:
        self.server = server
        self.port = server.port
        self.url = server.url_for("/hook")
        answer = server.expect_request(re.compile(".*"))
        if redirect_to:
            answer.respond_with_data("", status=302, headers={"Location": redirect_to})
        else:
            answer.respond_with_data("")

    @property
    def got(self) -> list[tuple[str, str, dict[str, str]]]:
        return [(req.method, req.path, dict(req.headers)) for req, _resp in self.server.log]


@pytest.fixture
def listener(httpserver: HTTPServer) -> Listener:
    return Listener(httpserver)


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return int(port)


# --- which addresses -----------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "10.0.0.5",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "169.254.1.1",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "255.255.255.255",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fd00:ec2::254",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
    ],
)
def test_internal_addresses_are_refused(address: str) -> None:
    with NOTHING_ALLOWED:
        assert not outbound.address_allowed(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address: str) -> None:
    with NOTHING_ALLOWED:
        assert outbound.address_allowed(address)


def test_the_setting_allows_listed_networks_only() -> None:
    with LOCAL_ONLY:
        assert outbound.address_allowed("127.0.0.1")
        assert outbound.address_allowed("::ffff:127.0.0.1")
        assert not outbound.address_allowed("127.0.0.2")
        assert not outbound.address_allowed("169.254.169.254")
    with override_settings(CAMBILL_OUTBOUND_ALLOW=["10.1.0.0/16", "watcher.internal"]):
        assert outbound.address_allowed("10.1.2.3")
        assert not outbound.address_allowed("10.2.0.1")
        assert outbound.address_allowed("10.9.9.9", "watcher.internal")


# --- URLs when saved -------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.com/x",
        "file:///etc/passwd",
        "gopher://example.com",
        "http://example.com/\r\nX-Injected: 1",
        "http://example.com/a\nb",
        "http://user:pass@example.com/",
        "http://user@example.com/",
        "http:///nohost",
        "http://127.0.0.1:8080/",
        "http://[::1]/",
        "http://localhost:8000/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0/",
        "",
        None,
    ],
)
def test_bad_urls_are_refused_when_saved(url: Any) -> None:
    with NOTHING_ALLOWED, pytest.raises(outbound.BadOutboundURL):
        outbound.check_url(url)


def test_a_public_url_is_fine() -> None:
    with NOTHING_ALLOWED:
        assert outbound.check_url("https://hooks.example.com:8443/x?y=1") == (
            "https://hooks.example.com:8443/x?y=1"
        )


def test_webhook_endpoint_api_refuses_internal_and_crlf_urls(world: Any) -> None:
    c = bearer("cadmin")
    for url in ("http://127.0.0.1:6379/", "http://example.com/\r\nX: 1", "ftp://example.com/"):
        with NOTHING_ALLOWED:
            r = c.post(
                BASE + "webhooks/endpoints/",
                {"url": url, "events": ["invoice.issued"]},
                format="json",
            )
        assert r.status_code == 400, (url, r.content)
        assert r.json()["code"] == "validation_error" and "url" in r.json()["fields"]
    from cambill.webhooks.models import WebhookEndpoint

    assert WebhookEndpoint.objects.count() == 0


def test_watcher_connection_api_refuses_an_internal_url(world: Any, listener: Listener) -> None:
    with NOTHING_ALLOWED:
        r = bearer("cadmin").put(
            BASE + "watcher/connection/",
            {"base_url": f"http://127.0.0.1:{listener.port}", "username": "a", "password": "p"},
            format="json",
        )
    assert r.status_code == 400, r.content
    assert r.json()["code"] == "validation_error" and "base_url" in r.json()["fields"]
    assert listener.got == []


# --- at connect time ---------------------------------------------------------------------


def resolving(name: str, *answers: str):  # type: ignore[no-untyped-def]
    """getaddrinfo that answers ``name`` with each of ``answers`` in turn (a rebinding
    DNS server), and everything else as usual."""
    real = socket.getaddrinfo
    calls: list[str] = []

    def fake(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host == name:
            ip = answers[min(len(calls), len(answers) - 1)]
            calls.append(ip)
            return real(ip, port, *args, **kwargs)
        return real(host, port, *args, **kwargs)

    fake.calls = calls  # type: ignore[attr-defined]
    return fake


def test_webhook_to_an_internal_address_is_refused_like_a_closed_port(
    world: Any, listener: Listener, monkeypatch: Any
) -> None:
    from cambill.webhooks.services import webhook_deliver, webhook_emit

    with LOCAL_ONLY:  # saved while allowed (or through a name that resolves inside)
        from cambill.webhooks.services import webhook_endpoint_create

        ep = webhook_endpoint_create(
            actor=world.actor("cadmin"),
            cloud=world.clouds["telenet"],
            url=listener.url,
            events=["payment.succeeded"],
        )
        ev = webhook_emit(cloud=world.clouds["telenet"], type="payment.succeeded", data={})
    delivery = ev.deliveries.get()
    with NOTHING_ALLOWED:
        d = webhook_deliver(delivery.pk)
    assert listener.got == []
    assert (d.last_status_code, d.last_error) == (None, "could not connect")
    # A closed port reads the same: the error tells nothing about the port.
    from cambill.webhooks.models import WebhookEndpoint

    WebhookEndpoint.objects.filter(pk=ep.pk).update(url=f"http://127.0.0.1:{closed_port()}/h")
    ev2 = webhook_emit(cloud=world.clouds["telenet"], type="payment.succeeded", data={})
    with LOCAL_ONLY:
        d2 = webhook_deliver(ev2.deliveries.get().pk)
    assert (d2.last_status_code, d2.last_error) == (None, "could not connect")


def test_the_connection_goes_to_the_checked_address_with_the_host_name_kept(
    listener: Listener, monkeypatch: Any
) -> None:
    # First answer inside the allowed range, then (rebinding) the metadata address:
    # the one lookup is checked and used, there is no second one.
    fake = resolving("hooks.example.test", "127.0.0.1", "169.254.169.254")
    monkeypatch.setattr(socket, "getaddrinfo", fake)
    with LOCAL_ONLY, outbound.client(timeout=5) as http:
        r = http.post(f"http://hooks.example.test:{listener.port}/hook", content=b"x")
    assert r.status_code == 200
    assert fake.calls == ["127.0.0.1"]
    assert listener.got[0][2]["Host"] == f"hooks.example.test:{listener.port}"


def test_a_name_resolving_inside_is_refused(listener: Listener, monkeypatch: Any) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", resolving("evil.example.test", "127.0.0.1"))
    with (
        NOTHING_ALLOWED,
        outbound.client(timeout=5) as http,
        pytest.raises(httpx.ConnectError) as e,
    ):
        http.get(f"http://evil.example.test:{listener.port}/")
    assert str(e.value) == "could not connect"
    assert listener.got == []


def test_redirects_are_checked_again(httpserver: HTTPServer) -> None:
    inner = Listener(httpserver)
    with HTTPServer(host="127.0.0.1", port=0) as second:
        outer = Listener(second, redirect_to=f"http://127.0.0.2:{inner.port}/secret")
        with (
            LOCAL_ONLY,
            outbound.client(timeout=5, follow_redirects=True) as http,
            pytest.raises(httpx.ConnectError),
        ):
            http.get(outer.url)
        assert len(outer.got) == 1 and inner.got == []


def test_crlf_in_a_url_is_refused_at_connect_time() -> None:
    with (
        LOCAL_ONLY,
        outbound.client(timeout=5) as http,
        pytest.raises((httpx.HTTPError, httpx.InvalidURL)),
    ):
        http.get("http://127.0.0.1:1/a\r\nX-Injected: 1")


def test_watcher_check_cannot_reach_an_internal_listener(
    world: Any, listener: Listener, monkeypatch: Any, settings: Any
) -> None:
    settings.CAMBILL_WATCHER_RETRIES = 0
    settings.CAMBILL_WATCHER_BACKOFF = 0.0
    c = bearer("cadmin")
    # A public-looking name, saved fine, that resolves to this machine at check time.
    monkeypatch.setattr(socket, "getaddrinfo", resolving("watcher.example.test", "127.0.0.1"))
    url = f"http://watcher.example.test:{listener.port}"
    with NOTHING_ALLOWED:
        r = c.put(
            BASE + "watcher/connection/",
            {"base_url": url, "username": "admin", "password": "secret"},
            format="json",
        )
        assert r.status_code == 200, r.content
        check = c.post(BASE + "watcher/connection/check/")
    assert check.status_code == 200
    body = check.json()
    assert body["ok"] is False and "could not connect" in body["error"]
    assert "refused" not in body["error"].lower() and "errno" not in body["error"].lower()
    assert listener.got == []  # no credentials were posted


def test_watcher_client_words_every_connect_failure_alike(listener: Listener) -> None:
    messages = []
    for url, allow in (
        (f"http://127.0.0.1:{listener.port}", []),  # refused by the rule
        (f"http://127.0.0.1:{closed_port()}", ["127.0.0.1/32"]),  # closed port
    ):
        with override_settings(CAMBILL_OUTBOUND_ALLOW=allow):
            client = WatcherClient(url, "admin", "secret", retries=0)
            with pytest.raises(WatcherUnavailable) as e:
                client.login("admin")
            client.close()
        messages.append(str(e.value).replace(url, "URL"))
    assert messages[0] == messages[1] and "could not connect" in messages[0]
    assert listener.got == []
