"""Reads of the catalogue: services, prices and tariffs, scoped to the actor."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import F, Q, QuerySet

from cambill.core.access import Actor
from cambill.core.errors import NotFound
from cambill.core.permissions import require

from .models import (
    AccountDiscount,
    CloudAllowedTariff,
    CloudServicePrice,
    Service,
    ServicePrice,
    TariffPlan,
)


def service_list(*, actor: Actor) -> QuerySet[Service]:
    require(actor, "service.view")
    return Service.objects.prefetch_related("prices")


def service_get(*, actor: Actor, code: str) -> Service:
    obj = service_list(actor=actor).filter(code=code).first()
    if obj is None:
        raise NotFound("service")
    return obj


def tariffs_for_cloud(cloud) -> QuerySet[TariffPlan]:  # type: ignore[no-untyped-def]
    """The cloud's own tariffs plus the provider tariffs it is allowed to sell."""
    allowed = CloudAllowedTariff.objects.filter(cloud=cloud).values("tariff_id")
    return TariffPlan.objects.filter(Q(cloud=cloud) | Q(cloud__isnull=True, id__in=allowed))


def tariff_list(*, actor: Actor, cloud) -> QuerySet[TariffPlan]:  # type: ignore[no-untyped-def]
    require(actor, "tariff.view")
    return tariffs_for_cloud(cloud).prefetch_related("components__service")


def tariff_get(*, actor: Actor, cloud, code: str) -> TariffPlan:  # type: ignore[no-untyped-def]
    obj = (
        tariff_list(actor=actor, cloud=cloud)
        .filter(code=code)
        .order_by(F("cloud_id").asc(nulls_last=True))
        .first()
    )
    if obj is None:
        raise NotFound("tariff")
    return obj


def provider_tariff_list(*, actor: Actor) -> QuerySet[TariffPlan]:
    require(actor, "service.view")
    return TariffPlan.objects.filter(cloud__isnull=True).prefetch_related("components__service")


def price_points(
    service_id: int, currency: str, cloud_id: int | None
) -> list[tuple[date, Decimal]]:
    """Effective-dated wholesale prices of a service for a cloud: the cloud's
    individual prices replace the list price from their own ``valid_from``."""
    base = list(
        ServicePrice.objects.filter(service_id=service_id, currency=currency)
        .order_by("valid_from")
        .values_list("valid_from", "amount")
    )
    if cloud_id is None:
        return base
    own = list(
        CloudServicePrice.objects.filter(
            cloud_id=cloud_id, service_id=service_id, currency=currency
        )
        .order_by("valid_from")
        .values_list("valid_from", "amount")
    )
    if not own:
        return base
    first_own = own[0][0]
    return [p for p in base if p[0] < first_own] + own


def price_on(points: list[tuple[date, Decimal]], day: date) -> Decimal | None:
    current = None
    for valid_from, amount in points:
        if valid_from <= day:
            current = amount
        else:
            break
    return current


def allowed_tariffs(*, actor: Actor, cloud) -> QuerySet[TariffPlan]:  # type: ignore[no-untyped-def]
    """Provider tariffs ``cloud`` may sell (the caller already holds the cloud)."""
    require(actor, "cloud.view")
    ids = CloudAllowedTariff.objects.filter(cloud=cloud).values("tariff_id")
    return TariffPlan.objects.filter(cloud__isnull=True, id__in=ids)


def cloud_service_prices(*, actor: Actor, cloud) -> QuerySet[CloudServicePrice]:  # type: ignore[no-untyped-def]
    """The cloud's individual wholesale prices, newest first per service."""
    require(actor, "cloud.view")
    return (
        CloudServicePrice.objects.filter(cloud=cloud)
        .select_related("service")
        .order_by("service__code", "-valid_from")
    )


def has_individual_price(*, cloud, service, day: date) -> bool:  # type: ignore[no-untyped-def]
    """Whether the price of ``service`` in force on ``day`` is the cloud's own
    (not the list price); the caller already holds the cloud."""
    return CloudServicePrice.objects.filter(
        cloud=cloud, service=service, currency=cloud.currency, valid_from__lte=day
    ).exists()


def allowed_tariff_codes(cloud_ids: list[int]) -> dict[int, list[str]]:
    """The codes of the provider tariffs allowed to each cloud, by cloud id: for
    clouds the caller already read in scope."""
    out: dict[int, list[str]] = {i: [] for i in cloud_ids}
    rows = (
        CloudAllowedTariff.objects.filter(cloud_id__in=cloud_ids)
        .order_by("tariff__code")
        .values_list("cloud_id", "tariff__code")
    )
    for cid, code in rows:
        out[cid].append(code)
    return out


def latest_service_prices(cloud_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The latest individual price per service of each cloud, by cloud id: for
    clouds the caller already read in scope."""
    latest: dict[tuple[int, str], dict[str, Any]] = {}
    rows = (
        CloudServicePrice.objects.filter(cloud_id__in=cloud_ids)
        .order_by("cloud_id", "service__code", "valid_from")
        .values_list("cloud_id", "service__code", "currency", "amount")
    )
    for cid, code, cur, amount in rows:
        latest[(cid, code)] = {"service": code, "currency": cur, "amount": amount}
    out: dict[int, list[dict[str, Any]]] = {i: [] for i in cloud_ids}
    for (cid, _), row in latest.items():
        out[cid].append(row)
    return out


def account_discounts(account) -> QuerySet[AccountDiscount]:  # type: ignore[no-untyped-def]
    """The discounts of an account the caller already holds (read it in scope
    with ``account_get`` first; no scoping here)."""
    return AccountDiscount.objects.filter(account=account).select_related("cloud")


def service_none() -> QuerySet[Service]:
    """No services: the schema generator's stand-in for ``service_list`` (it has no actor)."""
    return Service.objects.none()


def tariff_none() -> QuerySet[TariffPlan]:
    """No tariffs: the schema generator's stand-in for the tariff lists (it has no actor)."""
    return TariffPlan.objects.none()


def discount_none() -> QuerySet[AccountDiscount]:
    """No discounts: the schema generator's stand-in for ``account_discounts``."""
    return AccountDiscount.objects.none()


def field_max_length(model: str, field: str) -> int:
    """The ``max_length`` of a text field of one of this domain's models
    (``field_max_length("Service", ...)``), for serializers
    that do not bind the model: the layers above never import ``models``."""
    from cambill.core.validation import model_max_length

    from . import models as domain_models

    return model_max_length(getattr(domain_models, model), field)
