"""The fake Watcher's HTTP layer: the wire constants, the parsed request handed to a route,
and the threaded stdlib server with its lifecycle (start, stop, dropping open connections).

The stdlib server keeps the connection lifecycle (HTTP/1.1 keep-alive, an ``OSError`` when
the port is taken); werkzeug reads each request (body, chunked decoding, size limit, query)
from the WSGI environ built here."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import sys
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import IO, TYPE_CHECKING, Any, Final, cast
from urllib.parse import unquote_to_bytes, urlsplit

from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.serving import DechunkedInput
from werkzeug.wrappers import Request

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
LINGER_SECONDS: Final = 2.0  # after a refused body, how long to read what the client still sends
MAX_LINGER_BYTES: Final = 4 * 1024 * 1024


@dataclass
class _Call:
    """One parsed API request handed to a route handler."""

    api: str  # "admin" or "client"
    method: str
    path: str
    query: dict[str, str]
    body: Any
    headers: Mapping[str, str]
    params: dict[str, Any] = field(default_factory=dict)  # the rule's converted values
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


class _Request(Request):
    max_content_length = MAX_BODY_BYTES


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
        request = _Request(self._environ())
        path = request.path
        try:
            body = self._read_json(request)
            headers = {key.lower(): value for key, value in request.headers.items()}
            status, payload = fake.dispatch(method, path, request.args.to_dict(), headers, body)
        except FakeHTTPError as exc:
            status, payload = exc.status, exc.payload()
        except Exception:  # a bug in the fake must show up as a 500, not a hung client
            logger.exception("fake Watcher failed on %s %s", method, self.path)
            status = 500
            payload = FakeHTTPError(500, "internal", "fake Watcher error").payload()
        fake.record(method, path, status)
        self._reply(status, payload)
        if self.close_connection and status in (400, 413):
            self._linger()

    def _linger(self) -> None:
        """Close after a refused body without losing the reply: closing with the body's
        rest unread would reset the connection, and the client might never read the reply."""
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(LINGER_SECONDS)
            drained = 0
            while drained < MAX_LINGER_BYTES and (data := self.connection.recv(65536)):
                drained += len(data)

    def _environ(self) -> dict[str, Any]:
        """The WSGI environ of this request (PEP 3333: paths as latin-1 of the raw bytes)."""
        target = urlsplit(self.path)
        environ: dict[str, Any] = {
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": self.rfile,
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            "PATH_INFO": unquote_to_bytes(target.path).decode("latin-1"),
            "QUERY_STRING": target.query.encode().decode("latin-1"),
            "REQUEST_URI": self.path,
            "REMOTE_ADDR": self.client_address[0],
            "SERVER_NAME": str(self.server.server_address[0]),
            "SERVER_PORT": str(self.server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version,
        }
        for key, value in self.headers.items():
            name = key.upper().replace("-", "_")
            if name not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
                name = f"HTTP_{name}"
            environ[name] = f"{environ[name]},{value}" if name in environ else value
        if "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower():
            environ["wsgi.input_terminated"] = True
            environ["wsgi.input"] = DechunkedInput(cast("IO[bytes]", self.rfile))
        return environ

    def _read_json(self, request: Request) -> Any:
        try:
            raw = request.get_data(cache=True)
            # werkzeug stops a chunked body at the limit without telling whether more
            # followed: one more byte means it was too large.
            limit = request.max_content_length or MAX_BODY_BYTES
            chunked = "wsgi.input_terminated" in request.environ
            if chunked and len(raw) >= limit and request.environ["wsgi.input"].read(1):
                raise RequestEntityTooLarge()
        except RequestEntityTooLarge:
            self.close_connection = True  # the rest of the body is not read
            raise FakeHTTPError(413, "too_large", "request body too large") from None
        except HTTPException:  # a malformed chunked body, a client gone mid-body
            self.close_connection = True
            raise FakeHTTPError(400, "bad_request", "malformed request body") from None
        if not raw.strip():
            return None
        try:
            return json.loads(raw)
        except ValueError:
            raise FakeHTTPError(400, "bad_json", "request body is not valid JSON") from None

    def _reply(self, status: int, payload: Any) -> None:
        data = b"" if status == 204 or payload is None else _dumps(payload)
        try:
            self.send_response(status)
            if data:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            if status == 401:
                self.send_header("WWW-Authenticate", 'Bearer realm="watcher"')
            if self.close_connection:  # the client must not send another request on it
                self.send_header("Connection", "close")
            self.end_headers()
            if data:
                self.wfile.write(data)
        except OSError:
            # The client gave up (a timeout test) and closed the socket.
            self.close_connection = True


def _dumps(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
