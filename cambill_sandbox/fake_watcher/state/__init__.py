"""In-memory state of the fake Watcher: objects, tokens, a simulated clock and faults.

The fake exists so billing's Watcher client, sync jobs and usage polling can be
tested (and demonstrated) without a real Watcher. It keeps the parts of Watcher
that billing depends on honest:

* streams whose archive grows with bitrate as time passes and is trimmed at the
  depth their preset allows, so metering sees the same gauge/counter behaviour
  (including counters that go down) as in production;
* partial updates, ``$reset`` and atomic multi-edit, so sync code cannot rely on
  behaviour Watcher does not have;
* keyset cursors that stay correct while streams are added or removed between
  pages, and ``select``/``sort`` on dotted fields;
* JWT access tokens that expire and refresh tokens that can be revoked, and
  faults on demand (5xx, slow replies) so retries are exercised for real.

Everything here is guarded by one re-entrant lock; the HTTP layer in
``server.py`` only parses requests and calls these methods.

:class:`FakeWatcherState` is one object made of one mixin per responsibility:
``streams`` (streams, live stats, archive growth), ``auth`` (passwords, tokens),
``presets``, ``directory`` (organizations, users, memberships, folders),
``listing`` (cursor paging, filters, select, sort) and ``seeding`` (populations,
the demo mirror); ``base`` declares their shared attributes and the clock,
``common`` the errors and value helpers. Faults and request records live here.
"""

from __future__ import annotations

import itertools
import secrets
import threading
import time
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from .auth import AuthMixin
from .base import StateBase
from .common import (
    DEFAULT_ACCESS_TTL,
    DEFAULT_REFRESH_TTL,
    JSON,
    FakeHTTPError,
    Faults,
    StreamRuntime,
    _as_int,
    unauthorized,
)
from .directory import DirectoryMixin
from .listing import ListingMixin
from .presets import PresetsMixin
from .seeding import SeedingMixin
from .streams import StreamsMixin

__all__ = [
    "DEFAULT_ACCESS_TTL",
    "DEFAULT_REFRESH_TTL",
    "JSON",
    "FakeHTTPError",
    "FakeWatcherState",
    "Faults",
    "StreamRuntime",
    "unauthorized",
]


class FakeWatcherState(
    StreamsMixin, AuthMixin, PresetsMixin, DirectoryMixin, ListingMixin, SeedingMixin, StateBase
):
    """All objects of one fake Watcher and the rules that change them.

    ``advance(seconds)`` moves the simulated clock and grows archives; tokens
    expire against the same clock, so jumping a day ahead also expires access
    tokens, as it would in reality. Without ``advance`` or the ticker the clock
    stands still: tokens do not expire and archives do not grow.
    """

    def __init__(
        self,
        *,
        username: str = "admin",
        password: str = "secret",
        access_ttl: float = DEFAULT_ACCESS_TTL,
        refresh_ttl: float = DEFAULT_REFRESH_TTL,
    ) -> None:
        self.lock = threading.RLock()
        self.access_ttl = access_ttl
        self.refresh_ttl = refresh_ttl
        self.faults = Faults()
        self.stats: Counter[str] = Counter()
        self.requests: deque[tuple[str, str, int]] = deque(maxlen=5000)
        self._secret = secrets.token_bytes(32)
        # The simulated clock starts at the current whole second and then moves only
        # by advance() or the ticker, so archive arithmetic in tests is exact.
        self._epoch = float(int(time.time()))
        self._elapsed = 0.0
        self._access_gen = 0
        self._refresh: dict[str, tuple[int, float]] = {}  # token -> (user id, expires at)
        self.version = 0
        self._views: dict[tuple[Any, ...], tuple[int, list[Any], list[Any]]] = {}
        self._count_cache: dict[str, tuple[int, Counter[int]]] = {}
        self.streams: dict[str, JSON] = {}
        self.runtime: dict[str, StreamRuntime] = {}
        self.presets: dict[int, JSON] = {}
        self.organizations: dict[int, JSON] = {}
        self.org_presets: dict[int, set[int]] = {}
        self.users: dict[int, JSON] = {}
        self.passwords: dict[int, str] = {}
        self.memberships: dict[int, dict[int, JSON]] = {}  # org id -> user id -> permissions
        self.folders: dict[int, JSON] = {}
        self._ids: dict[str, itertools.count[int]] = {}
        self._reset_objects(username, password)

    def _reset_objects(self, username: str, password: str) -> None:
        """Start like a fresh Watcher: one admin, a default organization and preset."""
        self._ids = {kind: itertools.count(1) for kind in ("user", "org", "preset", "folder")}
        self.streams.clear()
        self.runtime.clear()
        self.presets.clear()
        self.organizations.clear()
        self.org_presets.clear()
        self.users.clear()
        self.passwords.clear()
        self.memberships.clear()
        self.folders.clear()
        self._refresh.clear()
        admin_id = next(self._ids["user"])
        self.admin_id = admin_id
        self.users[admin_id] = {
            "id": admin_id,
            "name": username,
            "email": None,
            "fullname": "Administrator",
            "disabled": False,
            "access_level": "admin",
            "readonly": False,
            "max_sessions": None,
            "created_at": self._ms(),
        }
        self.passwords[admin_id] = password
        org = self._new_org({"title": "Default organization", "is_default": True}, admin_id)
        self.default_org_id = org["id"]
        preset = self._new_preset(
            {"title": "Default", "is_default": True, "dvr": {"expiration": 86400}}
        )
        self.default_preset_id = preset["id"]
        self.org_presets[self.default_org_id].add(self.default_preset_id)
        self._touch()

    def reset(self) -> None:
        """Forget every object, token and fault; keep the admin credentials."""
        with self.lock:
            admin = self.users[self.admin_id]
            username, password = admin["name"], self.passwords[self.admin_id]
            self.faults = Faults()
            self.stats.clear()
            self.requests.clear()
            self._epoch = float(int(time.time()))
            self._elapsed = 0.0
            self._reset_objects(username, password)

    # -- faults -------------------------------------------------------------

    def set_faults(self, spec: Mapping[str, Any]) -> JSON:
        """Apply a fault description as posted to ``/_fake/faults``; return the current faults."""
        with self.lock:
            if spec.get("clear"):
                self.faults = Faults()
            f = self.faults
            if "fail_next" in spec:
                f.fail_next = _as_int(spec["fail_next"], "fail_next")
                f.fail_status = _as_int(spec.get("status", 503), "status")
                f.fail_match = spec.get("match")
            if "delay_seconds" in spec:
                f.delay_seconds = float(spec["delay_seconds"])
                count = spec.get("delay_next", spec.get("count"))
                f.delay_next = None if count is None else _as_int(count, "delay_next")
                f.delay_match = spec.get("delay_match", spec.get("match"))
            if "reject_refresh" in spec:
                f.reject_refresh = bool(spec["reject_refresh"])
            if spec.get("expire_tokens"):
                self.expire_tokens(refresh=bool(spec.get("revoke_refresh_tokens")))
            elif spec.get("revoke_refresh_tokens"):
                self._refresh.clear()
            return asdict(self.faults)

    def take_faults(self, path: str) -> tuple[float, int | None]:
        with self.lock:
            return self.faults.take(path)

    def record(self, method: str, path: str, status: int) -> None:
        with self.lock:
            self.requests.append((method, path, status))
            self.stats["requests"] += 1
            self.stats[f"status_{status}"] += 1
