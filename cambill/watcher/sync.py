"""Sync jobs between billing and Watcher: import (Watcher -> billing) and poll (usage).

Pushes (billing -> Watcher) live in ``services.py`` (the outbox).

Import: matching rules
----------------------
Billing is the master of subscribers and money, Watcher of cameras. The import
brings into billing what exists only in Watcher, and reports, without touching
it, what disagrees.

* Organizations -> accounts. Watcher's default organization is skipped (its
  streams become unassigned cameras).
  1. An organization linked by ``WatcherOrgLink`` is that account. Names are
     billing's: a different organization title never renames an account.
  2. Otherwise its candidate code is ``slugify(title)`` (``org-<id>`` if the
     title has no usable letters; ``<code>-<id>`` when two new organizations
     would get the same code). An existing, unlinked account with that code is
     linked to it (``update``); one already linked to another organization is a
     ``conflict``. No such account: ``create``.
* Streams -> cameras, by name = camera code.
  1. No camera with that code: ``create`` it in the organization's account
     (unassigned when the organization is the default or unknown), with the
     tariff whose preset the stream holds (``WatcherPresetLink``), if any.
  2. A camera exists: a changed title is an ``update``; an unassigned camera
     whose stream belongs to a linked organization is moved to that account
     (``update``); a camera of another account is a ``conflict`` (billing wins:
     the next push moves the stream back); a camera without a tariff gets the
     tariff of its stream's preset (``update``); a different tariff is a
     ``conflict`` (billing wins, a push corrects the stream).

``sync_import_plan`` only reads; ``sync_import_apply`` applies the ``create`` and
``update`` items of a plan in one transaction (all or nothing), through the
clouds verbs, and is idempotent: applying the same plan twice creates nothing
the second time.

Poll: from stream stats to usage events
---------------------------------------
Every poll reads ``GET /streams`` (name, organization_id, preset_id, disabled,
stats) and emits one CloudEvent per stream, type ``watcher.stream.stats``,
subject = stream name, with ``data``:

* ``archive_bytes``: ``stats.dvr_info.bytes`` now (a gauge sample);
* ``recorded_seconds``: growth of ``stats.dvr_info.duration`` since the previous
  poll (kept in ``WatcherStreamState``);
* ``alive``, ``bitrate``: availability at the poll.

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

import hashlib
import json
import logging
import queue
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import transaction

from cambill.clouds.models import Account, Camera, CameraTariffPeriod, Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.audit import audit
from cambill.core.errors import DomainError, ErrorCode
from cambill.core.permissions import require

from .client import WatcherClient
from .errors import WatcherError
from .models import WatcherConnection, WatcherOrgLink, WatcherPresetLink, WatcherStreamState
from .services.connection import client_for, enabled_connection, record_sync
from .services.links import org_code, watcher_organizations
from .services.outbox import watcher_enqueue_account_state

logger = logging.getLogger(__name__)

STATS_EVENT_TYPE = "watcher.stream.stats"
POLL_FIELDS = ["name", "organization_id", "preset_id", "disabled", "stats"]
POLL_PAGE = 1000  # the most Watcher returns in one page
POLL_BATCH = 2000  # streams per transaction on PostgreSQL (see _poll_batch)
POLL_BATCH_SQLITE = 250


def _connection(cloud: Cloud) -> WatcherConnection:
    conn = enabled_connection(cloud)
    if conn is None:
        raise DomainError(ErrorCode.INVALID_STATE, "This cloud has no enabled Watcher connection.")
    return conn


# --- import -------------------------------------------------------------------


@dataclass
class PlanItem:
    """One line of the import diff."""

    kind: str  # "account" | "camera"
    action: str  # "create" | "update" | "unchanged" | "conflict"
    key: str  # account or camera code in billing
    watcher_ref: str  # organization id or stream name
    changes: dict[str, Any] = field(default_factory=dict)
    reason: str = ""


@dataclass
class ImportPlan:
    """What an import would change, computed without writing anything."""

    cloud: str
    items: list[PlanItem]

    def of(self, action: str) -> list[PlanItem]:
        return [i for i in self.items if i.action == action]

    @property
    def digest(self) -> str:
        """Identifies the plan's content: apply-with-digest refuses a plan that moved."""
        raw = json.dumps([asdict(i) for i in self.items], sort_keys=True, default=str)
        return hashlib.sha256(raw.encode()).hexdigest()[:16]

    def summary(self) -> dict[str, int]:
        return {a: len(self.of(a)) for a in ("create", "update", "unchanged", "conflict")}

    def as_dict(self) -> dict[str, Any]:
        return {
            "cloud": self.cloud,
            "digest": self.digest,
            "summary": self.summary(),
            "to_create": [asdict(i) for i in self.of("create")],
            "to_update": [asdict(i) for i in self.of("update")],
            "unchanged": [asdict(i) for i in self.of("unchanged")],
            "conflicts": [asdict(i) for i in self.of("conflict")],
        }


def sync_import_plan(
    *, actor: Actor, cloud: Cloud, client: WatcherClient | None = None
) -> ImportPlan:
    """Read Watcher's organizations and streams and diff them against billing."""
    require(actor, "watcher.manage", cloud)
    conn = _connection(cloud)
    own = client is None
    client = client or client_for(conn)
    try:
        orgs = watcher_organizations(client)
        streams = list(
            client.iter_streams(select=["name", "title", "organization_id", "preset_id"])
        )
    except WatcherError as exc:
        record_sync(conn, "import", exc.message)
        raise
    finally:
        if own:
            client.close()
    return build_import_plan(cloud, orgs, streams)


def build_import_plan(
    cloud: Cloud, orgs: Iterable[Mapping[str, Any]], streams: Iterable[Mapping[str, Any]]
) -> ImportPlan:
    """The diff itself, from Watcher's lists (pure over the database reads)."""
    items: list[PlanItem] = []
    links = {
        lk.org_id: lk.account
        for lk in WatcherOrgLink.objects.filter(cloud=cloud).select_related("account")
    }
    linked_accounts = {acc.pk: org for org, acc in links.items()}
    accounts = {a.code: a for a in Account.objects.filter(cloud=cloud)}
    org_account: dict[int, str] = {}  # org id -> account code (existing or to create)
    taken = set(accounts)
    for org in sorted(orgs, key=lambda o: int(o["id"])):
        org_id = int(org["id"])
        if org.get("is_default"):
            continue
        title = str(org.get("title") or "").strip()
        linked = links.get(org_id)
        if linked is not None:
            org_account[org_id] = linked.code
            items.append(PlanItem("account", "unchanged", linked.code, str(org_id)))
            continue
        code = org_code(title, org_id)
        existing = accounts.get(code)
        if existing is not None:
            other = linked_accounts.get(existing.pk)
            if other is not None:
                items.append(
                    PlanItem(
                        "account",
                        "conflict",
                        code,
                        str(org_id),
                        reason=f"Account {code} is already linked to organization {other}.",
                    )
                )
                continue
            changes: dict[str, Any] = {"link_org": org_id}
            if org.get("billing_member") is False:
                changes["join"] = True
            items.append(PlanItem("account", "update", code, str(org_id), changes))
            org_account[org_id] = code
            linked_accounts[existing.pk] = org_id
            continue
        if code in taken:
            code = f"{code}-{org_id}"
        taken.add(code)
        created: dict[str, Any] = {"name": title or code}
        if org.get("billing_member") is False:
            created["join"] = True  # billing's user becomes a member on the next push
        items.append(PlanItem("account", "create", code, str(org_id), created))
        org_account[org_id] = code

    preset_tariff = {
        lk.preset_id: lk.tariff.code
        for lk in WatcherPresetLink.objects.filter(cloud=cloud).select_related("tariff")
    }
    cameras = {c.code: c for c in Camera.objects.filter(cloud=cloud).select_related("account")}
    current = dict(
        CameraTariffPeriod.objects.filter(cloud=cloud, valid_to__isnull=True).values_list(
            "camera_id", "tariff__code"
        )
    )
    for stream in sorted(streams, key=lambda s: str(s["name"])):
        name = str(stream["name"])
        title = str(stream.get("title") or "")
        stream_org = stream.get("organization_id")
        target = org_account.get(int(stream_org)) if stream_org is not None else None
        tariff = preset_tariff.get(stream.get("preset_id"))  # type: ignore[arg-type]
        camera = cameras.get(name)
        if camera is None:
            changes = {"title": title if title != name else "", "account": target}
            if target is not None and tariff is not None:
                changes["tariff"] = tariff
            items.append(PlanItem("camera", "create", name, name, changes))
            continue
        changes = {}
        conflicts = []
        if title and title != name and title != camera.title:
            changes["title"] = title
        have = camera.account.code if camera.account else None
        if target is not None and have is None:
            changes["account"] = target
        elif target is not None and have != target:
            conflicts.append(
                f"In billing the camera belongs to {have}, in Watcher to {target}; "
                "billing wins (the next push moves the stream)."
            )
        held = current.get(camera.pk)
        if tariff is not None and held is None and (have or changes.get("account")):
            changes["tariff"] = tariff
        elif tariff is not None and held is not None and held != tariff:
            conflicts.append(
                f"The stream's preset is tariff {tariff}, billing says {held}; "
                "billing wins (the next push sets the preset)."
            )
        if conflicts:
            items.append(
                PlanItem("camera", "conflict", name, name, changes, reason=" ".join(conflicts))
            )
        elif changes:
            items.append(PlanItem("camera", "update", name, name, changes))
        else:
            items.append(PlanItem("camera", "unchanged", name, name))
    return ImportPlan(cloud=cloud.slug, items=items)


@transaction.atomic
def sync_import_apply(
    *, actor: Actor, cloud: Cloud, plan: ImportPlan, now: datetime | None = None
) -> dict[str, int]:
    """Apply the ``create`` and ``update`` items of ``plan`` (conflicts are left alone).

    Everything or nothing; items that are already true (a rerun) are skipped.
    """
    from cambill.clouds.services import (
        account_create,
        account_update,
        camera_change_tariff,
        camera_create,
        camera_move,
        camera_update,
    )

    require(actor, "watcher.manage", cloud)
    conn = _connection(cloud)
    if plan.cloud != cloud.slug:
        raise DomainError(ErrorCode.CONFLICT, "This plan was made for another cloud.")
    now = clock.given(now)
    done = {
        "accounts_created": 0,
        "accounts_updated": 0,
        "cameras_created": 0,
        "cameras_updated": 0,
    }
    for item in plan.items:
        if item.kind != "account" or item.action not in ("create", "update"):
            continue
        org_id = int(item.watcher_ref)
        account = Account.objects.filter(cloud=cloud, code=item.key).first()
        if item.action == "create" and account is None:
            account = account_create(
                actor=actor, cloud=cloud, code=item.key, name=item.changes["name"]
            )
            done["accounts_created"] += 1
        elif account is None:
            continue
        elif "name" in item.changes and account.name != item.changes["name"]:
            account = account_update(actor=actor, account=account, name=item.changes["name"])
            done["accounts_updated"] += 1
        if not WatcherOrgLink.objects.filter(cloud=cloud, org_id=org_id).exists():
            if WatcherOrgLink.objects.filter(cloud=cloud, account=account).exists():
                raise DomainError(
                    ErrorCode.CONFLICT,
                    f"Account {account.code} got linked to another organization meanwhile.",
                )
            joining = bool(item.changes.get("join"))
            WatcherOrgLink.objects.create(
                cloud=cloud,
                account=account,
                org_id=org_id,
                billing_member=not joining,
                created_at=clock.now(),
            )
            if joining:
                watcher_enqueue_account_state(account)
    accounts = {a.code: a for a in Account.objects.filter(cloud=cloud)}
    for item in plan.items:
        if item.kind != "camera" or item.action not in ("create", "update"):
            continue
        ch = item.changes
        camera = Camera.objects.filter(cloud=cloud, code=item.key).first()
        account = accounts.get(ch["account"]) if ch.get("account") else None
        if camera is None:
            camera_create(
                actor=actor,
                cloud=cloud,
                code=item.key,
                title=ch.get("title") or "",
                account=account,
                tariff=ch.get("tariff") if account is not None else None,
                at=now,
            )
            done["cameras_created"] += 1
            continue
        if item.action != "update":
            continue
        changed = False
        if ch.get("title") and camera.title != ch["title"]:
            camera = camera_update(actor=actor, camera=camera, title=ch["title"])
            changed = True
        if account is not None and camera.account_id is None:
            camera = camera_move(actor=actor, camera=camera, account=account, at=now)
            changed = True
        if ch.get("tariff") and camera.account_id is not None:
            has = CameraTariffPeriod.objects.filter(camera=camera, valid_to__isnull=True).exists()
            if not has:
                camera_change_tariff(actor=actor, camera=camera, tariff=ch["tariff"], at=now)
                changed = True
        done["cameras_updated"] += int(changed)
    audit(
        actor=actor,
        verb="watcher_import_apply",
        obj=conn,
        after={"digest": plan.digest, **done, "conflicts": len(plan.of("conflict"))},
        now=now,
    )
    transaction.on_commit(lambda: record_sync(conn, "import"))
    return done


# --- poll ---------------------------------------------------------------------


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

    Returns the CloudEvents (zero or one) and the snapshot to keep for the next
    poll (``None``: keep the previous one). The rules for counters that go
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
    return [event], StreamSnapshot(duration, size, from_, polled_at)


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
            ErrorCode.INVALID_STATE, f"Usage ingestion is not available ({exc})."
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


WATCHER_METERS = (
    # code, name, unit, aggregation, value path, divisor
    (
        "watcher_archive_gb",
        "Archive size (Watcher)",
        "GB-month",
        "time_weighted_avg",
        "archive_bytes",
        10**9,
    ),
    ("watcher_recorded_hours", "Recorded time (Watcher)", "hour", "sum", "recorded_seconds", 3600),
)


def install_watcher_meters(*, actor: Actor) -> list[Any]:
    """Define the meters that read the poller's events, if they do not exist yet.

    Without a meter for ``watcher.stream.stats`` the ingestion refuses the
    poll's events (and the poll keeps its stream state, so nothing is lost).
    """
    from cambill.usage.models import Meter
    from cambill.usage.services import meter_create

    made = []
    for code, name, unit, aggregation, path, divisor in WATCHER_METERS:
        if not Meter.objects.filter(code=code).exists():
            made.append(
                meter_create(
                    actor=actor,
                    code=code,
                    name=name,
                    unit=unit,
                    event_type=STATS_EVENT_TYPE,
                    aggregation=aggregation,
                    value_path=path,
                    unit_divisor=divisor,
                )
            )
    return made
