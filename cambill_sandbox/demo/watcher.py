"""The demo's Flussonic Watcher: one fake Watcher per cloud, mirroring it.

Billing is the master of subscribers, Watcher the master of cameras; in the
demo both must already agree, as they would at an operator that has run both
for months. For each demo cloud this writes

* a tenant of the fake Watcher hub (``cambill/watcher/fake``) whose
  organizations are the cloud's accounts, whose presets are its tariffs
  (non-adjustable, archive depth from the tariff's components), and whose
  streams are its cameras (removed cameras are gone; disabled cameras and the
  cameras of suspended accounts are disabled), recording at a bitrate with an
  archive already as deep as the camera's age and preset allow;
* the cloud's ``WatcherConnection`` to ``<url>/<cloud slug>`` and the links
  (organization = account, preset = tariff), so pushes update these objects
  instead of creating new ones and the import finds everything ``unchanged``;
* the meters that read the poller's events (``install_watcher_meters``).

The tenants go to a JSON file (``var/demo-watcher.json``; env
``CAMBILL_DEMO_WATCHER_FILE``) that ``cambill demo-serve`` (``make demo``)
serves on ``127.0.0.1:8081`` (env ``CAMBILL_DEMO_WATCHER_URL``) next to the web
server, with the schedule polling every minute.
"""

from __future__ import annotations

import json
import os
import random
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings

from cambill.core.access import SYSTEM

DEFAULT_URL = "http://127.0.0.1:8081"
# The fake Watcher's own credentials: it exists only on this machine.
WATCHER_USER = "admin"
WATCHER_PASSWORD = "secret"
BITRATES = (512, 1024, 1024, 2048, 2048, 4096)  # kbit/s
DEFAULT_DEPTH = 86400.0  # the default preset keeps a day


def watcher_url() -> str:
    """Where the demo's fake Watcher hub listens (each cloud under ``/<slug>``)."""
    return (os.environ.get("CAMBILL_DEMO_WATCHER_URL") or DEFAULT_URL).rstrip("/")


def state_path() -> Path:
    """The hub file the demo writes and ``cambill demo-serve`` serves."""
    env = os.environ.get("CAMBILL_DEMO_WATCHER_FILE")
    return Path(env) if env else Path(settings.VAR_DIR) / "demo-watcher.json"


def mirror(
    plan: Any, *, seed: int, url: str | None = None, path: Path | None = None
) -> dict[str, dict[str, int]]:
    """Write the hub file and connect every demo cloud to its tenant; returns counts."""
    from cambill.clouds.models import Cloud
    from cambill.watcher.sync import install_watcher_meters
    from cambill_sandbox.fake_watcher.server import HUB_FILE_VERSION

    url = (url or watcher_url()).rstrip("/")
    path = path or state_path()
    install_watcher_meters(actor=SYSTEM)
    rng = random.Random(f"watcher-{seed}")
    tenants: dict[str, Any] = {}
    counts: dict[str, dict[str, int]] = {}
    for spec in plan.clouds:
        cloud = Cloud.objects.get(slug=spec.slug)
        tenants[cloud.slug] = _mirror_cloud(cloud, rng, plan.now, f"{url}/{cloud.slug}")
        counts[cloud.slug] = {
            "organizations": len(tenants[cloud.slug]["organizations"]),
            "presets": len(tenants[cloud.slug]["presets"]),
            "streams": len(tenants[cloud.slug]["streams"]),
        }
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"version": HUB_FILE_VERSION, "url": url, "tenants": tenants}
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    tmp.replace(path)
    return counts


def _mirror_cloud(cloud: Any, rng: random.Random, now: datetime, base_url: str) -> dict[str, Any]:
    from cambill.clouds.models import Account, Camera, CameraStatus, CameraTariffPeriod
    from cambill.watcher.services.connection import watcher_connection_set
    from cambill.watcher.services.links import watcher_links_adopt
    from cambill.watcher.services.provision import preset_body

    accounts = list(Account.objects.filter(cloud=cloud).order_by("pk"))
    # Ids 1 are the fake's default organization and preset.
    org_of = {a.pk: 2 + i for i, a in enumerate(accounts)}
    cameras = list(
        Camera.objects.filter(cloud=cloud)
        .exclude(status=CameraStatus.REMOVED)
        .select_related("account")
        .order_by("pk")
    )
    current = {
        p.camera_id: p.tariff
        for p in CameraTariffPeriod.objects.filter(
            cloud=cloud, valid_to__isnull=True
        ).select_related("tariff")
    }
    tariffs = sorted({t.pk: t for t in current.values()}.values(), key=lambda t: t.pk)
    preset_of = {t.pk: 2 + i for i, t in enumerate(tariffs)}
    bodies = {t.pk: preset_body(t) for t in tariffs}
    allowed: dict[int, set[int]] = {t.pk: set() for t in tariffs}
    streams = []
    for cam in cameras:
        tariff = current.get(cam.pk)
        account = cam.account
        org_id = org_of[account.pk] if account is not None else 1
        preset_id = preset_of[tariff.pk] if tariff is not None else 1
        if tariff is not None and account is not None:
            allowed[tariff.pk].add(org_id)
        depth_limit = (
            float(bodies[tariff.pk]["dvr"]["expiration"]) if tariff is not None else DEFAULT_DEPTH
        )
        age = max(0.0, (now - cam.created_at).total_seconds())
        bitrate = BITRATES[rng.randrange(len(BITRATES))]
        alive = rng.random() >= 0.04
        depth = min(depth_limit, age)
        duration = round(depth * rng.uniform(0.85, 1.0))  # gaps: the camera was offline
        streams.append(
            {
                "name": cam.code,
                "title": cam.title or cam.code,
                "organization_id": org_id,
                "preset_id": preset_id,
                "disabled": cam.status != CameraStatus.ACTIVE
                or (account is not None and account.status != "active"),
                "alive": alive,
                "bitrate": bitrate,
                "dvr_bytes": bitrate * 1000 // 8 * duration,
                "dvr_duration": duration,
                "dvr_depth": round(depth),
            }
        )
    presets = [
        {
            "id": preset_of[t.pk],
            "title": bodies[t.pk]["title"],
            "is_adjustable": False,
            "dvr": bodies[t.pk]["dvr"],
            "vision": bodies[t.pk]["vision"],
            "organizations": sorted(allowed[t.pk]),
        }
        for t in tariffs
    ]
    organizations = [{"id": org_of[a.pk], "title": a.name} for a in accounts]
    watcher_connection_set(
        actor=SYSTEM,
        cloud=cloud,
        base_url=base_url,
        username=WATCHER_USER,
        password=WATCHER_PASSWORD,
    )
    watcher_links_adopt(
        actor=SYSTEM,
        cloud=cloud,
        organizations={a: org_of[a.pk] for a in accounts},
        presets={t: preset_of[t.pk] for t in tariffs},
        # The mirror's organizations belong to the fake's admin, billing's user.
        billing_member=True,
    )
    return {"organizations": organizations, "presets": presets, "streams": streams}


def summary_lines() -> list[str]:
    """How to see the live sync (printed with the logins)."""
    from cambill.watcher.models import WatcherConnection

    conns = list(WatcherConnection.objects.select_related("cloud").order_by("cloud_id"))
    if not conns:
        return []
    first = conns[0].base_url
    out = [
        "Flussonic Watcher (fake, one per cloud; `make demo` / `cambill demo-serve` runs it and "
        "polls every minute):",
    ]
    out += [
        f"  {c.cloud.slug}: {c.base_url}  (user {c.username}, password {WATCHER_PASSWORD})"
        for c in conns
    ]
    out += [
        f"  sync status: http://<web>/clouds/{conns[0].cloud.slug}/watcher/   usage: "
        f"/clouds/{conns[0].cloud.slug}/usage/",
        "  add a camera in Watcher (imported within 2 minutes): curl -X POST "
        f"{first}/_fake/streams -H 'Content-Type: application/json' "
        '-d \'{"name": "my-new-cam", "organization_id": 2, "preset_id": 2}\'',
    ]
    return out
