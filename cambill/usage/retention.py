"""Storage that stays small: raw events are dropped by month after their
retention, hourly rollups are folded into daily rows (docs/decisions/0026).

:func:`retention_run` does both, for every cloud; the ``usage.retention`` job
(daily) calls it.

**Raw events.** A UTC month ``M`` of raw events expires when it lies wholly
before :func:`raw_horizon` (``CAMBILL_USAGE_RAW_RETENTION_MONTHS``, 13, months
before this one). It is dropped only when, for every cloud with events in it:

* every event is in the rollups (the watermark job catches up first, stale
  buckets are recomputed from the raw events while they are still there);
* no late event of ``M`` waits to be billed (``late`` and no ``billed_period``);
* every billing period of the cloud meeting ``M`` (a UTC month meets one or
  two local months) has a completed bill run and no invoice left in draft.

Otherwise the month is kept and the result says why. On PostgreSQL the
month's partition is detached and dropped, after its idempotency keys are
deleted with one join; elsewhere (SQLite) its rows are deleted in batches.
Unmatched events (no camera after a year) are dropped with the month and
counted.

**Rollups.** Hourly rows of local days that ended more than
``CAMBILL_USAGE_HOURLY_ROLLUP_DAYS`` (3) ago are folded into one
:class:`UsageRollupDaily` row per (camera, meter, local day of the cloud),
and the day's ``UniqueValue`` rows into one per distinct value stamped at the
day's start. Billing periods are local months, so every period is a whole
number of local days and every aggregate is unchanged by folding. One
transaction per (cloud, day): a crash leaves each day either folded or not, and
a second run finds nothing to fold. Hourly rows that appear in a day already
folded (an event arriving days late) are merged into its rows: exact when they
come after the day's samples; a time-weighted one interleaved with them is
folded again from the raw events when every sample of that camera's day is a
raw event (the Watcher poll's samples have none, decision 0025), else merged
in order and counted as ``inexact``.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, localcontext
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q

from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.access import SYSTEM
from cambill.core.audit import audit
from cambill.core.periods import Period

from . import partitions
from .buckets import ROLLUP_FIELDS
from .models import (
    Aggregation,
    Meter,
    RollupWatermark,
    UniqueValue,
    UsageEvent,
    UsageEventKey,
    UsageRollup,
    UsageRollupDaily,
)
from .readings import HOUR, floor_hour, fold, samples_of, seconds
from .rollups import lock_watermark, rollup_catch_up, rollup_refresh

logger = logging.getLogger(__name__)

RAW_RETENTION_MONTHS_DEFAULT = 13
HOURLY_ROLLUP_DAYS_DEFAULT = 3
BATCH = 5000


def raw_retention_months() -> int:
    return int(
        getattr(settings, "CAMBILL_USAGE_RAW_RETENTION_MONTHS", RAW_RETENTION_MONTHS_DEFAULT)
    )


def hourly_rollup_days() -> int:
    return int(getattr(settings, "CAMBILL_USAGE_HOURLY_ROLLUP_DAYS", HOURLY_ROLLUP_DAYS_DEFAULT))


def _add_months(m: date, n: int) -> date:
    k = m.year * 12 + (m.month - 1) + n
    return date(k // 12, k % 12 + 1, 1)


def _instant(m: date) -> datetime:
    return datetime(m.year, m.month, m.day, tzinfo=UTC)


def raw_horizon(now: datetime) -> datetime:
    """Start of the oldest UTC month whose raw events are kept by time: months
    wholly before it expire (they are still kept while their invoices are not
    all issued)."""
    return _instant(_add_months(partitions.month_of(now), -raw_retention_months()))


def fold_cutoff(now: datetime) -> datetime:
    """Local days that ended at or before this instant are folded into daily rows."""
    return now - timedelta(days=hourly_rollup_days())


def retention_run(*, now: datetime) -> dict[str, Any]:
    """Drop the expired raw months that may go, then fold old hourly rollups,
    for every cloud. Returns what it did and, for each month kept, why::

        {"raw": {"horizon": "2025-11", "dropped": {"2025-10": 1234}, "kept": {...},
                 "keys_deleted": 1234, "unmatched_dropped": 0, "summary": "dropped 2025-10"},
         "rollups": {"<slug>": {"days": 3, "hourly": 72, "daily": 3, ...}}}
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    raw = drop_expired_raw(now=now)
    rollups = {c.slug: fold_cloud(c, now=now) for c in Cloud.objects.order_by("pk")}
    return {"raw": raw, "rollups": rollups}


# --- raw events ---------------------------------------------------------------------


def _expired_months(horizon: datetime) -> list[date]:
    end = partitions.month_of(horizon)
    if partitions.enabled():
        months = {m for m in partitions.partitions() if m < end}
        # Rows an old replay left in the default partition: the maintenance job
        # gives them their month, which is then expired like any other.
        return sorted(months)
    first = UsageEvent.objects.filter(time__lt=horizon).order_by("time").values_list("time").first()
    if first is None:
        return []
    out, m = [], partitions.month_of(first[0])
    while m < end:
        nxt = partitions.next_month(m)
        if UsageEvent.objects.filter(time__gte=_instant(m), time__lt=_instant(nxt)).exists():
            out.append(m)
        m = nxt
    return out


def month_blockers(month: date, *, clouds: list[Cloud] | None = None) -> list[str]:
    """Why the raw events of UTC month ``month`` must be kept (empty: they may
    go). Catches the rollups up first, so a dropped event is always counted."""
    from cambill.invoicing.models import BillRun, BillRunStatus, Invoice, InvoiceStatus

    lo, hi = _instant(month), _instant(partitions.next_month(month))
    events = UsageEvent.objects.filter(time__gte=lo, time__lt=hi)
    if clouds is None:
        ids = set(events.order_by().values_list("cloud_id", flat=True).distinct())
        clouds = list(Cloud.objects.filter(pk__in=ids).order_by("pk"))
    reasons: list[str] = []
    for cloud in clouds:
        rollup_catch_up(cloud)
        rollup_refresh(cloud, start=lo, end=hi)
        late = events.filter(
            cloud=cloud, late=True, billed_period__isnull=True, camera__isnull=False
        ).count()
        if late:
            reasons.append(f"{cloud.slug}: {late} late events not billed yet")
        # The cloud's billing periods holding its events of the month (a UTC
        # month meets one or two local months).
        span = events.filter(cloud=cloud).aggregate(lo=Min("time"), hi=Max("time"))
        if span["lo"] is None:
            continue
        keys = sorted(
            {
                Period.containing(span["lo"], cloud.timezone).key,
                Period.containing(span["hi"], cloud.timezone).key,
            }
        )
        for key in keys:
            run = BillRun.objects.filter(cloud=cloud, period=key).first()
            if run is None or run.status != BillRunStatus.COMPLETED:
                state = "no bill run" if run is None else f"bill run {run.status}"
                reasons.append(f"{cloud.slug} {key}: {state}")
                continue
            drafts = Invoice.objects.filter(
                cloud=cloud, period=key, status=InvoiceStatus.DRAFT
            ).count()
            if drafts:
                reasons.append(f"{cloud.slug} {key}: {drafts} draft invoices")
    return reasons


def raw_plan(*, now: datetime) -> dict[str, Any]:
    """What :func:`drop_expired_raw` would do: each expired month with the
    reasons it must be kept (an empty list: it would be dropped)."""
    horizon = raw_horizon(now)
    return {
        "horizon": f"{horizon:%Y-%m}",
        "expired": {f"{m:%Y-%m}": month_blockers(m) for m in _expired_months(horizon)},
    }


def drop_expired_raw(*, now: datetime) -> dict[str, Any]:
    """Drop every expired raw month that may go (see the module docstring)."""
    horizon = raw_horizon(now)
    out: dict[str, Any] = {
        "horizon": f"{horizon:%Y-%m}",
        "dropped": {},
        "kept": {},
        "keys_deleted": 0,
        "unmatched_dropped": 0,
    }
    for month in _expired_months(horizon):
        label = f"{month:%Y-%m}"
        reasons = month_blockers(month)
        if reasons:
            out["kept"][label] = reasons
            logger.info("usage retention: raw month %s kept: %s", label, "; ".join(reasons))
            continue
        counts, keys, unmatched = _drop_month(month, now)
        out["dropped"][label] = sum(counts.values())
        out["keys_deleted"] += keys
        out["unmatched_dropped"] += unmatched
        logger.info(
            "usage retention: raw month %s dropped: %d events, %d keys, %d unmatched",
            label,
            sum(counts.values()),
            keys,
            unmatched,
        )
    # One line for the schedule's console and the task result.
    parts = []
    if out["dropped"]:
        parts.append("dropped " + ", ".join(out["dropped"]))
    parts += [f"kept {m}: {'; '.join(r)}" for m, r in out["kept"].items()]
    out["summary"] = " / ".join(parts) or "nothing expired"
    return out


def _drop_month(month: date, now: datetime) -> tuple[dict[int, int], int, int]:
    """Delete month ``month``'s raw events and their keys; one audit row per
    cloud. Returns (events per cloud id, keys deleted, unmatched events)."""
    lo, hi = _instant(month), _instant(partitions.next_month(month))
    # First, every cloud refuses events of the month from now on: their keys go with
    # it, so a replay could no longer be counted once (a crash below leaves it refused).
    RollupWatermark.objects.bulk_create(
        [RollupWatermark(cloud_id=pk) for pk in Cloud.objects.values_list("pk", flat=True)],
        ignore_conflicts=True,
    )
    RollupWatermark.objects.filter(Q(raw_kept_from__isnull=True) | Q(raw_kept_from__lt=hi)).update(
        raw_kept_from=hi
    )
    events = UsageEvent.objects.filter(time__gte=lo, time__lt=hi)
    counts = dict(
        events.order_by().values("cloud_id").annotate(n=Count("pk")).values_list("cloud_id", "n")
    )
    unmatched = events.filter(camera__isnull=True).count()
    if partitions.enabled() and month in partitions.partitions():
        keys = _drop_partition(month)
    else:
        keys = _delete_rows(lo, hi)
    for cloud in Cloud.objects.filter(pk__in=counts).order_by("pk"):
        audit(
            actor=SYSTEM,
            verb="usage_raw_month_drop",
            obj=cloud,
            after={"month": f"{month:%Y-%m}", "events": counts[cloud.pk]},
            now=now,
        )
    return counts, keys, unmatched


def _drop_partition(month: date) -> int:
    """PostgreSQL: delete the month's keys (one join), then detach and drop
    its partition. Two transactions: a crash between them leaves the events
    without keys, and the next run drops them."""
    name = partitions.name_of(month)
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            f'DELETE FROM "{UsageEventKey._meta.db_table}" k USING "{name}" e '
            "WHERE k.cloud_id = e.cloud_id AND k.source = e.source AND k.event_id = e.event_id"
        )
        keys = cur.rowcount
    partitions.drop_month(month)
    return int(keys)


def _delete_rows(lo: datetime, hi: datetime) -> int:
    """Any backend: delete the events of ``[lo, hi)`` and their keys, one
    transaction per batch (a crash keeps what is left for the next run)."""
    keys = 0
    while True:
        with transaction.atomic():
            rows = list(
                UsageEvent.objects.filter(time__gte=lo, time__lt=hi)
                .order_by("pk")
                .values_list("pk", "cloud_id", "source", "event_id")[:BATCH]
            )
            if not rows:
                return keys
            by_cloud_source: dict[tuple[int, str], list[str]] = {}
            for _, cloud_id, source, event_id in rows:
                by_cloud_source.setdefault((cloud_id, source), []).append(event_id)
            for (cloud_id, source), ids in by_cloud_source.items():
                for i in range(0, len(ids), 500):
                    keys += UsageEventKey.objects.filter(
                        cloud_id=cloud_id, source=source, event_id__in=ids[i : i + 500]
                    ).delete()[0]
            pks = [r[0] for r in rows]
            for i in range(0, len(pks), 500):
                UsageEvent.objects.filter(pk__in=pks[i : i + 500]).delete()


# --- folding hourly rollups into daily rows -----------------------------------------


def _local_day(instant: datetime, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """``[start, end)`` of the local day holding ``instant``, as UTC instants."""
    d = instant.astimezone(tz).date()
    start = datetime(d.year, d.month, d.day, tzinfo=tz).astimezone(UTC)
    n = d + timedelta(days=1)
    return start, datetime(n.year, n.month, n.day, tzinfo=tz).astimezone(UTC)


def _days_to_fold(cloud: Cloud, cutoff: datetime) -> Iterator[tuple[datetime, datetime]]:
    """Local days of ``cloud`` ending at or before ``cutoff`` that hold hourly rows."""
    tz = ZoneInfo(cloud.timezone)
    cursor: datetime | None = None
    while True:
        qs = UsageRollup.objects.filter(cloud=cloud, hour__lt=cutoff)
        if cursor is not None:
            qs = qs.filter(hour__gte=cursor)
        first = qs.order_by("hour").values_list("hour", flat=True).first()
        if first is None:
            return
        start, end = _local_day(first, tz)
        if end > cutoff:
            return
        yield start, end
        cursor = end


def fold_cloud(cloud: Cloud, *, now: datetime) -> dict[str, int]:
    """Fold the cloud's hourly rollups of local days that ended before
    :func:`fold_cutoff` into daily rows; one transaction per day."""
    out = {"days": 0, "hourly": 0, "daily": 0, "unique_hourly": 0, "unique_daily": 0}
    out |= {"rebuilt": 0, "inexact": 0}
    twa = set(
        Meter.objects.filter(aggregation=Aggregation.TIME_WEIGHTED_AVG).values_list("pk", flat=True)
    )
    raw_from = _raw_kept_from(now)
    for start, end in _days_to_fold(cloud, fold_cutoff(now)):
        r = fold_day(cloud, start, end, twa=twa, raw_kept=start >= raw_from)
        out["days"] += 1
        for k, v in r.items():
            out[k] += v
    if out["days"]:
        logger.info("usage retention: %s: folded %s", cloud.slug, out)
    return out


def _raw_kept_from(now: datetime) -> datetime:
    """Earliest instant whose raw events are surely all still stored."""
    horizon = raw_horizon(now)
    if partitions.enabled():
        kept = [m for m in partitions.partitions()]
        if kept:
            return min(horizon, _instant(min(kept)))
    return horizon


def fold_day(
    cloud: Cloud, start: datetime, end: datetime, *, twa: set[int], raw_kept: bool
) -> dict[str, int]:
    """Fold the hourly rows of one local day ``[start, end)`` of ``cloud``
    (idempotent: a folded day has no hourly rows left)."""
    out = {"hourly": 0, "daily": 0, "unique_hourly": 0, "unique_daily": 0}
    out |= {"rebuilt": 0, "inexact": 0}
    with transaction.atomic():
        lock_watermark(cloud.pk)  # the rollup job and ingestion's refresh wait
        if raw_kept:
            rollup_refresh(cloud, start=start, end=end)
        # Rows of a day folded before: hours that arrived since are merged in.
        existing = {
            (d.camera_id, d.meter_id): d
            for d in UsageRollupDaily.objects.filter(cloud=cloud, day=start)
        }
        if not existing and connection.vendor == "postgresql":
            return out | _fold_day_pg(cloud, start, end, twa)
        hourly = UsageRollup.objects.filter(cloud=cloud, hour__gte=start, hour__lt=end)
        rows = hourly.order_by("camera_id", "meter_id", "hour").values_list(
            "camera_id", "meter_id", "hour", *ROLLUP_FIELDS
        )
        batch: list[UsageRollupDaily] = []
        group: list[tuple[Any, ...]] = []

        def flush(group: list[tuple[Any, ...]]) -> None:
            row, how = _fold_group(cloud, start, end, group, twa, existing, raw_kept)
            if how:
                out[how] += 1
            batch.append(row)

        for r in rows.iterator(chunk_size=BATCH):
            if group and (group[0][0], group[0][1]) != (r[0], r[1]):
                flush(group)
                group = []
                if len(batch) >= BATCH:
                    out["daily"] += _write(batch)
                    batch = []
            group.append(r)
        if group:
            flush(group)
        out["daily"] += _write(batch)
        out["hourly"] = hourly.delete()[0]
        u, d = _fold_unique(cloud, start, end)
        out["unique_hourly"], out["unique_daily"] = u, d
    return out


_PG_FOLD = """
WITH h AS (
  SELECT camera_id, meter_id, hour, count, sum, max, first_time, last_time, last_value,
         last_event_id, integral,
         coalesce(lead(first_time) OVER w, %(end)s) AS nxt,
         row_number() OVER (PARTITION BY camera_id, meter_id
                            ORDER BY last_time DESC, last_event_id DESC NULLS LAST) AS rn
    FROM usage_usagerollup
   WHERE cloud_id = %(cloud)s AND hour >= %(start)s AND hour < %(end)s
  WINDOW w AS (PARTITION BY camera_id, meter_id ORDER BY hour)
)
INSERT INTO usage_usagerollupdaily
  (cloud_id, camera_id, meter_id, day, "end", count, sum, max, first_time, last_time,
   last_value, last_event_id, integral)
SELECT %(cloud)s, camera_id, meter_id, %(start)s, %(end)s, sum(count), sum(sum), max(max),
       min(first_time), max(last_time),
       (array_agg(last_value) FILTER (WHERE rn = 1))[1],
       (array_agg(last_event_id) FILTER (WHERE rn = 1))[1],
       CASE WHEN meter_id = ANY(%(twa)s::bigint[]) THEN
         sum(coalesce(integral, 0)
             + last_value * extract(epoch FROM nxt - (hour + interval '1 hour')))
       ELSE 0 END
  FROM h
 GROUP BY camera_id, meter_id
"""


def _fold_day_pg(cloud: Cloud, start: datetime, end: datetime, twa: set[int]) -> dict[str, int]:
    """PostgreSQL, a day not folded before: the same fold as :func:`_fold` in
    one statement (the integral walk is a ``lead()`` over the hours; numeric
    epoch seconds are exact), then the day's distinct values."""
    args: dict[str, Any] = {"cloud": cloud.pk, "start": start, "end": end, "twa": sorted(twa)}
    out: dict[str, int] = {}
    with connection.cursor() as cur:
        cur.execute(_PG_FOLD, args)
        out["daily"] = cur.rowcount
        cur.execute(
            "DELETE FROM usage_usagerollup WHERE cloud_id = %(cloud)s AND hour >= %(start)s "
            "AND hour < %(end)s",
            args,
        )
        out["hourly"] = cur.rowcount
        cur.execute(
            "SELECT count(*) FROM usage_uniquevalue WHERE cloud_id = %(cloud)s "
            "AND hour >= %(start)s AND hour < %(end)s",
            args,
        )
        before = int(cur.fetchone()[0])
        out["unique_hourly"] = out["unique_daily"] = 0
        if before:
            cur.execute(
                "INSERT INTO usage_uniquevalue (cloud_id, camera_id, meter_id, hour, value) "
                "SELECT DISTINCT cloud_id, camera_id, meter_id, %(start)s, value "
                "FROM usage_uniquevalue WHERE cloud_id = %(cloud)s AND hour > %(start)s "
                "AND hour < %(end)s ON CONFLICT DO NOTHING",
                args,
            )
            cur.execute(
                "DELETE FROM usage_uniquevalue WHERE cloud_id = %(cloud)s "
                "AND hour > %(start)s AND hour < %(end)s",
                args,
            )
            moved = cur.rowcount
            if moved:
                cur.execute(
                    "SELECT count(*) FROM usage_uniquevalue WHERE cloud_id = %(cloud)s "
                    "AND hour = %(start)s",
                    args,
                )
                out["unique_hourly"], out["unique_daily"] = before, int(cur.fetchone()[0])
    return out


def _fold_group(
    cloud: Cloud,
    start: datetime,
    end: datetime,
    hours: list[tuple[Any, ...]],
    twa: set[int],
    existing: dict[tuple[int, int], UsageRollupDaily],
    raw_kept: bool,
) -> tuple[UsageRollupDaily, str]:
    """The daily row of one (camera, meter) from its hourly rows, and how it
    was made when the day was folded before ("" | "rebuilt" | "inexact").

    Merging new hours after the stored row is exact for every column when the
    new samples come after the stored ones, and for all but a time-weighted
    integral otherwise. Then, when every sample of the day is still a raw event
    (their number is the stored count plus the new one: no poll sample, which
    has no raw event, decision 0025), the day is folded again from them."""
    cam, meter_id = hours[0][0], hours[0][1]
    prev = existing.get((cam, meter_id))
    if prev is None:
        return _fold(cloud.pk, start, end, hours, twa, None), ""
    in_order = hours[0][2] >= prev.last_time
    if meter_id not in twa or in_order:
        return _fold(cloud.pk, start, end, hours, twa, prev), ""
    if raw_kept:
        again = _hours_from_raw(cloud, cam, meter_id, start, end)
        if again is not None and sum(h[3] for h in again) == prev.count + sum(h[3] for h in hours):
            row = _fold(cloud.pk, start, end, again, twa, None)
            row.pk = prev.pk
            return row, "rebuilt"
    logger.warning(
        "usage retention: %s camera %s meter %s day %s: late samples interleave with a "
        "folded day and are not all raw events; time-weighted integral merged in order",
        cloud.slug,
        cam,
        meter_id,
        f"{start:%Y-%m-%d}",
    )
    return _fold(cloud.pk, start, end, hours, twa, prev), "inexact"


def _hours_from_raw(
    cloud: Cloud, cam: int, meter_id: int, start: datetime, end: datetime
) -> list[tuple[Any, ...]] | None:
    """The hourly rows of one (camera, meter, day) folded from its raw events."""
    meter = Meter.objects.get(pk=meter_id)
    rows = (
        UsageEvent.objects.filter(
            cloud=cloud,
            camera_id=cam,
            type=meter.event_type,
            time__gte=start,
            time__lt=end,
            quarantined_at__isnull=True,
        )
        .order_by("time", "pk")
        .values_list("pk", "camera_id", "type", "time", "data")
    )
    samples = [
        x
        for x in samples_of(rows.iterator(chunk_size=BATCH), {meter.event_type: [meter]})
        if x.meter_id == meter_id
    ]
    if not samples:
        return None
    by_hour: dict[datetime, list[Any]] = {}
    for x in samples:
        by_hour.setdefault(floor_hour(x.time), []).append(x)
    out = []
    for hour in sorted(by_hour):
        b = fold(by_hour[hour], hour)
        out.append(
            (
                cam,
                meter_id,
                hour,
                b.count,
                b.sum,
                b.max,
                b.first_time,
                b.last_time,
                b.last_value,
                b.last_event_id,
                b.integral,
            )
        )
    return out


def _write(batch: list[UsageRollupDaily]) -> int:
    if not batch:
        return 0
    merged = [d for d in batch if d.pk is not None]
    if merged:
        UsageRollupDaily.objects.bulk_update(
            merged,
            ROLLUP_FIELDS,
        )
    new = [d for d in batch if d.pk is None]
    UsageRollupDaily.objects.bulk_create(new, batch_size=1000)
    return len(batch)


def _fold(
    cloud_id: int,
    start: datetime,
    end: datetime,
    hours: list[tuple[Any, ...]],
    twa: set[int],
    prev: UsageRollupDaily | None,
) -> UsageRollupDaily:
    """One day of one (camera, meter) from its hourly rows, in hour order;
    merged after the stored daily row when there is one (no raw events left)."""
    cam, meter_id = hours[0][0], hours[0][1]
    is_twa = meter_id in twa
    with localcontext() as ctx:
        ctx.prec = 80
        if prev is not None:
            count, total, top = prev.count, prev.sum, prev.max
            first_time: datetime | None = prev.first_time
            last_time: datetime | None = prev.last_time
            last_value, last_id = prev.last_value, prev.last_event_id
            # The stored integral runs to the day's end at its last value: cut
            # it where the first new hour starts (exact when the new hours come
            # after the stored samples, the usual case of a late arrival).
            integral = prev.integral
            if is_twa and last_value is not None:
                integral -= last_value * seconds(end - max(hours[0][2], last_time))
            cursor: datetime | None = max(hours[0][2], last_time)
        else:
            count, total, top = 0, Decimal(0), None
            first_time, last_time = None, None
            last_value, last_id = None, None
            integral = Decimal(0)
            cursor = None
        for _c, _m, hour, n, s, mx, ft, lt, lv, lid, itg in hours:
            count += n
            total += s
            if mx is not None and (top is None or mx > top):
                top = mx
            if first_time is None or (ft is not None and ft < first_time):
                first_time = ft
            if is_twa:
                if cursor is not None and last_value is not None and ft is not None:
                    integral += last_value * seconds(ft - cursor)
                integral += itg if itg is not None else Decimal(0)
                cursor = hour + HOUR
            if lt is not None and (
                last_time is None or (lt, lid or 0) >= (last_time, last_id or 0)
            ):
                last_time, last_value, last_id = lt, lv, lid
        if is_twa and cursor is not None and last_value is not None:
            integral += last_value * seconds(end - cursor)
    row = prev or UsageRollupDaily(cloud_id=cloud_id, camera_id=cam, meter_id=meter_id, day=start)
    row.end = end
    row.count, row.sum, row.max = count, total, top
    assert first_time is not None and last_time is not None
    row.first_time, row.last_time = first_time, last_time
    row.last_value, row.last_event_id = last_value, last_id
    row.integral = integral if is_twa else Decimal(0)
    return row


def _fold_unique(cloud: Cloud, start: datetime, end: datetime) -> tuple[int, int]:
    """The day's distinct values of each (camera, meter), stamped at the day's
    start. Returns (rows before, rows after)."""
    qs = UniqueValue.objects.filter(cloud=cloud, hour__gte=start, hour__lt=end)
    if not qs.exclude(hour=start).exists():
        return 0, 0
    values = set(qs.values_list("camera_id", "meter_id", "value").iterator(chunk_size=BATCH))
    before = qs.delete()[0]
    UniqueValue.objects.bulk_create(
        [
            UniqueValue(cloud=cloud, camera_id=c, meter_id=m, hour=start, value=v)
            for c, m, v in sorted(values)
        ],
        batch_size=2000,
    )
    return before, len(values)


# --- readers: days folded again before a time-weighted aggregate ---------------------


def refold_overlaps(cloud: Cloud, meter: Meter, start: datetime, end: datetime) -> int:
    """Hourly rows inside days already folded (events that arrived days late)
    are folded into their days before a time-weighted aggregate reads them, so
    it never sees a day twice. Returns how many days were folded again."""
    folded = UsageRollupDaily.objects.filter(
        cloud=cloud, meter=meter, day__lt=end, end__gt=start
    ).values_list("day", "end")
    if not folded.exists():
        return 0
    hours = list(
        UsageRollup.objects.filter(cloud=cloud, meter=meter, hour__gte=start, hour__lt=end)
        .order_by()
        .values_list("hour", flat=True)
        .distinct()
    )
    if not hours:
        return 0
    days = {(d, e) for d, e in folded.distinct()}
    hit = sorted({(d, e) for d, e in days for h in hours if d <= h < e})
    if not hit:
        return 0
    twa = set(
        Meter.objects.filter(aggregation=Aggregation.TIME_WEIGHTED_AVG).values_list("pk", flat=True)
    )
    raw_from = _raw_kept_from(clock.now())
    for d, e in hit:
        fold_day(cloud, d, e, twa=twa, raw_kept=d >= raw_from)
    return len(hit)
