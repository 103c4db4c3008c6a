"""Who may record, see and configure payments.

Retail money (a subscriber paying its cloud) is the cloud's business: its admin
and accountant, and the provider admin acting for any cloud. Wholesale money
(a cloud paying the provider) is the provider's: its admin and accountant.
Gateway keys, dunning and webhooks are configured by the cloud admin or the
provider admin. Scope (which cloud) is always checked as well.
"""

from __future__ import annotations

from typing import Any

from cambill.accounts.roles import Role
from cambill.core.access import Actor
from cambill.core.errors import Forbidden, NotFound

PA, PC, PM = Role.PROVIDER_ADMIN, Role.PROVIDER_ACCOUNTANT, Role.PROVIDER_MANAGER
CA, AM, CC, SU = Role.CLOUD_ADMIN, Role.ACCOUNT_MANAGER, Role.CLOUD_ACCOUNTANT, Role.SUBSCRIBER

RETAIL_MANAGERS = frozenset({PA, CA, CC})
WHOLESALE_MANAGERS = frozenset({PA, PC})
CONFIG_MANAGERS = frozenset({PA, CA})
CLOUD_VIEWERS = frozenset({PA, PC, PM, CA, CC})


def in_cloud(actor: Actor, cloud_id: int) -> bool:
    if actor.sees_all_clouds():
        return True
    if actor.role == PM:
        return cloud_id in actor.managed_cloud_ids
    return actor.cloud_id == cloud_id


def _check_scope(actor: Actor, cloud: Any) -> None:
    if not in_cloud(actor, cloud.pk):
        raise NotFound("cloud")


def require_payments_manage(actor: Actor, cloud: Any, kind: str = "retail") -> None:
    if actor.is_system:
        return
    _check_scope(actor, cloud)
    managers = WHOLESALE_MANAGERS if kind == "wholesale" else RETAIL_MANAGERS
    if actor.role not in managers:
        raise Forbidden(f"A {actor.role} may not record {kind} payments.")


def require_config_manage(actor: Actor, cloud: Any) -> None:
    if actor.is_system:
        return
    _check_scope(actor, cloud)
    if actor.role not in CONFIG_MANAGERS:
        raise Forbidden(f"A {actor.role} may not configure payments of this cloud.")


def can_view_cloud_money(actor: Actor, cloud: Any) -> bool:
    return actor.is_system or (actor.role in CLOUD_VIEWERS and in_cloud(actor, cloud.pk))


def can_view_account_money(actor: Actor, account: Any) -> bool:
    if can_view_cloud_money(actor, account.cloud):
        return True
    if actor.role == SU:
        return actor.account_id == account.pk
    if actor.role == AM:
        return actor.cloud_id == account.cloud_id and account.account_manager_id == getattr(
            actor.user, "pk", None
        )
    return False
