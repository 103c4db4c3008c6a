"""The fake Watcher's HTTP layer: the wire constants, the parsed request handed to a route,
and the threaded stdlib server with its lifecycle (start, stop, dropping open connections)."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from .state import (
    JSON,
    FakeHTTPError,
)

if TYPE_CHECKING:
    from .fake import FakeWatcher
    from .hub import FakeWatcherHub

logger = logging.getLogger(__name__)


ADMIN_PREFIX: Final = "/watcher/admin-api/v3"
CLIENT_PREFIX: Final = "/watcher/client-api/v3"
CONTROL_PREFIX: Final = "/_fake"
MAX_BODY_BYTES: Final = 32 * 1024 * 1024


@dataclass
class _Call:
    """One parsed API request handed to a route handler."""

    api: str  # "admin" or "client"
    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: Mapping[str, str]
    params: dict[str, str] = field(default_factory=dict)
    user: JSON | None = None


Handler = Callable[[_Call], tuple[int, Any]]


class _Served(ABC):
    """The HTTP server's lifecycle shared by a single fake and the hub."""

    host: str
    port: int
    _httpd: _Server | None
    _thread: threading.Thread | None

    def _serve(self, name: str, poll_interval: float) -> None:
        httpd = _Server((self.host, self.port), _RequestHandler)
        httpd.fake = self  # type: ignore[assignment]  # a FakeWatcher or a hub
        self._httpd = httpd
        self.port = httpd.server_address[1]
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": poll_interval},
            name=f"{name}-{self.port}",
            daemon=True,
        )
        self._thread.start()

    def _shutdown(self, httpd: _Server) -> None:
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None
        self._thread = None

    @abstractmethod
    def start(self) -> Any: ...

    @abstractmethod
    def stop(self) -> None: ...

    def __enter__(self) -> Any:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """Base URL to give to ``WatcherClient`` (``http://127.0.0.1:PORT``)."""
        if self._httpd is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        host = self.host if self.host not in ("0.0.0.0", "") else "127.0.0.1"
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}"


class _Server(ThreadingHTTPServer):
    """Threaded server that remembers its open connections so ``stop()`` can drop them."""

    daemon_threads = True
    request_queue_size = 128
    fake: FakeWatcher | FakeWatcherHub

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, handler)

    def close_connections(self) -> None:
        with self.connections_lock:
            connections = list(self.connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: paging 10,000 streams reuses one connection
    server_version = "FakeWatcher/1.0"
    disable_nagle_algorithm = True  # headers and body go out in separate writes
    server: _Server

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s - %s", self.address_string(), format % args)

    def _handle(self, method: str) -> None:
        fake = self.server.fake
        path = urlsplit(self.path).path
        try:
            body = self._read_json()
            headers = {key.lower(): value for key, value in self.headers.items()}
            status, payload = fake.dispatch(method, self.path, headers, body)
        except FakeHTTPError as exc:
            status, payload = exc.status, exc.payload()
        except Exception:  # a bug in the fake must show up as a 500, not a hung client
            logger.exception("fake Watcher failed on %s %s", method, self.path)
            status = 500
            payload = FakeHTTPError(500, "internal", "fake Watcher error").payload()
        fake.record(method, path, status)
        self._reply(status, payload)

    def _read_json(self) -> Any:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            raw = self._read_chunked()
        else:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self.close_connection = True
                raise FakeHTTPError(413, "too_large", "request body too large")
            raw = self.rfile.read(length) if length > 0 else b""
        if not raw.strip():
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise FakeHTTPError(400, "bad_json", "request body is not valid JSON") from None

    def _read_chunked(self) -> bytes:
        chunks: list[bytes] = []
        total = 0
        while True:
            size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                return b"".join(chunks)
            total += size
            if total > MAX_BODY_BYTES:
                self.close_connection = True
                raise FakeHTTPError(413, "too_large", "request body too large")
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _reply(self, status: int, payload: Any) -> None:
        data = b"" if status == 204 or payload is None else _dumps(payload)
        try:
            self.send_response(status)
            if data:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if status == 401:
                self.send_header("WWW-Authenticate", 'Bearer realm="watcher"')
            self.end_headers()
            if data:
                self.wfile.write(data)
        except OSError:
            # The client gave up (a timeout test) and closed the socket.
            self.close_connection = True


def _dumps(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
