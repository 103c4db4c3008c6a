"""Scoped reads the pages need and the domain packages do not offer yet.

Users, API tokens, the audit log and a cloud's individual terms have no
selectors in their own packages; these follow the same rules (``require`` the
action, narrow to the actor's scope, "not yours" is ``NotFound``) so they can
move to ``accounts/selectors.py``, ``core/selectors.py`` and
``catalog/selectors.py`` unchanged.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cambill.accounts.models import ApiToken, User
from cambill.accounts.roles import CLOUD_STAFF_ROLES, PROVIDER_ROLES, Role
from cambill.catalog.models import CloudAllowedTariff, CloudServicePrice, TariffPlan
from cambill.clouds.models import Cloud
from cambill.core.access import Actor
from cambill.core.errors import Forbidden, NotFound
from cambill.core.models import AuditEntry
from cambill.core.permissions import require


def staff_list(*, actor: Actor) -> QuerySet[User]:
    """Provider staff; only provider staff may list them."""
    require(actor, "user.view")
    if not actor.is_provider:
        raise Forbidden("Only provider staff see provider staff.")
    return User.objects.filter(role__in=[r.value for r in PROVIDER_ROLES])


def manager_choices(*, actor: Actor) -> QuerySet[User]:
    """Users who may be a cloud's responsible manager."""
    return staff_list(actor=actor).filter(
        role__in=[Role.PROVIDER_MANAGER, Role.PROVIDER_ADMIN], is_active=True
    )


def cloud_user_list(*, actor: Actor, cloud: Cloud) -> QuerySet[User]:
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


def account_manager_choices(*, cloud: Cloud) -> QuerySet[User]:
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
    token = token_list(actor=actor).filter(pk=pk).first()
    if token is None:
        raise NotFound("token")
    return token


def audit_list(*, actor: Actor) -> QuerySet[AuditEntry]:
    require(actor, "audit.view")
    return AuditEntry.objects.select_related("cloud")


def allowed_tariffs(*, actor: Actor, cloud: Cloud) -> QuerySet[TariffPlan]:
    """Provider tariffs ``cloud`` may sell (the caller already holds the cloud)."""
    require(actor, "cloud.view")
    ids = CloudAllowedTariff.objects.filter(cloud=cloud).values("tariff_id")
    return TariffPlan.objects.filter(cloud__isnull=True, id__in=ids)


def cloud_service_prices(*, actor: Actor, cloud: Cloud) -> QuerySet[CloudServicePrice]:
    """The cloud's individual wholesale prices, newest first per service."""
    require(actor, "cloud.view")
    return (
        CloudServicePrice.objects.filter(cloud=cloud)
        .select_related("service")
        .order_by("service__code", "-valid_from")
    )


def _provider_clouds(actor: Actor, action: str) -> QuerySet[Cloud]:
    from cambill.clouds.selectors import clouds_in_scope

    require(actor, action)
    if not (actor.is_system or actor.role in PROVIDER_ROLES):
        raise Forbidden("Provider staff only.")
    return clouds_in_scope(actor)


def provider_camera_list(*, actor: Actor) -> QuerySet[Any]:
    """Cameras of every cloud in the provider actor's scope (a provider manager:
    its clouds). Provider staff see all of a cloud's cameras
    (``cameras_in_scope``), so the scope is the clouds alone."""
    from cambill.clouds.models import Camera

    clouds = _provider_clouds(actor, "camera.view")
    return Camera.objects.filter(cloud__in=clouds).select_related("account", "cloud")


def provider_invoice_list(*, actor: Actor) -> QuerySet[Any]:
    """Invoices of every cloud in the provider actor's scope (``invoices_in_scope``
    gives provider staff all of a cloud's invoices), newest period first."""
    from cambill.invoicing.models import Invoice

    clouds = _provider_clouds(actor, "invoice.view")
    return (
        Invoice.objects.filter(cloud__in=clouds)
        .select_related("account", "cloud")
        .order_by("-period", "cloud__slug", "kind", "account__code", "id")
    )
