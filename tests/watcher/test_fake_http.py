"""The fake Watcher's HTTP layer: werkzeug reads the request (body, chunked decoding, size
limit, query) and routes it, while the stdlib server keeps connections alive."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from http.client import HTTPConnection

import httpx
import pytest

from cambill_sandbox.fake_watcher import FakeWatcher
from cambill_sandbox.fake_watcher.http import _Request

ADMIN = "/watcher/admin-api/v3"
CLIENT = "/watcher/client-api/v3"


@pytest.fixture
def fake() -> Iterator[FakeWatcher]:
    with FakeWatcher() as server:
        yield server


@pytest.fixture
def http(fake: FakeWatcher) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake.url, timeout=5, auth=("admin", "secret")) as client:
        yield client


def _raw(fake: FakeWatcher, request: bytes) -> tuple[bytes, bytes]:
    """Send raw bytes; return the status line and everything the server sent until it closed."""
    with socket.create_connection(("127.0.0.1", fake.port), timeout=5) as sock:
        sock.sendall(request)
        received = b""
        while chunk := sock.recv(65536):
            received += chunk
    status_line, _, rest = received.partition(b"\r\n")
    return status_line, rest


def _basic() -> str:
    return "Basic YWRtaW46c2VjcmV0"  # admin:secret


def _code(reply: httpx.Response) -> str:
    return reply.json()["errors"][0]["code"]


def test_chunked_body_is_decoded(fake: FakeWatcher, http: httpx.Client) -> None:
    body = json.dumps({"title": "Gate", "inputs": [{"url": "fake://gate"}]}).encode()

    def chunks() -> Iterator[bytes]:  # an iterator body goes out chunked
        yield body[:7]
        yield body[7:]

    reply = http.put(f"{ADMIN}/streams/gate", content=chunks())

    assert reply.request.headers["transfer-encoding"] == "chunked"
    assert reply.status_code == 200, reply.text
    assert fake.state.streams["gate"]["title"] == "Gate"
    # The whole chunked body was read: the next request on the connection is whole too.
    assert http.get(f"{ADMIN}/streams/gate").json()["title"] == "Gate"
    assert len(fake._httpd.connections) == 1  # type: ignore[union-attr]


def test_malformed_chunked_body_is_400_and_the_connection_closes(fake: FakeWatcher) -> None:
    status_line, rest = _raw(
        fake,
        f"PUT {ADMIN}/streams/gate HTTP/1.1\r\nHost: x\r\nAuthorization: {_basic()}\r\n"
        "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n".encode(),
    )

    assert status_line == b"HTTP/1.1 400 Bad Request"
    assert json.loads(rest.partition(b"\r\n\r\n")[2])["errors"][0]["code"] == "bad_request"
    assert "gate" not in fake.state.streams


def test_too_large_content_length_is_413_without_reading_the_body(fake: FakeWatcher) -> None:
    status_line, rest = _raw(
        fake,
        f"PUT {ADMIN}/streams/gate HTTP/1.1\r\nHost: x\r\nAuthorization: {_basic()}\r\n"
        f"Content-Length: {32 * 1024 * 1024 + 1}\r\n\r\n{{}}".encode(),
    )

    assert status_line == b"HTTP/1.1 413 Request Entity Too Large"
    assert json.loads(rest.partition(b"\r\n\r\n")[2])["errors"][0]["code"] == "too_large"
    assert "gate" not in fake.state.streams


def test_too_large_chunked_body_is_413(
    fake: FakeWatcher, http: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_Request, "max_content_length", 100)
    body = json.dumps({"title": "x" * 200}).encode()

    reply = http.put(f"{ADMIN}/streams/gate", content=iter([body[:50], body[50:]]))

    assert reply.status_code == 413
    assert reply.headers["connection"] == "close"  # the rest of the body was not read
    assert _code(reply) == "too_large"
    assert "gate" not in fake.state.streams
    # A chunked body of exactly the limit is accepted.
    body = json.dumps({"title": "x" * 87}).encode()
    assert len(body) == 100
    reply = http.put(f"{ADMIN}/streams/gate", content=iter([body[:50], body[50:]]))
    assert reply.status_code == 200, reply.text


def test_keep_alive_serves_many_requests_on_one_connection(fake: FakeWatcher) -> None:
    fake.create_stream("cam")
    conn = HTTPConnection("127.0.0.1", fake.port, timeout=5)
    try:
        headers = {"Authorization": _basic(), "Content-Type": "application/json"}
        conn.request("GET", f"{ADMIN}/streams/cam", headers=headers)
        first = conn.getresponse()
        assert first.status == 200
        first.read()
        sock = conn.sock
        assert sock is not None
        for body in (b'{"title": "A"}', b"", b'{"title": "B"}'):
            method = "PUT" if body else "GET"
            conn.request(method, f"{ADMIN}/streams/cam", body=body or None, headers=headers)
            reply = conn.getresponse()
            assert reply.status == 200
            assert reply.getheader("Connection") is None
            reply.read()
            assert conn.sock is sock  # the same socket: the server kept it open
    finally:
        conn.close()
    assert fake.state.streams["cam"]["title"] == "B"


def test_query_is_parsed_and_percent_decoded(fake: FakeWatcher, http: httpx.Client) -> None:
    fake.create_stream("front", title="Front door")
    fake.create_stream("back", title="Back door")

    reply = http.get(f"{ADMIN}/streams", params={"title": "Front door", "select": "name"})

    assert reply.status_code == 200, reply.text
    assert [s["name"] for s in reply.json()["streams"]] == ["front"]


def test_stream_names_may_hold_encoded_slashes(fake: FakeWatcher, http: httpx.Client) -> None:
    fake.create_stream("site/gate")

    reply = http.get(f"{ADMIN}/streams/site%2Fgate")

    assert reply.status_code == 200, reply.text
    assert reply.json()["name"] == "site/gate"


def test_routing_404_and_405(fake: FakeWatcher, http: httpx.Client) -> None:
    # GET on the multiedit path is the stream named "multiedit", not a 405.
    reply = http.get(f"{ADMIN}/streams/multiedit")
    assert reply.status_code == 404
    assert _code(reply) != "method_not_allowed"
    # The admin API has no DELETE /presets/{id}.
    preset = http.post(f"{ADMIN}/presets", json={"title": "p"}).json()
    reply = http.delete(f"{ADMIN}/presets/{preset['id']}")
    assert reply.status_code == 405
    assert _code(reply) == "method_not_allowed"
    # An id is digits only: the int converter does not match, so no such path.
    reply = http.get(f"{ADMIN}/presets/abc")
    assert reply.status_code == 404
    assert _code(reply) == "not_found"
    # The admin API has no organization objects (the client API has).
    assert http.get(f"{ADMIN}/organizations/1").status_code == 404
    assert http.get(f"{CLIENT}/organizations/999").status_code == 404
    # Only the two probes exist, and they need no credentials.
    with httpx.Client(base_url=fake.url, timeout=5) as anonymous:
        assert anonymous.get(f"{ADMIN}/monitoring/liveness").status_code == 200
        assert anonymous.get(f"{ADMIN}/monitoring/readiness").status_code == 200
        assert anonymous.get(f"{ADMIN}/monitoring/other").status_code == 404
        assert anonymous.get(f"{ADMIN}/streams").status_code == 401


def test_control_routes(fake: FakeWatcher) -> None:
    fake.create_stream("site/gate", bitrate=8)
    with httpx.Client(base_url=fake.url, timeout=5) as control:
        reply = control.put("/_fake/streams/site%2Fgate/stats", json={"bitrate": 16})
        assert reply.status_code == 200, reply.text
        assert control.get("/_fake/reset").status_code == 404  # POST only
        assert control.get("/_fake/nothing").status_code == 404
        assert control.get("/_fake/faults").status_code == 200
    assert fake.state.runtime["site/gate"].bitrate == 16
