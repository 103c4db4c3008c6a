"""Writes of the Watcher integration: the connection, and the push outbox.

Billing pushes to Watcher through an outbox (``WatcherPush``) rather than from
inside the verbs: a verb's transaction must not wait on, or fail because of, a
server billing does not control. The verbs of other domains call
``watcher_enqueue_camera_tariff(camera)`` / ``watcher_enqueue_account_state(account)``
(inside or outside a transaction); the row is written with the caller's
transaction, and the push job runs after commit (eagerly in the embedded
default, on a worker otherwise) and every minute from the beat schedule.

What a push sends is computed from billing's state when it runs, not when it
was queued: a retry sends the latest truth, and ten tariff changes of one
camera before the job runs make one push. A failed push stays ``failed`` with
its error and is retried with exponential backoff (capped at an hour); it is
never dropped.

Creations in Watcher (an organization, a preset) are not replayed by the
client after an ambiguous failure; on the next attempt the push first looks for
an unlinked object with the exact title it would create and adopts it, so a
timeout after Watcher created it does not leave a duplicate behind.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from cambill.accounts.roles import Role
from cambill.clouds.models import Account, AccountStatus, Camera, CameraStatus, Cloud
from cambill.core import outbound
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, Forbidden, validation
from cambill.core.validation import check_text, validate_model

from .client import WatcherClient
from .errors import WatcherError
from .models import (
    AgentDevice,
    PushKind,
    PushStatus,
    SuspendMode,
    SyncStatus,
    WatcherConnection,
    WatcherOrgLink,
    WatcherPresetLink,
    WatcherPush,
)

logger = logging.getLogger(__name__)

# A claimed push is not picked again for this long, so a worker that dies in the
# middle of an HTTP call delays that push, never loses it.
PUSH_LEASE = timedelta(minutes=5)
PUSH_BACKOFF_FIRST = 30  # seconds before the first retry
PUSH_BACKOFF_MAX = 3600  # a push is retried at least hourly, forever

MANAGE_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.CLOUD_ADMIN})
VIEW_ROLES = frozenset(
    {
        Role.PROVIDER_ADMIN,
        Role.PROVIDER_ACCOUNTANT,
        Role.PROVIDER_MANAGER,
        Role.CLOUD_ADMIN,
        Role.CLOUD_ACCOUNTANT,
    }
)


# --- access -------------------------------------------------------------------


def _in_cloud(actor: Actor, cloud: Cloud) -> bool:
    if actor.is_system or actor.sees_all_clouds():
        return True
    if actor.role == Role.PROVIDER_MANAGER:
        return cloud.pk in actor.managed_cloud_ids
    return actor.cloud_id == cloud.pk


def require_watcher_manage(actor: Actor, cloud: Cloud) -> None:
    """Configuring Watcher and running sync: provider admins and the cloud's admins."""
    if actor.is_system:
        return
    if actor.role not in MANAGE_ROLES:
        raise Forbidden("Only provider and cloud administrators manage the Watcher connection.")
    if not _in_cloud(actor, cloud):
        raise Forbidden("Not your cloud.")


def require_watcher_view(actor: Actor, cloud: Cloud) -> None:
    """Seeing the sync status and the outbox: provider and cloud staff, not subscribers."""
    if actor.is_system:
        return
    if actor.role not in VIEW_ROLES or not _in_cloud(actor, cloud):
        raise Forbidden("Your role may not see the Watcher sync.")


# --- the connection -----------------------------------------------------------

CONNECTION_AUDIT_FIELDS = ["base_url", "username", "suspend_mode", "enabled"]


def _check_url(value: Any) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    if isinstance(value, str):
        value = value.strip(" ")  # but not CR/LF, which check_text would trim away silently
    try:
        # http(s), no user:password@, no CR/LF, not an internal address (core.outbound).
        outbound.check_url(value)
    except outbound.BadOutboundURL as exc:
        raise validation("base_url", str(exc.message)) from None
    value = check_text(value, "base_url", max_length=300)
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise validation("base_url", "Give the Watcher address as http(s)://host[:port].") from None
    return value.rstrip("/")


@transaction.atomic
def watcher_connection_set(
    *,
    actor: Actor,
    cloud: Cloud,
    base_url: str | None = None,
    username: str | None = None,
    password: str | None = None,
    suspend_mode: str | None = None,
    enabled: bool | None = None,
) -> WatcherConnection:
    """Create or change the cloud's Watcher connection.

    ``password=None`` keeps the stored one; the audit row records only that it
    changed, never the value.
    """
    require_watcher_manage(actor, cloud)
    now = timezone.now()
    conn = WatcherConnection.objects.select_for_update().filter(cloud=cloud).first()
    before = snapshot(conn, CONNECTION_AUDIT_FIELDS) if conn else None
    if conn is None:
        if base_url is None or username is None:
            raise validation("base_url", "A new connection needs base_url and username.")
        conn = WatcherConnection(cloud=cloud, created_at=now, updated_at=now)
    if base_url is not None:
        conn.base_url = _check_url(base_url)
    if username is not None:
        conn.username = check_text(username, "username", max_length=150)
    password_changed = False
    if password is not None:
        if not isinstance(password, str) or len(password) > 300:
            raise validation("password", "At most 300 characters.")
        password_changed = password != conn.password
        conn.password = password
    if suspend_mode is not None:
        if suspend_mode not in SuspendMode.values:
            raise validation("suspend_mode", f"Use one of {', '.join(SuspendMode.values)}.")
        conn.suspend_mode = suspend_mode
    if enabled is not None:
        conn.enabled = bool(enabled)
    conn.updated_at = now
    validate_model(conn, fields=["base_url", "username", "password", "suspend_mode"])
    conn.save()
    after = {**snapshot(conn, CONNECTION_AUDIT_FIELDS), "password_changed": password_changed}
    audit(actor=actor, verb="watcher_connection_set", obj=conn, before=before, after=after)
    return conn


def watcher_connection_check(*, actor: Actor, cloud: Cloud) -> dict[str, Any]:
    """Log in to both Watcher APIs with the stored credentials and record the outcome.

    Returns ``{"ok": bool, "error": str}``; a Watcher that refuses or cannot be
    reached is an answer here, not an exception.
    """
    from .client import ADMIN_API, CLIENT_API

    require_watcher_manage(actor, cloud)
    conn = WatcherConnection.objects.select_related("cloud").filter(cloud=cloud).first()
    if conn is None:
        raise DomainError(ErrorCode.INVALID_STATE, "This cloud has no Watcher connection.")
    client = client_for(conn)
    try:
        client.login(ADMIN_API)
        client.login(CLIENT_API)
    except WatcherError as exc:
        record_sync(conn, "check", exc.message)
        return {"ok": False, "error": exc.message}
    finally:
        client.close()
    record_sync(conn, "check")
    return {"ok": True, "error": ""}


@transaction.atomic
def watcher_links_adopt(
    *,
    actor: Actor,
    cloud: Cloud,
    organizations: Mapping[Account, int],
    presets: Mapping[Any, int],
    billing_member: bool = False,
) -> dict[str, int]:
    """Record that Watcher objects which already exist stand for these accounts
    (organization ids) and tariffs (preset ids).

    For a Watcher that was set up before billing (and for the demo's mirror):
    pushes then update those objects instead of creating duplicates. A preset's
    recorded settings are the tariff's preset body, so only a later change of
    the tariff is pushed. An account or tariff already linked keeps its link;
    an id linked to something else is a conflict (nothing is written).

    Watcher lists to billing only the organizations its user is a member of;
    unless ``billing_member`` says it is one already, the next push of the
    account makes billing's user a member (``PUT /organizations/{id}/users/{uid}``).
    """
    require_watcher_manage(actor, cloud)
    now = timezone.now()
    have_orgs = dict(WatcherOrgLink.objects.filter(cloud=cloud).values_list("org_id", "account_id"))
    have_presets = dict(
        WatcherPresetLink.objects.filter(cloud=cloud).values_list("preset_id", "tariff_id")
    )
    linked_accounts = set(have_orgs.values())
    linked_tariffs = set(have_presets.values())
    org_rows, preset_rows = [], []
    for account, org_id in organizations.items():
        if account.cloud_id != cloud.pk:
            raise validation("organizations", f"Account {account.code} is not in this cloud.")
        if have_orgs.get(org_id, account.pk) != account.pk:
            raise DomainError(ErrorCode.CONFLICT, f"Organization {org_id} is linked already.")
        if account.pk not in linked_accounts:
            org_rows.append(
                WatcherOrgLink(
                    cloud=cloud,
                    account=account,
                    org_id=org_id,
                    billing_member=billing_member,
                    created_at=now,
                )
            )
            linked_accounts.add(account.pk)
    for tariff, preset_id in presets.items():
        if tariff.cloud_id not in (None, cloud.pk):
            raise validation("presets", f"Tariff {tariff.code} is not offered in this cloud.")
        if have_presets.get(preset_id, tariff.pk) != tariff.pk:
            raise DomainError(ErrorCode.CONFLICT, f"Preset {preset_id} is linked already.")
        if tariff.pk not in linked_tariffs:
            preset_rows.append(
                WatcherPresetLink(
                    cloud=cloud,
                    tariff=tariff,
                    preset_id=preset_id,
                    settings=preset_body(tariff),
                    created_at=now,
                )
            )
            linked_tariffs.add(tariff.pk)
    try:
        with transaction.atomic():
            WatcherOrgLink.objects.bulk_create(org_rows, batch_size=500)
            WatcherPresetLink.objects.bulk_create(preset_rows, batch_size=500)
    except IntegrityError:
        raise DomainError(
            ErrorCode.CONFLICT, "An organization or preset id is used twice."
        ) from None
    done = {"organizations": len(org_rows), "presets": len(preset_rows)}
    conn = WatcherConnection.objects.filter(cloud=cloud).first()
    audit(actor=actor, verb="watcher_links_adopt", obj=conn or cloud, after=done)
    if not billing_member:
        for row in org_rows:
            watcher_enqueue_account_state(row.account)
    return done


def client_for(conn: WatcherConnection) -> WatcherClient:
    """A client for the connection; timeouts and retries come from settings."""
    return WatcherClient(
        conn.base_url,
        conn.username,
        conn.password,
        timeout=float(getattr(settings, "CAMBILL_WATCHER_TIMEOUT", 10.0)),
        retries=int(getattr(settings, "CAMBILL_WATCHER_RETRIES", 3)),
        backoff=float(getattr(settings, "CAMBILL_WATCHER_BACKOFF", 0.5)),
    )


def enabled_connection(cloud: Cloud | int) -> WatcherConnection | None:
    cloud_id = cloud if isinstance(cloud, int) else cloud.pk
    return (
        WatcherConnection.objects.select_related("cloud")
        .filter(cloud_id=cloud_id, enabled=True)
        .first()
    )


def record_sync(conn: WatcherConnection, kind: str, error: str | None = None, **extra: Any) -> None:
    """Remember the outcome of a job on the connection (shown in the API and pages)."""
    WatcherConnection.objects.filter(pk=conn.pk).update(
        last_sync_kind=kind,
        last_sync_at=timezone.now(),
        last_sync_status=SyncStatus.FAILED if error else SyncStatus.OK,
        last_sync_error=(error or "")[:4000],
        **extra,
    )


# --- the outbox ---------------------------------------------------------------


def watcher_enqueue_camera_tariff(camera: Camera) -> WatcherPush | None:
    """Queue "make the camera's stream match billing" (preset of its current tariff,
    organization of its account, disabled when suspended). Call it after a
    camera is created, moved or changes tariff. A no-op without an enabled
    connection, so clouds without Watcher are untouched."""
    return _enqueue(camera.cloud_id, PushKind.CAMERA_TARIFF, camera.code)


def watcher_enqueue_account_state(account: Account) -> WatcherPush | None:
    """Queue "make the account's organization match billing" (create it if not
    linked; disable or enable its streams/users per the account's status). Call
    it after an account is created, suspended or resumed."""
    return _enqueue(account.cloud_id, PushKind.ACCOUNT_STATE, account.code)


def watcher_enqueue_stream_state(camera: Camera, *, kick: bool = True) -> WatcherPush | None:
    """Queue "make this camera's stream enabled or disabled as its account's state
    says". One per stream, so a suspension reaches every stream even when some
    of the calls fail: each is retried on its own until Watcher agrees."""
    return _enqueue(camera.cloud_id, PushKind.STREAM_STATE, camera.code, kick=kick)


def _enqueue(cloud_id: int, kind: str, ref: str, *, kick: bool = True) -> WatcherPush | None:
    if not WatcherConnection.objects.filter(cloud_id=cloud_id, enabled=True).exists():
        return None
    now = timezone.now()
    with transaction.atomic():
        open_ = WatcherPush.objects.filter(cloud_id=cloud_id, kind=kind, object_ref=ref).exclude(
            status=PushStatus.DONE
        )
        # A new change makes an open push due now and bumps its version, so a run
        # already in flight with older state does not mark it done.
        if open_.update(next_attempt_at=now, updated_at=now, version=F("version") + 1) == 0:
            try:
                with transaction.atomic():
                    WatcherPush.objects.create(
                        cloud_id=cloud_id,
                        kind=kind,
                        object_ref=ref,
                        next_attempt_at=now,
                        created_at=now,
                        updated_at=now,
                    )
            except IntegrityError:  # a concurrent enqueue created it: bump that one
                open_.update(next_attempt_at=now, updated_at=now, version=F("version") + 1)
        push = open_.first()
    if kick:
        transaction.on_commit(lambda: _kick(cloud_id))
    return push


def _kick(cloud_id: int) -> None:
    """Start the push job after commit; never let it break the caller's request."""
    if not getattr(settings, "CAMBILL_WATCHER_PUSH_ON_COMMIT", True):
        return
    try:
        from .tasks import watcher_push_cloud

        watcher_push_cloud.delay(cloud_id)
    except Exception:  # the beat schedule picks the push up within a minute anyway
        logger.exception("could not start the Watcher push job for cloud %s", cloud_id)


@transaction.atomic
def watcher_push_retry(*, actor: Actor, push: WatcherPush) -> WatcherPush:
    """Make a failed (or pending) push due now, e.g. after fixing the connection."""
    cloud = Cloud.objects.get(pk=push.cloud_id)
    require_watcher_manage(actor, cloud)
    push = WatcherPush.objects.select_for_update().get(pk=push.pk)
    if push.status == PushStatus.DONE:
        raise DomainError(ErrorCode.INVALID_STATE, "This push is done already.")
    before = snapshot(push, ["status", "next_attempt_at"])
    push.next_attempt_at = timezone.now()
    push.save(update_fields=["next_attempt_at"])
    audit(actor=actor, verb="watcher_push_retry", obj=push, before=before, after=snapshot(push))
    transaction.on_commit(lambda: _kick(push.cloud_id))
    return push


@dataclass
class PushResult:
    """What one run of the outbox did."""

    done: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"done": self.done, "failed": self.failed, "errors": self.errors}


def backoff_seconds(attempts: int) -> int:
    """Delay before the next attempt after ``attempts`` failures: 30 s, 1, 2, 4 min ... 1 h."""
    return int(min(PUSH_BACKOFF_FIRST * 2 ** max(attempts - 1, 0), PUSH_BACKOFF_MAX))


def sync_push_process(
    *,
    cloud: Cloud,
    now: datetime | None = None,
    limit: int = 500,
    client: WatcherClient | None = None,
) -> PushResult:
    """Send the due pushes of one cloud, oldest first. Safe to run concurrently:
    each push is claimed with a lease before it is sent."""
    result = PushResult()
    conn = enabled_connection(cloud)
    if conn is None:
        return result
    now = now or timezone.now()
    own_client = client is None
    client = client or client_for(conn)
    try:
        # An account push queues one push per stream: a second pass sends those now.
        tried: set[int] = set()  # a push is tried once per run
        for n in range(PUSH_PASSES):
            at = now if n == 0 else max(now, timezone.now())
            if not _push_pass(client, conn, cloud, at, limit, result, tried):
                break
    finally:
        if own_client:
            client.close()
    if result.done or result.failed:
        record_sync(conn, "push", "; ".join(result.errors[:5]) or None)
    return result


PUSH_PASSES = 3


def _push_pass(
    client: WatcherClient,
    conn: WatcherConnection,
    cloud: Cloud,
    now: datetime,
    limit: int,
    result: PushResult,
    tried: set[int],
) -> bool:
    """Send the pushes due at ``now`` not tried yet in this run; False when none."""
    due = list(
        WatcherPush.objects.filter(
            cloud=cloud,
            status__in=[PushStatus.PENDING, PushStatus.FAILED],
            next_attempt_at__lte=now,
        )
        .exclude(pk__in=tried)
        .order_by("id")[:limit]
    )
    if not due:
        return False
    for push in due:
        tried.add(push.pk)
        claimed = WatcherPush.objects.filter(
            pk=push.pk, version=push.version, next_attempt_at=push.next_attempt_at
        ).update(next_attempt_at=now + PUSH_LEASE)
        if not claimed:
            continue  # another worker has it, or it changed meanwhile
        try:
            payload = _execute(client, conn, push)
        except (WatcherError, DomainError) as exc:
            message = getattr(exc, "message", None) or str(exc)
            attempts = push.attempts + 1
            WatcherPush.objects.filter(pk=push.pk).update(
                status=PushStatus.FAILED,
                attempts=attempts,
                last_error=message[:4000],
                next_attempt_at=now + timedelta(seconds=backoff_seconds(attempts)),
                updated_at=timezone.now(),
            )
            result.failed += 1
            result.errors.append(f"{push.kind} {push.object_ref}: {message}")
            logger.warning("Watcher push %s failed: %s", push, message)
            continue
        finished = timezone.now()
        marked = WatcherPush.objects.filter(pk=push.pk, version=push.version).update(
            status=PushStatus.DONE,
            attempts=push.attempts + 1,
            payload=payload,
            last_error="",
            done_at=finished,
            updated_at=finished,
        )
        if not marked:
            # Changed while we sent it: keep it open so the newer state goes out too.
            WatcherPush.objects.filter(pk=push.pk).update(payload=payload, next_attempt_at=finished)
        result.done += 1
    return True


class _Gone(Exception):
    """The object of a push no longer exists in billing: nothing to send."""


def _execute(client: WatcherClient, conn: WatcherConnection, push: WatcherPush) -> dict[str, Any]:
    cloud = conn.cloud
    retry = push.attempts > 0
    try:
        if push.kind == PushKind.ACCOUNT_STATE:
            return _push_account(client, conn, push.object_ref, retry)
        if push.kind == PushKind.CAMERA_TARIFF:
            return _push_camera(client, conn, push.object_ref, retry)
        if push.kind == PushKind.STREAM_STATE:
            return _push_stream_state(client, conn, push.object_ref)
    except _Gone as gone:
        return {"skipped": str(gone)}
    raise DomainError(ErrorCode.INVALID_STATE, f"Unknown push kind {push.kind!r} ({cloud}).")


def _push_account(
    client: WatcherClient, conn: WatcherConnection, code: str, retry: bool
) -> dict[str, Any]:
    account = Account.objects.filter(cloud=conn.cloud, code=code).first()
    if account is None:
        raise _Gone(f"account {code} no longer exists")
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


def _push_stream_state(client: WatcherClient, conn: WatcherConnection, code: str) -> dict[str, Any]:
    """Make one stream enabled or disabled as billing wants; idempotent.

    Reads the stream first: a stream Watcher does not have yet is left to the
    camera's own push (which sets ``disabled`` as it creates it), and one that
    is already right costs no write. After the PUT the reply must show the
    wanted state, or the push fails and is retried.
    """
    camera = Camera.objects.select_related("account").filter(cloud=conn.cloud, code=code).first()
    if camera is None or camera.status == CameraStatus.REMOVED:
        raise _Gone(f"camera {code} no longer exists")
    wanted = stream_wanted_disabled(camera)
    try:
        current = client.get_stream(code)
    except WatcherError as exc:
        if exc.status == 404:
            raise _Gone(f"stream {code} is not in Watcher yet") from None
        raise
    if current.get("disabled", False) is wanted:
        return {"stream": code, "disabled": wanted, "changed": False}
    reply = client.update_stream(code, {"disabled": wanted})
    if reply.get("disabled", False) is not wanted:
        raise WatcherError(
            None, reply, f"Watcher kept stream {code} disabled={reply.get('disabled')!r}"
        )
    return {"stream": code, "disabled": wanted, "changed": True}


BILLING_PERMISSIONS = {
    "is_member": True,
    "can_view_streams": True,
    "can_edit_streams": True,
    "can_edit_users": True,
    "can_view_stats": True,
}


def ensure_membership(
    client: WatcherClient, conn: WatcherConnection, account: Account, org_id: int
) -> None:
    """Make billing's Watcher user a member of an adopted organization, once.

    Watcher's Client API lists only the caller's organizations; billing owns
    those it creates, and joins those it adopts so they stay visible to it.
    """
    link = WatcherOrgLink.objects.filter(cloud_id=account.cloud_id, org_id=org_id).first()
    if link is None or link.billing_member:
        return
    uid = client.find_user_id(conn.username)
    if uid is None:
        raise DomainError(
            ErrorCode.INVALID_STATE,
            f"Watcher has no user {conn.username!r} to join organization {org_id} with.",
        )
    client.set_organization_user(org_id, uid, BILLING_PERMISSIONS)
    WatcherOrgLink.objects.filter(pk=link.pk).update(billing_member=True)


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


def _push_camera(
    client: WatcherClient, conn: WatcherConnection, code: str, retry: bool
) -> dict[str, Any]:
    from cambill.catalog.models import TariffPlan
    from cambill.clouds.models import CameraTariffPeriod

    camera = Camera.objects.select_related("account").filter(cloud=conn.cloud, code=code).first()
    if camera is None:
        raise _Gone(f"camera {code} no longer exists")
    body: dict[str, Any] = {}
    org_id = None
    if camera.account is not None:
        org_id = ensure_organization(client, camera.account, adopt=retry)
        body["organization_id"] = org_id
    period = (
        CameraTariffPeriod.objects.filter(camera=camera, valid_to__isnull=True)
        .select_related("tariff")
        .first()
    )
    tariff: TariffPlan | None = period.tariff if period else None
    if tariff is not None:
        preset_id = ensure_preset(client, conn.cloud, tariff, adopt=retry)
        if org_id is not None:
            client.allow_preset_in_organization(org_id, preset_id)
        body["preset_id"] = preset_id
    suspended = camera.account is not None and camera.account.status != AccountStatus.ACTIVE
    body["disabled"] = suspended or camera.status != CameraStatus.ACTIVE
    device = AgentDevice.objects.filter(cloud=conn.cloud, camera=camera).first()
    if device is not None and device.stream_url:
        body["inputs"] = [{"url": device.stream_url}]
    if camera.title:
        body["title"] = camera.title
    client.update_stream(camera.code, body)
    return {"stream": camera.code, **body}


def ensure_organization(client: WatcherClient, account: Account, *, adopt: bool = False) -> int:
    """The Watcher organization of an account, created (and linked) if missing.

    With ``adopt`` (a retry), an unlinked organization titled exactly like the
    account is taken instead of creating another one.
    """
    link = WatcherOrgLink.objects.filter(cloud_id=account.cloud_id, account=account).first()
    if link is not None:
        return link.org_id
    title = account.name
    org_id = None
    if adopt:
        org_id = _adoptable(
            client.iter_organizations(filters={"title": title}),
            title,
            set(
                WatcherOrgLink.objects.filter(cloud_id=account.cloud_id).values_list(
                    "org_id", flat=True
                )
            ),
        )
    if org_id is None:
        # Watcher makes the creator the owner and a member: billing sees it from now on.
        org_id = int(client.create_organization({"title": title})["id"])
    try:
        with transaction.atomic():
            WatcherOrgLink.objects.create(
                cloud_id=account.cloud_id,
                account=account,
                org_id=org_id,
                billing_member=True,
                created_at=timezone.now(),
            )
    except IntegrityError:
        link = WatcherOrgLink.objects.filter(cloud_id=account.cloud_id, account=account).first()
        if link is None:
            raise DomainError(
                ErrorCode.CONFLICT, f"Watcher organization {org_id} is linked to another account."
            ) from None
        return link.org_id
    return org_id


def preset_body(tariff: Any) -> dict[str, Any]:
    """The non-adjustable preset a tariff stands for.

    Archive depth = sum over components of ``preset_settings.dvr_days`` x quantity
    (REC_DAY x 7 = 7 days); analytics = the first component's ``vision_alg``.
    """
    days = Decimal(0)
    alg = None
    for comp in tariff.components.select_related("service").order_by("service__code"):
        ps = comp.service.preset_settings or {}
        if ps.get("dvr_days"):
            days += Decimal(str(ps["dvr_days"])) * comp.quantity
        if alg is None and ps.get("vision_alg"):
            alg = ps["vision_alg"]
    return {
        "title": f"{tariff.code}: {tariff.name}"[:200],
        "is_adjustable": False,
        "dvr": {"expiration": int(days * 86400)},
        "vision": {"alg": alg} if alg else {},
    }


def ensure_preset(client: WatcherClient, cloud: Cloud, tariff: Any, *, adopt: bool = False) -> int:
    """The preset of a tariff in this cloud's Watcher, created or updated to match."""
    body = preset_body(tariff)
    link = WatcherPresetLink.objects.filter(cloud=cloud, tariff=tariff).first()
    if link is not None:
        if link.settings != body:
            client.update_preset(link.preset_id, body)
            WatcherPresetLink.objects.filter(pk=link.pk).update(settings=body)
        return link.preset_id
    preset_id = None
    if adopt:
        linked = set(
            WatcherPresetLink.objects.filter(cloud=cloud).values_list("preset_id", flat=True)
        )
        preset_id = _adoptable(client.iter_presets(), body["title"], linked)
        if preset_id is not None:
            client.update_preset(preset_id, body)
    if preset_id is None:
        preset_id = int(client.create_preset(body)["id"])
    try:
        with transaction.atomic():
            WatcherPresetLink.objects.create(
                cloud=cloud,
                tariff=tariff,
                preset_id=preset_id,
                settings=body,
                created_at=timezone.now(),
            )
    except IntegrityError:
        link = WatcherPresetLink.objects.filter(cloud=cloud, tariff=tariff).first()
        if link is None:
            raise DomainError(
                ErrorCode.CONFLICT, f"Watcher preset {preset_id} is linked to another tariff."
            ) from None
        return link.preset_id
    return preset_id


def _adoptable(items: Any, title: str, linked: set[int]) -> int | None:
    matches = [
        int(o["id"])
        for o in items
        if o.get("title") == title and int(o["id"]) not in linked and not o.get("deleted_at")
    ]
    return matches[0] if len(matches) == 1 else None
