"""The fake Watcher as a real HTTP server (stdlib ``ThreadingHTTPServer`` in a thread).

It speaks the subset of the Watcher v3 admin and client APIs that billing uses
(``/watcher/admin-api/v3`` and ``/watcher/client-api/v3``), so the production
client is tested over real sockets: real timeouts, real retries, real JSON.

A small control API under ``/_fake/`` (no authentication) lets tests and the
demo inject faults, move the simulated clock and seed data from outside the
process; the same controls exist as methods on ``FakeWatcher``.

Run it in the foreground with ``python -m cambill_sandbox.fake_watcher.server --port 8081``
(``main(argv)`` is what the ``cambill fake-watcher`` command calls).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import contextlib
import json
import logging
import random
import re
import signal
import socket
import sys
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Final
from urllib.parse import parse_qsl, unquote, urlsplit

from .state import (
    DEFAULT_ACCESS_TTL,
    DEFAULT_REFRESH_TTL,
    JSON,
    FakeHTTPError,
    FakeWatcherState,
    unauthorized,
)

__all__ = ["ADMIN_PREFIX", "CLIENT_PREFIX", "FakeWatcher", "FakeWatcherHub", "main"]

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


class FakeWatcher(_Served):
    """A running fake Watcher: ``start()``/``stop()`` or use it as a context manager.

    ``port=0`` picks a free port; ``url`` tells which one after ``start()``.
    ``state`` is the ``FakeWatcherState`` behind it, for direct setup and checks.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        username: str = "admin",
        password: str = "secret",
        *,
        access_ttl: float = DEFAULT_ACCESS_TTL,
        refresh_ttl: float = DEFAULT_REFRESH_TTL,
    ) -> None:
        self.host = host
        self.port = port
        self.state = FakeWatcherState(
            username=username, password=password, access_ttl=access_ttl, refresh_ttl=refresh_ttl
        )
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._ticker: threading.Thread | None = None
        self._ticker_stop = threading.Event()
        self._routes = _build_routes(self)

    # -- lifecycle ----------------------------------------------------------

    def start(self) -> FakeWatcher:
        """Bind the socket and serve in a daemon thread; return self for chaining."""
        if self._httpd is not None:
            return self
        self._stopping.clear()
        self._serve("fake-watcher", 0.02)
        logger.info("Fake Watcher listening on %s", self.url)
        return self

    def stop(self) -> None:
        """Stop serving, drop open connections and stop the ticker."""
        self.stop_ticker()
        httpd = self._httpd
        if httpd is None:
            return
        self._stopping.set()
        self._shutdown(httpd)

    def __enter__(self) -> FakeWatcher:
        return self.start()

    # -- controls (same as POST /_fake/...) ------------------------------------

    def fail_next(self, count: int, status: int = 503, match: str | None = None) -> None:
        """Make the next ``count`` API requests (whose path contains ``match``) fail."""
        self.state.set_faults({"fail_next": count, "status": status, "match": match})

    def delay(self, seconds: float, count: int | None = None, match: str | None = None) -> None:
        """Delay API replies by ``seconds`` (the next ``count`` ones, or all until cleared)."""
        self.state.set_faults({"delay_seconds": seconds, "delay_next": count, "match": match})

    def expire_tokens(self, *, refresh: bool = False) -> None:
        """Expire every access token now; with ``refresh`` also revoke refresh tokens."""
        self.state.expire_tokens(refresh=refresh)

    def reject_refresh(self, reject: bool = True) -> None:
        """Refuse refresh-token logins until turned off (forces the Basic fallback)."""
        self.state.set_faults({"reject_refresh": reject})

    def clear_faults(self) -> None:
        self.state.set_faults({"clear": True})

    def advance(self, seconds: float) -> None:
        """Move the simulated clock; archives of recording streams grow."""
        self.state.advance(seconds)

    def seed(
        self,
        organizations: int = 3,
        streams_per_org: int = 10,
        seed: int = 1,
        *,
        total_streams: int | None = None,
    ) -> JSON:
        """Create a deterministic population (see ``FakeWatcherState.seed``)."""
        return self.state.seed(organizations, streams_per_org, seed, total_streams=total_streams)

    def create_stream(self, name: str, **kwargs: Any) -> JSON:
        """Create a stream directly (see ``FakeWatcherState.create_stream``)."""
        return self.state.create_stream(name, **kwargs)

    def start_ticker(self, interval: float = 1.0, speed: float = 1.0) -> None:
        """Grow archives with wall-clock time every ``interval`` seconds (demo mode).

        ``speed`` > 1 makes simulated time run faster than the wall clock.
        """
        if interval <= 0:
            raise ValueError("interval must be positive")
        self.stop_ticker()
        self._ticker_stop.clear()

        def run() -> None:
            last = time.monotonic()
            while not self._ticker_stop.wait(interval):
                now = time.monotonic()
                self.state.tick(now - last, speed)
                last = now

        self._ticker = threading.Thread(target=run, name="fake-watcher-ticker", daemon=True)
        self._ticker.start()

    def stop_ticker(self) -> None:
        if self._ticker is not None:
            self._ticker_stop.set()
            self._ticker.join(timeout=5)
            self._ticker = None

    # -- request handling ----------------------------------------------------

    def dispatch(
        self, method: str, target: str, headers: Mapping[str, str], body: Any
    ) -> tuple[int, Any]:
        """Answer one HTTP request: returns (status, JSON payload or None).

        ``headers`` must have lower-case names.
        """
        split = urlsplit(target)
        path = split.path.rstrip("/") or "/"
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        if path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/"):
            return self._control(method, path[len(CONTROL_PREFIX) :] or "/", body)
        if path.startswith(ADMIN_PREFIX + "/"):
            api, rest = "admin", path[len(ADMIN_PREFIX) :]
        elif path.startswith(CLIENT_PREFIX + "/"):
            api, rest = "client", path[len(CLIENT_PREFIX) :]
        else:
            raise FakeHTTPError(404, "not_found", f"no such API path {path}")
        delay, fail_status = self.state.take_faults(path)
        if delay > 0 and self._stopping.wait(delay):
            raise FakeHTTPError(503, "shutting_down", "the fake Watcher is stopping")
        if fail_status is not None:
            raise FakeHTTPError(fail_status, "injected_fault", f"injected fault {fail_status}")
        path_known = False
        for pattern, handlers in self._routes[api]:
            match = pattern.fullmatch(rest)
            if match is None:
                continue
            path_known = True
            handler = handlers.get(method)
            if handler is None:
                continue  # e.g. GET /streams/multiedit is the stream named "multiedit"
            call = _Call(api, method, rest, query, body, headers, _params(match.groupdict()))
            if rest != "/login" and not rest.startswith("/monitoring/"):
                call.user = self._authenticate(call)
            return handler(call)
        if path_known:
            raise FakeHTTPError(405, "method_not_allowed", f"{method} not allowed on {rest}")
        raise FakeHTTPError(404, "not_found", f"no such API path {path}")

    def record(self, method: str, path: str, status: int) -> None:
        """Count an API request (control requests are not counted)."""
        if not path.startswith(CONTROL_PREFIX):
            self.state.record(method, path, status)

    def _authenticate(self, call: _Call) -> JSON:
        """Bearer access token or, as Watcher also accepts on every call, HTTP Basic."""
        auth = call.headers.get("authorization") or ""
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "basic":
            user = self._basic_user(value)
        elif scheme.lower() == "bearer":
            user = self.state.user_for_access_token(value.strip())
        else:
            raise unauthorized("a Bearer token or Basic credentials are required")
        if call.api == "admin" and user.get("access_level") not in ("admin", "domain_admin"):
            raise FakeHTTPError(403, "forbidden", "the admin API needs an administrator")
        return user

    def _basic_user(self, value: str) -> JSON:
        try:
            username, _, password = base64.b64decode(value.strip()).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise unauthorized("malformed Basic credentials") from None
        user = self.state.check_password(username, password)
        if user is None:
            with self.state.lock:
                self.state.stats["login_basic_rejected"] += 1
            raise unauthorized("invalid login or password")
        return user

    def _login(self, call: _Call) -> tuple[int, Any]:
        auth = call.headers.get("authorization") or ""
        scheme, _, value = auth.partition(" ")
        if scheme.lower() == "basic":
            user = self._basic_user(value)
            if call.api == "admin" and user.get("access_level") not in ("admin", "domain_admin"):
                raise FakeHTTPError(403, "forbidden", "the admin API needs an administrator")
            with self.state.lock:
                self.state.stats["login_basic"] += 1
            return 200, self.state.issue_tokens(user["id"])
        if scheme.lower() == "bearer":
            try:
                tokens = self.state.refresh_tokens(value.strip())
            except FakeHTTPError:
                with self.state.lock:
                    self.state.stats["login_refresh_rejected"] += 1
                raise
            with self.state.lock:
                self.state.stats["login_refresh"] += 1
            return 200, tokens
        raise unauthorized("login needs Basic credentials or a Bearer refresh token")

    def _control(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        state = self.state
        body = body if isinstance(body, dict) else {}
        if (method, path) == ("GET", "/health"):
            return 200, {"ok": True}
        if (method, path) == ("GET", "/state"):
            return 200, {**state.snapshot_counts(), "faults": state.set_faults({})}
        if path == "/faults" and method in ("GET", "POST", "PUT"):
            return 200, state.set_faults(body if method != "GET" else {})
        if (method, path) == ("POST", "/advance"):
            state.advance(float(body.get("seconds", 0)))
            return 200, {"now": state.now()}
        if (method, path) == ("POST", "/seed"):
            result = state.seed(
                int(body.get("organizations", 3)),
                int(body.get("streams_per_org", 10)),
                int(body.get("seed", 1)),
                total_streams=body.get("total_streams"),
            )
            return 200, result
        if (method, path) == ("POST", "/streams"):
            spec = dict(body)
            name = spec.pop("name", None)
            if not isinstance(name, str):
                raise FakeHTTPError(400, "bad_request", "name is required")
            try:
                return 200, state.create_stream(name, **spec)
            except TypeError as exc:
                raise FakeHTTPError(400, "bad_request", str(exc)) from None
        stats_match = re.fullmatch(r"/streams/(.+)/stats", path)
        if stats_match and method in ("PUT", "POST"):
            name = unquote(stats_match.group(1))
            return 200, state.set_stream_stats(
                name, alive=body.get("alive"), bitrate=body.get("bitrate")
            )
        if (method, path) == ("POST", "/reset"):
            state.reset()
            return 200, {"ok": True}
        raise FakeHTTPError(404, "not_found", f"no such control {method} {path}")


# -- several fake Watchers behind one port -------------------------------------------

HUB_FILE_VERSION: Final = 1
HUB_PREFIX: Final = "/_hub"
_TENANT_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


class FakeWatcherHub(_Served):
    """Several fake Watchers on one port, one per path prefix (the demo: one per cloud).

    ``http://127.0.0.1:8081/telenet`` is the base URL of tenant ``telenet``
    (``/telenet/watcher/admin-api/v3/...``, ``/telenet/_fake/...``). A request
    whose first path segment is not a tenant goes to the root tenant, so a hub
    without tenants behaves exactly like one ``FakeWatcher``. Each tenant has its
    own objects, ids, tokens and faults; they share the credentials and the
    ticker. ``load``/``save`` read and write every tenant's population as JSON
    (``{"version": 1, "tenants": {name: FakeWatcherState.export_mirror()}}``),
    so a restarted demo goes on with the cameras it had.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        username: str = "admin",
        password: str = "secret",
        *,
        access_ttl: float = DEFAULT_ACCESS_TTL,
    ) -> None:
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.access_ttl = access_ttl
        self.tenants: dict[str, FakeWatcher] = {}
        self.root = self.tenant("")
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None
        self._ticker: threading.Thread | None = None
        self._ticker_stop = threading.Event()
        self.added_streams: list[tuple[str, str]] = []  # (tenant, stream) by the ticker
        self.file_url: str | None = None  # the "url" a hub file names, kept when saved

    @property
    def state(self) -> FakeWatcherState:
        """The root tenant's state (what a plain ``FakeWatcher`` would have)."""
        return self.root.state

    def tenant(self, name: str) -> FakeWatcher:
        """The fake Watcher serving ``/<name>/``, created empty on first use."""
        if name not in self.tenants:
            if name and (not _TENANT_NAME.match(name) or name in ("watcher", "_fake", "_hub")):
                raise ValueError(f"bad tenant name {name!r}")
            self.tenants[name] = FakeWatcher(
                self.host, 0, self.username, self.password, access_ttl=self.access_ttl
            )
        return self.tenants[name]

    # -- lifecycle ------------------------------------------------------------

    def start(self) -> FakeWatcherHub:
        if self._httpd is not None:
            return self
        for fake in self.tenants.values():
            fake._stopping.clear()
        self._serve("fake-watcher-hub", 0.05)
        logger.info("Fake Watcher hub listening on %s", self.url)
        return self

    def stop(self) -> None:
        self.stop_ticker()
        httpd = self._httpd
        if httpd is None:
            return
        for fake in self.tenants.values():
            fake._stopping.set()  # wake requests sleeping in an injected delay
        self._shutdown(httpd)

    def __enter__(self) -> FakeWatcherHub:
        return self.start()

    def url_for(self, name: str) -> str:
        """Base URL of a tenant, to give to ``WatcherClient`` or a ``WatcherConnection``."""
        return f"{self.url}/{name}" if name else self.url

    # -- time ----------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        for fake in self.tenants.values():
            fake.advance(seconds)

    def start_ticker(
        self,
        interval: float = 1.0,
        speed: float = 1.0,
        *,
        new_stream_every: float = 0.0,
        seed: int = 1,
    ) -> None:
        """Grow every tenant's archives with wall-clock time; with ``new_stream_every``
        (real seconds) a subscriber adds a camera in a random tenant that often."""
        if interval <= 0:
            raise ValueError("interval must be positive")
        self.stop_ticker()
        self._ticker_stop.clear()
        rng = random.Random(seed)

        def run() -> None:
            last = last_new = time.monotonic()
            while not self._ticker_stop.wait(interval):
                now = time.monotonic()
                for fake in list(self.tenants.values()):
                    fake.state.tick(now - last, speed)
                last = now
                if new_stream_every > 0 and now - last_new >= new_stream_every:
                    last_new = now
                    self._add_stream(rng)

        self._ticker = threading.Thread(target=run, name="fake-watcher-hub-ticker", daemon=True)
        self._ticker.start()

    def _add_stream(self, rng: random.Random) -> None:
        names = sorted(n for n in self.tenants if n) or [""]
        name = names[rng.randrange(len(names))]
        stream = self.tenants[name].state.add_stream_like(rng, prefix=f"{name or 'cam'}-new")
        if stream is not None:
            self.added_streams.append((name, stream["name"]))
            logger.info("fake Watcher %s: camera %s added", name or "/", stream["name"])

    def stop_ticker(self) -> None:
        if self._ticker is not None:
            self._ticker_stop.set()
            self._ticker.join(timeout=5)
            self._ticker = None

    # -- persistence ----------------------------------------------------------

    def load(self, path: str | Path) -> dict[str, JSON]:
        """Load every tenant of a hub file; returns each tenant's counts."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("version") != HUB_FILE_VERSION:
            raise ValueError(f"{path}: not a fake Watcher hub file (version {HUB_FILE_VERSION})")
        self.file_url = data.get("url")
        counts = {}
        for name, spec in (data.get("tenants") or {}).items():
            counts[name] = self.tenant(name).state.load_mirror(spec)
        return counts

    def save(self, path: str | Path) -> None:
        """Write every tenant's population (atomically: a crash leaves the old file)."""
        data: JSON = {
            "version": HUB_FILE_VERSION,
            "tenants": {
                name: fake.state.export_mirror()
                for name, fake in sorted(self.tenants.items())
                if name
            },
        }
        if self.file_url:
            data["url"] = self.file_url
        target = Path(path)
        tmp = target.with_suffix(target.suffix + ".tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(target)

    # -- requests ------------------------------------------------------------

    def _route(self, target: str) -> tuple[FakeWatcher, str]:
        split = urlsplit(target)
        _, _, rest = split.path.partition("/")
        first, _, tail = rest.partition("/")
        if first and first in self.tenants:
            inner = "/" + tail
            return self.tenants[first], inner + (f"?{split.query}" if split.query else "")
        return self.root, target

    def dispatch(
        self, method: str, target: str, headers: Mapping[str, str], body: Any
    ) -> tuple[int, Any]:
        if urlsplit(target).path.rstrip("/") == HUB_PREFIX + "/tenants" and method == "GET":
            return 200, {
                "tenants": {
                    name or "/": fake.state.snapshot_counts()
                    for name, fake in sorted(self.tenants.items())
                }
            }
        fake, inner = self._route(target)
        return fake.dispatch(method, inner, headers, body)

    def record(self, method: str, path: str, status: int) -> None:
        fake, inner = self._route(path)
        fake.record(method, urlsplit(inner).path, status)


# -- routes -------------------------------------------------------------------


def _params(groups: Mapping[str, str | None]) -> dict[str, str]:
    return {key: unquote(value) for key, value in groups.items() if value is not None}


Routes = list[tuple[re.Pattern[str], dict[str, Handler]]]


def _build_routes(fake: FakeWatcher) -> dict[str, Routes]:
    """Map API paths (after the version prefix) to handlers, per API and HTTP method.

    Only what Flussonic's own API definitions (watcher-admin, watcher-client)
    have is served, each operation under the API that has it: the admin API has
    no organization list and no organization objects, only the presets allowed
    in one; there is no ``DELETE /presets/{id}``. A path of the other API is a 404.
    """
    s = fake.state

    def ok(payload: Any) -> tuple[int, Any]:
        return 200, payload

    def done(action: Callable[[], None]) -> tuple[int, Any]:
        action()
        return 204, None

    def pid(call: _Call, key: str) -> int:
        return int(call.params[key])

    def org(call: _Call) -> int:
        """The path's organization, if the caller may reach it (member or admin)."""
        org_id = pid(call, "org")
        s.check_org_access(org_id, call.user)
        return org_id

    def probe(call: _Call) -> tuple[int, Any]:
        return ok({"now": int(s.now() * 1000), "server_version": "fake", "started_at": 0})

    def multiedit(call: _Call) -> tuple[int, Any]:
        s.multiedit_streams(call.body)
        return ok({})

    def my_orgs(call: _Call) -> tuple[int, Any]:
        return ok(s.list_page("organizations", call.query, scope=(call.user or {}).get("id")))

    def user_orgs(call: _Call) -> tuple[int, Any]:
        uid = pid(call, "uid")
        if (call.user or {}).get("access_level") != "admin" and uid != (call.user or {}).get("id"):
            raise FakeHTTPError(403, "forbidden", "only administrators see other users")
        s.get_user(uid)
        return ok(s.list_page("organizations", call.query, scope=uid))

    stream = {
        "GET": lambda c: ok(s.get_stream(c.params["name"])),
        "PUT": lambda c: ok(s.save_stream(c.params["name"], c.body)),
        "DELETE": lambda c: done(lambda: s.delete_stream(c.params["name"])),
    }
    org_presets = {"PUT": lambda c: ok(s.allow_preset(org(c), c.body))}
    org_preset = {"DELETE": lambda c: done(lambda: s.disallow_preset(org(c), pid(c, "preset")))}
    users = {
        "GET": lambda c: ok(s.list_page("users", c.query)),
        "POST": lambda c: ok(s.create_user(c.body)),
    }
    user = {
        "GET": lambda c: ok(s.get_user(pid(c, "uid"))),
        "PUT": lambda c: ok(s.update_user(pid(c, "uid"), c.body)),
        "DELETE": lambda c: done(lambda: s.delete_user(pid(c, "uid"))),
    }
    admin: list[tuple[str, dict[str, Handler]]] = [
        (r"/login", {"POST": fake._login}),
        (r"/monitoring/(?:liveness|readiness)", {"GET": probe}),
        (r"/streams", {"GET": lambda c: ok(s.list_page("streams", c.query))}),
        (r"/streams/multiedit", {"POST": multiedit}),
        (r"/streams/(?P<name>.+)", stream),
        (
            r"/presets",
            {
                "GET": lambda c: ok(s.list_page("presets", c.query)),
                "POST": lambda c: ok(s.create_preset(c.body)),
            },
        ),
        (
            r"/presets/(?P<id>\d+)",
            {
                "GET": lambda c: ok(s.get_preset(pid(c, "id"))),
                "PUT": lambda c: ok(s.update_preset(pid(c, "id"), c.body)),
            },
        ),
        (r"/organizations/(?P<org>\d+)/presets", org_presets),
        (r"/organizations/(?P<org>\d+)/presets/(?P<preset>\d+)", org_preset),
        (r"/users", users),
        (r"/users/(?P<uid>\d+)", user),
    ]
    client: list[tuple[str, dict[str, Handler]]] = [
        (r"/login", {"POST": fake._login}),
        (r"/streams", {"GET": lambda c: ok(s.list_page("streams", c.query))}),
        (r"/streams/multiedit", {"POST": multiedit}),
        (r"/streams/(?P<name>.+)", stream),
        (r"/presets", {"GET": lambda c: ok(s.list_page("presets", c.query))}),
        (r"/presets/(?P<id>\d+)", {"GET": lambda c: ok(s.get_preset(pid(c, "id")))}),
        (
            r"/organizations",
            {
                "GET": my_orgs,
                "POST": lambda c: ok(s.create_organization(c.body, (c.user or {}).get("id"))),
            },
        ),
        (
            r"/organizations/(?P<org>\d+)",
            {
                "GET": lambda c: ok(s.get_organization(org(c))),
                "PUT": lambda c: ok(s.update_organization(org(c), c.body)),
                "DELETE": lambda c: done(lambda: s.delete_organization(org(c))),
            },
        ),
        (r"/organizations/(?P<org>\d+)/presets", org_presets),
        (r"/organizations/(?P<org>\d+)/presets/(?P<preset>\d+)", org_preset),
        (
            r"/organizations/(?P<org>\d+)/users",
            {"GET": lambda c: ok(_org_users_page(s, org(c), c.query))},
        ),
        (
            r"/organizations/(?P<org>\d+)/users/(?P<uid>\d+)",
            {
                "GET": lambda c: ok(s.get_org_user(org(c), pid(c, "uid"))),
                "PUT": lambda c: ok(s.set_org_user(org(c), pid(c, "uid"), c.body)),
                "DELETE": lambda c: done(lambda: s.remove_org_user(org(c), pid(c, "uid"))),
            },
        ),
        (
            r"/organizations/(?P<org>\d+)/folders",
            {
                "GET": lambda c: ok(_folders_page(s, org(c), c.query)),
                "POST": lambda c: ok(s.create_folder(org(c), c.body)),
            },
        ),
        (
            r"/organizations/(?P<org>\d+)/folders/(?P<fid>\d+)",
            {
                "GET": lambda c: ok(s.get_folder(org(c), pid(c, "fid"))),
                "PUT": lambda c: ok(s.update_folder(org(c), pid(c, "fid"), c.body)),
                "DELETE": lambda c: done(lambda: s.delete_folder(org(c), pid(c, "fid"))),
            },
        ),
        (r"/users", users),
        (r"/users/(?P<uid>\d+)", user),
        (r"/users/(?P<uid>\d+)/organization", {"GET": user_orgs}),
    ]
    return {
        api: [(re.compile(pattern), handlers) for pattern, handlers in table]
        for api, table in (("admin", admin), ("client", client))
    }


def _org_users_page(state: FakeWatcherState, org_id: int, query: Mapping[str, str]) -> JSON:
    state.get_organization(org_id)  # 404 for an unknown organization
    return state.list_page("org_users", query, scope=org_id)


def _folders_page(state: FakeWatcherState, org_id: int, query: Mapping[str, str]) -> JSON:
    state.get_organization(org_id)
    return state.list_page("folders", query, scope=org_id)


# -- HTTP plumbing ----------------------------------------------------------------


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


# -- command line -------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run a fake Watcher in the foreground until interrupted (Ctrl-C or SIGTERM)."""
    parser = argparse.ArgumentParser(
        prog="fake-watcher", description="Run a fake Flussonic Watcher for tests and demos."
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password", default="secret")
    parser.add_argument("--seed-streams", type=int, default=0, metavar="N", help="cameras to seed")
    parser.add_argument("--streams-per-org", type=int, default=10, metavar="M")
    parser.add_argument("--seed", type=int, default=1, help="random seed for --seed-streams")
    parser.add_argument(
        "--tick",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="grow archives with wall-clock time every SECONDS (0: only on /_fake/advance)",
    )
    parser.add_argument("--speed", type=float, default=1.0, help="simulated seconds per real one")
    parser.add_argument("--access-ttl", type=float, default=DEFAULT_ACCESS_TTL)
    parser.add_argument(
        "--state",
        metavar="FILE",
        help="serve the tenants of a hub file (one fake Watcher per cloud under /<name>/, "
        "as written by `cambill demo-data`) and write their state back on exit",
    )
    parser.add_argument(
        "--new-stream-every",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="with --tick: a subscriber adds a camera in Watcher this often (demo)",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    hub = FakeWatcherHub(
        args.host, args.port, args.username, args.password, access_ttl=args.access_ttl
    )
    if args.state and Path(args.state).exists():
        for name, counts in hub.load(args.state).items():
            print(f"Loaded tenant {name}: {counts}", flush=True)
    if args.seed_streams > 0:
        per_org = max(1, args.streams_per_org)
        organizations = -(-args.seed_streams // per_org)
        result = hub.root.seed(organizations, per_org, args.seed, total_streams=args.seed_streams)
        print(
            f"Seeded {result['streams']} streams in {len(result['organizations'])} organizations",
            flush=True,
        )
    hub.start()
    if args.tick > 0:
        hub.start_ticker(args.tick, args.speed, new_stream_every=args.new_stream_every)
    print(
        f"Fake Watcher on {hub.url} (user {args.username!r}); "
        f"APIs {ADMIN_PREFIX} and {CLIENT_PREFIX}, controls under {CONTROL_PREFIX}/",
        flush=True,
    )
    for name in sorted(n for n in hub.tenants if n):
        print(f"  tenant {name}: {hub.url_for(name)}", flush=True)
    done = threading.Event()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: done.set())
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()
        if args.state:
            hub.save(args.state)
    return 0


if __name__ == "__main__":
    sys.exit(main())
