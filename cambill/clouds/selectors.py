"""Reads of clouds, accounts and cameras, always narrowed to the actor.

An object outside the actor's scope raises ``NotFound`` exactly like a missing
one, so nobody can probe for other tenants' codes.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cambill.accounts.roles import Role
from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.permissions import require

from .models import Account, Camera, CameraTariffPeriod, Cloud


def clouds_in_scope(actor: Actor) -> QuerySet[Cloud]:
    """Every cloud the actor works in (any action), without role checks."""
    qs = Cloud.objects.all()
    if actor.sees_all_clouds():
        return qs
    if actor.role == Role.PROVIDER_MANAGER:
        return qs.filter(id__in=actor.managed_cloud_ids)
    if actor.cloud_id is not None:
        return qs.filter(id=actor.cloud_id)
    return qs.none()


def cloud_list(*, actor: Actor) -> QuerySet[Cloud]:
    require(actor, "cloud.view")
    return clouds_in_scope(actor).select_related("manager")


def cloud_get(*, actor: Actor, slug: str) -> Cloud:
    require(actor, "cloud.view")
    return cloud_in_scope(actor=actor, slug=slug)


def cloud_in_scope(*, actor: Actor, slug: str) -> Cloud:
    """The cloud of a nested route (``/clouds/{slug}/...``) if the actor works in it."""
    cloud = clouds_in_scope(actor).filter(slug=slug).first()
    if cloud is None:
        raise NotFound("cloud")
    return cloud


def accounts_in_scope(actor: Actor, cloud: Cloud) -> QuerySet[Account]:
    qs = Account.objects.filter(cloud=cloud)
    if actor.is_provider or actor.role in (Role.CLOUD_ADMIN, Role.CLOUD_ACCOUNTANT):
        return qs
    if actor.role == Role.ACCOUNT_MANAGER:
        return qs.filter(account_manager_id=actor.user.pk)
    if actor.role == Role.SUBSCRIBER:
        return qs.filter(id=actor.account_id) if actor.account_id else qs.none()
    if actor.role == Role.AGENT:
        return qs.filter(referral_agent_id=actor.agent_id) if actor.agent_id else qs.none()
    return qs.none()


def account_list(*, actor: Actor, cloud: Cloud) -> QuerySet[Account]:
    require(actor, "account.view")
    return accounts_in_scope(actor, cloud).select_related("account_manager", "referral_agent")


def account_get(*, actor: Actor, cloud: Cloud, code: str) -> Account:
    require(actor, "account.view")
    acc = accounts_in_scope(actor, cloud).filter(code=code).first()
    if acc is None:
        raise NotFound("account")
    return acc


def cameras_in_scope(actor: Actor, cloud: Cloud) -> QuerySet[Camera]:
    qs = Camera.objects.filter(cloud=cloud)
    if actor.is_provider or actor.role in (Role.CLOUD_ADMIN, Role.CLOUD_ACCOUNTANT):
        return qs
    return qs.filter(account__in=accounts_in_scope(actor, cloud))


def camera_list(*, actor: Actor, cloud: Cloud) -> QuerySet[Camera]:
    require(actor, "camera.view")
    return cameras_in_scope(actor, cloud).select_related("account")


def camera_get(*, actor: Actor, cloud: Cloud, code: str) -> Camera:
    require(actor, "camera.view")
    cam = cameras_in_scope(actor, cloud).filter(code=code).first()
    if cam is None:
        raise NotFound("camera")
    return cam


def camera_history(*, camera: Camera) -> QuerySet[CameraTariffPeriod]:
    """A camera's tariff periods, oldest first (the caller already holds the camera)."""
    return CameraTariffPeriod.objects.filter(camera=camera).select_related("tariff", "account")


def camera_history_in_scope(*, actor: Actor, camera: Camera) -> QuerySet[CameraTariffPeriod]:
    """The camera's intervals the actor may see: a camera that moved between
    accounts shows a subscriber (or its manager, or agent) only the time it
    spent in accounts of theirs; whole-cloud staff see every interval (every
    account of the camera's cloud is in their scope)."""
    return camera_history(camera=camera).filter(account__in=accounts_in_scope(actor, camera.cloud))


def current_tariff_codes(cameras: list[Camera]) -> dict[int, str]:
    """Current (open) tariff code per camera id, in one query."""
    rows = CameraTariffPeriod.objects.filter(
        camera_id__in=[c.pk for c in cameras], valid_to__isnull=True
    ).values_list("camera_id", "tariff__code")
    return dict(rows)
