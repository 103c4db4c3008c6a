"""The cloud's Watcher connection: its settings, a login check, the client made from it,
and the outcome of the last job recorded on it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from cambill.clouds.models import Cloud
from cambill.core import clock, outbound
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, validation
from cambill.core.permissions import require
from cambill.core.validation import check_text, validate_model

from ..client import WatcherClient
from ..errors import WatcherError
from ..models import (
    SuspendMode,
    SyncStatus,
    WatcherConnection,
)

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
        raise validation(
            "base_url", gettext("Give the Watcher address as http(s)://host[:port].")
        ) from None
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
    require(actor, "watcher.manage", cloud)
    now = clock.now()
    conn = WatcherConnection.objects.select_for_update().filter(cloud=cloud).first()
    before = snapshot(conn, CONNECTION_AUDIT_FIELDS) if conn else None
    if conn is None:
        if base_url is None or username is None:
            raise validation("base_url", gettext("A new connection needs base_url and username."))
        conn = WatcherConnection(cloud=cloud, created_at=now, updated_at=now)
    if base_url is not None:
        conn.base_url = _check_url(base_url)
    if username is not None:
        conn.username = check_text(username, "username", max_length=150)
    password_changed = False
    if password is not None:
        if not isinstance(password, str) or len(password) > 300:
            raise validation("password", gettext("At most 300 characters."))
        password_changed = password != conn.password
        conn.password = password
    if suspend_mode is not None:
        if suspend_mode not in SuspendMode.values:
            raise validation(
                "suspend_mode",
                gettext("Use one of %(value)s.") % {"value": ", ".join(SuspendMode.values)},
            )
        conn.suspend_mode = suspend_mode
    if enabled is not None:
        conn.enabled = bool(enabled)
    conn.updated_at = now
    validate_model(conn, fields=["base_url", "username", "password", "suspend_mode"])
    conn.save()
    after = {**snapshot(conn, CONNECTION_AUDIT_FIELDS), "password_changed": password_changed}
    audit(actor=actor, verb="watcher_connection_set", obj=conn, before=before, after=after, now=now)
    return conn


def watcher_connection_check(*, actor: Actor, cloud: Cloud) -> dict[str, Any]:
    """Log in to both Watcher APIs with the stored credentials and record the outcome.

    Returns ``{"ok": bool, "error": str}``; a Watcher that refuses or cannot be
    reached is an answer here, not an exception.
    """
    from ..client import ADMIN_API, CLIENT_API

    require(actor, "watcher.manage", cloud)
    conn = WatcherConnection.objects.select_related("cloud").filter(cloud=cloud).first()
    if conn is None:
        raise DomainError(ErrorCode.INVALID_STATE, gettext("This cloud has no Watcher connection."))
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
        last_sync_at=clock.now(),
        last_sync_status=SyncStatus.FAILED if error else SyncStatus.OK,
        last_sync_error=(error or "")[:4000],
        **extra,
    )
