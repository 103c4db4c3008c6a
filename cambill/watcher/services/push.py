"""Running the push outbox: claim due pushes, send them, record the outcome.

What a push sends is computed from billing's state when it runs, not when it
was queued: a retry sends the latest truth, and ten tariff changes of one
camera before the job runs make one push. A failed push stays ``failed`` with
its error and is retried with exponential backoff (capped at an hour); it is
never dropped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from cambill.clouds.models import AccountStatus, Camera, CameraStatus, Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.permissions import require

from ..client import WatcherClient
from ..errors import WatcherError
from ..models import (
    AgentDevice,
    PushKind,
    PushStatus,
    WatcherConnection,
    WatcherPush,
)
from .connection import client_for, enabled_connection, record_sync
from .outbox import start_push_job
from .provision import ensure_organization, ensure_preset
from .suspension import Gone, push_account_state, push_stream_state, push_user_state

logger = logging.getLogger(__name__)


# A claimed push is not picked again for this long, so a worker that dies in the
# middle of an HTTP call delays that push, never loses it.
PUSH_LEASE = timedelta(minutes=5)
PUSH_BACKOFF_FIRST = 30  # seconds before the first retry
PUSH_BACKOFF_MAX = 3600  # a push is retried at least hourly, forever


@transaction.atomic
def watcher_push_retry(*, actor: Actor, push: WatcherPush) -> WatcherPush:
    """Make a failed (or pending) push due now, e.g. after fixing the connection."""
    cloud = Cloud.objects.get(pk=push.cloud_id)
    require(actor, "watcher.manage", cloud)
    push = WatcherPush.objects.select_for_update().get(pk=push.pk)
    if push.status == PushStatus.DONE:
        raise DomainError(ErrorCode.INVALID_STATE, gettext("This push is done already."))
    before = snapshot(push, ["status", "next_attempt_at"])
    push.next_attempt_at = clock.now()
    push.save(update_fields=["next_attempt_at"])
    audit(actor=actor, verb="watcher_push_retry", obj=push, before=before, after=snapshot(push))
    transaction.on_commit(lambda: start_push_job(push.cloud_id))
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
    now = clock.given(now)
    own_client = client is None
    client = client or client_for(conn)
    try:
        # An account push queues one push per stream: a second pass sends those now.
        tried: set[int] = set()  # a push is tried once per run
        for n in range(PUSH_PASSES):
            at = now if n == 0 else max(now, clock.now())
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
                updated_at=clock.now(),
            )
            result.failed += 1
            result.errors.append(f"{push.kind} {push.object_ref}: {message}")
            logger.warning("Watcher push %s failed: %s", push, message)
            continue
        finished = clock.now()
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


def _execute(client: WatcherClient, conn: WatcherConnection, push: WatcherPush) -> dict[str, Any]:
    cloud = conn.cloud
    retry = push.attempts > 0
    try:
        if push.kind == PushKind.ACCOUNT_STATE:
            return push_account_state(client, conn, push.object_ref, retry)
        if push.kind == PushKind.CAMERA_TARIFF:
            return _push_camera(client, conn, push.object_ref, retry)
        if push.kind == PushKind.STREAM_STATE:
            return push_stream_state(client, conn, push.object_ref)
        if push.kind == PushKind.USER_STATE:
            return push_user_state(client, conn, push.object_ref)
    except Gone as gone:
        return {"skipped": str(gone)}
    raise DomainError(
        ErrorCode.INVALID_STATE,
        gettext("Unknown push kind %(kind)s (%(cloud)s).")
        % {"kind": repr(push.kind), "cloud": cloud},
    )


def _push_camera(
    client: WatcherClient, conn: WatcherConnection, code: str, retry: bool
) -> dict[str, Any]:
    from cambill.catalog.models import TariffPlan
    from cambill.clouds.models import CameraTariffPeriod

    camera = Camera.objects.select_related("account").filter(cloud=conn.cloud, code=code).first()
    if camera is None:
        raise Gone(f"camera {code} no longer exists")
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
