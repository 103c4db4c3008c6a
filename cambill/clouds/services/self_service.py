"""The subscriber's own tariff change (issue #17, point 7).

A subscriber switches one of its cameras to another of its cloud's
self-service tariffs, now: the camera's tariff history is cut at that instant
exactly as a staff change does it (``tariff_history._apply_tariff_change``:
same interval rule, same audit row shape, same Watcher push through the
outbox, same ``camera.tariff_changed`` webhook). Only who may do it and which
tariffs differ: the ``camera.self_service`` rule (the camera's own
subscriber) and :func:`cambill.clouds.self_service.self_service_tariffs`.
The subscriber never picks the instant: a change in the past would rewrite
what it already used, one in the future is a staff schedule.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.errors import validation

from ..models import Camera
from ..self_service import _require, current_period, resolve_self_service_tariff
from .tariff_history import _apply_tariff_change, _lock_camera


@transaction.atomic
def camera_self_service_change_tariff(
    *, actor: Actor, camera: Camera, tariff: Any, now: datetime | None = None
) -> Camera:
    """Switch ``camera`` to the self-service ``tariff`` from now on (pushed to
    Watcher at once through the outbox)."""
    _require(actor, camera)
    at = clock.given(now)
    camera = _lock_camera(camera)
    _require(actor, camera)  # the account may have changed before the lock
    plan = resolve_self_service_tariff(camera.cloud, tariff)
    held = current_period(camera, at)
    if held is not None and held.tariff_id == plan.pk:
        raise validation("tariff", gettext("The camera already has this tariff."))
    return _apply_tariff_change(
        actor=actor, camera=camera, plan=plan, at=at, verb="camera_self_service_change_tariff"
    )
