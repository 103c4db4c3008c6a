"""One fake Watcher: its lifecycle, its controls (as methods and under ``/_fake/``), and how
it answers a request (faults, routing, authentication)."""

from __future__ import annotations

import base64
import binascii
import logging
import threading
import time
from collections.abc import Mapping
from typing import Any

from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import Map, Rule

from .http import ADMIN_PREFIX, CLIENT_PREFIX, CONTROL_PREFIX, _Call, _Served, _Server
from .routes import _build_routes
from .state import (
    DEFAULT_ACCESS_TTL,
    DEFAULT_REFRESH_TTL,
    JSON,
    FakeHTTPError,
    FakeWatcherState,
    unauthorized,
)

logger = logging.getLogger(__name__)


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
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: Any,
    ) -> tuple[int, Any]:
        """Answer one HTTP request: returns (status, JSON payload or None).

        ``path`` is percent-decoded (werkzeug's ``Request.path``), ``query`` its parsed
        query string and ``headers`` must have lower-case names.
        """
        path = path.rstrip("/") or "/"
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
        try:
            handler, params = _match(self._routes[api], rest, method)
        except MethodNotAllowed:
            raise FakeHTTPError(
                405, "method_not_allowed", f"{method} not allowed on {rest}"
            ) from None
        except HTTPException:
            raise FakeHTTPError(404, "not_found", f"no such API path {path}") from None
        call = _Call(api, method, rest, dict(query), body, headers, dict(params))
        if rest != "/login" and not rest.startswith("/monitoring/"):
            call.user = self._authenticate(call)
        return handler(call)

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
        try:
            control, params = _match(_CONTROLS, path, method)
        except HTTPException:
            raise FakeHTTPError(404, "not_found", f"no such control {method} {path}") from None
        if control == "health":
            return 200, {"ok": True}
        if control == "state":
            return 200, {**state.snapshot_counts(), "faults": state.set_faults({})}
        if control == "faults":
            return 200, state.set_faults(body if method != "GET" else {})
        if control == "advance":
            state.advance(float(body.get("seconds", 0)))
            return 200, {"now": state.now()}
        if control == "seed":
            result = state.seed(
                int(body.get("organizations", 3)),
                int(body.get("streams_per_org", 10)),
                int(body.get("seed", 1)),
                total_streams=body.get("total_streams"),
            )
            return 200, result
        if control == "create_stream":
            spec = dict(body)
            name = spec.pop("name", None)
            if not isinstance(name, str):
                raise FakeHTTPError(400, "bad_request", "name is required")
            try:
                return 200, state.create_stream(name, **spec)
            except TypeError as exc:
                raise FakeHTTPError(400, "bad_request", str(exc)) from None
        if control == "stream_stats":
            return 200, state.set_stream_stats(
                params["name"], alive=body.get("alive"), bitrate=body.get("bitrate")
            )
        state.reset()  # control == "reset"
        return 200, {"ok": True}


# The controls under ``/_fake`` (after the prefix), by name.
_CONTROLS = Map(
    [
        Rule("/health", endpoint="health", methods=["GET"]),
        Rule("/state", endpoint="state", methods=["GET"]),
        Rule("/faults", endpoint="faults", methods=["GET", "POST", "PUT"]),
        Rule("/advance", endpoint="advance", methods=["POST"]),
        Rule("/seed", endpoint="seed", methods=["POST"]),
        Rule("/streams", endpoint="create_stream", methods=["POST"]),
        Rule("/streams/<path:name>/stats", endpoint="stream_stats", methods=["PUT", "POST"]),
        Rule("/reset", endpoint="reset", methods=["POST"]),
    ],
    merge_slashes=False,
)


def _match(routes: Map, path: str, method: str) -> tuple[Any, Mapping[str, Any]]:
    """The endpoint and converted values of the rule for ``method`` on ``path``.

    Raises werkzeug's ``NotFound`` or ``MethodNotAllowed``.
    """
    return routes.bind("fake-watcher").match(path, method=method)
