"""Reads of the Watcher integration, scoped to the actor.

The connection's password is never part of what these return to a caller
that renders or serializes it: use ``connection_view``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from cambill.clouds.models import Account, Camera, Cloud
from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.permissions import require

from .models import (
    AgentDevice,
    PushKind,
    PushStatus,
    WatcherConnection,
    WatcherOrgLink,
    WatcherPush,
)
from .services.suspension import stream_wanted_disabled


def connection_get(*, actor: Actor, cloud: Cloud) -> WatcherConnection | None:
    """The cloud's connection (``None`` if not configured)."""
    require(actor, "watcher.view", cloud)
    return WatcherConnection.objects.filter(cloud=cloud).first()


def connection_view(conn: WatcherConnection | None) -> dict[str, Any] | None:
    """The connection as shown to people and API clients: no password, only whether one is set."""
    if conn is None:
        return None
    return {
        "base_url": conn.base_url,
        "username": conn.username,
        "password_set": bool(conn.password),
        "suspend_mode": conn.suspend_mode,
        "enabled": conn.enabled,
        "last_sync_kind": conn.last_sync_kind,
        "last_sync_at": conn.last_sync_at,
        "last_sync_status": conn.last_sync_status,
        "last_sync_error": conn.last_sync_error,
        "last_poll_at": conn.last_poll_at,
        "last_poll_streams": conn.last_poll_streams,
    }


def accounts_without_organization(*, actor: Actor, cloud: Cloud) -> QuerySet[Account]:
    """The cloud's accounts no Watcher organization is linked to (what an adoption may
    link to), by code; for those who manage the connection."""
    from cambill.clouds.selectors import account_list

    require(actor, "watcher.manage", cloud)
    linked = WatcherOrgLink.objects.filter(cloud=cloud).values("account_id")
    return account_list(actor=actor, cloud=cloud).exclude(pk__in=linked).order_by("code")


def push_list(*, actor: Actor, cloud: Cloud, status: str | None = None) -> QuerySet[WatcherPush]:
    """The outbox of the cloud, newest first; ``status="failed"`` for what needs attention."""
    require(actor, "watcher.view", cloud)
    qs = WatcherPush.objects.filter(cloud=cloud)
    if status == "open":
        qs = qs.exclude(status=PushStatus.DONE)
    elif status:
        qs = qs.filter(status=status)
    return qs.order_by("-id")


def push_get(*, actor: Actor, cloud: Cloud, pk: int) -> WatcherPush:
    require(actor, "watcher.view", cloud)
    push = WatcherPush.objects.filter(cloud=cloud, pk=pk).first()
    if push is None:
        raise NotFound("push")
    return push


@dataclass(frozen=True)
class StreamState:
    """A stream of an account that Watcher does not yet have in the wanted state."""

    code: str
    wanted_disabled: bool
    status: str  # pending | failed
    attempts: int
    last_error: str
    next_attempt_at: Any


def account_stream_states(*, account: Account) -> list[StreamState]:
    """The account's streams with an open enable/disable push (pending or failed),
    by camera code. Empty when Watcher agrees with billing on every stream.

    The caller has already scoped ``account`` to the actor (the account page)."""
    cameras = {
        c.code: c
        for c in Camera.objects.filter(cloud_id=account.cloud_id, account=account).select_related(
            "account"
        )
    }
    if not cameras:
        return []
    pushes = (
        WatcherPush.objects.filter(
            cloud_id=account.cloud_id,
            kind=PushKind.STREAM_STATE,
            object_ref__in=list(cameras),
        )
        .exclude(status=PushStatus.DONE)
        .order_by("object_ref")
    )
    return [
        StreamState(
            code=p.object_ref,
            wanted_disabled=stream_wanted_disabled(cameras[p.object_ref]),
            status=p.status,
            attempts=p.attempts,
            last_error=p.last_error,
            next_attempt_at=p.next_attempt_at,
        )
        for p in pushes
    ]


def push_none() -> QuerySet[WatcherPush]:
    """No pushes: the schema generator's stand-in for ``push_list`` (it has no actor)."""
    return WatcherPush.objects.none()


def agent_device_none() -> QuerySet[AgentDevice]:
    """No agent devices: the schema generator's stand-in for the intake's
    ``agent_device_list`` (it has no actor)."""
    return AgentDevice.objects.none()


def field_max_length(model: str, field: str) -> int:
    """The ``max_length`` of a text field of one of this domain's models
    (``field_max_length("WatcherConnection", ...)``), for serializers
    that do not bind the model: the layers above never import ``models``."""
    from cambill.core.validation import model_max_length

    from . import models as domain_models

    return model_max_length(getattr(domain_models, model), field)
