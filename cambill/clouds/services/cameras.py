"""Writes on cameras themselves: register one, edit its title or status."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from cambill.accounts.roles import Role
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import validation
from cambill.core.validation import check_text, duplicate, validate_model

from ..models import Account, Camera, CameraStatus, Cloud
from ._shared import _push_camera, _require_account_scope, _require_cloud_write
from .tariff_history import camera_change_tariff


@transaction.atomic
def camera_create(
    *,
    actor: Actor,
    cloud: Cloud,
    code: str,
    title: str = "",
    account: Account | None = None,
    tariff: Any = None,
    at: datetime | None = None,
) -> Camera:
    """Register a camera (a Watcher stream); optionally give it a tariff from ``at``."""
    _require_cloud_write(actor, cloud, "camera.manage")
    code = check_text(code, "code")
    title = check_text(title, "title", required=False)
    if account is not None:
        if account.cloud_id != cloud.pk:
            raise validation("account", gettext("Not an account of this cloud."))
        _require_account_scope(actor, account)
    elif actor.role == Role.ACCOUNT_MANAGER:
        raise validation("account", gettext("Choose one of your accounts."))
    camera = Camera(cloud=cloud, code=code, title=title, account=account, created_at=clock.now())
    validate_model(camera)
    if Camera.objects.filter(cloud=cloud, code=code).exists():
        raise duplicate("code", "camera", code)
    try:
        with transaction.atomic():
            camera.save(force_insert=True)
    except IntegrityError:
        raise duplicate("code", "camera", code) from None
    audit(
        actor=actor, verb="camera_create", obj=camera, after=snapshot(camera), now=camera.created_at
    )
    # Usage that arrived before the camera was known is counted from now on.
    from cambill.usage.services import usage_camera_appeared

    usage_camera_appeared(camera)
    if tariff is not None:
        camera_change_tariff(actor=actor, camera=camera, tariff=tariff, at=at or camera.created_at)
    else:
        _push_camera(camera)
    return camera


@transaction.atomic
def camera_update(
    *, actor: Actor, camera: Camera, title: str | None = None, status: str | None = None
) -> Camera:
    _require_cloud_write(actor, camera.cloud, "camera.manage")
    if camera.account is not None:
        _require_account_scope(actor, camera.account)
    camera = Camera.objects.select_for_update().get(pk=camera.pk)
    before = snapshot(camera)
    if title is not None:
        camera.title = check_text(title, "title", required=False)
    if status is not None:
        if status not in CameraStatus.values:
            raise validation(
                "status",
                gettext("Use one of %(value)s.") % {"value": ", ".join(CameraStatus.values)},
            )
        camera.status = status
    validate_model(camera, fields=["title", "status"])
    camera.save()
    audit(actor=actor, verb="camera_update", obj=camera, before=before, after=snapshot(camera))
    _push_camera(camera)
    return camera
