"""Import: Watcher -> billing (organizations and streams into accounts and cameras).

Import: matching rules
----------------------
Billing is the master of subscribers and money, Watcher of cameras. The import
brings into billing what exists only in Watcher, and reports, without touching
it, what disagrees.

* Organizations -> accounts. Watcher's default organization is skipped (its
  streams become unassigned cameras).
  1. An organization linked by ``WatcherOrgLink`` is that account. Names are
     billing's: a different organization title never renames an account.
  2. Otherwise its candidate code is ``slugify(title)`` (``org-<id>`` if the
     title has no usable letters; ``<code>-<id>`` when two new organizations
     would get the same code). An existing, unlinked account with that code is
     linked to it (``update``); one already linked to another organization is a
     ``conflict``. No such account: ``create``.
* Streams -> cameras, by name = camera code.
  1. No camera with that code: ``create`` it in the organization's account
     (unassigned when the organization is the default or unknown), with the
     tariff whose preset the stream holds (``WatcherPresetLink``), if any.
  2. A camera exists: a changed title is an ``update``; an unassigned camera
     whose stream belongs to a linked organization is moved to that account
     (``update``); a camera of another account is a ``conflict`` (billing wins:
     the next push moves the stream back); a camera without a tariff gets the
     tariff of its stream's preset (``update``); a different tariff is a
     ``conflict`` (billing wins, a push corrects the stream).

``sync_import_plan`` only reads; ``sync_import_apply`` applies the ``create`` and
``update`` items of a plan in one transaction (all or nothing), through the
clouds verbs, and is idempotent: applying the same plan twice creates nothing
the second time.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.permissions import require

from ..client import WatcherClient
from ..errors import WatcherError
from ..models import WatcherOrgLink, WatcherPresetLink
from ..services.connection import client_for, record_sync
from ..services.links import org_code, watcher_organizations
from ..services.outbox import watcher_enqueue_account_state
from ._shared import _connection


@dataclass
class PlanItem:
    """One line of the import diff."""

    kind: str  # "account" | "camera"
    action: str  # "create" | "update" | "unchanged" | "conflict"
    key: str  # account or camera code in billing
    watcher_ref: str  # organization id or stream name
    changes: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


@dataclass
class ImportPlan:
    """What an import would change, computed without writing anything."""

    cloud: str
    items: list[PlanItem]

    def of(self, action: str) -> list[PlanItem]:
        return [i for i in self.items if i.action == action]

    @property
    def digest(self) -> str:
        """Identifies the plan's content: apply-with-digest refuses a plan that moved."""
        raw = json.dumps([asdict(i) for i in self.items], sort_keys=True, default=str)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def summary(self) -> dict[str, int]:
        return {a: len(self.of(a)) for a in ("create", "update", "unchanged", "conflict")}

    def as_dict(self) -> dict[str, Any]:
        return {
            "cloud": self.cloud,
            "digest": self.digest,
            "summary": self.summary(),
            "to_create": [asdict(i) for i in self.of("create")],
            "to_update": [asdict(i) for i in self.of("update")],
            "unchanged": [asdict(i) for i in self.of("unchanged")],
            "conflicts": [asdict(i) for i in self.of("conflict")],
        }


def sync_import_plan(
    *, actor: Actor, cloud: Cloud, client: WatcherClient | None = None
) -> ImportPlan:
    """Read Watcher's organizations and streams and diff them against billing."""
    require(actor, "watcher.manage", cloud)
    conn = _connection(cloud)
    own = client is None
    client = client or client_for(conn)
    try:
        orgs = watcher_organizations(client)
        streams = list(
            client.iter_streams(select=["name", "title", "organization_id", "preset_id"])
        )
    except WatcherError as exc:
        record_sync(conn, "import", exc.message)
        raise
    finally:
        if own:
            client.close()
    return build_import_plan(cloud, orgs, streams)


def build_import_plan(
    cloud: Cloud, orgs: Iterable[Mapping[str, Any]], streams: Iterable[Mapping[str, Any]]
) -> ImportPlan:
    """The diff itself, from Watcher's lists (pure over the database reads)."""
    items: list[PlanItem] = []
    links = {
        lk.org_id: lk.account
        for lk in WatcherOrgLink.objects.filter(cloud=cloud).select_related("account")
    }
    linked_accounts = {acc.pk: org for org, acc in links.items()}
    accounts = {a.code: a for a in Account.objects.filter(cloud=cloud)}
    org_account: dict[int, str] = {}  # org id -> account code (existing or to create)
    taken = set(accounts)
    for org in sorted(orgs, key=lambda o: int(o["id"])):
        org_id = int(org["id"])
        if org.get("is_default"):
            continue
        title = str(org.get("title") or "").strip()
        linked = links.get(org_id)
        if linked is not None:
            org_account[org_id] = linked.code
            items.append(PlanItem("account", "unchanged", linked.code, str(org_id)))
            continue
        code = org_code(title, org_id)
        existing = accounts.get(code)
        if existing is not None:
            other = linked_accounts.get(existing.pk)
            if other is not None:
                items.append(
                    PlanItem(
                        "account",
                        "conflict",
                        code,
                        str(org_id),
                        reason=f"Account {code} is already linked to organization {other}.",
                    )
                )
                continue
            changes: dict[str, Any] = {"link_org": org_id}
            if org.get("billing_member") is False:
                changes["join"] = True
            items.append(PlanItem("account", "update", code, str(org_id), changes))
            org_account[org_id] = code
            linked_accounts[existing.pk] = org_id
            continue
        if code in taken:
            code = f"{code}-{org_id}"
        taken.add(code)
        created: dict[str, Any] = {"name": title or code}
        if org.get("billing_member") is False:
            created["join"] = True  # billing's user becomes a member on the next push
        items.append(PlanItem("account", "create", code, str(org_id), created))
        org_account[org_id] = code

    preset_tariff = {
        lk.preset_id: lk.tariff.code
        for lk in WatcherPresetLink.objects.filter(cloud=cloud).select_related("tariff")
    }
    cameras = {c.code: c for c in Camera.objects.filter(cloud=cloud).select_related("account")}
    current = dict(
        CameraTariffPeriod.objects.filter(cloud=cloud, valid_to__isnull=True).values_list(
            "camera_id", "tariff__code"
        )
    )
    for stream in sorted(streams, key=lambda s: str(s["name"])):
        name = str(stream["name"])
        title = str(stream.get("title") or "")
        stream_org = stream.get("organization_id")
        target = org_account.get(int(stream_org)) if stream_org is not None else None
        tariff = preset_tariff.get(stream.get("preset_id"))  # type: ignore[arg-type]
        camera = cameras.get(name)
        if camera is None:
            changes = {"title": title if title != name else "", "account": target}
            if target is not None and tariff is not None:
                changes["tariff"] = tariff
            items.append(PlanItem("camera", "create", name, name, changes))
            continue
        changes = {}
        conflicts = []
        if title and title != name and title != camera.title:
            changes["title"] = title
        have = camera.account.code if camera.account else None
        if target is not None and have is None:
            changes["account"] = target
        elif target is not None and have != target:
            conflicts.append(
                f"In billing the camera belongs to {have}, in Watcher to {target}; "
                "billing wins (the next push moves the stream)."
            )
        held = current.get(camera.pk)
        if tariff is not None and held is None and (have or changes.get("account")):
            changes["tariff"] = tariff
        elif tariff is not None and held is not None and held != tariff:
            conflicts.append(
                f"The stream's preset is tariff {tariff}, billing says {held}; "
                "billing wins (the next push sets the preset)."
            )
        if conflicts:
            items.append(
                PlanItem("camera", "conflict", name, name, changes, reason=" ".join(conflicts))
            )
        elif changes:
            items.append(PlanItem("camera", "update", name, name, changes))
        else:
            items.append(PlanItem("camera", "unchanged", name, name))
    return ImportPlan(cloud=cloud.slug, items=items)


@transaction.atomic
def sync_import_apply(
    *, actor: Actor, cloud: Cloud, plan: ImportPlan, now: datetime | None = None
) -> dict[str, int]:
    """Apply the ``create`` and ``update`` items of ``plan`` (conflicts are left alone).

    Everything or nothing; items that are already true (a rerun) are skipped.
    """
    from cambill.clouds.services import (
        account_create,
        account_update,
        camera_change_tariff,
        camera_create,
        camera_move,
        camera_update,
    )

    require(actor, "watcher.manage", cloud)
    conn = _connection(cloud)
    if plan.cloud != cloud.slug:
        raise DomainError(ErrorCode.CONFLICT, gettext("This plan was made for another cloud."))
    now = clock.given(now)
    done = {
        "accounts_created": 0,
        "accounts_updated": 0,
        "cameras_created": 0,
        "cameras_updated": 0,
    }
    for item in plan.items:
        if item.kind != "account" or item.action not in ("create", "update"):
            continue
        org_id = int(item.watcher_ref)
        account = Account.objects.filter(cloud=cloud, code=item.key).first()
        if item.action == "create" and account is None:
            account = account_create(
                actor=actor, cloud=cloud, code=item.key, name=item.changes["name"]
            )
            done["accounts_created"] += 1
        elif account is None:
            continue
        elif "name" in item.changes and account.name != item.changes["name"]:
            account = account_update(actor=actor, account=account, name=item.changes["name"])
            done["accounts_updated"] += 1
        if not WatcherOrgLink.objects.filter(cloud=cloud, org_id=org_id).exists():
            if WatcherOrgLink.objects.filter(cloud=cloud, account=account).exists():
                raise DomainError(
                    ErrorCode.CONFLICT,
                    gettext("Account %(code)s got linked to another organization meanwhile.")
                    % {"code": account.code},
                )
            joining = bool(item.changes.get("join"))
            WatcherOrgLink.objects.create(
                cloud=cloud,
                account=account,
                org_id=org_id,
                billing_member=not joining,
                created_at=clock.now(),
            )
            if joining:
                watcher_enqueue_account_state(account)
    accounts = {a.code: a for a in Account.objects.filter(cloud=cloud)}
    for item in plan.items:
        if item.kind != "camera" or item.action not in ("create", "update"):
            continue
        ch = item.changes
        camera = Camera.objects.filter(cloud=cloud, code=item.key).first()
        account = accounts.get(ch["account"]) if ch.get("account") else None
        if camera is None:
            camera_create(
                actor=actor,
                cloud=cloud,
                code=item.key,
                title=ch.get("title") or "",
                account=account,
                tariff=ch.get("tariff") if account is not None else None,
                at=now,
            )
            done["cameras_created"] += 1
            continue
        if item.action != "update":
            continue
        changed = False
        if ch.get("title") and camera.title != ch["title"]:
            camera = camera_update(actor=actor, camera=camera, title=ch["title"])
            changed = True
        if account is not None and camera.account_id is None:
            camera = camera_move(actor=actor, camera=camera, account=account, at=now)
            changed = True
        if ch.get("tariff") and camera.account_id is not None:
            has = CameraTariffPeriod.objects.filter(camera=camera, valid_to__isnull=True).exists()
            if not has:
                camera_change_tariff(actor=actor, camera=camera, tariff=ch["tariff"], at=now)
                changed = True
        done["cameras_updated"] += int(changed)
    audit(
        actor=actor,
        verb="watcher_import_apply",
        obj=conn,
        after={"digest": plan.digest, **done, "conflicts": len(plan.of("conflict"))},
        now=now,
    )
    transaction.on_commit(lambda: record_sync(conn, "import"))
    return done
