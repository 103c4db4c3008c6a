"""The rollup job's fold in one set-based statement (PostgreSQL).

:func:`cambill.usage.rollups.rollup_catch_up` folds the events above the
watermark into the hourly buckets. The generic path reads every event into
Python (decoding ``data``, parsing the reading, folding with ``Decimal``) and
writes the buckets back; on PostgreSQL this module does the same inside the
database: one statement reads the events of an id range, extracts each meter's
reading from ``data``, folds each (camera, meter, UTC hour) exactly as
:func:`cambill.usage.readings.fold` does (count, sum, max, first and last
sample by (time, id), the time-weighted integral with ``lead()`` over the
samples in (time, id) order, in ``numeric``, which is exact), and stages the
buckets; the same ``INSERT ... ON CONFLICT DO UPDATE`` as the generic path
(``buckets._PG_UPSERT_*``) merges them into the stored ones. Nothing crosses
into Python but two counts. See docs/decisions/0024.

It takes only what it can decide exactly and leaves the rest to the generic
path (which quarantines what it must):

* meters whose readings are JSON numbers (or "count 1"): ``unique_count``
  meters, and value paths with a numeric segment (an array index to
  ``#>``, a dict key to Python), are generic;
* a range with any reading that is not a clean number (a numeric string, a
  boolean, a value ingestion would refuse today, beyond 10^18 or finer than
  10^-30) is given back whole (``None``) and folded by the generic path.

The readings are the numbers the generic path reads: ``data`` is stored from
orjson's shortest float repr, so PostgreSQL's ``numeric`` of the stored text
and Python's ``Decimal(repr(float))`` of the decoded value are the same number.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db import connection

from .buckets import _PG_STAGE as _ROLLUP_STAGE
from .buckets import _PG_UPSERT_PLAIN, _PG_UPSERT_TWA
from .models import Aggregation, Meter
from .staging import pg_stage


def simple(meter: Meter) -> bool:
    """Whether the set-based fold can read ``meter`` (see the module docstring)."""
    if meter.aggregation == Aggregation.UNIQUE_COUNT:
        return False
    parts = meter.value_path.split(".") if meter.value_path else []
    return not any(p.lstrip("-").isdigit() or not p for p in parts)


def split_types(meters: dict[str, list[Meter]]) -> tuple[list[Meter], list[str]]:
    """(meters of the event types the statement folds, the other event types)."""
    mine: list[Meter] = []
    others: list[str] = []
    for typ, ms in meters.items():
        if ms and all(simple(m) for m in ms):
            mine.extend(ms)
        else:
            others.append(typ)
    return mine, others


_STAGE_FOLD = """
CREATE TEMP TABLE IF NOT EXISTS usage_stage_fold (
  twa boolean, camera_id bigint, meter_id bigint, hour timestamptz, count bigint,
  sum numeric, max numeric, first_time timestamptz, last_time timestamptz,
  last_value numeric, last_event_id bigint, integral numeric, bad bigint
) ON COMMIT DELETE ROWS
"""

# One pass: the events of the range joined with the meters that read their
# type, the reading (NULL path = "count 1"), whether it is a clean number, the
# next sample of the bucket (lead() in (time, id) order: the last sample has
# none), then one row per bucket in the window's order (no second sort). A
# bucket's last sample is the one without a next. Buckets are UTC hours.
_FOLD = """
WITH m AS (
  SELECT meter_id, type, CASE WHEN path = '' THEN NULL ELSE string_to_array(path, '.') END
    AS path, twa, neg
  FROM unnest(%(mid)s::bigint[], %(mtype)s::text[], %(mpath)s::text[],
    %(mtwa)s::boolean[], %(mneg)s::boolean[]) AS m(meter_id, type, path, twa, neg)
), r AS (
  SELECT e.id, e.camera_id, e.time, m.meter_id, m.twa, m.neg,
    CASE WHEN m.path IS NULL THEN '1'::jsonb ELSE e.data #> m.path END AS raw
  FROM usage_usageevent e JOIN m ON m.type = e.type
  WHERE e.cloud_id = %(cloud)s AND e.id > %(lo)s AND e.id <= %(hi)s
    AND e.quarantined_at IS NULL AND e.camera_id IS NOT NULL
), v AS MATERIALIZED (
  SELECT id, camera_id, time, meter_id, twa, neg,
    CASE WHEN jsonb_typeof(raw) = 'number' THEN (raw #>> '{}')::numeric END AS v
  FROM r WHERE jsonb_typeof(raw) <> 'null'
), f AS (
  SELECT id, camera_id, time, meter_id, twa, v, date_bin('1 hour', time, %(origin)s) AS hour,
    lead(time) OVER (PARTITION BY camera_id, meter_id, date_bin('1 hour', time, %(origin)s)
                     ORDER BY time, id) AS nxt,
    (v IS NOT NULL AND abs(v) <= 1e18 AND (v >= 0 OR neg)
      AND (v = 0 OR (abs(v) >= 1e-30 AND scale(v) <= 30))) AS ok
  FROM v
)
INSERT INTO usage_stage_fold (twa, camera_id, meter_id, hour, count, sum, max,
  first_time, last_time, last_value, last_event_id, integral, bad)
SELECT bool_or(twa), camera_id, meter_id, hour, count(*), sum(v), max(v), min(time), max(time),
  max(v) FILTER (WHERE nxt IS NULL), max(id) FILTER (WHERE nxt IS NULL),
  CASE WHEN bool_or(twa)
    THEN sum(v * EXTRACT(EPOCH FROM coalesce(nxt, hour + interval '1 hour') - time))
    ELSE 0 END,
  count(*) FILTER (WHERE NOT ok)
FROM f GROUP BY camera_id, meter_id, hour
"""

# UTC hours without a time-zone lookup per row (``date_trunc(..., 'UTC')``
# costs three times as much); every event time is after 1900 (validated).
_ORIGIN = datetime(1900, 1, 1, tzinfo=UTC)

_COUNT = """
SELECT count(*) FROM usage_usageevent
WHERE cloud_id = %s AND id > %s AND id <= %s AND quarantined_at IS NULL
"""

_TO_ROLLUP_STAGE = """
INSERT INTO usage_stage_rollup (camera_id, meter_id, hour, count, sum, max, first_time,
  last_time, last_value, last_event_id, integral)
SELECT camera_id, meter_id, hour, count, sum, max, first_time, last_time, last_value,
  last_event_id, integral
FROM usage_stage_fold WHERE twa = %s
"""


def fold_range(cloud_id: int, lo: int, hi: int, mine: list[Meter]) -> int | None:
    """Fold the cloud's events with ``lo < id <= hi`` of the meters ``mine``
    into the rollups; returns how many events (of any type, not quarantined)
    the range holds, or None (nothing written) when a reading needs the
    generic path. Run inside the caller's transaction (the watermark's)."""
    with connection.cursor() as dj:
        cur = dj.cursor
        pg_stage(cur, _STAGE_FOLD, "usage_stage_fold")
        cur.execute("SET LOCAL work_mem = '64MB'")  # the window's sort in memory
        cur.execute(
            _FOLD,
            {
                "cloud": cloud_id,
                "origin": _ORIGIN,
                "lo": lo,
                "hi": hi,
                "mid": [m.pk for m in mine],
                "mtype": [m.event_type for m in mine],
                "mpath": [m.value_path for m in mine],
                "mtwa": [m.aggregation == Aggregation.TIME_WEIGHTED_AVG for m in mine],
                "mneg": [bool(m.allow_negative) for m in mine],
            },
        )
        n_buckets = cur.rowcount
        cur.execute("SELECT coalesce(sum(bad), 0) FROM usage_stage_fold")
        if cur.fetchone()[0]:
            cur.execute("DELETE FROM usage_stage_fold")
            return None
        cur.execute(_COUNT, (cloud_id, lo, hi))
        n_events = cur.fetchone()[0]
        if n_buckets:
            pg_stage(cur, _ROLLUP_STAGE, "usage_stage_rollup")
            for twa, upsert in ((True, _PG_UPSERT_TWA), (False, _PG_UPSERT_PLAIN)):
                cur.execute(_TO_ROLLUP_STAGE, (twa,))
                if cur.rowcount:
                    cur.execute(upsert, (cloud_id,))
                    cur.execute("DELETE FROM usage_stage_rollup")
    return int(n_events)


def pg() -> bool:
    return connection.vendor == "postgresql"


__all__: list[Any] = ["fold_range", "pg", "simple", "split_types"]
