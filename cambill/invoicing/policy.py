"""Who may act on invoices and bill runs.

The matrix in :mod:`cambill.core.permissions` says whether a role may attempt
``invoice.manage`` at all; here the issuer decides on top of it. A wholesale
invoice is the provider's document (its admin and accountant manage it); a
retail invoice is the cloud's (its admin and accountant, and the provider admin
who can act for any cloud). Scope (which cloud) is checked too, so a verb
called with an object fetched elsewhere still refuses a foreign cloud.
"""

from __future__ import annotations

from typing import Any

from cambill.accounts.roles import Role
from cambill.core.access import Actor
from cambill.core.errors import Forbidden
from cambill.core.permissions import require

from .models import InvoiceKind

WHOLESALE_MANAGERS = frozenset({Role.PROVIDER_ADMIN, Role.PROVIDER_ACCOUNTANT})
RETAIL_MANAGERS = frozenset({Role.PROVIDER_ADMIN, Role.CLOUD_ADMIN, Role.CLOUD_ACCOUNTANT})
BILL_RUN_MANAGERS = frozenset(
    {Role.PROVIDER_ADMIN, Role.PROVIDER_ACCOUNTANT, Role.CLOUD_ADMIN, Role.CLOUD_ACCOUNTANT}
)
BILL_RUN_VIEWERS = BILL_RUN_MANAGERS | {Role.PROVIDER_MANAGER}
# Wholesale cost and margin are the cloud's business, not its subscribers' or agents'.
COST_VIEWERS = BILL_RUN_VIEWERS


def _in_cloud(actor: Actor, cloud_id: int) -> bool:
    if actor.sees_all_clouds():
        return True
    if actor.role == Role.PROVIDER_MANAGER:
        return cloud_id in actor.managed_cloud_ids
    return actor.cloud_id == cloud_id


def can_manage_invoice(actor: Actor, invoice: Any) -> bool:
    if actor.is_system:
        return True
    if not actor.can("invoice.manage") or not _in_cloud(actor, invoice.cloud_id):
        return False
    managers = WHOLESALE_MANAGERS if invoice.kind == InvoiceKind.WHOLESALE else RETAIL_MANAGERS
    return actor.role in managers


def require_invoice_manage(actor: Actor, invoice: Any) -> None:
    require(actor, "invoice.manage")
    if not can_manage_invoice(actor, invoice):
        who = "the provider" if invoice.kind == InvoiceKind.WHOLESALE else "the cloud"
        raise Forbidden(f"A {actor.role} may not change this invoice; it is managed by {who}.")


def can_run_bills(actor: Actor, cloud: Any) -> bool:
    if actor.is_system:
        return True
    return actor.role in BILL_RUN_MANAGERS and _in_cloud(actor, cloud.pk)


def require_bill_run_manage(actor: Actor, cloud: Any) -> None:
    require(actor, "invoice.manage")
    if not can_run_bills(actor, cloud):
        raise Forbidden(f"A {actor.role} may not run bills for this cloud.")


def can_view_bill_runs(actor: Actor, cloud: Any) -> bool:
    if actor.is_system:
        return True
    return actor.role in BILL_RUN_VIEWERS and _in_cloud(actor, cloud.pk)


def can_see_costs(actor: Actor) -> bool:
    return actor.is_system or actor.role in COST_VIEWERS
