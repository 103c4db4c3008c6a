"""Reads on users, scoped to the actor."""

from __future__ import annotations

from django.db.models import QuerySet

from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.permissions import require

from .models import User
from .roles import Role


def users_in_scope(actor: Actor) -> QuerySet[User]:
    """The users ``actor`` may see: a provider admin all of them, a cloud admin
    the users of its cloud, everyone else only itself."""
    require(actor, "user.view")
    qs = User.objects.select_related("membership__cloud", "membership__account", "agent")
    if actor.is_system or actor.role == Role.PROVIDER_ADMIN:
        return qs
    if actor.role == Role.CLOUD_ADMIN and actor.cloud_id is not None:
        return qs.filter(membership__cloud_id=actor.cloud_id)
    return qs.filter(pk=actor.user.pk)


def user_get(*, actor: Actor, username: str) -> User:
    """One user in scope; "not yours" and "does not exist" are the same 404."""
    user = users_in_scope(actor).filter(username=username).first()
    if user is None:
        raise NotFound("user")
    return user
