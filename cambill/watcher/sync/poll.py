"""Poll: Watcher -> usage (stream stats into usage rollups).

Poll: from stream stats to usage events
---------------------------------------
Every poll reads ``GET /streams`` (name, organization_id, preset_id, disabled,
stats) and emits one CloudEvent per stream, type ``watcher.stream.stats``,
subject = stream name, with ``data``:

* ``archive_bytes``: ``stats.dvr_info.bytes`` now (a gauge sample);
* ``recorded_seconds``: growth of ``stats.dvr_info.duration`` since the previous
  poll (kept in ``WatcherStreamState``);
* ``alive``, ``bitrate``: availability at the poll.

A stream that is enabled but not alive at a poll was offline since the previous
poll (or since its last frame, ``stats.last_dts_at``, when that is later): one
more CloudEvent, type ``camera.offline``, ``data = {"seconds": N}``, read by the
built-in meter ``camera_offline_seconds`` (offline credits, cambill.usage.offline).
Sampled at each poll, so an outage is counted to within one poll interval; a
disabled stream (suspended account, disabled camera) is never "offline".

Counters that go backwards never produce negative usage:

* first sight of a stream: baseline only, 0 seconds (an imported camera's old
  archive is not this interval's usage);
* the archive's head (``dvr_info.from``) moved forward but not past the last
  poll: the archive was trimmed at its depth, so a full archive whose duration
  stands still is still recording; count the growth of the duration plus the
  span dropped from the head, capped at the wall time since the last poll (a
  gap inside the dropped span is counted as recorded: the stats cannot tell);
* duration shrank and the new duration fits in the wall time since the last
  poll: the stream was recreated, count the new duration;
* duration shrank otherwise (head unknown): count 0;
* a poll older than the stored state (a late replay) changes nothing.

The event id is ``<stream>@<poll time in unix seconds>`` with source
``cambill:watcher:<cloud slug>``.

Where they go (decision 0025): a stream with a camera has its samples merged
straight into the hourly rollups (no raw event), and its ``WatcherStreamState``
row, locked and moved forward in the same transaction only if the poll is
newer, is the exactly-once guard: a replayed or late poll counts nothing.
Raw events (``events_ingest``) remain for streams with no camera yet, samples
in an invoiced period, offline time in zones with a non-whole-hour offset, and
everything when ``CAMBILL_WATCHER_POLL_RAW_EVENTS`` is on. Batches of 2,000
streams (250 on SQLite) are one transaction each; one thread follows the
cursor while ``CAMBILL_WATCHER_POLL_WORKERS`` threads write batches at once (or
``watcher.poll_batch`` tasks, with ``CAMBILL_WATCHER_POLL_FAN_OUT``), so a crash
never counts an interval twice or drops it.
"""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass, is_dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from cambill.clouds.models import Cloud
from cambill.core import clock
from cambill.core.errors import DomainError, ErrorCode

from ..client import WatcherClient
from ..errors import WatcherError
from ..models import WatcherConnection, WatcherStreamState
from ..services.connection import client_for, record_sync
from ._shared import _connection

STATS_EVENT_TYPE = "watcher.stream.stats"
OFFLINE_EVENT_TYPE = "camera.offline"  # cambill.usage.offline.OFFLINE_EVENT_TYPE
POLL_FIELDS = ["name", "organization_id", "preset_id", "disabled", "stats"]
POLL_PAGE = 1000  # the most Watcher returns in one page
POLL_BATCH = 2000  # streams per transaction on PostgreSQL (see _poll_batch)
POLL_BATCH_SQLITE = 250


@dataclass(frozen=True)
class StreamSnapshot:
    """What a stream's archive looked like at one poll."""

    duration: int
    bytes: int
    from_: int | None
    polled_at: datetime


def event_source(cloud: Cloud) -> str:
    return f"cambill:watcher:{cloud.slug}"


def _iso(t: datetime) -> str:
    text = t.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _int(value: Any) -> int:
    try:
        return max(0, round(float(value)))
    except (TypeError, ValueError, OverflowError):  # None, text, NaN, infinity
        return 0


def events_from_stats(
    *, source: str, stream: Mapping[str, Any], previous: StreamSnapshot | None, polled_at: datetime
) -> tuple[list[dict[str, Any]], StreamSnapshot | None]:
    """Turn one stream's stats at ``polled_at`` into usage events (pure function).

    Returns the CloudEvents (none, the stats, or the stats and the offline
    time) and the snapshot to keep for the next poll (``None``: keep the previous one). The rules for counters that go
    backwards are in the module docstring.
    """
    if polled_at.tzinfo is None:
        raise ValueError("polled_at must be timezone-aware")
    polled_at = polled_at.replace(microsecond=0)
    name = str(stream["name"])
    stats = stream.get("stats") or {}
    dvr = stats.get("dvr_info") or {}
    duration = _int(dvr.get("duration"))
    size = _int(dvr.get("bytes"))
    raw_from = dvr.get("from")
    from_ = int(raw_from) if isinstance(raw_from, int | float) else None
    if previous is not None and polled_at < previous.polled_at:
        return [], None  # an old poll replayed late: the newer state stands
    if previous is None:
        recorded = 0
    elif polled_at == previous.polled_at:
        recorded = 0  # the same poll again: same event id, ingestion keeps the first
    else:
        elapsed = (polled_at - previous.polled_at).total_seconds()
        head_moved = (
            from_ is not None
            and previous.from_ is not None
            and previous.from_ < from_ < previous.polled_at.timestamp()
        )
        if head_moved:
            # Trimmed at its depth while recording: the span dropped from the
            # head was recorded before, so this interval recorded the growth
            # plus that span (capped at the wall time, never negative).
            dropped = from_ - previous.from_  # type: ignore[operator]
            recorded = int(min(max(duration - previous.duration + dropped, 0), elapsed))
        elif duration >= previous.duration:
            recorded = duration - previous.duration
        else:
            recorded = duration if duration <= elapsed else 0
    event = {
        "specversion": "1.0",
        "id": f"{name}@{int(polled_at.timestamp())}",
        "source": source,
        "type": STATS_EVENT_TYPE,
        "subject": name,
        "time": _iso(polled_at),
        "datacontenttype": "application/json",
        "data": {
            "archive_bytes": size,
            "recorded_seconds": recorded,
            "alive": bool(stats.get("alive")),
            "bitrate": _int(stats.get("bitrate")),
        },
    }
    events = [event]
    down = offline_seconds(stream, previous, polled_at)
    if down:
        events.append(
            {
                **event,
                "id": f"{name}@{int(polled_at.timestamp())}/offline",
                "type": OFFLINE_EVENT_TYPE,
                "data": {"seconds": down},
            }
        )
    return events, StreamSnapshot(duration, size, from_, polled_at)


def offline_seconds(
    stream: Mapping[str, Any], previous: StreamSnapshot | None, polled_at: datetime
) -> int:
    """Seconds an enabled stream not alive at ``polled_at`` was offline since the previous poll."""
    if previous is None or polled_at <= previous.polled_at or stream.get("disabled"):
        return 0
    stats = stream.get("stats") or {}
    if stats.get("alive") is not False:
        return 0  # alive, or unknown
    since = previous.polled_at.timestamp()
    last_frame = stats.get("last_dts_at")
    if isinstance(last_frame, int | float) and not isinstance(last_frame, bool):
        since = max(since, last_frame / 1000)
    return max(0, int(polled_at.timestamp() - since))


@dataclass
class PollResult:
    streams: int
    events: int
    ingest: Any = None

    def as_dict(self) -> dict[str, Any]:
        ingest = self.ingest
        if not isinstance(ingest, dict | list | int | str | None):
            ingest = str(ingest)
        return {"streams": self.streams, "events": self.events, "ingest": ingest}


def ingest_events(cloud: Cloud, events: list[dict[str, Any]]) -> Any:
    """Hand events to the usage ingestion (the same path as ``POST /api/v1/events``)."""
    try:
        from cambill.usage.services import events_ingest
    except ImportError as exc:  # never advance stream state without storing its usage
        raise DomainError(
            ErrorCode.INVALID_STATE,
            gettext("Usage ingestion is not available (%(exc)s).") % {"exc": exc},
        ) from None
    from cambill.core.access import SYSTEM

    result = events_ingest(actor=SYSTEM, cloud=cloud, events=events)
    return asdict(result) if is_dataclass(result) and not isinstance(result, type) else result


def _poll_batch() -> int:
    """Streams per poll transaction.

    SQLite has one writer at a time: short transactions keep the pages (and the
    API's ingestion) responsive while a poll runs. PostgreSQL takes larger ones.
    """
    from django.db import connection

    return POLL_BATCH_SQLITE if connection.vendor == "sqlite" else POLL_BATCH


_END = object()


def _prefetched(items: Iterator[Any], size: int, depth: int = 2) -> Iterator[list[Any]]:
    """Batches of ``size`` items, read ahead in a thread (at most ``depth`` batches).

    Watcher's next page is fetched while the previous batch is written to the
    database, so a poll costs about max(HTTP, database) instead of their sum.
    An error of the reader is raised here, in the caller's thread.
    """
    out: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def put(value: Any) -> bool:
        while not stop.is_set():
            try:
                out.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            chunk: list[Any] = []
            for item in items:
                chunk.append(item)
                if len(chunk) >= size:
                    if not put(chunk):
                        return
                    chunk = []
            if chunk and not put(chunk):
                return
            put(_END)
        except BaseException as exc:  # handed to the consumer, which raises it
            put(exc)

    reader = threading.Thread(target=run, name="watcher-poll-reader", daemon=True)
    reader.start()
    try:
        while True:
            value = out.get()
            if value is _END:
                return
            if isinstance(value, BaseException):
                raise value
            yield value
    finally:
        stop.set()
        reader.join(timeout=30)


def _setting(name: str, default: Any) -> Any:
    from django.conf import settings

    value = getattr(settings, name, None)
    if value is None:
        value = os.environ.get(name)
    return default if value in (None, "") else value


def raw_events() -> bool:
    """``CAMBILL_WATCHER_POLL_RAW_EVENTS``: store every sample as a raw event (the
    path before decision 0025, for audits that want every sample kept)."""
    value = _setting("CAMBILL_WATCHER_POLL_RAW_EVENTS", False)
    return value is True or str(value).lower() in ("1", "true", "yes", "on")


def poll_workers() -> int:
    """Batches written at once (``CAMBILL_WATCHER_POLL_WORKERS``, default 4), each in
    its own thread and database connection. One on SQLite (one writer) and
    inside a transaction (a thread's connection could not see its rows)."""
    from django.db import connection

    if connection.vendor == "sqlite" or connection.in_atomic_block:
        return 1
    try:
        return max(1, int(_setting("CAMBILL_WATCHER_POLL_WORKERS", 4)))
    except (TypeError, ValueError):
        return 4


_STATE_TABLE = WatcherStreamState._meta.db_table

# Exactly once per interval: a stream's state moves only forward, and only
# the streams whose state this statement moved are counted (a concurrent or
# replayed poll of the same time finds the state already there).
_PG_ADVANCE = f"""
INSERT INTO {_STATE_TABLE} AS s
  (cloud_id, stream_name, last_duration, last_bytes, last_from, polled_at)
SELECT %s, n, d, b, f, %s
FROM unnest(%s::text[], %s::bigint[], %s::bigint[], %s::bigint[]) AS t(n, d, b, f)
ORDER BY n
ON CONFLICT (cloud_id, stream_name) DO UPDATE SET
  last_duration = excluded.last_duration, last_bytes = excluded.last_bytes,
  last_from = excluded.last_from, polled_at = excluded.polled_at
WHERE s.polled_at < excluded.polled_at
RETURNING stream_name
"""


def _previous_states(cloud: Cloud, names: list[str]) -> dict[str, StreamSnapshot]:
    """The streams' states, locked until the batch commits (PostgreSQL), in
    name order so concurrent batches lock the same way."""
    from django.db import connection

    qs = WatcherStreamState.objects.filter(cloud=cloud, stream_name__in=names)
    if connection.vendor == "postgresql":
        qs = qs.select_for_update().order_by("stream_name")
    return {
        name: StreamSnapshot(d, b, f, at)
        for name, d, b, f, at in qs.values_list(
            "stream_name", "last_duration", "last_bytes", "last_from", "polled_at"
        )
    }


def _advance_states(cloud: Cloud, rows: list[tuple[str, StreamSnapshot]]) -> set[str]:
    """Write the new states; returns the names whose state moved forward."""
    from django.db import connection

    if not rows:
        return set()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute(
                _PG_ADVANCE,
                [
                    cloud.pk,
                    rows[0][1].polled_at,
                    [n for n, _ in rows],
                    [s.duration for _, s in rows],
                    [s.bytes for _, s in rows],
                    [s.from_ for _, s in rows],
                ],
            )
            return {name for (name,) in cur.fetchall()}
    # SQLite: one writer at a time, so the states read in this transaction stand.
    WatcherStreamState.objects.bulk_create(
        [
            WatcherStreamState(
                cloud=cloud,
                stream_name=n,
                last_duration=s.duration,
                last_bytes=s.bytes,
                last_from=s.from_,
                polled_at=s.polled_at,
            )
            for n, s in rows
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["cloud", "stream_name"],
        update_fields=["last_duration", "last_bytes", "last_from", "polled_at"],
    )
    return {n for n, _ in rows}


@dataclass
class _Counts:
    received: int = 0
    inserted: int = 0
    duplicates: int = 0
    unmatched: int = 0
    late: int = 0
    rolled_up: int = 0

    def add(self, other: Any) -> None:
        for k, v in (other or {}).items():
            if hasattr(self, k) and isinstance(v, int) and not isinstance(v, bool):
                setattr(self, k, getattr(self, k) + v)


def _write_samples(
    cloud: Cloud, events: list[dict[str, Any]], cams: dict[str, int], polled_at: datetime
) -> int:
    """Fold stats (and offline) events of matched cameras straight into the
    hourly rollups (no raw event): the samples the rollup job would read from
    them (``cambill.usage.readings.samples_of``: every meter of the event's
    type, its value path and rule), merged by the same bucket code. Returns how
    many events were counted."""
    from cambill.usage.buckets import apply
    from cambill.usage.models import Aggregation
    from cambill.usage.readings import (
        MAX_VALUE,
        ZERO,
        Sample,
        extract,
        meters_by_type,
        unique_key,
        value_problem,
    )

    every = meters_by_type()
    meters = {t: every.get(t, []) for t in (STATS_EVENT_TYPE, OFFLINE_EVENT_TYPE)}
    samples: list[Sample] = []
    decimals: dict[int, Decimal] = {}
    for e in events:
        cam = cams[e["subject"]]
        mine: list[Sample] = []
        for m in meters.get(e["type"], ()):
            raw = extract(e["data"], m.value_path)
            if raw is None:
                continue
            # pk 0: no raw event (``last_event_id`` 0 marks a poll's sample); a
            # stream's samples never share a time, so they order by time alone.
            if m.aggregation == Aggregation.UNIQUE_COUNT:
                key = unique_key(raw)
                if key is None:
                    break
                mine.append(Sample(cam, m.pk, polled_at, 0, ZERO, key))
                continue
            if type(raw) is int and 0 <= raw <= MAX_VALUE:  # what the poll sends
                value = decimals.get(raw)
                if value is None:
                    value = decimals[raw] = Decimal(raw)
            else:
                got, problem = value_problem(raw, m)
                if problem is not None or got is None:
                    break  # the rollup job would quarantine it: not counted
                value = got
            twa = m.aggregation == Aggregation.TIME_WEIGHTED_AVG
            mine.append(Sample(cam, m.pk, polled_at, 0, value, None, twa))
        else:
            samples.extend(mine)
    apply(cloud.pk, samples)
    return len(events)


def _stats_meters() -> bool:
    from cambill.usage.models import Meter

    return Meter.objects.filter(event_type=STATS_EVENT_TYPE).exists()


def _poll_chunk(
    cloud: Cloud,
    conn: WatcherConnection,
    source: str,
    streams: list[Mapping[str, Any]],
    polled_at: datetime,
) -> tuple[int, int, Any]:
    """One batch of streams, in one transaction: lock their states, compute the
    deltas, move the states forward and count only the streams whose state
    moved, writing their samples into the hourly rollups (decision 0025).

    Raw events are stored (through ``events_ingest``) only for what needs
    them: offline time (offline credits read it per local day), streams with
    no camera yet (kept unmatched until the camera appears), samples falling
    in an already invoiced period (late usage), and every sample when
    ``CAMBILL_WATCHER_POLL_RAW_EVENTS`` is on or no meter reads the stats
    (the ingestion then refuses them as before and nothing is stored).

    Returns (streams with a name, events, counts as a dict).
    """
    by_name: dict[str, Mapping[str, Any]] = {}
    for stream in streams:
        name = str(stream.get("name") or "")
        if name:
            by_name[name] = stream  # a stream listed twice counts once
    if not by_name:
        return 0, 0, None
    counts = _Counts()
    n_events = 0
    with transaction.atomic():
        states = _previous_states(cloud, list(by_name))
        planned: dict[str, list[dict[str, Any]]] = {}
        rows: list[tuple[str, StreamSnapshot]] = []
        for name, stream in by_name.items():
            prev = states.get(name)
            evs, snap = events_from_stats(
                source=source, stream=stream, previous=prev, polled_at=polled_at
            )
            n_events += len(evs)
            if snap is None or (prev is not None and snap.polled_at <= prev.polled_at):
                counts.duplicates += len(evs)  # this poll was counted already
                continue
            planned[name] = evs
            rows.append((name, snap))
        moved = _advance_states(cloud, rows)
        raw: list[dict[str, Any]] = []
        direct: list[dict[str, Any]] = []
        everything_raw = raw_events() or not _stats_meters()
        cams: dict[str, int] = {}
        is_late: Any = lambda t, c: False  # noqa: E731
        # Offline credits read offline time per local day from the rollups,
        # exact when local days are whole UTC hours (cambill.usage.offline).
        from cambill.usage.offline import whole_hour_zone

        direct_types = {STATS_EVENT_TYPE}
        if whole_hour_zone(cloud.timezone, polled_at, polled_at + timedelta(microseconds=1)):
            direct_types.add(OFFLINE_EVENT_TYPE)
        if not everything_raw:
            from cambill.clouds.models import Camera
            from cambill.usage.late import late_checker

            accounts: dict[int, int | None] = {}
            for code, pk, acc in Camera.objects.filter(
                cloud=cloud, code__in=list(moved)
            ).values_list("code", "pk", "account_id"):
                cams[code] = pk
                accounts[pk] = acc
            is_late = late_checker(cloud, [polled_at], accounts)
        for name, evs in planned.items():
            if name not in moved:
                counts.duplicates += len(evs)
                continue
            counts.received += len(evs)
            for e in evs:
                cam = cams.get(name)
                if (
                    everything_raw
                    or e["type"] not in direct_types
                    or cam is None
                    or is_late(polled_at, cam)
                ):
                    raw.append(e)
                else:
                    direct.append(e)
        if direct:
            counts.rolled_up += _write_samples(cloud, direct, cams, polled_at)
        if raw:
            _raw_lock(cloud)
            counts.add(_as_counts(ingest_events(cloud, raw)))
            counts.received -= len(raw)  # counted again by the ingestion's reply
    return len(by_name), n_events, asdict(counts)


_RAW_LOCK_CLASS = 0x5750  # "WP"


def _raw_lock(cloud: Cloud) -> None:
    """One batch of a cloud's poll at a time stores raw events (PostgreSQL; held
    until commit). The ingestion's inline rollup takes the cloud's watermark
    while its own insert holds the cloud's shared ingest lock: two batches
    doing both at once would wait on each other."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_RAW_LOCK_CLASS, cloud.pk])


def _as_counts(result: Any) -> dict[str, Any]:
    return result if isinstance(result, dict) else {}


def _in_thread(fn: Any, *args: Any) -> Any:
    """Run one batch in a pool thread, which has its own database connection:
    closed when the batch is done, so no connection outlives the poll."""
    from django.db import connection

    try:
        return fn(*args)
    finally:
        connection.close()


def sync_poll(
    *,
    cloud: Cloud,
    now: datetime | None = None,
    client: WatcherClient | None = None,
    workers: int | None = None,
    submit: Callable[[list[Mapping[str, Any]], datetime], Any] | None = None,
) -> PollResult:
    """Poll every stream of the cloud's Watcher once and meter their usage.

    One thread follows ``GET /streams`` page by page (its cursor), and up to
    ``workers`` batches are written at once, each in its own transaction and
    connection (``CAMBILL_WATCHER_POLL_WORKERS``; one on SQLite). A poll that
    fails halfway keeps what it stored for the batches it finished, and the
    next poll goes on from their states: nothing is counted twice or lost.

    ``submit(batch, polled_at)``: hand each batch to someone else instead (the
    ``watcher.poll_batch`` Celery task, so several workers write one cloud's
    poll); its reply counts when it is a finished batch's dict.
    """
    from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait

    conn = _connection(cloud)
    from cambill.usage.offline import ensure_offline_meter

    ensure_offline_meter()  # built in: the ingestion refuses a type no meter reads
    polled_at = (now or clock.now()).replace(microsecond=0)
    own = client is None
    client = client or client_for(conn)
    source = event_source(cloud)
    workers = workers or poll_workers()
    streams = events = 0
    ingested: list[Any] = []

    def done(result: tuple[int, int, Any]) -> None:
        nonlocal streams, events
        streams += result[0]
        events += result[1]
        if result[2] is not None:
            ingested.append(result[2])

    try:
        pages = client.iter_streams(select=POLL_FIELDS, limit=POLL_PAGE)
        if submit is not None:
            for chunk in _prefetched(pages, POLL_BATCH):
                reply = submit(chunk, polled_at)
                if isinstance(reply, dict) and "streams" in reply:
                    done((reply["streams"], reply["events"], reply["ingest"]))
                else:
                    streams += len(chunk)
        elif workers <= 1:
            for chunk in _prefetched(pages, _poll_batch()):
                done(_poll_chunk(cloud, conn, source, chunk, polled_at))
        else:
            with ThreadPoolExecutor(workers, thread_name_prefix="watcher-poll") as pool:
                running: set[Future[Any]] = set()
                try:
                    for chunk in _prefetched(pages, _poll_batch(), depth=workers):
                        if len(running) >= workers:
                            finished, running = wait(running, return_when=FIRST_COMPLETED)
                            for f in finished:
                                done(f.result())
                        running.add(
                            pool.submit(
                                _in_thread, _poll_chunk, cloud, conn, source, chunk, polled_at
                            )
                        )
                    for f in running:
                        done(f.result())
                except BaseException:
                    for f in running:
                        f.cancel()
                    raise
    except WatcherError as exc:
        record_sync(conn, "poll", exc.message)
        raise
    finally:
        if own:
            client.close()
    WatcherConnection.objects.filter(pk=conn.pk).update(
        last_poll_at=polled_at, last_poll_streams=streams
    )
    record_sync(conn, "poll")
    return PollResult(streams=streams, events=events, ingest=_merge(ingested))


def poll_batch(
    *, cloud_id: int, streams: list[Mapping[str, Any]], polled_at: datetime
) -> dict[str, Any]:
    """One batch of a poll fanned out (the ``watcher.poll_batch`` task): safe to
    run twice or after a crash, the stream states decide what counts."""
    cloud = Cloud.objects.get(pk=cloud_id)
    conn = _connection(cloud)
    n_streams, n_events, counts = _poll_chunk(cloud, conn, event_source(cloud), streams, polled_at)
    return {"streams": n_streams, "events": n_events, "ingest": counts}


def _merge(results: list[Any]) -> Any:
    """Sum the counters of several ingest replies (dicts of ints), else keep the last."""
    if not results:
        return None
    if all(isinstance(r, dict) for r in results):
        out: dict[str, Any] = {}
        for r in results:
            for k, v in r.items():
                if isinstance(v, int) and not isinstance(v, bool):
                    out[k] = out.get(k, 0) + v
        return out
    return results[-1]
