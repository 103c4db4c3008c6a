"""Hourly rollups: folding samples into buckets, merging, rebuilding.

A bucket is (camera, meter, UTC hour). Samples are ordered by (time, event
pk). Incremental updates are exact: a batch that comes entirely after a
bucket's last sample is merged arithmetically (one set-based ``INSERT ... ON
CONFLICT DO UPDATE`` on both backends); anything out of order marks the bucket
stale and it is recomputed from the raw events, so the incremental result
always equals :func:`rollup_rebuild`.

Rollups are driven by a watermark (:class:`RollupWatermark`): ingestion only
inserts raw events, and :func:`rollup_catch_up` folds the events above the
cloud's mark, in id order, and moves the mark. It runs right after each batch
in the embedded default (``CAMBILL_USAGE_ROLLUP_INLINE``), from the
``usage.maintain`` job, and before every aggregate, so a bill run always prices
rollups that include every event committed before it started.

Ids are assigned when an event is inserted but become visible at commit, so a
lower id can appear after a higher one. On PostgreSQL every ingest transaction
holds a shared advisory lock of its cloud until it commits; the job takes the
exclusive lock for an instant to read ``max(id)``: at that moment no ingest is
in flight, so every id up to it is committed (or rolled back) and the job may
move the mark there. SQLite has one writer at a time.

On PostgreSQL the job folds in one set-based statement per range of events
(:mod:`cambill.usage.setfold`): the readings, the buckets and the merge never
leave the database. Event types it cannot decide exactly (``unique_count``
meters) and ranges with a reading that is not a clean number go through the
Python fold below, which quarantines what it must (docs/decisions/0024).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from cambill.core import clock

from . import setfold
from .buckets import _APPLY_ERRORS, apply_or_isolate, quarantine, recompute_buckets
from .models import Meter, RollupWatermark, UniqueValue, UsageEvent, UsageRollup
from .readings import HOUR, extract, floor_hour, meters_by_type, samples_of, value_problem

# Re-exported: ingestion (``services``) and ``aggregates`` reach these through this module.
__all__ = [
    "CATCH_UP_CHUNK",
    "HOUR",
    "apply_or_isolate",
    "extract",
    "ingest_lock",
    "inline",
    "lock_watermark",
    "meters_by_type",
    "quarantine",
    "rollup_catch_up",
    "rollup_rebuild",
    "rollup_refresh",
    "samples_of",
    "value_problem",
]


def rollup_refresh(
    cloud: Any,
    *,
    meter: Meter | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> int:
    """Recompute the stale buckets (``integral`` NULL: samples that arrived
    interleaved with stored ones) of ``cloud``, optionally of one meter and
    hours in ``[start, end)``. Returns how many. The rollup job runs it; every
    time-weighted aggregate runs it for its range first."""
    with transaction.atomic():
        wm = lock_watermark(cloud.pk)
        qs = UsageRollup.objects.select_for_update().filter(cloud=cloud, integral__isnull=True)
        if meter is not None:
            qs = qs.filter(meter=meter)
        if start is not None:
            qs = qs.filter(hour__gte=floor_hour(start))
        if end is not None:
            qs = qs.filter(hour__lt=end)
        keys = list(qs.values_list("camera_id", "meter_id", "hour"))
        if keys:
            recompute_buckets(cloud.pk, keys, wm.last_event_id)
    return len(keys)


@transaction.atomic
def rollup_rebuild(cloud: Any, start: datetime, end: datetime) -> int:
    """Recompute every rollup bucket of ``cloud`` for hours meeting
    ``[start, end)`` from the raw events; returns the number of buckets.
    Gives the same numbers as the incremental path (tested)."""
    start, end = floor_hour(start), floor_hour(end - timedelta(microseconds=1)) + HOUR
    rollup_catch_up(cloud)
    wm = lock_watermark(cloud.pk)
    UsageRollup.objects.filter(cloud=cloud, hour__gte=start, hour__lt=end).delete()
    UniqueValue.objects.filter(cloud=cloud, hour__gte=start, hour__lt=end).delete()
    meters = meters_by_type()
    rows = (
        UsageEvent.objects.filter(
            cloud=cloud,
            camera__isnull=False,
            type__in=list(meters),
            time__gte=start,
            time__lt=end,
            pk__lte=wm.last_event_id,
            quarantined_at__isnull=True,
        )
        .order_by("time", "pk")
        .values_list("pk", "camera_id", "type", "time", "data")
    )
    rejects: dict[int, str] = {}
    samples = samples_of(rows.iterator(chunk_size=5000), meters, rejects)
    apply_or_isolate(cloud.pk, samples, rejects)
    quarantine(cloud.pk, rejects)
    return UsageRollup.objects.filter(cloud=cloud, hour__gte=start, hour__lt=end).count()


# --- the watermark ---------------------------------------------------------------

# Advisory lock keys: (class, cloud id). The class keeps clear of other users.
_LOCK_CLASS = 0x5553  # "US"
CATCH_UP_CHUNK = 20_000


def inline() -> bool:
    return bool(getattr(settings, "CAMBILL_USAGE_ROLLUP_INLINE", True))


def ingest_lock(cur: Any, cloud_id: int) -> None:
    """Taken by an ingest transaction (PostgreSQL) before it writes anything:
    held until commit, it tells the rollup job an insert is in flight."""
    cur.execute("SELECT pg_advisory_xact_lock_shared(%s, %s)", [_LOCK_CLASS, cloud_id])


def _safe_max(cloud_id: int) -> int:
    """The highest event id below which every event of the cloud is committed."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SELECT pg_advisory_lock(%s, %s)", [_LOCK_CLASS, cloud_id])
            try:
                cur.execute("SELECT max(id) FROM usage_usageevent WHERE cloud_id = %s", [cloud_id])
                row = cur.fetchone()
            finally:
                cur.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_CLASS, cloud_id])
        else:
            cur.execute("SELECT max(id) FROM usage_usageevent WHERE cloud_id = %s", [cloud_id])
            row = cur.fetchone()
    return int(row[0] or 0)


def lock_watermark(cloud_id: int) -> RollupWatermark:
    """The cloud's watermark row, locked until the caller's transaction ends."""
    wm = RollupWatermark.objects.select_for_update().filter(cloud_id=cloud_id).first()
    if wm is None:
        RollupWatermark.objects.bulk_create(
            [RollupWatermark(cloud_id=cloud_id)], ignore_conflicts=True
        )
        wm = RollupWatermark.objects.select_for_update().get(cloud_id=cloud_id)
    return wm


def rollup_catch_up(cloud: Any, *, meters: dict[str, list[Meter]] | None = None) -> int:
    """Fold the cloud's events above its watermark into the rollups, move the
    mark; returns how many events were read. Safe to call any time, from any
    number of processes (the watermark row serialises them).

    An event that cannot be counted (a reading ingestion refuses today, or
    one the database cannot hold) is quarantined with its reason and skipped:
    one bad event never stops the cloud's metering."""
    cloud_id = cloud if isinstance(cloud, int) else cloud.pk
    with transaction.atomic():
        wm = lock_watermark(cloud_id)
        upto = _safe_max(cloud_id)
        if upto <= wm.last_event_id:
            return 0
        meters = meters if meters is not None else meters_by_type()
        mine, others = setfold.split_types(meters) if setfold.pg() else ([], [])
        done = 0
        low = wm.last_event_id
        while low < upto:
            if not mine:
                done += _fold_generic(cloud_id, low, upto, meters)
                break
            # PostgreSQL: the set-based fold, a range of SET_CHUNK events at a time.
            hi = _range_end(cloud_id, low, upto, SET_CHUNK)
            try:
                with transaction.atomic():
                    n = setfold.fold_range(cloud_id, low, hi, mine)
            except _APPLY_ERRORS:
                n = None  # the generic path isolates and quarantines
            if n is None:
                done += _fold_generic(cloud_id, low, hi, meters)
            else:
                done += n
                if others:
                    _fold_generic(cloud_id, low, hi, meters, types=others)
            low = hi
        wm.last_event_id = upto
        wm.updated_at = clock.now()
        wm.save(update_fields=["last_event_id", "updated_at"])
    return done


SET_CHUNK = 200_000


def _range_end(cloud_id: int, low: int, upto: int, size: int) -> int:
    """The id of the ``size``-th event of the cloud above ``low`` (or ``upto``)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id FROM usage_usageevent WHERE cloud_id = %s AND id > %s AND id <= %s "
            "ORDER BY id OFFSET %s LIMIT 1",
            [cloud_id, low, upto, size - 1],
        )
        row = cur.fetchone()
    return int(row[0]) if row else upto


def _fold_generic(
    cloud_id: int,
    low: int,
    hi: int,
    meters: dict[str, list[Meter]],
    types: list[str] | None = None,
) -> int:
    """Fold the events with ``low < id <= hi`` (of ``types``, or all) in Python,
    CATCH_UP_CHUNK at a time; returns how many were read."""
    done = 0
    while low < hi:
        qs = UsageEvent.objects.filter(cloud_id=cloud_id, pk__gt=low, pk__lte=hi).filter(
            quarantined_at__isnull=True
        )
        if types is not None:
            qs = qs.filter(type__in=types)
        rows = list(
            qs.order_by("pk").values_list("pk", "camera_id", "type", "time", "data")[
                :CATCH_UP_CHUNK
            ]
        )
        if not rows:
            break
        rejects: dict[int, str] = {}
        samples = samples_of(rows, meters, rejects)
        apply_or_isolate(cloud_id, samples, rejects)
        quarantine(cloud_id, rejects)
        done += len(rows)
        low = rows[-1][0]
    return done
