"""Reads on users, scoped to the actor."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from cambill.core.access import Actor
from cambill.core.errors import Forbidden, NotFound
from cambill.core.permissions import require

from .models import ApiToken, User
from .roles import CLOUD_STAFF_ROLES, PROVIDER_ROLES, Role

# The order roles are offered in a form.
_ORDER = list(Role)


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


def user_in_scope(actor: Actor, user: Any) -> bool:
    """Whether ``user`` is among :func:`users_in_scope` (a list row links to the
    user's page only then), decided without a query."""
    if not actor.can("user.view"):
        return False
    if actor.is_system or actor.role == Role.PROVIDER_ADMIN:
        return True
    membership = getattr(user, "membership", None)  # a reverse one-to-one: None if absent
    if actor.role == Role.CLOUD_ADMIN and actor.cloud_id is not None and membership is not None:
        return bool(membership.cloud_id == actor.cloud_id)
    return bool(user.pk == actor.user.pk)


def user_get(*, actor: Actor, username: str) -> User:
    """One user in scope; "not yours" and "does not exist" are the same 404."""
    user = users_in_scope(actor).filter(username=username).first()
    if user is None:
        raise NotFound("user")
    return user


def may_manage(actor: Actor, user: Any) -> bool:
    """May ``actor`` edit, (de)activate or send a reset link to ``user``? A
    provider admin any user, a cloud admin the users of its cloud; nobody
    manages itself here (its own page is "My account")."""
    if user.pk == getattr(actor.user, "pk", None) and not actor.is_system:
        return False
    if not actor.can("user.manage"):
        return False
    if actor.is_system or actor.role == Role.PROVIDER_ADMIN:
        return True
    membership = getattr(user, "membership", None)
    return bool(
        actor.role == Role.CLOUD_ADMIN
        and membership is not None
        and actor.cloud_id is not None
        and membership.cloud_id == actor.cloud_id
    )


def grantable_roles(actor: Actor, user: Any) -> list[Role]:
    """The roles ``actor`` may give ``user`` (its current one included), or []
    when its role cannot change: provider staff move among provider roles (a
    provider admin decides), cloud staff among cloud staff roles (a provider
    admin or the cloud's admin); a subscriber's or an agent's login is tied to
    its account or agent record, so it never changes role. Nobody grants more
    than its own role, and nobody changes its own."""
    if not may_manage(actor, user):
        return []
    current = Role(user.role) if user.role in Role.values else None
    if current in PROVIDER_ROLES:
        family = PROVIDER_ROLES if actor.is_system or actor.role == Role.PROVIDER_ADMIN else None
    elif current in CLOUD_STAFF_ROLES:
        family = CLOUD_STAFF_ROLES
    else:
        family = None
    return [r for r in _ORDER if r in family] if family else []


def staff_list(*, actor: Actor) -> QuerySet[User]:
    """Provider staff; only provider staff may list them."""
    require(actor, "user.view")
    if not actor.is_provider:
        raise Forbidden(gettext("Only provider staff see provider staff."))
    return User.objects.filter(role__in=[r.value for r in PROVIDER_ROLES])


def manager_choices(*, actor: Actor) -> QuerySet[User]:
    """Users who may be a cloud's responsible manager."""
    return staff_list(actor=actor).filter(
        role__in=[Role.PROVIDER_MANAGER, Role.PROVIDER_ADMIN], is_active=True
    )


def cloud_user_list(*, actor: Actor, cloud: Any) -> QuerySet[User]:
    """Users of one cloud the actor may see: staff see all of them, an account
    manager its colleagues and its accounts' users, a subscriber the users of
    its own account, an agent itself."""
    require(actor, "user.view")
    qs = User.objects.filter(membership__cloud=cloud).select_related("membership__account", "agent")
    if actor.is_provider or actor.role in (Role.CLOUD_ADMIN, Role.CLOUD_ACCOUNTANT):
        return qs
    if actor.role == Role.ACCOUNT_MANAGER:
        return qs.filter(
            Q(role__in=[r.value for r in CLOUD_STAFF_ROLES])
            | Q(membership__account__account_manager_id=actor.user.pk)
        )
    if actor.role == Role.SUBSCRIBER and actor.account_id is not None:
        return qs.filter(membership__account_id=actor.account_id)
    if actor.role == Role.AGENT:
        return qs.filter(pk=actor.user.pk)
    return qs.none()


def account_manager_choices(*, cloud: Any) -> QuerySet[User]:
    """Users a cloud's accounts may be assigned to (the caller already holds the cloud)."""
    return User.objects.filter(
        membership__cloud=cloud,
        role__in=[Role.ACCOUNT_MANAGER, Role.CLOUD_ADMIN],
        is_active=True,
    ).order_by("username")


def account_users(*, account: Any) -> QuerySet[User]:
    """Login users of an account (the caller already holds the account)."""
    return User.objects.filter(membership__account=account).order_by("username")


def token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """The actor's own API tokens."""
    pk = getattr(actor.user, "pk", None)
    return ApiToken.objects.filter(user_id=pk) if pk is not None else ApiToken.objects.none()


def token_get(*, actor: Actor, pk: int) -> ApiToken:
    """One of the actor's own tokens; someone else's is the same 404 as a missing one."""
    token = token_list(actor=actor).filter(pk=pk).first()
    if token is None:
        raise NotFound("token")
    return token


def user_none() -> QuerySet[User]:
    """No users: the schema generator's stand-in for ``users_in_scope`` (it has no actor)."""
    return User.objects.none()


def token_none() -> QuerySet[ApiToken]:
    """No tokens: the schema generator's stand-in for ``token_list`` (it has no actor)."""
    return ApiToken.objects.none()


def user_reread(user: User) -> User:
    """``user`` read again with its relations, for the answer to a write that
    just made or changed it (the caller already holds it; no scoping)."""
    return User.objects.select_related("membership__cloud", "membership__account", "agent").get(
        pk=user.pk
    )


def field_max_length(model: str, field: str) -> int:
    """The ``max_length`` of a text field of one of this domain's models
    (``field_max_length("User", ...)``), for serializers
    that do not bind the model: the layers above never import ``models``."""
    from cambill.core.validation import model_max_length

    from . import models as domain_models

    return model_max_length(getattr(domain_models, model), field)
