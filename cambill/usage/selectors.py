"""Scoped reads of usage: the cloud's staff and provider staff only.

Raw events and the unmatched list are operational data of the whole cloud
(subjects of cameras not yet known to anyone), so subscribers, account
managers and agents do not read them; their usage reaches them on invoices.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext

from cambill.clouds.models import Cloud
from cambill.clouds.selectors import cloud_in_scope
from cambill.core.access import Actor
from cambill.core.errors import Forbidden, validation
from cambill.core.permissions import MATRIX

from .models import Meter, UsageEvent

# The roles of ``usage.view`` in the MATRIX (menus read it).
USAGE_READERS = MATRIX["usage.view"]


def usage_cloud(*, actor: Actor, slug: str) -> Cloud:
    """The cloud (404 when not in scope), if the actor may read its usage (else 403)."""
    cloud = cloud_in_scope(actor=actor, slug=slug)
    if not actor.can("usage.view"):
        raise Forbidden(gettext("Your role may not read raw usage."))
    return cloud


def event_list(
    *,
    actor: Actor,
    cloud: Cloud,
    camera: str | None = None,
    type: str | None = None,
    late: str | None = None,
    pending: str | None = None,
    unmatched: bool = False,
    quarantined: str | bool | None = None,
) -> QuerySet[UsageEvent]:
    """The cloud's raw events, newest first, optionally filtered.
    ``quarantined``: true = only the events the rollup could not count (with
    their reason), false = only the others."""
    usage_cloud(actor=actor, slug=cloud.slug)
    qs = UsageEvent.objects.filter(cloud=cloud).select_related("camera")
    if unmatched:
        qs = qs.filter(camera__isnull=True)
    if camera:
        qs = qs.filter(subject=camera)
    if type:
        qs = qs.filter(type=type)
    if late:
        if late.lower() not in ("true", "false", "1", "0"):
            raise validation("late", gettext("Use true or false."))
        qs = qs.filter(late=late.lower() in ("true", "1"))
    if pending:
        if pending.lower() not in ("true", "false", "1", "0"):
            raise validation("pending", gettext("Use true or false."))
        waiting = Q(late=True, billed_period__isnull=True)
        qs = qs.filter(waiting) if pending.lower() in ("true", "1") else qs.exclude(waiting)
    if isinstance(quarantined, str) and quarantined:
        if quarantined.lower() not in ("true", "false", "1", "0"):
            raise validation("quarantined", gettext("Use true or false."))
        quarantined = quarantined.lower() in ("true", "1")
    if isinstance(quarantined, bool):
        qs = qs.filter(quarantined_at__isnull=not quarantined)
    return qs.order_by("-time", "-id")


def meter_list(*, actor: Actor) -> QuerySet[Meter]:
    """Meters are the provider's catalogue: visible to staff who see services."""
    if not actor.can("service.view"):
        raise Forbidden(gettext("Your role may not view meters."))
    return Meter.objects.all()


def event_none() -> QuerySet[UsageEvent]:
    """No events: the schema generator's stand-in for ``event_list`` (it has no actor)."""
    return UsageEvent.objects.none()


def meter_none() -> QuerySet[Meter]:
    """No meters: the schema generator's stand-in for ``meter_list`` (it has no actor)."""
    return Meter.objects.none()


def field_max_length(model: str, field: str) -> int:
    """The ``max_length`` of a text field of one of this domain's models
    (``field_max_length("Meter", ...)``), for serializers
    that do not bind the model: the layers above never import ``models``."""
    from cambill.core.validation import model_max_length

    from . import models as domain_models

    return model_max_length(getattr(domain_models, model), field)


def meter_get(*, actor: Actor, code: str) -> Meter:
    """One meter by code (404 when there is none; 403 for a role that may not see meters)."""
    from cambill.core.errors import NotFound

    meter = meter_list(actor=actor).filter(code=code).first()
    if meter is None:
        raise NotFound("meter")
    return meter


def metered_pricing_of(services: list[Any]) -> dict[int, dict[str, Any]]:
    """``service id -> {"meter": code, "prices": [...]}`` for the metered ones
    among ``services`` (the API's and the services page's view of them); each
    price ``{"currency", "valid_from", "pricing", "included_per_camera"}``."""
    from .models import MeteredService, MeteredServicePrice

    out: dict[int, dict[str, Any]] = {}
    ids = [s.pk for s in services]
    by_ms: dict[int, int] = {}
    for ms_id, svc_id, code in MeteredService.objects.filter(service_id__in=ids).values_list(
        "pk", "service_id", "meter__code"
    ):
        out[svc_id] = {"meter": code, "prices": []}
        by_ms[ms_id] = svc_id
    for ms_id, cur, vf, pricing, included in (
        MeteredServicePrice.objects.filter(metered_id__in=by_ms)
        .order_by("currency", "valid_from")
        .values_list("metered_id", "currency", "valid_from", "pricing", "included_per_camera")
    ):
        out[by_ms[ms_id]]["prices"].append(
            {
                "currency": cur,
                "valid_from": vf,
                "pricing": pricing,
                "included_per_camera": included,
            }
        )
    return out


def tariff_extras(*, cloud: Cloud, tariffs: list[Any]) -> dict[int, list[dict[str, Any]]]:
    """``tariff id -> [{"meter", "meter_name", "unit", "description",
    "included_per_camera", "pricing"}]``: the metered extras ``cloud`` charges
    on each of ``tariffs``, by meter code."""
    from .models import TariffMeteredCharge

    out: dict[int, list[dict[str, Any]]] = {t.pk: [] for t in tariffs}
    for ch in (
        TariffMeteredCharge.objects.filter(cloud=cloud, tariff_id__in=list(out))
        .select_related("meter")
        .order_by("tariff_id", "meter__code")
    ):
        out[ch.tariff_id].append(
            {
                "meter": ch.meter.code,
                "meter_name": ch.meter.name,
                "unit": ch.meter.unit,
                "description": ch.description,
                "included_per_camera": ch.included_per_camera,
                "pricing": ch.pricing,
            }
        )
    return out


def metered_costs(*, meter: str, currency: str, day: Any) -> list[dict[str, Any]]:
    """The metered provider services priced from ``meter``, each with its price
    in ``currency`` in effect on ``day``: ``[{"service", "name", "pricing",
    "included_per_camera"}]`` (``pricing`` None: no price in that currency).
    What a cloud pays for a camera's usage of the meter (the tariff builder)."""
    from .aggregates import metered_price_in_effect
    from .models import MeteredService, MeteredServicePrice

    out = []
    for ms in MeteredService.objects.filter(meter__code=meter).select_related("service"):
        rows = list(
            MeteredServicePrice.objects.filter(metered=ms).values_list(
                "currency", "valid_from", "pricing", "included_per_camera"
            )
        )
        found = metered_price_in_effect(rows, currency, day)
        out.append(
            {
                "service": ms.service.code,
                "name": ms.service.name,
                "pricing": found[0] if found else None,
                "included_per_camera": found[1] if found else None,
            }
        )
    return sorted(out, key=lambda x: x["service"])
