"""A camera's tariff history: change its tariff from a time, record a past interval,
move it to another account. Periods never overlap and invoiced time is never rewritten."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils.translation import gettext

from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, validation

from ..models import Account, Camera, CameraTariffPeriod, Cloud
from ._shared import _check_aware, _push_camera, _require_account_scope, _require_cloud_write


def _resolve_tariff(cloud: Cloud, tariff: Any):  # type: ignore[no-untyped-def]
    from cambill.catalog.models import TariffPlan
    from cambill.catalog.selectors import tariffs_for_cloud

    if tariff is None:
        return None
    if isinstance(tariff, TariffPlan):
        ok = tariffs_for_cloud(cloud).filter(pk=tariff.pk).exists()
        found = tariff if ok else None
    else:
        found = (
            tariffs_for_cloud(cloud)
            .filter(code=str(tariff))
            .order_by(F("cloud_id").asc(nulls_last=True))
            .first()
        )
    if found is None:
        raise validation(
            "tariff",
            gettext("'%(tariff)s' is not a tariff this cloud may sell.") % {"tariff": tariff},
            ErrorCode.TARIFF_NOT_ALLOWED,
        )
    if found.currency != cloud.currency:
        raise validation(
            "tariff",
            gettext("The tariff's currency differs from the cloud's."),
            ErrorCode.TARIFF_NOT_ALLOWED,
        )
    return found


def _lock_camera(camera: Camera) -> Camera:
    # select_for_update serialises concurrent changes of one camera on
    # PostgreSQL; on SQLite the IMMEDIATE transaction already holds the write lock.
    return (
        Camera.objects.select_for_update(of=("self",))
        .select_related("cloud", "account")
        .get(pk=camera.pk)
    )


def _check_not_billed(camera: Camera, at: datetime) -> None:
    from cambill.invoicing.selectors import billed_until

    until = billed_until(camera.cloud)
    if until is not None and at < until:
        raise DomainError(
            ErrorCode.CONFLICT,
            gettext(
                "Periods up to %(value)s are already invoiced; change from that time on or correct the invoice with a credit note."
            )
            % {"value": until.isoformat()},
            {"at": [gettext("Inside an invoiced period.")]},
        )


def _check_no_overlap(
    camera: Camera, start: datetime, end: datetime | None, exclude: list[int] | None = None
) -> None:
    qs = CameraTariffPeriod.objects.filter(camera=camera).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=start)
    )
    if end is not None:
        qs = qs.filter(valid_from__lt=end)
    if exclude:
        qs = qs.exclude(pk__in=exclude)
    if qs.exists():
        raise DomainError(
            ErrorCode.OVERLAPPING_INTERVAL,
            gettext("The interval overlaps the camera's tariff history."),
            {"valid_from": [gettext("Overlaps an existing interval.")]},
        )


def _create_period(**kwargs: Any) -> CameraTariffPeriod:
    try:
        with transaction.atomic():
            return CameraTariffPeriod.objects.create(**kwargs)
    except IntegrityError:
        # PostgreSQL's exclusion constraint: a concurrent writer got there first.
        raise DomainError(
            ErrorCode.OVERLAPPING_INTERVAL,
            gettext("The interval overlaps the camera's tariff history."),
        ) from None


@transaction.atomic
def camera_change_tariff(*, actor: Actor, camera: Camera, tariff: Any, at: datetime) -> Camera:
    """From ``at`` on the camera holds ``tariff`` (None: no tariff).

    The period spanning ``at`` is cut there; periods that started at or after
    ``at`` are replaced (they were scheduled, not yet lived).
    """
    _require_cloud_write(actor, camera.cloud, "camera.manage")
    at = _check_aware(at, "at")  # type: ignore[assignment]
    if at is None:
        raise validation("at", gettext("This field is required."))
    camera = _lock_camera(camera)
    if camera.account is not None:
        _require_account_scope(actor, camera.account)
    plan = _resolve_tariff(camera.cloud, tariff)
    if plan is not None and camera.account is None:
        raise validation(
            "tariff", gettext("Attach the camera to an account before giving it a tariff.")
        )
    return _apply_tariff_change(actor=actor, camera=camera, plan=plan, at=at)


def _apply_tariff_change(
    *, actor: Actor, camera: Camera, plan: Any, at: datetime, verb: str = "camera_change_tariff"
) -> Camera:
    """The change itself, for a locked camera and a resolved plan, once the
    caller has checked who may make it (staff: ``camera.manage``; the
    subscriber: ``camera.self_service``, see ``self_service``)."""
    _check_not_billed(camera, at)
    periods = list(
        CameraTariffPeriod.objects.filter(camera=camera)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
        .order_by("valid_from")
    )
    spanning = next((p for p in periods if p.valid_from < at), None)
    if (
        spanning is not None
        and plan is not None
        and spanning.tariff_id == plan.pk
        and spanning.account_id == camera.account_id
        and spanning.valid_to is None
    ):
        return camera  # already on this tariff from before `at`
    before = [_period_dict(p) for p in periods]
    later = [p.pk for p in periods if p.valid_from >= at]
    CameraTariffPeriod.objects.filter(pk__in=later).delete()
    if spanning is not None:
        spanning.valid_to = at
        spanning.save(update_fields=["valid_to"])
    after: list[dict[str, Any]] = []
    if plan is not None:
        _check_no_overlap(camera, at, None)
        new = _create_period(
            cloud=camera.cloud,
            camera=camera,
            account=camera.account,
            tariff=plan,
            valid_from=at,
            valid_to=None,
        )
        after.append(_period_dict(new))
    audit(
        actor=actor,
        verb=verb,
        obj=camera,
        before={"periods": before},
        after={"tariff": plan.code if plan else None, "at": at.isoformat(), "periods": after},
    )
    _push_camera(camera)
    from cambill.webhooks.services import webhook_emit

    webhook_emit(
        cloud=camera.cloud,
        type="camera.tariff_changed",
        data={
            "camera": camera.code,
            "account": camera.account.code if camera.account else None,
            "tariff": plan.code if plan else None,
            "at": at.isoformat(),
        },
    )
    return camera


@transaction.atomic
def camera_add_tariff_period(
    *, actor: Actor, camera: Camera, tariff: Any, valid_from: datetime, valid_to: datetime | None
) -> CameraTariffPeriod:
    """Record an explicit past interval (imports, corrections of unbilled time).
    Refuses anything that overlaps the existing history."""
    _require_cloud_write(actor, camera.cloud, "camera.manage")
    _check_aware(valid_from, "valid_from")
    _check_aware(valid_to, "valid_to")
    if valid_to is not None and valid_to <= valid_from:
        raise validation("valid_to", gettext("Must be after valid_from."))
    camera = _lock_camera(camera)
    if camera.account is None:
        raise validation("camera", gettext("Attach the camera to an account first."))
    _require_account_scope(actor, camera.account)
    plan = _resolve_tariff(camera.cloud, tariff)
    if plan is None:
        raise validation("tariff", gettext("This field is required."))
    _check_not_billed(camera, valid_from)
    _check_no_overlap(camera, valid_from, valid_to)
    period = _create_period(
        cloud=camera.cloud,
        camera=camera,
        account=camera.account,
        tariff=plan,
        valid_from=valid_from,
        valid_to=valid_to,
    )
    audit(actor=actor, verb="camera_add_tariff_period", obj=camera, after=_period_dict(period))
    _push_camera(camera)
    return period


@transaction.atomic
def camera_move(*, actor: Actor, camera: Camera, account: Account | None, at: datetime) -> Camera:
    """Move a camera to another account (or detach it) from ``at``; its tariff
    carries on, and the history keeps which account held it when."""
    _require_cloud_write(actor, camera.cloud, "camera.manage")
    at = _check_aware(at, "at")  # type: ignore[assignment]
    if at is None:
        raise validation("at", gettext("This field is required."))
    camera = _lock_camera(camera)
    if account is not None and account.cloud_id != camera.cloud_id:
        raise validation("account", gettext("Not an account of this cloud."))
    if camera.account is not None:
        _require_account_scope(actor, camera.account)
    if account is not None:
        _require_account_scope(actor, account)
    if account is not None and camera.account_id == account.pk:
        return camera
    _check_not_billed(camera, at)
    before = snapshot(camera)
    periods = list(
        CameraTariffPeriod.objects.filter(camera=camera)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=at))
        .order_by("valid_from")
    )
    for p in periods:
        if p.valid_from >= at:
            if account is None:
                p.delete()
            else:
                p.account = account
                p.save(update_fields=["account"])
        else:
            old_end = p.valid_to
            p.valid_to = at
            p.save(update_fields=["valid_to"])
            if account is not None:
                _create_period(
                    cloud=camera.cloud,
                    camera=camera,
                    account=account,
                    tariff_id=p.tariff_id,
                    valid_from=at,
                    valid_to=old_end,
                )
    camera.account = account
    camera.save(update_fields=["account"])
    audit(
        actor=actor,
        verb="camera_move",
        obj=camera,
        before=before,
        after={**snapshot(camera), "at": at.isoformat()},
    )
    _push_camera(camera)
    return camera


def _period_dict(p: CameraTariffPeriod) -> dict[str, Any]:
    return {
        "tariff": p.tariff_id,
        "account": p.account_id,
        "valid_from": p.valid_from.isoformat(),
        "valid_to": p.valid_to.isoformat() if p.valid_to else None,
    }
