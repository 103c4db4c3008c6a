"""Several fake Watchers behind one port, one per path prefix (the demo: one per cloud)."""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

from .fake import FakeWatcher
from .http import _Served, _Server
from .state import (
    DEFAULT_ACCESS_TTL,
    JSON,
    FakeWatcherState,
)

logger = logging.getLogger(__name__)


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

    def _route(self, path: str) -> tuple[FakeWatcher, str]:
        _, _, rest = path.partition("/")
        first, _, tail = rest.partition("/")
        if first and first in self.tenants:
            return self.tenants[first], "/" + tail
        return self.root, path

    def dispatch(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: Any,
    ) -> tuple[int, Any]:
        if path.rstrip("/") == HUB_PREFIX + "/tenants" and method == "GET":
            return 200, {
                "tenants": {
                    name or "/": fake.state.snapshot_counts()
                    for name, fake in sorted(self.tenants.items())
                }
            }
        fake, inner = self._route(path)
        return fake.dispatch(method, inner, query, headers, body)

    def record(self, method: str, path: str, status: int) -> None:
        fake, inner = self._route(path)
        fake.record(method, inner, status)
