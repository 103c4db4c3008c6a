"""Poll: Watcher -> usage (stream stats into usage events).

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
``cambill:watcher:<cloud slug>``: a replayed poll yields the same ids and the
ingestion counts them once. A batch of streams' events and their stream states
are written in one transaction (250 streams on SQLite, so pages stay
responsive; 2,000 on PostgreSQL), so a crash never counts an interval twice or
drops it; the next page is fetched while the previous batch is written.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, is_dataclass
from datetime import UTC, datetime
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


def _poll_chunk(
    cloud: Cloud,
    conn: WatcherConnection,
    source: str,
    streams: list[Mapping[str, Any]],
    polled_at: datetime,
) -> tuple[int, int, Any]:
    """Turn one batch of streams into events and new stream states, in one transaction.

    Returns (streams with a name, events, ingestion result).
    """
    by_name: dict[str, Mapping[str, Any]] = {}
    for stream in streams:
        name = str(stream.get("name") or "")
        if name:
            by_name[name] = stream  # a stream listed twice counts once
    if not by_name:
        return 0, 0, None
    with transaction.atomic():
        # One poll at a time per cloud (PostgreSQL): the second one reads the
        # first one's states for these streams.
        WatcherConnection.objects.select_for_update().filter(pk=conn.pk).first()
        states = {
            s.stream_name: s
            for s in WatcherStreamState.objects.filter(cloud=cloud, stream_name__in=list(by_name))
        }
        events: list[dict[str, Any]] = []
        rows: list[WatcherStreamState] = []
        for name, stream in by_name.items():
            st = states.get(name)
            prev = (
                StreamSnapshot(st.last_duration, st.last_bytes, st.last_from, st.polled_at)
                if st is not None
                else None
            )
            evs, snap = events_from_stats(
                source=source, stream=stream, previous=prev, polled_at=polled_at
            )
            events.extend(evs)
            if snap is not None:
                rows.append(
                    WatcherStreamState(
                        cloud=cloud,
                        stream_name=name,
                        last_duration=snap.duration,
                        last_bytes=snap.bytes,
                        last_from=snap.from_,
                        polled_at=snap.polled_at,
                    )
                )
        result = ingest_events(cloud, events) if events else None
        WatcherStreamState.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["cloud", "stream_name"],
            update_fields=["last_duration", "last_bytes", "last_from", "polled_at"],
        )
    return len(by_name), len(events), result


def sync_poll(
    *, cloud: Cloud, now: datetime | None = None, client: WatcherClient | None = None
) -> PollResult:
    """Poll every stream of the cloud's Watcher once and ingest the usage events.

    Pages are read ahead while earlier streams are written; each batch of
    streams (its events and its stream states) is one transaction, so a poll
    that fails halfway keeps what it stored for the streams it finished, and
    the next poll goes on from their states: nothing is counted twice or lost.
    """
    conn = _connection(cloud)
    from cambill.usage.offline import ensure_offline_meter

    ensure_offline_meter()  # built in: the ingestion refuses a type no meter reads
    polled_at = (now or clock.now()).replace(microsecond=0)
    own = client is None
    client = client or client_for(conn)
    source = event_source(cloud)
    streams = events = 0
    ingested: list[Any] = []
    try:
        pages = client.iter_streams(select=POLL_FIELDS, limit=POLL_PAGE)
        for chunk in _prefetched(pages, _poll_batch()):
            n_streams, n_events, result = _poll_chunk(cloud, conn, source, chunk, polled_at)
            streams += n_streams
            events += n_events
            if result is not None:
                ingested.append(result)
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
