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
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import hmac
import itertools
import json
import math
import random
import re
import secrets
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Final

JSON = dict[str, Any]

DEFAULT_LIMIT: Final = 100
MAX_LIMIT: Final = 1000
DEFAULT_ACCESS_TTL: Final = 300.0
DEFAULT_REFRESH_TTL: Final = 30 * 86400.0

# Required by the official schemas, so part of every ``select``.
ALWAYS_SELECTED: Final = {
    "streams": ("name",),
    "presets": ("id", "title"),
    "organizations": ("id", "title"),
    "folders": ("id",),
}

# Query parameters that are paging controls, not filters.
RESERVED_PARAMS: Final = frozenset({"limit", "cursor", "select", "sort"})

PERMISSION_FLAGS: Final = (
    "can_edit_streams",
    "can_edit_users",
    "can_view_streams",
    "can_view_stats",
    "can_edit_persons_lists",
    "can_view_persons_lists",
    "is_member",
)
# Watcher's StreamConfigMultiedit: what one multiedit item may carry.
MULTIEDIT_FIELDS: Final = frozenset({"name", "preset_id", "dvr", "layout_rules"})
STREAM_READ_ONLY: Final = frozenset(
    {"stats", "preset", "organization", "created_at", "updated_at", "playback_token"}
)
_STREAM_NAME = re.compile(r"^[A-Za-z0-9_.\-:@]+(?:/[A-Za-z0-9_.\-:@]+)*$")
_MISSING: Final = object()


class FakeHTTPError(Exception):
    """An error reply in Watcher's v3 shape: ``{"errors": [{status, code, title}]}``."""

    def __init__(self, status: int, code: str, title: str) -> None:
        super().__init__(title)
        self.status = status
        self.code = code
        self.title = title

    def payload(self) -> JSON:
        return {"errors": [{"status": str(self.status), "code": self.code, "title": self.title}]}


def _bad(title: str, code: str = "bad_request") -> FakeHTTPError:
    return FakeHTTPError(400, code, title)


def _not_found(what: str) -> FakeHTTPError:
    return FakeHTTPError(404, "not_found", f"{what} not found")


def unauthorized(title: str) -> FakeHTTPError:
    return FakeHTTPError(401, "unauthorized", title)


@dataclass
class StreamRuntime:
    """What Watcher measures about a stream, as opposed to what is configured."""

    online: bool = True  # the camera delivers video when the stream is enabled
    bitrate: int = 1000  # kbit/s while online
    bytes_out: int = 0
    lifetime: float = 0.0  # seconds running since the stream started
    dvr_bytes: float = 0.0
    dvr_duration: float = 0.0  # seconds recorded, gaps excluded
    dvr_from: float | None = None  # unix time of the oldest recording kept
    dvr_last: float | None = None  # unix time of the newest recording


@dataclass
class Faults:
    """Faults the next API requests will suffer; changed via Python or ``/_fake/faults``."""

    fail_next: int = 0
    fail_status: int = 503
    fail_match: str | None = None
    delay_seconds: float = 0.0
    delay_next: int | None = None  # None: every request is delayed while delay_seconds > 0
    delay_match: str | None = None
    reject_refresh: bool = False

    def take(self, path: str) -> tuple[float, int | None]:
        """Consume the faults that apply to a request for ``path``: (delay, status)."""
        delay = 0.0
        if self.delay_seconds > 0 and (self.delay_match is None or self.delay_match in path):
            if self.delay_next is None:
                delay = self.delay_seconds
            elif self.delay_next > 0:
                self.delay_next -= 1
                delay = self.delay_seconds
        status = None
        if self.fail_next > 0 and (self.fail_match is None or self.fail_match in path):
            self.fail_next -= 1
            status = self.fail_status
        return delay, status


class FakeWatcherState:
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

    # -- clock ------------------------------------------------------------

    def now(self) -> float:
        """Simulated unix time: the start time plus every ``advance`` and tick.

        The clock stands still between advances (unless the ticker runs), so
        nothing records, ages or expires behind a test's back.
        """
        return self._epoch + self._elapsed

    def _ms(self) -> int:
        return int(self.now() * 1000)

    def advance(self, seconds: float) -> None:
        """Jump the simulated clock ahead and let every recording stream record meanwhile."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self.lock:
            self._elapsed += seconds
            self._grow(seconds)

    def tick(self, real_seconds: float, speed: float = 1.0) -> None:
        """Let ``real_seconds`` of wall-clock time pass (the demo ticker calls this).

        With ``speed`` above 1 simulated time runs faster than the wall clock.
        """
        self.advance(real_seconds * speed)

    def _grow(self, seconds: float) -> None:
        if seconds <= 0:
            return
        now = self.now()
        start = now - seconds
        for name, cfg in self.streams.items():
            rt = self.runtime[name]
            if cfg.get("disabled") or not rt.online:
                continue
            rt.lifetime += seconds
            expiration, storage_limit = self._effective_dvr(cfg)
            if expiration <= 0:
                continue  # a preset without archive: the camera is live-only
            if rt.dvr_from is None:
                rt.dvr_from = start
            rt.dvr_bytes += rt.bitrate * 1000 / 8 * seconds
            rt.dvr_duration += seconds
            rt.dvr_last = now
            _trim(rt, expiration, storage_limit)
        self._touch()

    def _effective_dvr(self, cfg: Mapping[str, Any]) -> tuple[float, float]:
        """Archive depth and size limit that apply to a stream.

        A non-adjustable preset (what billing creates) always wins, so a
        subscriber cannot keep more archive than paid for; an adjustable preset
        can be overridden by the stream's own ``dvr`` settings.
        """
        preset = self.presets.get(cfg.get("preset_id"))  # type: ignore[arg-type]
        preset_dvr = (preset or {}).get("dvr") or {}
        stream_dvr = cfg.get("dvr") or {}
        dvr = dict(preset_dvr)
        if preset is None or preset.get("is_adjustable"):
            dvr.update({k: v for k, v in stream_dvr.items() if v is not None})
        return float(dvr.get("expiration") or 0), float(dvr.get("storage_limit") or 0)

    # -- tokens -----------------------------------------------------------

    def check_password(self, username: str, password: str) -> JSON | None:
        """Return the enabled user with these credentials, if any."""
        with self.lock:
            for user in self.users.values():
                if user["name"] != username or user.get("disabled"):
                    continue
                known = self.passwords.get(user["id"])
                if known is not None and hmac.compare_digest(known, password):
                    return user
            return None

    def issue_tokens(self, user_id: int) -> JSON:
        """Create an access JWT (HS256, with ``exp``) and an opaque refresh token."""
        with self.lock:
            now = self.now()
            claims = {
                "sub": str(user_id),
                "name": self.users[user_id]["name"],
                "iat": int(now),
                "exp": round(now + self.access_ttl, 3),
                "gen": self._access_gen,
                "jti": secrets.token_hex(8),
            }
            refresh = secrets.token_urlsafe(24)
            self._refresh[refresh] = (user_id, now + self.refresh_ttl)
            self.stats["tokens_issued"] += 1
            return {"access_token": _jwt_encode(claims, self._secret), "refresh_token": refresh}

    def user_for_access_token(self, token: str) -> JSON:
        """Validate a Bearer access token; raise 401 when it is bad or expired."""
        claims = _jwt_decode(token, self._secret)
        if claims is None:
            raise unauthorized("invalid token")
        with self.lock:
            if claims.get("gen") != self._access_gen or float(claims.get("exp", 0)) <= self.now():
                raise unauthorized("token expired")
            user = self.users.get(int(claims.get("sub", 0)))
            if user is None or user.get("disabled"):
                raise unauthorized("user is gone or disabled")
            return user

    def refresh_tokens(self, refresh_token: str) -> JSON:
        """Trade a refresh token for new tokens (the old refresh token is used up)."""
        with self.lock:
            entry = self._refresh.pop(refresh_token, None)
            if self.faults.reject_refresh or entry is None or entry[1] <= self.now():
                raise unauthorized("refresh token is invalid or expired")
            user = self.users.get(entry[0])
            if user is None or user.get("disabled"):
                raise unauthorized("user is gone or disabled")
            return self.issue_tokens(user["id"])

    def expire_tokens(self, *, refresh: bool = False) -> None:
        """Invalidate every access token now (and every refresh token if asked)."""
        with self.lock:
            self._access_gen += 1
            if refresh:
                self._refresh.clear()

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

    # -- streams ---------------------------------------------------------------

    def create_stream(
        self,
        name: str,
        *,
        organization_id: int | None = None,
        preset_id: int | None = None,
        title: str | None = None,
        disabled: bool = False,
        alive: bool = True,
        bitrate: int = 1000,
        dvr_bytes: float = 0,
        dvr_duration: float = 0,
        dvr_depth: float | None = None,
        **config: Any,
    ) -> JSON:
        """Create a stream directly (tests, seeding), with its live stats and archive."""
        with self.lock:
            if name in self.streams:
                raise _bad(f"stream {name!r} already exists", "already_exists")
            body: JSON = {"title": title if title is not None else name, "disabled": disabled}
            if organization_id is not None:
                body["organization_id"] = organization_id
            if preset_id is not None:
                body["preset_id"] = preset_id
            body.update(config)
            cfg = self._validated_stream(name, None, body)
            rt = StreamRuntime(online=alive, bitrate=int(bitrate))
            if dvr_bytes or dvr_duration or dvr_depth:
                now = self.now()
                depth = float(dvr_depth if dvr_depth is not None else dvr_duration)
                rt.dvr_bytes, rt.dvr_duration = float(dvr_bytes), float(dvr_duration)
                rt.dvr_from, rt.dvr_last = now - depth, now
            self.streams[name] = cfg
            self.runtime[name] = rt
            self._touch()
            return self.render_stream(name)

    def set_stream_stats(
        self, name: str, *, alive: bool | None = None, bitrate: int | None = None
    ) -> JSON:
        """Change what the camera delivers (it going offline, a bitrate change)."""
        with self.lock:
            rt = self._runtime(name)
            if alive is not None:
                rt.online = bool(alive)
            if bitrate is not None:
                rt.bitrate = int(bitrate)
            self._touch()
            return self.render_stream(name)

    def get_stream(self, name: str) -> JSON:
        with self.lock:
            if name not in self.streams:
                raise _not_found(f"stream {name!r}")
            return self.render_stream(name)

    def save_stream(self, name: str, body: Any) -> JSON:
        """PUT semantics: partial update (or ``$reset``), creating the stream if absent."""
        with self.lock:
            cfg = self._prepare_stream_save(name, body)
            created = name not in self.streams
            self.streams[name] = cfg
            if created:
                self.runtime[name] = StreamRuntime()
            self._touch()
            return self.render_stream(name)

    def delete_stream(self, name: str) -> None:
        with self.lock:
            if name not in self.streams:
                raise _not_found(f"stream {name!r}")
            del self.streams[name]
            del self.runtime[name]
            self._touch()

    def multiedit_streams(self, body: Any) -> None:
        """Validate every item first and apply them only if all are valid."""
        with self.lock:
            items = body.get("streams") if isinstance(body, dict) else None
            if not isinstance(items, list) or not items:
                raise _bad("body must be {'streams': [...]} with at least one stream")
            prepared: dict[str, JSON] = {}
            for index, item in enumerate(items):
                name = item.get("name") if isinstance(item, dict) else None
                if not isinstance(name, str) or not name:
                    raise _bad(f"streams[{index}] has no name")
                if name in prepared:
                    raise _bad(f"stream {name!r} appears twice")
                extra = sorted(set(item) - MULTIEDIT_FIELDS)
                if extra:
                    raise _bad(
                        f"streams[{index}]: multiedit does not change {', '.join(extra)}",
                        "invalid_field",
                    )
                try:
                    prepared[name] = self._prepare_stream_save(name, item)
                except FakeHTTPError as exc:
                    raise FakeHTTPError(
                        exc.status, exc.code, f"streams[{index}] ({name}): {exc.title}"
                    ) from exc
            for name, cfg in prepared.items():
                if name not in self.streams:
                    self.runtime[name] = StreamRuntime()
                self.streams[name] = cfg
            self._touch()

    def _prepare_stream_save(self, name: str, body: Any) -> JSON:
        if not isinstance(body, dict):
            raise _bad("stream body must be a JSON object")
        body = dict(body)
        reset = body.pop("$reset", False)
        if reset not in (True, False):
            raise _bad("$reset must be a boolean")
        if "name" in body and body.pop("name") != name:
            raise _bad("a stream cannot be renamed")
        for key in STREAM_READ_ONLY:
            body.pop(key, None)
        existing = self.streams.get(name)
        if existing is not None and reset:
            # $reset replaces the configuration; ownership is not configuration.
            body.setdefault("organization_id", existing["organization_id"])
            body["created_at"] = existing["created_at"]
            return self._validated_stream(name, None, body)
        return self._validated_stream(name, existing, body)

    def _validated_stream(self, name: str, existing: JSON | None, body: JSON) -> JSON:
        if not isinstance(name, str) or not _STREAM_NAME.match(name) or len(name) > 255:
            raise _bad(f"invalid stream name {name!r}")
        if existing is None:
            cfg: JSON = {
                "name": name,
                "title": name,
                "organization_id": self.default_org_id,
                "folder_id": None,
                "preset_id": self.default_preset_id,
                "disabled": False,
                "static": True,
                "dvr": {},
                "vision": {},
                "created_at": body.pop("created_at", None) or self._ms(),
            }
            cfg = _merge(cfg, body)
        else:
            cfg = _merge(existing, body)
        cfg["name"] = name
        org_id = cfg.get("organization_id")
        if (
            not isinstance(org_id, int)
            or isinstance(org_id, bool)
            or org_id not in self.organizations
        ):
            raise _bad(f"organization_id {org_id!r} does not exist")
        preset_id = cfg.get("preset_id")
        preset = self.presets.get(preset_id) if isinstance(preset_id, int) else None
        if preset is None or preset.get("deleted_at"):
            raise _bad(f"preset_id {preset_id!r} does not exist")
        folder_id = cfg.get("folder_id")
        if folder_id is not None:
            folder = self.folders.get(folder_id) if isinstance(folder_id, int) else None
            if folder is None or folder["organization_id"] != org_id:
                raise _bad(f"folder_id {folder_id!r} does not exist in organization {org_id}")
        for flag in ("disabled", "static"):
            if not isinstance(cfg.get(flag), bool):
                raise _bad(f"{flag} must be a boolean")
        if not isinstance(cfg.get("title"), str):
            raise _bad("title must be a string")
        for section in ("dvr", "vision"):
            if cfg.get(section) is None:
                cfg[section] = {}
            if not isinstance(cfg[section], dict):
                raise _bad(f"{section} must be an object")
        alg = cfg["vision"].get("alg")
        if alg is not None and alg not in ("faces", "plates"):
            raise _bad("vision.alg must be faces or plates")
        _check_dvr(cfg["dvr"])
        return cfg

    def render_stream(self, name: str) -> JSON:
        """A stream as Watcher returns it (``StreamConfig``): no ``null`` where the
        official schema has none; ``stats.dvr_info`` only when there is an archive."""
        cfg = self.streams[name]
        rt = self.runtime[name]
        out = _copy(cfg)
        preset = self.presets.get(cfg["preset_id"])
        if preset:
            out["preset"] = {
                "id": preset["id"],
                "title": preset["title"],
                "is_adjustable": preset["is_adjustable"],
            }
        org = self.organizations.get(cfg["organization_id"])
        if org:
            out["organization"] = {"id": org["id"], "title": org["title"]}
        running = not cfg["disabled"] and rt.online
        stats: JSON = {
            "alive": running,
            "bitrate": rt.bitrate if running else 0,
            "bytes_out": rt.bytes_out,
            "lifetime": int(rt.lifetime * 1000) if running else 0,
        }
        if not cfg["disabled"]:
            # Watcher's StreamStatus: running, waiting (for the source) or error.
            stats["status"] = "running" if running else "waiting"
        if rt.dvr_from is not None:
            depth = (rt.dvr_last - rt.dvr_from) if rt.dvr_last else 0.0
            duration = max(0, round(rt.dvr_duration))
            start = int(rt.dvr_from)
            stats["dvr_info"] = {
                "bytes": max(0, round(rt.dvr_bytes)),
                "depth": max(0, round(depth)),
                "duration": duration,
                "from": start,
                "ranges": [{"from": start, "duration": duration}],
            }
        out["stats"] = stats
        return _prune(out)

    def _runtime(self, name: str) -> StreamRuntime:
        if name not in self.runtime:
            raise _not_found(f"stream {name!r}")
        return self.runtime[name]

    # -- presets ----------------------------------------------------------------

    def _new_preset(self, body: JSON, ident: int | None = None) -> JSON:
        preset: JSON = {
            "title": None,
            "is_adjustable": True,
            "is_default": False,
            "deleted_at": None,
            "dvr": {},
            "vision": {},
        }
        for key in ("id", "stats"):
            body.pop(key, None)
        preset = _merge(preset, body)
        _check_preset(preset)
        preset = {"id": ident if ident is not None else next(self._ids["preset"]), **preset}
        self.presets[preset["id"]] = preset
        self._touch()
        return preset

    def create_preset(self, body: Any) -> JSON:
        with self.lock:
            if not isinstance(body, dict):
                raise _bad("preset body must be a JSON object")
            preset = self._new_preset(dict(body))
            return self.render_preset(preset["id"])

    def get_preset(self, preset_id: int) -> JSON:
        with self.lock:
            self._preset(preset_id)
            return self.render_preset(preset_id)

    def update_preset(self, preset_id: int, body: Any) -> JSON:
        with self.lock:
            current = self._preset(preset_id)
            if not isinstance(body, dict):
                raise _bad("preset body must be a JSON object")
            body = {k: v for k, v in body.items() if k not in ("id", "stats")}
            updated = _merge(current, body)
            _check_preset(updated)
            self.presets[preset_id] = updated
            self._touch()
            return self.render_preset(preset_id)

    def delete_preset(self, preset_id: int) -> None:
        """Soft delete, as Watcher does: cameras keep the preset they hold."""
        with self.lock:
            self._preset(preset_id)["deleted_at"] = self._ms()
            self._touch()

    def allow_preset(self, org_id: int, body: Any) -> JSON:
        with self.lock:
            self._org(org_id)
            preset_id = body.get("preset_id", body.get("id")) if isinstance(body, dict) else None
            if not isinstance(preset_id, int) or preset_id not in self.presets:
                raise _bad(f"preset_id {preset_id!r} does not exist")
            if self.presets[preset_id].get("deleted_at"):
                raise _bad(f"preset {preset_id} is deleted")
            self.org_presets[org_id].add(preset_id)
            self._touch()
            return self.render_preset(preset_id)

    def disallow_preset(self, org_id: int, preset_id: int) -> None:
        with self.lock:
            self._org(org_id)
            if preset_id not in self.org_presets[org_id]:
                raise _not_found(f"preset {preset_id} in organization {org_id}")
            self.org_presets[org_id].discard(preset_id)
            self._touch()

    def render_preset(self, preset_id: int) -> JSON:
        out = _prune(self.presets[preset_id])
        usage = self._preset_usage()
        out["stats"] = {
            "organizations_count": sum(1 for ids in self.org_presets.values() if preset_id in ids),
            "streams_count": usage.get(preset_id, 0),
        }
        return out

    def _preset_usage(self) -> Counter[int]:
        return self._counts("preset_id")

    def _org_stream_counts(self) -> Counter[int]:
        return self._counts("organization_id")

    def _counts(self, field: str) -> Counter[int]:
        """Streams per preset or organization, cached until the next change (10k streams)."""
        cached = self._count_cache.get(field)
        if cached is None or cached[0] != self.version:
            cached = (self.version, Counter(cfg[field] for cfg in self.streams.values()))
            self._count_cache[field] = cached
        return cached[1]

    def _preset(self, preset_id: int) -> JSON:
        preset = self.presets.get(preset_id)
        if preset is None:
            raise _not_found(f"preset {preset_id}")
        return preset

    # -- organizations ----------------------------------------------------------

    def _new_org(self, body: JSON, owner_id: int, ident: int | None = None) -> JSON:
        org: JSON = {"title": None, "is_default": False, "limits": {"streams": None, "users": None}}
        for key in ("id", "stats", "owner", "created_at", "user_permissions"):
            body.pop(key, None)
        org = _merge(org, body)
        if not isinstance(org.get("title"), str) or not org["title"].strip():
            raise _bad("organization title is required")
        org = {"id": ident if ident is not None else next(self._ids["org"]), **org}
        org["owner_id"] = owner_id
        org["created_at"] = self._ms()
        self.organizations[org["id"]] = org
        self.org_presets[org["id"]] = set()
        # Whoever creates an organization owns it and is its member: that is how
        # it shows up in the creator's (member-only) organization list.
        self.memberships[org["id"]] = {owner_id: _owner_permissions()}
        self._touch()
        return org

    def create_organization(self, body: Any, owner_id: int | None = None) -> JSON:
        with self.lock:
            if not isinstance(body, dict):
                raise _bad("organization body must be a JSON object")
            owner = owner_id if owner_id is not None else self.admin_id
            org = self._new_org(dict(body), owner)
            return self.render_org(org["id"])

    def get_organization(self, org_id: int) -> JSON:
        with self.lock:
            self._org(org_id)
            return self.render_org(org_id)

    def update_organization(self, org_id: int, body: Any) -> JSON:
        with self.lock:
            current = self._org(org_id)
            if not isinstance(body, dict):
                raise _bad("organization body must be a JSON object")
            body = {
                k: v
                for k, v in body.items()
                if k not in ("id", "stats", "owner", "created_at", "user_permissions")
            }
            updated = _merge(current, body)
            if not isinstance(updated.get("title"), str) or not updated["title"].strip():
                raise _bad("organization title is required")
            self.organizations[org_id] = updated
            self._touch()
            return self.render_org(org_id)

    def delete_organization(self, org_id: int) -> None:
        """Refuse while cameras remain, so nothing is deleted that billing still counts."""
        with self.lock:
            org = self._org(org_id)
            if org.get("is_default"):
                raise _bad("the default organization cannot be deleted")
            remaining = sum(1 for cfg in self.streams.values() if cfg["organization_id"] == org_id)
            if remaining:
                raise _bad(f"organization {org_id} still has {remaining} stream(s)", "conflict")
            del self.organizations[org_id]
            self.org_presets.pop(org_id, None)
            self.memberships.pop(org_id, None)
            for fid in [fid for fid, f in self.folders.items() if f["organization_id"] == org_id]:
                del self.folders[fid]
            self._touch()

    def render_org(self, org_id: int) -> JSON:
        org = self.organizations[org_id]
        out = _copy(org)
        owner = self.users.get(out.pop("owner_id"))
        out["owner"] = {"id": owner["id"], "name": owner["name"]} if owner else None
        out["stats"] = {
            "streams": self._org_stream_counts().get(org_id, 0),
            "users": len(self.memberships.get(org_id, {})),
            "mosaics": 0,
        }
        return _prune(out)

    def check_org_access(self, org_id: int, user: Mapping[str, Any] | None) -> None:
        """An organization is reachable by id for its members and for administrators;
        to anybody else it does not exist (404, as Watcher answers)."""
        with self.lock:
            self._org(org_id)
            if user is None or user.get("access_level") == "admin":
                return
            if user.get("id") not in self.memberships.get(org_id, {}):
                raise _not_found(f"organization {org_id}")

    def _org(self, org_id: int) -> JSON:
        org = self.organizations.get(org_id)
        if org is None:
            raise _not_found(f"organization {org_id}")
        return org

    # -- users and memberships ------------------------------------------------

    def create_user(self, body: Any) -> JSON:
        with self.lock:
            if not isinstance(body, dict):
                raise _bad("user body must be a JSON object")
            body = dict(body)
            password = body.pop("password", None)
            orgs = body.pop("organizations", None)
            for key in ("id", "created_at"):
                body.pop(key, None)
            user: JSON = {
                "name": None,
                "email": None,
                "fullname": None,
                "disabled": False,
                "access_level": "generic",
                "readonly": False,
                "max_sessions": None,
            }
            user = _merge(user, body)
            self._check_user(user, None)
            memberships = self._parse_user_orgs(orgs) if orgs is not None else {}
            user = {"id": next(self._ids["user"]), **user, "created_at": self._ms()}
            self.users[user["id"]] = user
            if password is not None:
                self.passwords[user["id"]] = str(password)
            for org_id, perms in memberships.items():
                self.memberships[org_id][user["id"]] = perms
            self._touch()
            return self.render_user(user["id"])

    def get_user(self, user_id: int) -> JSON:
        with self.lock:
            self._user(user_id)
            return self.render_user(user_id)

    def update_user(self, user_id: int, body: Any) -> JSON:
        with self.lock:
            current = self._user(user_id)
            if not isinstance(body, dict):
                raise _bad("user body must be a JSON object")
            body = {k: v for k, v in body.items() if k not in ("id", "created_at")}
            password = body.pop("password", None)
            orgs = body.pop("organizations", None)
            updated = _merge(current, body)
            self._check_user(updated, user_id)
            memberships = self._parse_user_orgs(orgs) if orgs is not None else None
            self.users[user_id] = updated
            if password is not None:
                self.passwords[user_id] = str(password)
            if memberships is not None:
                for members in self.memberships.values():
                    members.pop(user_id, None)
                for org_id, perms in memberships.items():
                    self.memberships[org_id][user_id] = perms
            self._touch()
            return self.render_user(user_id)

    def delete_user(self, user_id: int) -> None:
        with self.lock:
            self._user(user_id)
            if user_id == self.admin_id:
                raise _bad("the built-in administrator cannot be deleted")
            del self.users[user_id]
            self.passwords.pop(user_id, None)
            for members in self.memberships.values():
                members.pop(user_id, None)
            for org in self.organizations.values():
                if org["owner_id"] == user_id:
                    org["owner_id"] = self.admin_id
            self._touch()

    def set_org_user(self, org_id: int, user_id: int, body: Any) -> JSON:
        with self.lock:
            self._org(org_id)
            self._user(user_id)
            self.memberships[org_id][user_id] = _parse_permissions(body)
            self._touch()
            return self.render_org_user(org_id, user_id)

    def get_org_user(self, org_id: int, user_id: int) -> JSON:
        with self.lock:
            self._org(org_id)
            if user_id not in self.memberships[org_id]:
                raise _not_found(f"user {user_id} in organization {org_id}")
            return self.render_org_user(org_id, user_id)

    def remove_org_user(self, org_id: int, user_id: int) -> None:
        with self.lock:
            self._org(org_id)
            if self.memberships[org_id].pop(user_id, None) is None:
                raise _not_found(f"user {user_id} in organization {org_id}")
            self._touch()

    def render_user(self, user_id: int) -> JSON:
        out = _copy(self.users[user_id])
        orgs = []
        for org_id, members in sorted(self.memberships.items()):
            if user_id in members:
                org = self.organizations[org_id]
                owner = self.users.get(org["owner_id"])
                orgs.append(
                    {
                        "id": org_id,
                        "title": org["title"],
                        "owner": {"id": owner["id"], "name": owner["name"]} if owner else None,
                        "permissions": dict(members[user_id]),
                    }
                )
        out["organizations"] = orgs
        return _prune(out)

    def render_org_user(self, org_id: int, user_id: int) -> JSON:
        user = self.users[user_id]
        return _prune(
            {
                "id": user_id,
                "name": user["name"],
                "email": user.get("email"),
                "permissions": {
                    "organization": dict(self.memberships[org_id][user_id]),
                    "folders": [],
                },
            }
        )

    def _check_user(self, user: JSON, user_id: int | None) -> None:
        name = user.get("name")
        if not isinstance(name, str) or not name.strip():
            raise _bad("user name is required")
        if any(u["name"] == name and u["id"] != user_id for u in self.users.values()):
            raise _bad(f"user name {name!r} is taken", "already_exists")
        if user.get("access_level") not in ("generic", "admin"):
            raise _bad("access_level must be generic or admin")
        if not isinstance(user.get("disabled"), bool):
            raise _bad("disabled must be a boolean")

    def _parse_user_orgs(self, orgs: Any) -> dict[int, JSON]:
        if not isinstance(orgs, list):
            raise _bad("organizations must be a list")
        result: dict[int, JSON] = {}
        for entry in orgs:
            org_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(org_id, int) or org_id not in self.organizations:
                raise _bad(f"organization {org_id!r} does not exist")
            result[org_id] = _parse_permissions(entry.get("permissions") or {})
        return result

    def _user(self, user_id: int) -> JSON:
        user = self.users.get(user_id)
        if user is None:
            raise _not_found(f"user {user_id}")
        return user

    # -- folders ----------------------------------------------------------------

    def create_folder(self, org_id: int, body: Any) -> JSON:
        with self.lock:
            self._org(org_id)
            if not isinstance(body, dict) or not isinstance(body.get("title"), str):
                raise _bad("folder title is required")
            parent = body.get("parent_id")
            if parent is not None and self.folders.get(parent, {}).get("organization_id") != org_id:
                raise _bad(f"parent folder {parent!r} does not exist")
            folder = {
                "id": next(self._ids["folder"]),
                "title": body["title"],
                "organization_id": org_id,
                "parent_id": parent,
            }
            self.folders[folder["id"]] = folder
            self._touch()
            return _prune(folder)

    def get_folder(self, org_id: int, folder_id: int) -> JSON:
        with self.lock:
            return _prune(self._folder(org_id, folder_id))

    def update_folder(self, org_id: int, folder_id: int, body: Any) -> JSON:
        with self.lock:
            folder = self._folder(org_id, folder_id)
            if not isinstance(body, dict):
                raise _bad("folder body must be a JSON object")
            if "title" in body:
                if not isinstance(body["title"], str):
                    raise _bad("folder title must be a string")
                folder["title"] = body["title"]
            self._touch()
            return _prune(folder)

    def delete_folder(self, org_id: int, folder_id: int) -> None:
        with self.lock:
            self._folder(org_id, folder_id)
            del self.folders[folder_id]
            for cfg in self.streams.values():
                if cfg.get("folder_id") == folder_id:
                    cfg["folder_id"] = None
            self._touch()

    def _folder(self, org_id: int, folder_id: int) -> JSON:
        folder = self.folders.get(folder_id)
        if folder is None or folder["organization_id"] != org_id:
            raise _not_found(f"folder {folder_id} in organization {org_id}")
        return folder

    # -- listing ------------------------------------------------------------------

    def list_page(self, collection: str, query: Mapping[str, str], *, scope: Any = None) -> JSON:
        """One page of a collection with Watcher's cursor paging, filters, select and sort.

        ``collection`` is ``streams``, ``presets``, ``organizations``, ``users``,
        ``org_users`` or ``folders`` (the last two need ``scope`` = organization
        id); ``organizations`` with a user id as ``scope`` lists only that user's
        organizations.
        """
        with self.lock:
            limit = _parse_limit(query.get("limit"))
            sort = _parse_sort(query.get("sort"), collection)
            select = [f for f in (query.get("select") or "").split(",") if f.strip()]
            filters = tuple(sorted((k, v) for k, v in query.items() if k not in RESERVED_PARAMS))
            keys, ids = self._view(collection, sort, filters, scope)
            sort_text = ",".join(("-" if desc else "") + path for path, desc in sort)
            total = len(ids)
            cursor_key = None
            if query.get("cursor"):
                direction, cursor_key = _decode_cursor(query["cursor"], sort_text)
                if direction == "next":
                    start = bisect.bisect_right(keys, cursor_key)
                    end = min(start + limit, total)
                else:
                    end = bisect.bisect_left(keys, cursor_key)
                    start = max(0, end - limit)
            else:
                start, end = 0, min(limit, total)
            render = self._renderer(collection, scope)
            items = [render(ids[i]) for i in range(start, end)]
            if select:
                # The fields Watcher's schemas require come back whatever is selected.
                keep = [
                    *select,
                    *(f for f in ALWAYS_SELECTED.get(collection, ()) if f not in select),
                ]
                items = [_project(item, keep) for item in items]
            first_key = keys[start] if start < total else cursor_key
            return {
                _collection_key(collection): items,
                "next": _encode_cursor("next", sort_text, keys[end - 1]) if end < total else None,
                "prev": (
                    _encode_cursor("prev", sort_text, first_key)
                    if start > 0 and first_key is not None
                    else None
                ),
                "estimated_count": total,
                "timing": {},
            }

    def _view(
        self,
        collection: str,
        sort: list[tuple[str, bool]],
        filters: tuple[tuple[str, str], ...],
        scope: Any,
    ) -> tuple[list[Any], list[Any]]:
        """Sorted (keys, ids) of a filtered collection, cached until the next change."""
        cache_key = (collection, tuple(sort), filters, scope)
        cached = self._views.get(cache_key)
        if cached is not None and cached[0] == self.version:
            return cached[1], cached[2]
        render = self._renderer(collection, scope)
        rows = []
        for ident in self._ids_of(collection, scope, filters):
            obj = render(ident)
            if all(_matches(collection, obj, k, v) for k, v in filters):
                rows.append((_sort_key(obj, sort, ident), ident))
        rows.sort(key=lambda row: row[0])
        keys = [row[0] for row in rows]
        ids = [row[1] for row in rows]
        if len(self._views) > 64:
            self._views.clear()
        self._views[cache_key] = (self.version, keys, ids)
        return keys, ids

    def _ids_of(
        self, collection: str, scope: Any, filters: tuple[tuple[str, str], ...]
    ) -> Iterable[Any]:
        if collection == "streams":
            return list(self.streams)
        if collection == "presets":
            org_filter = dict(filters).get("organization_id")
            ids = [pid for pid, p in self.presets.items() if not p.get("deleted_at")]
            if org_filter is not None:
                allowed = self.org_presets.get(_int_or_none(org_filter) or -1, set())
                ids = [pid for pid in ids if pid in allowed]
            return ids
        if collection == "organizations":
            # Watcher lists only the caller's organizations, administrators included.
            return [oid for oid, members in self.memberships.items() if scope in members]
        if collection == "users":
            return list(self.users)
        if collection == "org_users":
            return list(self.memberships.get(scope, {}))
        if collection == "folders":
            return [fid for fid, f in self.folders.items() if f["organization_id"] == scope]
        raise _not_found(f"collection {collection}")

    def _renderer(self, collection: str, scope: Any) -> Callable[[Any], JSON]:
        if collection == "streams":
            return self.render_stream
        if collection == "presets":
            return self.render_preset
        if collection == "organizations":
            return self.render_org
        if collection == "users":
            return self.render_user
        if collection == "org_users":
            return lambda uid: self.render_org_user(scope, uid)
        if collection == "folders":
            return lambda fid: _prune(self.folders[fid])
        raise _not_found(f"collection {collection}")

    def _touch(self) -> None:
        self.version += 1

    # -- seeding ------------------------------------------------------------------

    def seed(
        self,
        organizations: int = 3,
        streams_per_org: int = 10,
        seed: int = 1,
        *,
        total_streams: int | None = None,
    ) -> JSON:
        """Create a deterministic population: billing presets, organizations, cameras.

        The same arguments on a fresh state always give the same names, bitrates
        and archives, so demo numbers and benchmark inputs are reproducible.
        ``total_streams`` caps the number of cameras (the last organization gets
        fewer) so ``--seed-streams 10000`` means exactly 10,000.
        """
        rng = random.Random(seed)
        with self.lock:
            presets = self._seed_presets()
            bitrates = (256, 512, 1024, 1024, 2048, 2048, 4096)
            created_orgs = []
            made = 0
            cap = total_streams if total_streams is not None else organizations * streams_per_org
            for _ in range(organizations):
                title = f"Subscriber {len(self.organizations):05d}"
                org = self._new_org({"title": title}, self.admin_id)
                org_id = org["id"]
                created_orgs.append(org_id)
                for preset in presets:
                    self.org_presets[org_id].add(preset["id"])
                for index in range(streams_per_org):
                    if made >= cap:
                        break
                    preset = presets[rng.randrange(len(presets))]
                    expiration = float(preset["dvr"]["expiration"])
                    bitrate = bitrates[rng.randrange(len(bitrates))]
                    name = f"org{org_id}-cam{index + 1:04d}"
                    disabled = rng.random() < 0.03
                    online = rng.random() >= 0.05
                    recorded = expiration * rng.random()
                    now = self.now()
                    self.streams[name] = {
                        "name": name,
                        "title": f"Camera {index + 1} of {org['title']}",
                        "organization_id": org_id,
                        "folder_id": None,
                        "preset_id": preset["id"],
                        "disabled": disabled,
                        "static": True,
                        "dvr": {},
                        "vision": dict(preset.get("vision") or {}),
                        "created_at": self._ms(),
                    }
                    self.runtime[name] = StreamRuntime(
                        online=online,
                        bitrate=bitrate,
                        lifetime=recorded,
                        dvr_bytes=bitrate * 1000 / 8 * recorded,
                        dvr_duration=recorded,
                        dvr_from=now - recorded if recorded else None,
                        dvr_last=now if recorded else None,
                    )
                    made += 1
            self._touch()
            return {
                "organizations": created_orgs,
                "presets": [p["id"] for p in presets],
                "streams": made,
            }

    def _seed_presets(self) -> list[JSON]:
        wanted = [
            ("Archive 1 day", {"expiration": 86400}, {}),
            ("Archive 7 days", {"expiration": 7 * 86400}, {}),
            ("Archive 30 days", {"expiration": 30 * 86400}, {}),
            ("Plates, archive 7 days", {"expiration": 7 * 86400}, {"alg": "plates"}),
        ]
        by_title = {p["title"]: p for p in self.presets.values() if not p.get("deleted_at")}
        result = []
        for title, dvr, vision in wanted:
            preset = by_title.get(title)
            if preset is None:
                preset = self._new_preset(
                    {"title": title, "is_adjustable": False, "dvr": dvr, "vision": vision}
                )
            result.append(preset)
        return result

    # -- mirror: load and save a whole population (the demo) ------------------------

    def load_mirror(self, spec: Mapping[str, Any]) -> JSON:
        """Replace every organization, preset and stream with ``spec`` (ids kept).

        ``spec`` is what :meth:`export_mirror` returns and what the demo loader
        writes: ``organizations`` [{id, title}], ``presets`` [{id, title,
        is_adjustable, dvr, vision, organizations: [org ids allowed]}], and
        ``streams`` [{name, title, organization_id, preset_id, disabled, alive,
        bitrate, dvr_bytes, dvr_duration, dvr_depth}]. The admin user, the
        default organization and the default preset (id 1) stay; spec ids must
        not reuse them. Archives are placed relative to the fake's clock.
        """
        with self.lock:
            admin = self.users[self.admin_id]
            self._reset_objects(admin["name"], self.passwords[self.admin_id])
            taken_orgs, taken_presets = {self.default_org_id}, {self.default_preset_id}
            for org in spec.get("organizations") or []:
                ident = _as_int(org.get("id"), "organization id")
                if ident in taken_orgs:
                    raise _bad(f"organization id {ident} is used twice (1 is the default)")
                taken_orgs.add(ident)
                body = {k: v for k, v in org.items() if k in ("title", "limits")}
                self._new_org(body, self.admin_id, ident)
            for preset in spec.get("presets") or []:
                ident = _as_int(preset.get("id"), "preset id")
                if ident in taken_presets:
                    raise _bad(f"preset id {ident} is used twice (1 is the default)")
                taken_presets.add(ident)
                body = {
                    k: v
                    for k, v in preset.items()
                    if k in ("title", "is_adjustable", "dvr", "vision", "episodes_expiration")
                }
                self._new_preset(body, ident)
                for org_id in preset.get("organizations") or []:
                    self._org(int(org_id))
                    self.org_presets[int(org_id)].add(ident)
            self._ids["org"] = itertools.count(max(taken_orgs) + 1)
            self._ids["preset"] = itertools.count(max(taken_presets) + 1)
            for stream in spec.get("streams") or []:
                fields = dict(stream)
                name = fields.pop("name")
                allowed = {
                    "organization_id",
                    "preset_id",
                    "title",
                    "disabled",
                    "alive",
                    "bitrate",
                    "dvr_bytes",
                    "dvr_duration",
                    "dvr_depth",
                }
                self.create_stream(name, **{k: v for k, v in fields.items() if k in allowed})
            self._touch()
            return {
                "organizations": len(self.organizations) - 1,
                "presets": len(self.presets) - 1,
                "streams": len(self.streams),
            }

    def export_mirror(self) -> JSON:
        """The population in :meth:`load_mirror`'s format (users and folders are left out)."""
        with self.lock:
            now = self.now()
            orgs = [
                {"id": o["id"], "title": o["title"]}
                for o in sorted(self.organizations.values(), key=lambda o: o["id"])
                if not o.get("is_default")
            ]
            presets = []
            for p in sorted(self.presets.values(), key=lambda p: p["id"]):
                if p.get("is_default") or p.get("deleted_at"):
                    continue
                presets.append(
                    {
                        "id": p["id"],
                        "title": p["title"],
                        "is_adjustable": p["is_adjustable"],
                        "dvr": _copy(p.get("dvr") or {}),
                        "vision": _copy(p.get("vision") or {}),
                        "organizations": sorted(
                            oid
                            for oid, allowed in self.org_presets.items()
                            if p["id"] in allowed and oid != self.default_org_id
                        ),
                    }
                )
            streams = []
            for name in sorted(self.streams):
                cfg, rt = self.streams[name], self.runtime[name]
                depth = now - rt.dvr_from if rt.dvr_from is not None else 0.0
                streams.append(
                    {
                        "name": name,
                        "title": cfg.get("title"),
                        "organization_id": cfg.get("organization_id"),
                        "preset_id": cfg.get("preset_id"),
                        "disabled": bool(cfg.get("disabled")),
                        "alive": rt.online,
                        "bitrate": rt.bitrate,
                        "dvr_bytes": round(rt.dvr_bytes),
                        "dvr_duration": round(rt.dvr_duration),
                        "dvr_depth": round(depth),
                    }
                )
            return {"organizations": orgs, "presets": presets, "streams": streams}

    def add_stream_like(self, rng: random.Random, prefix: str = "new") -> JSON | None:
        """A subscriber installs a camera in Watcher directly (the demo's live import).

        The stream joins a random non-default organization that already has
        streams, on the preset of one of them, named ``<prefix>-<n>``; returns
        it, or ``None`` when there is no such organization.
        """
        with self.lock:
            peers = [
                (name, cfg)
                for name, cfg in sorted(self.streams.items())
                if cfg.get("organization_id") not in (None, self.default_org_id)
            ]
            if not peers:
                return None
            _, peer = peers[rng.randrange(len(peers))]
            n = 1
            while f"{prefix}-{n}" in self.streams:
                n += 1
            bitrates = (512, 1024, 2048)
            return self.create_stream(
                f"{prefix}-{n}",
                organization_id=peer["organization_id"],
                preset_id=peer.get("preset_id"),
                title=f"New camera {n}",
                bitrate=bitrates[rng.randrange(len(bitrates))],
            )

    def snapshot_counts(self) -> JSON:
        with self.lock:
            return {
                "streams": len(self.streams),
                "presets": len(self.presets),
                "organizations": len(self.organizations),
                "users": len(self.users),
                "version": self.version,
                "now": self.now(),
                **{k: v for k, v in self.stats.items()},
            }


# -- helpers -------------------------------------------------------------------


def _trim(rt: StreamRuntime, expiration: float, storage_limit: float) -> None:
    """Drop the oldest archive beyond the allowed depth (and size), proportionally."""
    if rt.dvr_from is None or rt.dvr_last is None:
        return
    depth = rt.dvr_last - rt.dvr_from
    if depth > expiration > 0:
        keep = expiration / depth
        rt.dvr_bytes = max(0.0, rt.dvr_bytes * keep)
        rt.dvr_duration = max(0.0, min(rt.dvr_duration * keep, expiration))
        rt.dvr_from = rt.dvr_last - expiration
        depth = expiration
    if storage_limit > 0 and rt.dvr_bytes > storage_limit:
        keep = storage_limit / rt.dvr_bytes
        rt.dvr_bytes = storage_limit
        rt.dvr_duration = max(0.0, rt.dvr_duration * keep)
        rt.dvr_from = rt.dvr_last - depth * keep


def _check_dvr(dvr: Mapping[str, Any]) -> None:
    for key in ("expiration", "storage_limit", "episodes_expiration"):
        value = dvr.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float) or value < 0
        ):
            raise _bad(f"dvr.{key} must be a non-negative number")


def _check_preset(preset: JSON) -> None:
    if not isinstance(preset.get("title"), str) or not preset["title"].strip():
        raise _bad("preset title is required")
    for flag in ("is_adjustable", "is_default"):
        if not isinstance(preset.get(flag), bool):
            raise _bad(f"{flag} must be a boolean")
    for section in ("dvr", "vision"):
        if preset.get(section) is None:
            preset[section] = {}
        if not isinstance(preset[section], dict):
            raise _bad(f"{section} must be an object")
    _check_dvr(preset["dvr"])
    alg = preset["vision"].get("alg")
    if alg is not None and alg not in ("faces", "plates"):
        raise _bad("vision.alg must be faces or plates")


def _parse_permissions(body: Any) -> JSON:
    """Watcher's ``OrganizationPermissions``: the flat flags, each a boolean.

    Anything else (the ``{"organization": {...}}`` wrapper of a membership
    reply, unknown flags) is refused, as a body Watcher does not take.
    """
    if not isinstance(body, dict):
        raise _bad("permissions must be a JSON object")
    perms = {flag: False for flag in PERMISSION_FLAGS}
    perms.update({"is_member": True, "can_view_streams": True})
    for key, value in body.items():
        if key not in PERMISSION_FLAGS:
            raise _bad(f"unknown permission {key!r}", "invalid_field")
        if not isinstance(value, bool):
            raise _bad(f"permission {key} must be a boolean")
        perms[key] = value
    return perms


def _owner_permissions() -> JSON:
    return {flag: True for flag in PERMISSION_FLAGS}


def _prune(value: Any) -> Any:
    """A copy without ``null`` values: Watcher leaves a field out rather than send null
    where its schema does not allow it."""
    if isinstance(value, dict):
        return {k: _prune(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune(v) for v in value]
    return value


def _merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> JSON:
    """Partial update: nested objects merge, everything else (lists, null) replaces."""
    out = _copy(dict(base))
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = _copy(value)
    return out


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _get(obj: Any, path: str) -> Any:
    for part in path.split("."):
        if not isinstance(obj, dict) or part not in obj:
            return _MISSING
        obj = obj[part]
    return obj


def _project(obj: JSON, fields: list[str]) -> JSON:
    """Keep only the selected (possibly dotted) fields, preserving their nesting."""
    out: JSON = {}
    for path in fields:
        path = path.strip()
        value = _get(obj, path)
        if value is _MISSING:
            continue
        parts = path.split(".")
        target = out
        for part in parts[:-1]:
            nxt = target.get(part)
            if not isinstance(nxt, dict):
                nxt = target[part] = {}
            target = nxt
        target[parts[-1]] = _copy(value)
    return out


def _query_form(value: Any) -> str:
    if value is None or value is _MISSING:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _matches(collection: str, obj: JSON, key: str, wanted: str) -> bool:
    if collection == "presets" and key == "organization_id":
        return True  # handled when choosing the ids
    if key.endswith("_like"):
        value = _get(obj, key[: -len("_like")])
        return isinstance(value, str) and wanted.lower() in value.lower()
    form = _query_form(_get(obj, key))
    return form == wanted or form in wanted.split(",")


def _parse_limit(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    try:
        limit = int(raw)
    except ValueError:
        raise _bad("limit must be an integer") from None
    if limit < 1:
        raise _bad("limit must be positive")
    return min(limit, MAX_LIMIT)


def _parse_sort(raw: str | None, collection: str) -> list[tuple[str, bool]]:
    default = "name" if collection == "streams" else "id"
    fields = [f.strip() for f in (raw or default).split(",") if f.strip()]
    return [(f[1:], True) if f.startswith("-") else (f, False) for f in fields] or [
        (default, False)
    ]


def _norm(value: Any, desc: bool) -> tuple[Any, ...]:
    """A totally ordered key for one JSON value; descending flips it without losing order."""
    rank: int
    inner: Any
    if value is None or value is _MISSING:
        rank, inner = 0, 0
    elif isinstance(value, bool | int | float):
        rank, inner = 1, value if not (isinstance(value, float) and math.isnan(value)) else 0
    elif isinstance(value, str):
        rank, inner = 2, value
    else:
        rank, inner = 3, json.dumps(value, sort_keys=True)
    if not desc:
        return (rank, inner)
    if isinstance(inner, str):
        return (-rank, (*(-ord(c) for c in inner), 1))
    return (-rank, -inner)


def _sort_key(obj: JSON, sort: list[tuple[str, bool]], ident: Any) -> tuple[Any, ...]:
    # The object's unique id breaks ties, so every item has exactly one place.
    return (*(_norm(_get(obj, path), desc) for path, desc in sort), _norm(ident, False))


def _tupleize(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_tupleize(v) for v in value)
    return value


def _encode_cursor(direction: str, sort: str, key: tuple[Any, ...]) -> str:
    raw = json.dumps({"d": direction, "s": sort, "k": key}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, sort: str) -> tuple[str, tuple[Any, ...]]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
        direction, key = data["d"], _tupleize(data["k"])
    except (ValueError, KeyError, TypeError):
        raise _bad("invalid cursor", "invalid_cursor") from None
    if direction not in ("next", "prev") or not isinstance(key, tuple):
        raise _bad("invalid cursor", "invalid_cursor")
    if data.get("s") != sort:
        raise _bad("the cursor was made for another sort order", "invalid_cursor")
    return direction, key


def _collection_key(collection: str) -> str:
    """The list's key in Watcher's reply (``Users`` has ``users_list``)."""
    return {"org_users": "users", "users": "users_list"}.get(collection, collection)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _as_int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise _bad(f"{name} must be an integer") from None


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _jwt_encode(claims: Mapping[str, Any], secret: bytes) -> str:
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    payload = _b64(json.dumps(dict(claims), separators=(",", ":")).encode())
    signing_input = f"{header}.{payload}".encode()
    signature = _b64(hmac.new(secret, signing_input, hashlib.sha256).digest())
    return f"{header}.{payload}.{signature}"


def _jwt_decode(token: str, secret: bytes) -> JSON | None:
    """Verify an HS256 JWT's signature and return its claims (``None`` if forged/garbled)."""
    try:
        header, payload, signature = token.split(".")
        expected = _b64(hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest())
        if not hmac.compare_digest(expected, signature):
            return None
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (ValueError, TypeError):
        return None
    return claims if isinstance(claims, dict) else None
