"""The push outbox's entry points, called by the verbs of other domains.

Billing pushes to Watcher through an outbox (``WatcherPush``) rather than from
inside the verbs: a verb's transaction must not wait on, or fail because of, a
server billing does not control. The verbs of other domains call
``watcher_enqueue_camera_tariff(camera)`` / ``watcher_enqueue_account_state(account)``
(inside or outside a transaction); the row is written with the caller's
transaction, and the push job runs after commit (eagerly in the embedded
default, on a worker otherwise) and every minute from the beat schedule.

This module depends on the models only: it never imports ``clouds.services``
(which calls it), the push job, or the tasks. The job is started after commit
by its Celery task name (see docs/decisions/0011-watcher-call-direction.md).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from cambill.clouds.models import Account, Camera
from cambill.core import clock

from ..models import (
    PushKind,
    PushStatus,
    WatcherConnection,
    WatcherPush,
)

logger = logging.getLogger(__name__)


def watcher_enqueue_camera_tariff(camera: Camera) -> WatcherPush | None:
    """Queue "make the camera's stream match billing" (preset of its current tariff,
    organization of its account, disabled when suspended). Call it after a
    camera is created, moved or changes tariff. A no-op without an enabled
    connection, so clouds without Watcher are untouched."""
    return _enqueue(camera.cloud_id, PushKind.CAMERA_TARIFF, camera.code)


def watcher_enqueue_account_state(account: Account) -> WatcherPush | None:
    """Queue "make the account's organization match billing" (create it if not
    linked; disable or enable its streams/users per the account's status). Call
    it after an account is created, suspended or resumed."""
    return _enqueue(account.cloud_id, PushKind.ACCOUNT_STATE, account.code)


def watcher_enqueue_stream_state(camera: Camera, *, kick: bool = True) -> WatcherPush | None:
    """Queue "make this camera's stream enabled or disabled as its account's state
    says". One per stream, so a suspension reaches every stream even when some
    of the calls fail: each is retried on its own until Watcher agrees."""
    return _enqueue(camera.cloud_id, PushKind.STREAM_STATE, camera.code, kick=kick)


def watcher_enqueue_user_state(
    cloud_id: int, user_id: int, *, kick: bool = True
) -> WatcherPush | None:
    """Queue "make this Watcher user enabled or disabled as the accounts of its
    organizations say" (``suspend_mode = disable_users``). One per user, like
    streams: each is read back and retried on its own until Watcher agrees."""
    return _enqueue(cloud_id, PushKind.USER_STATE, str(user_id), kick=kick)


def _enqueue(cloud_id: int, kind: str, ref: str, *, kick: bool = True) -> WatcherPush | None:
    if not WatcherConnection.objects.filter(cloud_id=cloud_id, enabled=True).exists():
        return None
    now = clock.now()
    with transaction.atomic():
        open_ = WatcherPush.objects.filter(cloud_id=cloud_id, kind=kind, object_ref=ref).exclude(
            status=PushStatus.DONE
        )
        # A new change makes an open push due now and bumps its version, so a run
        # already in flight with older state does not mark it done.
        if open_.update(next_attempt_at=now, updated_at=now, version=F("version") + 1) == 0:
            try:
                with transaction.atomic():
                    WatcherPush.objects.create(
                        cloud_id=cloud_id,
                        kind=kind,
                        object_ref=ref,
                        next_attempt_at=now,
                        created_at=now,
                        updated_at=now,
                    )
            except IntegrityError:  # a concurrent enqueue created it: bump that one
                open_.update(next_attempt_at=now, updated_at=now, version=F("version") + 1)
        push = open_.first()
    if kick:
        transaction.on_commit(lambda: start_push_job(cloud_id))
    return push


PUSH_TASK = "watcher.push_cloud"


def start_push_job(cloud_id: int) -> None:
    """Start the push job (after commit); never let it break the caller's request.

    The task is looked up by its registered name, not imported: the tasks call
    the services, never the other way round.
    """
    if not getattr(settings, "CAMBILL_WATCHER_PUSH_ON_COMMIT", True):
        return
    try:
        from cambill.celery import app

        if PUSH_TASK not in app.tasks:
            app.loader.import_default_modules()  # the autodiscovered tasks modules
        app.tasks[PUSH_TASK].delay(cloud_id)
    except Exception:  # the beat schedule picks the push up within a minute anyway
        logger.exception("could not start the Watcher push job for cloud %s", cloud_id)
