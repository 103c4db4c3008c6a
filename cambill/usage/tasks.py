"""Background jobs of usage. Eager (in-process) in the embedded default.

``usage.maintain`` (schedule: ``CAMBILL_ROLLUP_SECONDS``) keeps usage ready
for pages and bill runs: on PostgreSQL it creates the raw events' monthly
partitions ahead (this month and the next two) and the months of rows that
reached the default partition; then, per cloud, it matches unmatched events to
cameras that appeared since and recomputes stale time-weighted buckets.

``usage.retention`` (daily) drops the raw months past their retention whose
invoices are all issued and folds old hourly rollups into daily rows
(:func:`cambill.usage.retention.retention_run`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cambill.celery import app
from cambill.clouds.models import Cloud
from cambill.core import clock

from . import partitions
from .retention import retention_run
from .rollups import rollup_catch_up, rollup_refresh
from .services import usage_rematch


def maintain_cloud(cloud: Cloud) -> dict[str, int]:
    """Rematch, fold new events into the rollups, refresh stale buckets, of one cloud."""
    matched = usage_rematch(cloud)
    return {
        "matched": matched,
        "rolled_up": rollup_catch_up(cloud),
        "refreshed": rollup_refresh(cloud),
    }


@app.task(name="usage.rollup")
def rollup(cloud_slug: str | None = None) -> dict[str, int]:
    """The watermark job: fold every cloud's events ingested since its last run
    into the hourly rollups (with a broker, ingestion only inserts raw events)."""
    clouds = Cloud.objects.all() if cloud_slug is None else Cloud.objects.filter(slug=cloud_slug)
    return {c.slug: rollup_catch_up(c) for c in clouds}


@app.task(name="usage.maintain")
def maintain(cloud_slug: str | None = None, now: Any = None) -> dict[str, Any]:
    """Partitions ahead, then :func:`maintain_cloud` for one cloud or every
    cloud: ``{"partitions": [created...], "<slug>": {...}, ...}``."""
    at = now if isinstance(now, datetime) else clock.now()
    out: dict[str, Any] = {"partitions": partitions.maintain(at)}
    clouds = Cloud.objects.all() if cloud_slug is None else Cloud.objects.filter(slug=cloud_slug)
    out.update({c.slug: maintain_cloud(c) for c in clouds})
    return out


@app.task(name="usage.retention")
def retention(now: Any = None) -> dict[str, Any]:
    """Drop expired raw months that may go, fold old hourly rollups: what
    :func:`cambill.usage.retention.retention_run` did (and why a month was kept)."""
    if isinstance(now, str):
        now = datetime.fromisoformat(now)
    at = now if isinstance(now, datetime) else clock.now()
    return retention_run(now=at)
