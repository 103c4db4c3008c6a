"""Suspension and resumption in Watcher, and the reconciliation that repairs drift.

An account push makes the organization exist and queues one push per stream
(or per user, with ``suspend_mode = disable_users``): Watcher has no atomic
"disable these", so each object is set on its own, read back, and retried
until Watcher agrees. The reconciliation reads the state back on a schedule
and queues a repair for each object that drifted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cambill.clouds.models import Account, AccountStatus, Camera, CameraStatus, Cloud

from ..client import WatcherClient
from ..errors import WatcherError
from ..models import SuspendMode, WatcherConnection, WatcherOrgLink
from .connection import client_for, enabled_connection, record_sync
from .outbox import watcher_enqueue_stream_state, watcher_enqueue_user_state
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
        # One push per member, as for streams: each reads the user back, so a
        # user billing may not lock out (itself, Watcher's administrators, a
        # user of another active account) is decided there, with fresh data.
        queued = []
        for member in client.iter_organization_users(org_id):
            uid = member.get("id")
            if not isinstance(uid, int) or member.get("name") == conn.username:
                continue  # never lock billing itself out
            watcher_enqueue_user_state(conn.cloud_id, uid, kick=False)
            queued.append(uid)
        payload["users"] = queued
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


def org_accounts_active(cloud_id: int) -> dict[int, bool]:
    """Linked organization id -> whether its account is active."""
    return {
        org_id: status == AccountStatus.ACTIVE
        for org_id, status in WatcherOrgLink.objects.filter(cloud_id=cloud_id).values_list(
            "org_id", "account__status"
        )
    }


def user_wanted_disabled(
    user: Mapping[str, Any], conn: WatcherConnection, orgs_active: Mapping[int, bool]
) -> bool | None:
    """Whether billing wants this Watcher user disabled, or ``None`` when the user
    is not billing's to switch: billing's own user, Watcher's administrators, and
    users of no organization linked to an account.

    A user is disabled when every linked organization it belongs to stands for
    an account that is not active: a user of a suspended and of an active
    account keeps its access to the active one.
    """
    if user.get("name") == conn.username or user.get("access_level") == "admin":
        return None
    linked = [
        orgs_active[o["id"]]
        for o in user.get("organizations") or []
        if isinstance(o, dict) and o.get("id") in orgs_active
    ]
    if not linked:
        return None
    return not any(linked)


def push_user_state(client: WatcherClient, conn: WatcherConnection, ref: str) -> dict[str, Any]:
    """Make one Watcher user enabled or disabled as billing wants; idempotent.

    Reads the user first (its organizations and access level now, not when the
    push was queued); one already right costs no write. After the PUT the reply
    must show the wanted state, or the push fails and is retried.
    """
    if not ref.isdigit():
        raise Gone(f"user {ref!r} is not a Watcher user id")
    uid = int(ref)
    try:
        user = client.get_user(uid)
    except WatcherError as exc:
        if exc.status == 404:
            raise Gone(f"user {uid} is no longer in Watcher") from None
        raise
    wanted = user_wanted_disabled(user, conn, org_accounts_active(conn.cloud_id))
    if wanted is None:
        raise Gone(f"user {uid} is not billing's to switch")
    if user.get("disabled", False) is wanted:
        return {"user": uid, "disabled": wanted, "changed": False}
    reply = client.update_user(uid, {"disabled": wanted})
    if reply.get("disabled", False) is not wanted:
        raise WatcherError(
            None, reply, f"Watcher kept user {uid} disabled={reply.get('disabled')!r}"
        )
    return {"user": uid, "disabled": wanted, "changed": True}


@dataclass
class ReconcileResult:
    """What one reconciliation found: streams (or users) read, and those queued for repair."""

    checked: int = 0
    repairs: list[str] = field(default_factory=list)  # stream names
    users_checked: int = 0
    user_repairs: list[int] = field(default_factory=list)  # Watcher user ids

    @property
    def any_repairs(self) -> bool:
        return bool(self.repairs or self.user_repairs)

    def as_dict(self) -> dict[str, Any]:
        return {
            "checked": self.checked,
            "repairs": self.repairs,
            "users_checked": self.users_checked,
            "user_repairs": self.user_repairs,
        }


def sync_reconcile(
    *, cloud: Cloud, now: datetime | None = None, client: WatcherClient | None = None
) -> ReconcileResult:
    """Read every stream's ``disabled`` back from Watcher and queue a stream push
    for each one that disagrees with its account's state (a lost push, a change
    made by hand in Watcher). With ``suspend_mode = disable_users`` the users are
    read back instead (the Admin API's list) and a user push is queued for each
    one in the wrong state. The pushes then run like any other."""
    result = ReconcileResult()
    conn = enabled_connection(cloud)
    if conn is None:
        return result
    if conn.suspend_mode == SuspendMode.DISABLE_USERS:
        return _reconcile_users(conn, client, result)
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


def _reconcile_users(
    conn: WatcherConnection, client: WatcherClient | None, result: ReconcileResult
) -> ReconcileResult:
    orgs_active = org_accounts_active(conn.cloud_id)
    own = client is None
    client = client or client_for(conn)
    try:
        users = list(
            client.iter_users(
                select=["id", "name", "access_level", "disabled", "organizations"], limit=500
            )
        )
    except WatcherError as exc:
        record_sync(conn, "reconcile", exc.message)
        raise
    finally:
        if own:
            client.close()
    for user in sorted(users, key=lambda u: int(u.get("id") or 0)):
        uid = user.get("id")
        if not isinstance(uid, int):
            continue
        wanted = user_wanted_disabled(user, conn, orgs_active)
        if wanted is None:
            continue
        result.users_checked += 1
        if bool(user.get("disabled", False)) is not wanted:
            watcher_enqueue_user_state(conn.cloud_id, uid, kick=False)
            result.user_repairs.append(uid)
    record_sync(conn, "reconcile")
    return result
