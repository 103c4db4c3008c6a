"""Who is acting, and what they may touch.

``Actor`` is built once per request (or command) from the user. Every read
goes through selectors that take an actor and return a queryset already
narrowed to what it may see; objects outside it are "not found", exactly as
if they did not exist. Who may do what (roles x actions with object
predicates, rendered in ``docs/roles.md``) lives in ``cambill.core.permissions``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cambill.accounts.roles import CLOUD_ROLES, PROVIDER_ROLES, Role

from . import permissions


@dataclass(frozen=True)
class Actor:
    """The acting user with its role and scope (cloud, account, agent)."""

    user: Any
    role: Role | None
    cloud_id: int | None = None
    account_id: int | None = None
    agent_id: int | None = None
    managed_cloud_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_system(self) -> bool:
        return self.role is None and self.user is None

    @property
    def is_provider(self) -> bool:
        return self.role in PROVIDER_ROLES or self.is_system

    @property
    def username(self) -> str:
        return getattr(self.user, "username", "system")

    def sees_all_clouds(self) -> bool:
        return self.is_system or self.role in (Role.PROVIDER_ADMIN, Role.PROVIDER_ACCOUNTANT)

    def can(self, action: str, obj: Any = None) -> bool:
        """Whether this actor may do ``action`` (to ``obj``, when given); the
        rules are the registry in :mod:`cambill.core.permissions`."""
        return permissions.can(self, action, obj)


SYSTEM = Actor(user=None, role=None)


def actor_for(user: Any) -> Actor:
    """Build (and cache on the user object) the actor for a user."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise ValueError("anonymous users have no actor")
    cached = getattr(user, "_cambill_actor", None)
    if cached is not None:
        return cached
    role = Role(user.role) if user.role else None
    cloud_id = account_id = agent_id = None
    managed: frozenset[int] = frozenset()
    if role == Role.PROVIDER_MANAGER:
        from cambill.clouds.models import Cloud

        managed = frozenset(Cloud.objects.filter(manager=user).values_list("id", flat=True))
    elif role in CLOUD_ROLES:
        from cambill.clouds.models import Membership

        m = Membership.objects.filter(user=user).first()
        if m is not None:
            cloud_id, account_id = m.cloud_id, m.account_id
        if role == Role.AGENT:
            from cambill.referrals.models import Agent

            agent_id = Agent.objects.filter(user=user).values_list("id", flat=True).first()
    if role is not None and role not in PROVIDER_ROLES and cloud_id is None:
        role = None  # a cloud user without a membership can do nothing
    actor = Actor(
        user=user,
        role=role,
        cloud_id=cloud_id,
        account_id=account_id,
        agent_id=agent_id,
        managed_cloud_ids=managed,
    )
    user._cambill_actor = actor
    return actor
