"""The access matrix: which role may perform which action.

Scope (which cloud, which accounts) is applied separately by the selectors;
this table only says whether a role may attempt an action at all. The same
matrix is rendered in ``docs/roles.md`` and checked by tests/core/test_roles.py.
"""

from __future__ import annotations

from cambill.accounts.roles import Role

PA, PC, PM = Role.PROVIDER_ADMIN, Role.PROVIDER_ACCOUNTANT, Role.PROVIDER_MANAGER
CA, AM, CC = Role.CLOUD_ADMIN, Role.ACCOUNT_MANAGER, Role.CLOUD_ACCOUNTANT
SU, AG = Role.SUBSCRIBER, Role.AGENT

MATRIX: dict[str, frozenset[Role]] = {
    # provider catalogue
    "service.view": frozenset({PA, PC, PM, CA}),
    "service.manage": frozenset({PA}),
    # clouds (the cloud record itself carries wholesale terms: provider and cloud staff only)
    "cloud.view": frozenset({PA, PC, PM, CA, AM, CC}),
    "cloud.create": frozenset({PA}),
    "cloud.edit": frozenset({PA}),
    # tariff plans
    "tariff.view": frozenset({PA, PC, PM, CA, AM, CC, AG}),
    "tariff.manage": frozenset({PA, CA}),
    # subscriber accounts
    "account.view": frozenset({PA, PC, PM, CA, AM, CC, SU, AG}),
    "account.create": frozenset({PA, CA, AM, AG}),
    "account.edit": frozenset({PA, CA, AM}),
    # cameras and their tariff history
    "camera.view": frozenset({PA, PC, PM, CA, AM, CC, SU, AG}),
    "camera.manage": frozenset({PA, CA, AM}),
    # referral agents
    "agent.view": frozenset({PA, PC, PM, CA, CC, AG}),
    "agent.manage": frozenset({PA, CA}),
    # users
    "user.view": frozenset({PA, PC, PM, CA, AM, CC, SU, AG}),
    "user.manage": frozenset({PA, CA}),
    # turn off someone's second factor (lost phone and recovery codes); audited
    "user.two_factor_reset": frozenset({PA}),
    # audit log
    "audit.view": frozenset({PA}),
    # invoices and bill runs
    "invoice.view": frozenset({PA, PC, PM, CA, AM, CC, SU}),
    "invoice.manage": frozenset({PA, PC, CA, CC}),
    "report.view": frozenset({PA, PC, PM, CA, AM, CC, SU, AG}),
    # dashboards (figures precomputed by cambill.metrics; docs/metrics.md)
    "dashboard.view": frozenset({PA, PC, PM, CA, AM, CC}),
    "dashboard.refresh": frozenset({PA, PC, CA, CC}),
    # usage metering: raw events, unmatched and late usage (cloud and provider staff)
    "usage.view": frozenset({PA, PC, PM, CA, CC}),
    "usage.ingest": frozenset({PA, CA}),
    "usage.manage": frozenset({PA}),
    "usage.settle": frozenset({PA, PC, CA, CC}),
}


def allowed(role: Role, action: str) -> bool:
    try:
        return role in MATRIX[action]
    except KeyError:
        raise KeyError(f"unknown action {action!r}") from None


def require(actor, action: str) -> None:  # type: ignore[no-untyped-def]
    """Refuse with 403 when the role may not attempt ``action`` at all."""
    from .errors import Forbidden

    if not actor.can(action):
        raise Forbidden(
            f"A {actor.role or 'user without a role'} may not {action.replace('.', ' ')}."
        )
