"""Presets (what a tariff maps to) and which organizations may use them."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .base import StateBase
from .common import (
    JSON,
    _bad,
    _check_dvr,
    _merge,
    _not_found,
    _prune,
)


class PresetsMixin(StateBase):
    """Presets and their allowance per organization."""

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
