"""Reads behind the self-service tariff change (issue #17, point 7).

A cloud marks tariffs as self-service (``TariffPlan.self_service``); a
subscriber may switch its own cameras among those its cloud may sell. Before
confirming it sees what the change does to its invoices:
:func:`tariff_change_preview` loads the camera's current tariff and the chosen
one as plain rating values and calls the pure
:func:`cambill.rating.tariff_change.preview_tariff_change`, the same retail
rating the bill run uses. The write is
:func:`cambill.clouds.services.self_service.camera_self_service_change_tariff`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext

from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.errors import ErrorCode, validation
from cambill.core.permissions import require
from cambill.rating.tariff_change import TariffChangePreview, preview_tariff_change
from cambill.rating.types import PricePoint, Tariff

from .models import Camera, CameraTariffPeriod, Cloud


def self_service_tariffs(cloud: Cloud) -> QuerySet[Any]:
    """The tariffs a subscriber of ``cloud`` may pick itself: active, in the
    cloud's currency, sold by the cloud (its own or allowed provider tariffs)
    and marked self-service."""
    from cambill.catalog.selectors import tariffs_for_cloud

    return (
        tariffs_for_cloud(cloud)
        .filter(self_service=True, active=True, currency=cloud.currency)
        .order_by("price", "code")
    )


def self_service_tariffs_for_camera(*, actor: Actor, camera: Camera) -> QuerySet[Any]:
    """The self-service tariffs the actor (the camera's subscriber) may choose."""
    _require(actor, camera)
    return self_service_tariffs(camera.cloud)


def resolve_self_service_tariff(cloud: Cloud, tariff: Any) -> Any:
    """The cloud's self-service tariff named ``tariff`` (a code or a plan), or a
    400 ``tariff_not_self_service``. A cloud tariff wins over a provider tariff
    of the same code, as in the staff's tariff change."""
    from cambill.catalog.models import TariffPlan

    qs = self_service_tariffs(cloud)
    if isinstance(tariff, TariffPlan):
        found = qs.filter(pk=tariff.pk).first()
    elif isinstance(tariff, str) and tariff:
        found = qs.filter(code=tariff).order_by(F("cloud_id").asc(nulls_last=True)).first()
    else:
        raise validation("tariff", gettext("This field is required."))
    if found is None:
        raise validation(
            "tariff",
            gettext("'%(tariff)s' is not a tariff you may choose yourself.") % {"tariff": tariff},
            ErrorCode.TARIFF_NOT_SELF_SERVICE,
        )
    return found


def current_period(camera: Camera, at: datetime) -> CameraTariffPeriod | None:
    """The camera's tariff interval holding ``at``, if any."""
    return (
        CameraTariffPeriod.objects.filter(camera=camera, valid_from__lte=at)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
        .select_related("tariff")
        .first()
    )


def _rating_tariff(plan: Any) -> Tariff:
    points = tuple(
        sorted(
            (
                PricePoint(vf, amount)
                for vf, amount in plan.prices.values_list("valid_from", "amount")
            ),
            key=lambda p: p.valid_from,
        )
    )
    if not points:  # a plan from before effective-dated prices: its price always held
        points = (PricePoint(date(1970, 1, 1), plan.price),)
    return Tariff(code=plan.code, name=plan.name, prices=points, components=())


def _require(actor: Actor, camera: Camera) -> None:
    if camera.account is None:
        from cambill.core.errors import NotFound

        raise NotFound("camera")
    require(actor, "camera.self_service", camera.account)


def tariff_change_preview(
    *, actor: Actor, camera: Camera, tariff: Any, now: datetime | None = None
) -> dict[str, Any]:
    """What switching ``camera`` to self-service ``tariff`` now changes: the rest
    of the current period and the next full month, old against new (see
    :mod:`cambill.rating.tariff_change`), with the plans and the cloud's terms."""
    _require(actor, camera)
    at = clock.given(now)
    cloud = camera.cloud
    new = resolve_self_service_tariff(cloud, tariff)
    held = current_period(camera, at)
    old = held.tariff if held is not None else None
    tariffs = {"new": _rating_tariff(new)}
    if old is not None:
        tariffs["old"] = _rating_tariff(old)
    preview = preview_tariff_change(
        at=at,
        tz_name=cloud.timezone,
        old="old" if old is not None else None,
        new="new",
        tariffs=tariffs,
        proration=cloud.proration,  # type: ignore[arg-type]  # a Proration choice
        currency=cloud.currency,
        trial_until=camera.account.trial_until if camera.account else None,
    )
    return {
        "camera": camera,
        "old_tariff": old,
        "new_tariff": new,
        "unchanged": old is not None and old.pk == new.pk,
        "billing_timing": getattr(cloud, "billing_timing", "arrears"),
        "preview": preview,
    }


def preview_as_dict(preview: TariffChangePreview) -> dict[str, Any]:
    """The preview as plain JSON-ready values (amounts as strings)."""

    def side(s: Any) -> dict[str, Any]:
        return {
            "tariff": s.tariff,
            "unit_price": str(s.unit_price) if s.unit_price is not None else None,
            "days": str(s.days),
            "amount": str(s.amount),
        }

    def comparison(c: Any) -> dict[str, Any]:
        return {
            "period": c.period,
            "start": c.start.isoformat(),
            "end": c.end.isoformat(),
            "first_day": c.first_day.isoformat(),
            "last_day": c.last_day.isoformat(),
            "old": side(c.old),
            "new": side(c.new),
            "difference": str(c.difference),
        }

    return {
        "currency": preview.currency,
        "at": preview.at.isoformat(),
        "rest_of_period": comparison(preview.rest_of_period),
        "next_month": comparison(preview.next_month),
    }
