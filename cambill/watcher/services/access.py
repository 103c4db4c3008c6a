"""Who may configure the Watcher connection and run its jobs, and who may see the sync."""

from __future__ import annotations

from cambill.accounts.roles import Role
from cambill.clouds.models import Cloud
from cambill.core.access import Actor
from cambill.core.errors import Forbidden

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
