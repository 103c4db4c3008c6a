"""Streams, their live stats and archives, and the simulated clock that grows them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .base import StateBase
from .common import (
    _STREAM_NAME,
    JSON,
    MULTIEDIT_FIELDS,
    STREAM_READ_ONLY,
    FakeHTTPError,
    StreamRuntime,
    _bad,
    _check_dvr,
    _copy,
    _merge,
    _not_found,
    _prune,
)


class StreamsMixin(StateBase):
    """Streams (create, read, save, multi-edit, delete) and archive growth over simulated time."""

    # -- clock ------------------------------------------------------------

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
