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
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, localcontext
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from cambill.core import clock
from cambill.core.jsonin import bad_text
from cambill.core.validation import parse_decimal

from .models import Aggregation, Meter, RollupWatermark, UniqueValue, UsageEvent, UsageRollup
from .staging import pg_stage

HOUR = timedelta(hours=1)
ZERO = Decimal(0)
_MICRO = Decimal("0.000001")


def floor_hour(t: datetime) -> datetime:
    return t.replace(minute=0, second=0, microsecond=0)


def seconds(delta: timedelta) -> Decimal:
    """Exact seconds of a timedelta (microsecond resolution)."""
    micro = (delta.days * 86400 + delta.seconds) * 1_000_000 + delta.microseconds
    return Decimal(micro) * _MICRO


def extract(data: Any, path: str) -> Any:
    """The value at dotted ``path`` in ``data``; ``path`` empty means "count 1"."""
    if not path:
        return 1
    node = data
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


# The largest usage value accepted, in absolute value (documented in
# docs/usage.md and the API description): an exabyte, 30,000 years of seconds.
MAX_VALUE = Decimal(10) ** 18


def numeric(value: Any) -> Decimal | None:
    """A JSON number (or numeric string, as OpenMeter accepts) as an exact
    Decimal; None unless finite, written with ASCII digits, and within
    10^±40 (``cambill.core.validation.parse_decimal``)."""
    if isinstance(value, bool) or value is None:
        return None
    if not isinstance(value, int | float | str):
        return None
    return parse_decimal(value)


def value_problem(raw: Any, meter: Meter) -> tuple[Decimal | None, str | None]:
    """``(value, None)`` for a countable reading of ``meter``, else ``(None, reason)``:
    the one rule of ingestion and of the rollup (which quarantines what fails it)."""
    where = f"data.{meter.value_path}" if meter.value_path else "the event"
    if meter.aggregation == Aggregation.UNIQUE_COUNT:
        if unique_key(raw) is None:
            return None, f"{where} must be a string or number (meter {meter.code})"
        return ZERO, None
    value = numeric(raw)
    if value is None:
        return None, f"{where} must be a finite number (meter {meter.code})"
    if abs(value) > MAX_VALUE:
        return None, f"{where} must be at most 1e18 in absolute value (meter {meter.code})"
    if value < 0 and not meter.allow_negative:
        return None, f"{where} must not be negative (meter {meter.code})"
    return value, None


def unique_key(value: Any) -> str | None:
    """The distinct-value key of a ``unique_count`` sample (a plate, a user id)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    if isinstance(value, int) and abs(value) >= 10**255:
        return None
    text = str(value)
    return text if 0 < len(text) <= 255 and not bad_text(text) else None


@dataclass(slots=True)
class Sample:
    """One meter reading of one event."""

    camera_id: int
    meter_id: int
    time: datetime
    pk: int
    value: Decimal
    unique: str | None = None
    twa: bool = False  # only time-weighted meters keep an integral


@dataclass(slots=True)
class Bucket:
    """The folded state of one (camera, meter, hour); mirrors ``UsageRollup``."""

    count: int
    sum: Decimal
    max: Decimal | None
    first_time: datetime
    last_time: datetime
    last_value: Decimal
    last_event_id: int
    integral: Decimal


def fold(samples: list[Sample], hour: datetime) -> Bucket:
    """Fold samples of one bucket (any order) into its rollup state, exactly."""
    samples = sorted(samples, key=lambda s: (s.time, s.pk))
    end = hour + HOUR
    with localcontext() as ctx:
        ctx.prec = 80
        total = ZERO
        integral = ZERO
        top: Decimal | None = None
        for i, s in enumerate(samples):
            total += s.value
            top = s.value if top is None or s.value > top else top
            nxt = samples[i + 1].time if i + 1 < len(samples) else end
            integral += s.value * seconds(nxt - s.time)
    last = samples[-1]
    if not last.twa:
        integral = ZERO
    return Bucket(
        count=len(samples),
        sum=total,
        max=top,
        first_time=samples[0].time,
        last_time=last.time,
        last_value=last.value,
        last_event_id=last.pk,
        integral=integral,
    )


def meters_by_type() -> dict[str, list[Meter]]:
    out: dict[str, list[Meter]] = defaultdict(list)
    for m in Meter.objects.all():
        out[m.event_type].append(m)
    return out


def samples_of(
    events: Iterable[tuple[Any, ...]],
    meters: dict[str, list[Meter]],
    rejects: dict[int, str] | None = None,
) -> list[Sample]:
    """Samples of matched events ``(pk, camera_id, type, time, data, ...)``.
    An event with a reading ingestion refuses (see :func:`value_problem`) gives
    no sample at all; its reason goes to ``rejects[pk]`` when given."""
    out: list[Sample] = []
    for pk, camera_id, typ, time, data, *_ in events:
        if camera_id is None:
            continue
        mine: list[Sample] = []
        reason = None
        for m in meters.get(typ, ()):
            raw = extract(data, m.value_path)
            if raw is None:  # no reading for this meter (e.g. one defined later)
                continue
            value, reason = value_problem(raw, m)
            if reason is not None:
                break
            if m.aggregation == Aggregation.UNIQUE_COUNT:
                mine.append(Sample(camera_id, m.pk, time, pk, ZERO, unique_key(raw)))
            else:
                twa = m.aggregation == Aggregation.TIME_WEIGHTED_AVG
                mine.append(Sample(camera_id, m.pk, time, pk, value, None, twa))  # type: ignore[arg-type]
        if reason is not None:
            if rejects is not None:
                rejects[pk] = reason
            continue
        out.extend(mine)
    return out


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
        done = 0
        low = wm.last_event_id
        while low < upto:
            rows = list(
                UsageEvent.objects.filter(cloud_id=cloud_id, pk__gt=low, pk__lte=upto)
                .filter(quarantined_at__isnull=True)
                .order_by("pk")
                .values_list("pk", "camera_id", "type", "time", "data")[:CATCH_UP_CHUNK]
            )
            if not rows:
                break
            rejects: dict[int, str] = {}
            samples = samples_of(rows, meters, rejects)
            apply_or_isolate(cloud_id, samples, rejects)
            quarantine(cloud_id, rejects)
            done += len(rows)
            low = rows[-1][0]
        wm.last_event_id = upto
        wm.updated_at = clock.now()
        wm.save(update_fields=["last_event_id", "updated_at"])
    return done


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
