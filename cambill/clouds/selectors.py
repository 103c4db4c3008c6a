"""Reads of clouds, accounts and cameras, always narrowed to the actor.

An object outside the actor's scope raises ``NotFound`` exactly like a missing
one, so nobody can probe for other tenants' codes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext

from cambill.accounts.roles import PROVIDER_ROLES, Role
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.errors import Forbidden, NotFound
from cambill.core.permissions import require
from cambill.core.validation import model_max_length

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


def with_current_tariff(cameras: QuerySet[Camera]) -> QuerySet[Camera]:
    """Annotate each camera with the code of the tariff it holds now (``current_tariff``)."""
    now = clock.now()
    holding = CameraTariffPeriod.objects.filter(camera=OuterRef("pk"), valid_from__lte=now).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=now)
    )
    return cameras.annotate(current_tariff=Subquery(holding.values("tariff__code")[:1]))


def with_open_period_tariff(cameras: QuerySet[Camera]) -> QuerySet[Camera]:
    """Annotate each camera of a queryset the caller already scoped with the
    tariff of its open period (the one it holds from its last change on, possibly
    scheduled ahead) as ``current_tariff``, in the same query as the list."""
    open_period = CameraTariffPeriod.objects.filter(camera=OuterRef("pk"), valid_to__isnull=True)
    return cameras.annotate(current_tariff=Subquery(open_period.values("tariff__code")[:1]))


def with_first_tariff_at(cameras: QuerySet[Camera]) -> QuerySet[Camera]:
    """Annotate each camera with the start of its first tariff period (``first_tariff_at``)."""
    first = CameraTariffPeriod.objects.filter(camera=OuterRef("pk")).order_by("valid_from")
    return cameras.annotate(first_tariff_at=Subquery(first.values("valid_from")[:1]))


def tariff_ended_without_successor(now: datetime, lo: datetime | None, hi: datetime | None) -> Q:
    """For a camera queryset: the camera has a tariff period that ended (by
    ``now``) in ``(lo, hi]`` and was not followed by another period starting at
    that instant (so the camera left billing then)."""
    q = Q(valid_to__lte=now)
    if lo is not None:
        q &= Q(valid_to__gt=lo)
    if hi is not None:
        q &= Q(valid_to__lte=hi)
    moved_on = CameraTariffPeriod.objects.filter(
        camera=OuterRef("camera"), valid_from=OuterRef("valid_to")
    )
    lost = CameraTariffPeriod.objects.filter(q, camera=OuterRef("pk")).exclude(Exists(moved_on))
    return Q(Exists(lost))


def cloud_timezones(rows: QuerySet[Any]) -> list[str]:
    """The time zones of the clouds the rows of ``rows`` (a queryset already
    scoped to the actor, with a ``cloud_id``) belong to, sorted."""
    return sorted(
        set(
            Cloud.objects.filter(pk__in=rows.order_by().values("cloud_id")).values_list(
                "timezone", flat=True
            )
        )
    )


def provider_clouds(actor: Actor, action: str) -> QuerySet[Cloud]:
    """The clouds in a provider actor's scope, for a provider-wide list of ``action``."""
    require(actor, action)
    if not (actor.is_system or actor.role in PROVIDER_ROLES):
        raise Forbidden(gettext("Provider staff only."))
    return clouds_in_scope(actor)


def provider_camera_list(*, actor: Actor) -> QuerySet[Camera]:
    """Cameras of every cloud in the provider actor's scope (a provider manager:
    its clouds). Provider staff see all of a cloud's cameras
    (``cameras_in_scope``), so the scope is the clouds alone."""
    clouds = provider_clouds(actor, "camera.view")
    return Camera.objects.filter(cloud__in=clouds).select_related("account", "cloud")


def own_account_code(*, actor: Actor) -> str | None:
    """The code of a subscriber's own account (``None`` without one)."""
    if actor.account_id is None:
        return None
    return Account.objects.filter(pk=actor.account_id).values_list("code", flat=True).first()


def own_cloud(*, actor: Actor) -> Cloud:
    """The cloud the actor belongs to (the caller checked it has one)."""
    if actor.cloud_id is None:
        raise NotFound("cloud")
    return Cloud.objects.get(pk=actor.cloud_id)


def cloud_none() -> QuerySet[Cloud]:
    """No clouds: the schema generator's stand-in for ``cloud_list`` (it has no actor)."""
    return Cloud.objects.none()


def account_none() -> QuerySet[Account]:
    """No accounts: the schema generator's stand-in for ``account_list`` (it has no actor)."""
    return Account.objects.none()


def camera_none() -> QuerySet[Camera]:
    """No cameras: the schema generator's stand-in for ``camera_list`` (it has no actor)."""
    return Camera.objects.none()


def account_field_max_length(field: str) -> int:
    """The ``max_length`` of an account field, for forms that do not bind the model."""
    return model_max_length(Account, field)


def field_max_length(model: str, field: str) -> int:
    """The ``max_length`` of a text field of one of this domain's models
    (``field_max_length("Account", ...)``), for serializers
    that do not bind the model: the layers above never import ``models``."""
    from cambill.core.validation import model_max_length

    from . import models as domain_models

    return model_max_length(getattr(domain_models, model), field)


def account_suspensions(*, account: Account) -> QuerySet[Any]:
    """The account's suspension history ``[start, end)``, oldest first (the
    caller has the account from ``account_get``, so it is in the actor's scope)."""
    from .models import AccountSuspension

    return (
        AccountSuspension.objects.filter(account=account)
        .select_related("suspended_by", "resumed_by")
        .order_by("start")
    )
