"""Populations: seeding a test Watcher, and loading/saving the demo's mirror."""

from __future__ import annotations

import itertools
import random
from collections.abc import Mapping
from typing import Any

from .base import StateBase
from .common import (
    JSON,
    StreamRuntime,
    _as_int,
    _bad,
    _copy,
)


class SeedingMixin(StateBase):
    """Seeding and the demo mirror."""

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
