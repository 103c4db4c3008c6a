"""Background jobs of the Watcher integration (Celery; eager in the embedded default).

Each job has a per-cloud task and an ``*_all`` fan-out task that the beat
schedule (``cambill.schedule``) runs. Watcher faults are recorded on the
connection (``last_sync_*``) and, for pushes, on each outbox row; a per-cloud
task never raises for a Watcher that is down, so one bad cloud does not stop
the others and the schedule simply tries again.
"""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial
from typing import Any

from cambill.celery import app
from cambill.clouds.models import Cloud
from cambill.core.access import SYSTEM
from cambill.core.errors import DomainError

from .errors import WatcherError
from .models import WatcherConnection

logger = logging.getLogger(__name__)


def _at(now: str | None) -> datetime | None:
    return datetime.fromisoformat(now) if now else None


def _cloud_ids() -> list[int]:
    return list(
        WatcherConnection.objects.filter(enabled=True)
        .order_by("cloud_id")
        .values_list("cloud_id", flat=True)
    )


@app.task(name="watcher.poll_cloud")
def watcher_poll_cloud(cloud_id: int, now: str | None = None) -> dict[str, Any]:
    """Poll one cloud's streams and ingest their usage."""
    from .sync import sync_poll

    cloud = Cloud.objects.get(pk=cloud_id)
    submit = partial(_submit_batch, cloud.pk) if _fan_out() else None
    try:
        result = sync_poll(cloud=cloud, now=_at(now), submit=submit)
        return {"cloud": cloud.slug, **result.as_dict()}
    except (WatcherError, DomainError) as exc:
        logger.warning("Watcher poll of %s failed: %s", cloud.slug, exc)
        return {"cloud": cloud.slug, "error": str(exc)}


def _fan_out() -> bool:
    """``CAMBILL_WATCHER_POLL_FAN_OUT``: send each batch of 2,000 streams to the
    ``watcher.poll_batch`` task, so the workers of the watcher queue write one
    cloud's poll together (off by default: the poll's own threads write it)."""
    from .sync.poll import _setting

    value = _setting("CAMBILL_WATCHER_POLL_FAN_OUT", False)
    return value is True or str(value).lower() in ("1", "true", "yes", "on")


def _submit_batch(cloud_id: int, streams: list[Any], polled_at: datetime) -> Any:
    return _result(watcher_poll_batch.delay(cloud_id, streams, polled_at.isoformat()))


@app.task(name="watcher.poll_batch", acks_late=True)
def watcher_poll_batch(cloud_id: int, streams: list[Any], polled_at: str) -> dict[str, Any]:
    """Write one batch of a cloud's poll (exactly once whoever runs it, however often)."""
    from .sync.poll import poll_batch

    return poll_batch(
        cloud_id=cloud_id, streams=streams, polled_at=datetime.fromisoformat(polled_at)
    )


@app.task(name="watcher.poll_all")
def watcher_poll_all(now: str | None = None) -> list[Any]:
    """Fan out one poll per cloud with an enabled connection."""
    return [_result(watcher_poll_cloud.delay(cid, now)) for cid in _cloud_ids()]


@app.task(name="watcher.push_cloud")
def watcher_push_cloud(cloud_id: int, now: str | None = None) -> dict[str, Any]:
    """Send the due pushes of one cloud's outbox."""
    from .services.push import sync_push_process

    cloud = Cloud.objects.get(pk=cloud_id)
    try:
        return {"cloud": cloud.slug, **sync_push_process(cloud=cloud, now=_at(now)).as_dict()}
    except (WatcherError, DomainError) as exc:
        logger.warning("Watcher push of %s failed: %s", cloud.slug, exc)
        return {"cloud": cloud.slug, "error": str(exc)}


@app.task(name="watcher.push_all")
def watcher_push_all(now: str | None = None) -> list[Any]:
    return [_result(watcher_push_cloud.delay(cid, now)) for cid in _cloud_ids()]


@app.task(name="watcher.reconcile_cloud")
def watcher_reconcile_cloud(cloud_id: int, now: str | None = None) -> dict[str, Any]:
    """Read the streams (or users) back, queue a repair for each one in the wrong state,
    send them."""
    from .services.push import sync_push_process
    from .services.suspension import sync_reconcile

    cloud = Cloud.objects.get(pk=cloud_id)
    try:
        found = sync_reconcile(cloud=cloud, now=_at(now))
        pushed = sync_push_process(cloud=cloud, now=_at(now)) if found.any_repairs else None
        return {
            "cloud": cloud.slug,
            **found.as_dict(),
            "pushed": pushed.as_dict() if pushed is not None else None,
        }
    except (WatcherError, DomainError) as exc:
        logger.warning("Watcher reconciliation of %s failed: %s", cloud.slug, exc)
        return {"cloud": cloud.slug, "error": str(exc)}


@app.task(name="watcher.reconcile_all")
def watcher_reconcile_all(now: str | None = None) -> list[Any]:
    return [_result(watcher_reconcile_cloud.delay(cid, now)) for cid in _cloud_ids()]


@app.task(name="watcher.import_cloud")
def watcher_import_cloud(cloud_id: int, now: str | None = None) -> dict[str, Any]:
    """Import what exists only in Watcher (creates and updates; conflicts are reported)."""
    from .sync import sync_import_apply, sync_import_plan

    cloud = Cloud.objects.get(pk=cloud_id)
    try:
        plan = sync_import_plan(actor=SYSTEM, cloud=cloud)
        done = sync_import_apply(actor=SYSTEM, cloud=cloud, plan=plan, now=_at(now))
        return {"cloud": cloud.slug, **done, "conflicts": len(plan.of("conflict"))}
    except (WatcherError, DomainError) as exc:
        logger.warning("Watcher import of %s failed: %s", cloud.slug, exc)
        return {"cloud": cloud.slug, "error": str(exc)}


@app.task(name="watcher.import_all")
def watcher_import_all(now: str | None = None) -> list[Any]:
    return [_result(watcher_import_cloud.delay(cid, now)) for cid in _cloud_ids()]


def _result(res: Any) -> Any:
    from celery.result import EagerResult

    return res.result if isinstance(res, EagerResult) else {"task": res.id, "status": "queued"}
