"""Writing rollup buckets: merge folded samples into the stored buckets (one
set-based ``INSERT ... ON CONFLICT DO UPDATE`` on PostgreSQL, a merge in Python
then an upsert on SQLite), recompute stale buckets from the raw events, and
isolate and quarantine the events the database cannot count."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import localcontext
from typing import Any

from django.db import DatabaseError, connection, transaction

from cambill.core import clock

from .models import Meter, UniqueValue, UsageEvent, UsageRollup
from .readings import HOUR, ZERO, Bucket, Sample, floor_hour, fold, samples_of, seconds
from .staging import pg_stage


def apply(cloud_id: int, samples: list[Sample]) -> None:
    """Add samples (of events just inserted or just matched) to the rollups."""
    if not samples:
        return
    groups: dict[tuple[int, int, datetime], list[Sample]] = defaultdict(list)
    uniques: set[tuple[int, int, datetime, str]] = set()
    for s in samples:
        h = floor_hour(s.time)
        groups[(s.camera_id, s.meter_id, h)].append(s)
        if s.unique is not None:
            uniques.add((s.camera_id, s.meter_id, h, s.unique))
    folded = {key: fold(group, key[2]) for key, group in sorted(groups.items())}
    if uniques:
        UniqueValue.objects.bulk_create(
            [
                UniqueValue(cloud_id=cloud_id, camera_id=c, meter_id=m, hour=h, value=v)
                for c, m, h, v in sorted(uniques)
            ],
            ignore_conflicts=True,
            batch_size=2000,
        )
    # Buckets whose samples interleave with stored ones keep exact counts,
    # sums, maxima and latest values but get ``integral`` NULL ("stale"): it is
    # recomputed from the raw events by ``rollup_refresh`` (run before every
    # time-weighted aggregate and by the rollup job), never on the ingest path,
    # where concurrent batches of one poller would otherwise recompute whole
    # hours again and again.
    twa = {key for key, group in groups.items() if group[0].twa}
    if connection.vendor == "postgresql":
        for kind in (True, False):
            part = {k: v for k, v in folded.items() if (k in twa) == kind}
            if part:
                _upsert_pg(cloud_id, part, twa=kind)
    else:
        _merge_generic(cloud_id, folded, twa)


_PG_STAGE = """
CREATE TEMP TABLE IF NOT EXISTS usage_stage_rollup (
  camera_id bigint, meter_id bigint, hour timestamptz, count bigint, sum numeric,
  max numeric, first_time timestamptz, last_time timestamptz, last_value numeric,
  last_event_id bigint, integral numeric
) ON COMMIT DELETE ROWS
"""

_PG_UPSERT = """
INSERT INTO usage_usagerollup AS r
  (cloud_id, camera_id, meter_id, hour, count, sum, max, first_time, last_time,
   last_value, last_event_id, integral)
SELECT %s, camera_id, meter_id, hour, count, sum, max, first_time, last_time,
  last_value, last_event_id, integral
FROM usage_stage_rollup ORDER BY camera_id, meter_id, hour
ON CONFLICT (cloud_id, camera_id, meter_id, hour) DO UPDATE SET
  count = r.count + excluded.count,
  sum = r.sum + excluded.sum,
  max = GREATEST(r.max, excluded.max),
  first_time = LEAST(r.first_time, excluded.first_time),
  integral = {integral},
  last_time = GREATEST(r.last_time, excluded.last_time),
  last_value = CASE WHEN (excluded.last_time, excluded.last_event_id)
    > (r.last_time, r.last_event_id) THEN excluded.last_value ELSE r.last_value END,
  last_event_id = CASE WHEN (excluded.last_time, excluded.last_event_id)
    > (r.last_time, r.last_event_id) THEN excluded.last_event_id ELSE r.last_event_id END
"""

# Time-weighted meters: merge a batch that lies entirely after or entirely
# before the stored samples; otherwise NULL (stale, see ``rollup_refresh``).
_TWA_INTEGRAL = """CASE
    WHEN excluded.first_time > r.last_time THEN r.integral
      - r.last_value * EXTRACT(EPOCH FROM (r.hour + interval '1 hour' - excluded.first_time))
      + excluded.integral
    WHEN excluded.last_time < r.first_time THEN excluded.integral
      - excluded.last_value * EXTRACT(EPOCH FROM (r.hour + interval '1 hour' - r.first_time))
      + r.integral
    ELSE NULL END"""
_PG_UPSERT_TWA = _PG_UPSERT.format(integral=_TWA_INTEGRAL)
_PG_UPSERT_PLAIN = _PG_UPSERT.format(integral="0")


def _upsert_pg(
    cloud_id: int, folded: dict[tuple[int, int, datetime], Bucket], *, twa: bool
) -> None:
    """One statement for all buckets (sorted, so concurrent batches lock rows in
    the same order). A batch entirely after (or entirely before) the stored
    samples merges arithmetically, whichever of two concurrent batches commits
    first; interleaved samples leave ``integral`` NULL (stale)."""
    with connection.cursor() as dj:
        cur = dj.cursor
        pg_stage(cur, _PG_STAGE, "usage_stage_rollup")
        with cur.copy(
            "COPY usage_stage_rollup (camera_id, meter_id, hour, count, sum, max, first_time, "
            "last_time, last_value, last_event_id, integral) FROM STDIN"
        ) as cp:
            for (cam, meter, hour), x in folded.items():
                cp.write_row(
                    (
                        cam,
                        meter,
                        hour,
                        x.count,
                        x.sum,
                        x.max,
                        x.first_time,
                        x.last_time,
                        x.last_value,
                        x.last_event_id,
                        x.integral,
                    )
                )
        cur.execute(_PG_UPSERT_TWA if twa else _PG_UPSERT_PLAIN, (cloud_id,))


def _existing(
    cloud_id: int, keys: Iterable[tuple[int, int, datetime]]
) -> dict[tuple[int, int, datetime], UsageRollup]:
    """The stored buckets among ``keys``: one range read per chunk of cameras
    (the unique index leads with cloud and camera)."""
    by_cam: dict[int, list[datetime]] = defaultdict(list)
    for cam, _m, hour in keys:
        by_cam[cam].append(hour)
    wanted = set(keys)
    cams = sorted(by_cam)
    hours = [h for hs in by_cam.values() for h in hs]
    lo, hi = min(hours), max(hours)
    out: dict[tuple[int, int, datetime], UsageRollup] = {}
    for i in range(0, len(cams), 5000):
        for r in UsageRollup.objects.filter(
            cloud_id=cloud_id, camera_id__in=cams[i : i + 5000], hour__gte=lo, hour__lte=hi
        ):
            k = (r.camera_id, r.meter_id, r.hour)
            if k in wanted:
                out[k] = r
    return out


def upsert(rows: list[UsageRollup]) -> None:
    """Write whole buckets in set-based statements: ``INSERT ... ON CONFLICT
    (bucket) DO UPDATE SET <every column> = excluded.<column>`` (SQLite >= 3.24
    and PostgreSQL). The values were merged in Python first, because SQLite
    keeps the exact decimals as text and cannot add them exactly."""
    for r in rows:
        r.pk = None  # the bucket's unique key decides, not the stored id
    UsageRollup.objects.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["cloud", "camera", "meter", "hour"],
        update_fields=ROLLUP_FIELDS,
    )


def _merge_generic(
    cloud_id: int, folded: dict[tuple[int, int, datetime], Bucket], twa: set[Any]
) -> None:
    """SQLite (one writer at a time, so the read cannot race): read the stored
    buckets, merge in Python with the same rules as the PostgreSQL upsert, and
    write every bucket, new or changed, with one upsert per 500 rows."""
    existing = _existing(cloud_id, folded)
    out: list[UsageRollup] = []
    for key, x in folded.items():
        r = existing.get(key)
        if r is None:
            out.append(
                UsageRollup(
                    cloud_id=cloud_id,
                    camera_id=key[0],
                    meter_id=key[1],
                    hour=key[2],
                    count=x.count,
                    sum=x.sum,
                    max=x.max,
                    first_time=x.first_time,
                    last_time=x.last_time,
                    last_value=x.last_value,
                    last_event_id=x.last_event_id,
                    integral=x.integral,
                )
            )
            continue
        hour_end = key[2] + HOUR
        # A stored bucket always has samples: its times and last value are set.
        r_first, r_last = r.first_time, r.last_time
        assert r_first is not None and r_last is not None and r.last_value is not None
        with localcontext() as ctx:
            ctx.prec = 80
            if key not in twa:
                r.integral = ZERO
            elif r.integral is not None:  # a stale bucket (None) waits for rollup_refresh
                if x.first_time > r_last:
                    r.integral = r.integral - r.last_value * seconds(hour_end - x.first_time)
                    r.integral += x.integral
                elif x.last_time < r_first:
                    r.integral = (
                        x.integral - x.last_value * seconds(hour_end - r_first) + r.integral
                    )
                else:
                    r.integral = None  # interleaved samples: recomputed from raw events
            r.count += x.count
            r.sum += x.sum
        if (x.last_time, x.last_event_id) > (r_last, r.last_event_id or 0):
            r.last_time, r.last_value, r.last_event_id = x.last_time, x.last_value, x.last_event_id
        r.first_time = min(r_first, x.first_time)
        r.max = x.max if r.max is None or (x.max is not None and x.max > r.max) else r.max
        out.append(r)
    upsert(out)


ROLLUP_FIELDS = [
    "count",
    "sum",
    "max",
    "first_time",
    "last_time",
    "last_value",
    "last_event_id",
    "integral",
]


def recompute_buckets(
    cloud_id: int, keys: list[tuple[int, int, datetime]], upto: int | None = None
) -> None:
    """Rebuild buckets from the raw events (samples arrived interleaved with
    stored ones). One read per meter; rows are updated in place (they are
    locked by this transaction), so a concurrent upsert waiting on them merges
    into the recomputed numbers."""
    wanted: dict[int, set[tuple[int, datetime]]] = defaultdict(set)
    for cam, meter_id, hour in keys:
        wanted[meter_id].add((cam, hour))
    for meter_id, pairs in wanted.items():
        meter = Meter.objects.get(pk=meter_id)
        cams = {c for c, _ in pairs}
        hours = [h for _, h in pairs]
        events = UsageEvent.objects.filter(
            cloud_id=cloud_id,
            camera_id__in=cams,
            type=meter.event_type,
            time__gte=min(hours),
            time__lt=max(hours) + HOUR,
        )
        if upto is not None:  # events above the watermark are not counted yet
            events = events.filter(pk__lte=upto)
        events = events.filter(quarantined_at__isnull=True)
        rows = events.values_list("pk", "camera_id", "type", "time", "data")
        groups: dict[tuple[int, datetime], list[Sample]] = defaultdict(list)
        for smp in samples_of(rows.iterator(chunk_size=5000), {meter.event_type: [meter]}):
            k = (smp.camera_id, floor_hour(smp.time))
            if k in pairs:
                groups[k].append(smp)
        existing = {
            (r.camera_id, r.hour): r
            for r in UsageRollup.objects.filter(
                cloud_id=cloud_id, meter_id=meter_id, camera_id__in=cams, hour__in=set(hours)
            )
        }
        changed = []
        for k in sorted(pairs):
            r = existing.get(k)
            if k not in groups:
                if r is not None:
                    r.delete()
                continue
            x = fold(groups[k], k[1])
            if r is None:
                r = UsageRollup(cloud_id=cloud_id, camera_id=k[0], meter_id=meter_id, hour=k[1])
            r.count, r.sum, r.max = x.count, x.sum, x.max
            r.first_time, r.last_time, r.last_value = x.first_time, x.last_time, x.last_value
            r.last_event_id, r.integral = x.last_event_id, x.integral
            changed.append(r)
        upsert(changed)


# What a sample the database cannot take raises while it is applied.
_APPLY_ERRORS = (DatabaseError, ArithmeticError, ValueError, TypeError, OverflowError)


def apply_or_isolate(cloud_id: int, samples: list[Sample], rejects: dict[int, str]) -> None:
    """Apply ``samples``; if that fails, apply them event by event (each in a
    savepoint) and put the events that fail in ``rejects``."""
    try:
        with transaction.atomic():
            apply(cloud_id, samples)
        return
    except _APPLY_ERRORS:
        pass
    by_event: dict[int, list[Sample]] = defaultdict(list)
    for smp in samples:
        by_event[smp.pk].append(smp)
    for pk in sorted(by_event):
        try:
            with transaction.atomic():
                apply(cloud_id, by_event[pk])
        except _APPLY_ERRORS as exc:
            rejects[pk] = f"the rollup could not count it ({type(exc).__name__})"


def quarantine(cloud_id: int, rejects: dict[int, str], now: datetime | None = None) -> int:
    """Mark the events of ``rejects`` (pk -> reason) quarantined; returns how many."""
    if not rejects:
        return 0
    now = clock.given(now)
    by_reason: dict[str, list[int]] = defaultdict(list)
    for pk, reason in rejects.items():
        by_reason[reason[:300]].append(pk)
    n = 0
    for reason, pks in by_reason.items():
        for i in range(0, len(pks), 500):
            n += UsageEvent.objects.filter(cloud_id=cloud_id, pk__in=pks[i : i + 500]).update(
                quarantined_at=now, quarantine_reason=reason
            )
    return n
