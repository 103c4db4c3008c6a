"""What the clouds verbs share: times with offsets, who may write in a cloud or on an
account, and queueing a change for Watcher (the outbox row commits with the change)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cambill.accounts.roles import Role
from cambill.core.access import Actor
from cambill.core.errors import Forbidden, validation
from cambill.core.permissions import require

from ..models import Account, Camera, Cloud


def _check_aware(value: Any, field: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise validation(field, "Give a time with its UTC offset (ISO 8601).")
    return value


def _require_cloud_write(actor: Actor, cloud: Cloud, action: str) -> None:
    require(actor, action)
    if actor.is_provider:
        if actor.role == Role.PROVIDER_MANAGER and cloud.pk not in actor.managed_cloud_ids:
            raise Forbidden("Not one of your clouds.")
        return
    if actor.cloud_id != cloud.pk:
        raise Forbidden("Not your cloud.")


def _require_account_scope(actor: Actor, account: Account) -> None:
    if actor.role == Role.ACCOUNT_MANAGER and account.account_manager_id != actor.user.pk:
        raise Forbidden("Not one of your accounts.")
    if actor.role == Role.AGENT and account.referral_agent_id != actor.agent_id:
        raise Forbidden("Not one of your accounts.")
    if actor.role == Role.SUBSCRIBER and account.pk != actor.account_id:
        raise Forbidden("Not your account.")


def _push_camera(camera: Camera) -> None:
    """Queue the camera's state for Watcher (preset of its tariff, enabled);
    the outbox row commits with this change, the push runs after commit."""
    from cambill.watcher.services.outbox import watcher_enqueue_camera_tariff

    watcher_enqueue_camera_tariff(camera)


def _push_account(account: Account) -> None:
    """Queue the account's organization and suspension state for Watcher."""
    from cambill.watcher.services.outbox import watcher_enqueue_account_state

    watcher_enqueue_account_state(account)
