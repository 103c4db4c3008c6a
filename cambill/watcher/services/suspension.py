"""Suspension and resumption in Watcher, and the reconciliation that repairs drift.

An account push makes the organization exist and queues one push per stream
(or per user, with ``suspend_mode = disable_users``): Watcher has no atomic
"disable these", so each object is set on its own, read back, and retried
until Watcher agrees. The reconciliation reads the state back on a schedule
and queues a repair for each object that drifted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cambill.clouds.models import Account, AccountStatus, Camera, CameraStatus, Cloud

from ..client import WatcherClient
from ..errors import WatcherError
from ..models import (
    SuspendMode,
    WatcherConnection,
)
from .connection import client_for, enabled_connection, record_sync
from .outbox import watcher_enqueue_stream_state
from .provision import ensure_membership, ensure_organization


class Gone(Exception):
    """The object of a push no longer exists in billing: nothing to send."""


def push_account_state(
    client: WatcherClient, conn: WatcherConnection, code: str, retry: bool
) -> dict[str, Any]:
    account = Account.objects.filter(cloud=conn.cloud, code=code).first()
    if account is None:
        raise Gone(f"account {code} no longer exists")
    org_id = ensure_organization(client, account, adopt=retry)
    ensure_membership(client, conn, account, org_id)
    disabled = account.status != AccountStatus.ACTIVE
    payload: dict[str, Any] = {"organization_id": org_id, "disabled": disabled}
    if conn.suspend_mode == SuspendMode.DISABLE_USERS:
        changed = []
        for member in client.iter_organization_users(org_id):
            uid = member.get("id")
            if uid is None or member.get("name") == conn.username:
                continue  # never lock billing itself out
            if client.get_user(uid).get("access_level") == "admin":
                continue  # nor Watcher's own administrators
            client.update_user(uid, {"disabled": disabled})
            changed.append(uid)
        payload["users"] = changed
    else:
        cameras = list(
            Camera.objects.filter(cloud=conn.cloud, account=account)
            .exclude(status=CameraStatus.REMOVED)
            .order_by("code")
        )
        # Watcher has no atomic "disable these streams" (multiedit does not carry
        # ``disabled``): one push per stream, each retried until Watcher agrees,
        # and the reconciliation repairs any stream that drifts afterwards.
        for camera in cameras:
            watcher_enqueue_stream_state(camera, kick=False)
        payload["streams"] = [c.code for c in cameras]
    return payload


def stream_wanted_disabled(camera: Camera) -> bool:
    """Whether billing wants the camera's stream disabled: its account is not
    active (suspended, closed) or the camera itself is not active."""
    account = camera.account
    suspended = account is not None and account.status != AccountStatus.ACTIVE
    return suspended or camera.status != CameraStatus.ACTIVE


def push_stream_state(client: WatcherClient, conn: WatcherConnection, code: str) -> dict[str, Any]:
    """Make one stream enabled or disabled as billing wants; idempotent.

    Reads the stream first: a stream Watcher does not have yet is left to the
    camera's own push (which sets ``disabled`` as it creates it), and one that
    is already right costs no write. After the PUT the reply must show the
    wanted state, or the push fails and is retried.
    """
    camera = Camera.objects.select_related("account").filter(cloud=conn.cloud, code=code).first()
    if camera is None or camera.status == CameraStatus.REMOVED:
        raise Gone(f"camera {code} no longer exists")
    wanted = stream_wanted_disabled(camera)
    try:
        current = client.get_stream(code)
    except WatcherError as exc:
        if exc.status == 404:
            raise Gone(f"stream {code} is not in Watcher yet") from None
        raise
    if current.get("disabled", False) is wanted:
        return {"stream": code, "disabled": wanted, "changed": False}
    reply = client.update_stream(code, {"disabled": wanted})
    if reply.get("disabled", False) is not wanted:
        raise WatcherError(
            None, reply, f"Watcher kept stream {code} disabled={reply.get('disabled')!r}"
        )
    return {"stream": code, "disabled": wanted, "changed": True}


@dataclass
class ReconcileResult:
    """What one reconciliation found: streams read, and those queued for repair."""

    checked: int = 0
    repairs: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"checked": self.checked, "repairs": self.repairs}


def sync_reconcile(
    *, cloud: Cloud, now: datetime | None = None, client: WatcherClient | None = None
) -> ReconcileResult:
    """Read every stream's ``disabled`` back from Watcher and queue a stream push
    for each one that disagrees with its account's state (a lost push, a change
    made by hand in Watcher). The pushes then run like any other."""
    result = ReconcileResult()
    conn = enabled_connection(cloud)
    if conn is None or conn.suspend_mode != SuspendMode.DISABLE_STREAMS:
        return result
    own = client is None
    client = client or client_for(conn)
    try:
        seen = {
            str(s["name"]): bool(s.get("disabled", False))
            for s in client.iter_streams(select=["name", "disabled"], limit=1000)
            if s.get("name")
        }
    except WatcherError as exc:
        record_sync(conn, "reconcile", exc.message)
        raise
    finally:
        if own:
            client.close()
    cameras = (
        Camera.objects.filter(cloud=cloud, code__in=list(seen))
        .exclude(status=CameraStatus.REMOVED)
        .select_related("account")
        .order_by("code")
    )
    for camera in cameras.iterator(chunk_size=2000):
        result.checked += 1
        if seen[camera.code] is not stream_wanted_disabled(camera):
            watcher_enqueue_stream_state(camera, kick=False)
            result.repairs.append(camera.code)
    record_sync(conn, "reconcile")
    return result
