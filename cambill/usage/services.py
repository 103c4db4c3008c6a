"""Usage writes: ingesting CloudEvents, matching cameras, meters and metered prices.

``events_ingest`` is the one path every source uses (API, CSV, Watcher
polling). It is all or nothing per batch, idempotent by
``(cloud, source, id)`` even under concurrent replays (the unique constraint
decides, not a prior read). It inserts raw events only: the watermark job
(``rollups.rollup_catch_up``) folds them into the hourly rollups, right after
the batch in the embedded default, on its beat interval with a broker
(docs/decisions/0024). It writes no audit row per batch: the raw events
themselves are the record of what arrived, with ``received_at``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext

from cambill.clouds.models import Camera, Cloud
from cambill.core import clock
from cambill.core.access import Actor
from cambill.core.errors import DomainError, ErrorCode, Forbidden
from cambill.core.periods import Period

from . import partitions, rollups

# What a valid event is lives in ``cloudevents`` (the metering check reads it too);
# the limits stay reachable here for the API's schema.
from .cloudevents import _TEXT_MAX as _TEXT_MAX
from .cloudevents import MAX_DATA_DEPTH as MAX_DATA_DEPTH
from .cloudevents import validate_event
from .late import late_checker
from .models import (
    RollupWatermark,
    UsageEvent,
    UsageEventKey,
)
from .staging import pg_stage

MAX_BATCH = 10_000


@dataclass(frozen=True)
class IngestResult:
    """What a batch did: ``inserted`` new events, ``duplicates`` already known
    (or repeated in the batch), of the inserted ones ``unmatched`` (no camera
    yet) and ``late`` (in an already invoiced period)."""

    received: int
    inserted: int
    duplicates: int
    unmatched: int
    late: int


def _may_ingest(actor: Actor, cloud: Cloud) -> bool:
    """``usage.ingest`` (MATRIX), and a cloud's staff only into their own cloud."""
    if not actor.can("usage.ingest"):
        return False
    return actor.is_provider or actor.cloud_id == cloud.pk


def events_ingest(
    *, actor: Actor, cloud: Cloud, events: list[Any], now: datetime | None = None
) -> IngestResult:
    """Store a batch of CloudEvents for ``cloud`` and roll them up.

    Refused whole (``validation_error``, ``fields`` = ``{index: [reason]}``,
    nothing stored) when any event is invalid. Duplicates by
    ``(source, id)``, in the batch or already stored, count once. Events for an
    unknown camera (``subject``) are kept unmatched. Events in a period whose
    invoice is no longer a draft are stored with ``late=True`` (see
    :mod:`cambill.usage.late`).
    """

    if not _may_ingest(actor, cloud):
        raise Forbidden(gettext("Only the cloud's admin or a provider admin may send usage."))
    if not isinstance(events, list):
        raise DomainError(ErrorCode.MALFORMED, gettext("Send a JSON array of CloudEvents."))
    if len(events) > MAX_BATCH:
        raise DomainError(
            ErrorCode.VALIDATION,
            gettext("A batch holds at most %(MAX_BATCH)s events; send several.")
            % {"MAX_BATCH": MAX_BATCH},
        )
    now = clock.given(now)
    meters = rollups.meters_by_type()
    bad: dict[str, list[str]] = {}
    parsed: dict[tuple[str, str], tuple[str, str, str, str, datetime, Any]] = {}
    kept_from = (
        RollupWatermark.objects.filter(cloud_id=cloud.pk).values_list("raw_kept_from", flat=True)
    ).first()
    for i, event in enumerate(events):
        reason, row = validate_event(event, meters)
        if not reason and kept_from is not None and row[4] < kept_from:
            # Its month was dropped with its keys (cambill.usage.retention).
            reason = gettext(
                "time is before %(month)s: older usage events were removed after their "
                "invoices were issued, so this one could no longer be counted once."
            ) % {"month": f"{kept_from:%Y-%m}"}
        if reason:
            bad[str(i)] = [reason]
        elif (row[0], row[1]) not in parsed:
            parsed[(row[0], row[1])] = row
    if bad:
        first = next(iter(bad))
        raise DomainError(
            ErrorCode.VALIDATION,
            gettext(
                "%(n_bad)s of %(n_events)s events are invalid (first: event %(first)s: %(value)s); nothing was stored."
            )
            % {"n_bad": len(bad), "n_events": len(events), "first": first, "value": bad[first][0]},
            bad,
        )
    if not parsed:
        return IngestResult(len(events), 0, len(events), 0, 0)
    rows = list(parsed.values())
    cams: dict[str, int] | None = None
    late_keys: set[tuple[str, str]] = set()
    if _maybe_late(cloud, rows):
        # Rare (old events of an invoiced month): flag each event by the
        # invoices of its camera's account and of the cloud.
        cams = {}
        holders: dict[int, int | None] = {}
        subjects = {r[3] for r in rows}
        for code, pk, acc in Camera.objects.filter(cloud=cloud, code__in=subjects).values_list(
            "code", "pk", "account_id"
        ):
            cams[code] = pk
            holders[pk] = acc
        is_late = late_checker(cloud, (r[4] for r in rows), holders)
        late_keys = {k for k, r in parsed.items() if is_late(r[4], cams.get(r[3]))}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            inserted, unmatched, late = _insert_pg(cloud, rows, cams, late_keys, now)
        else:
            inserted, unmatched, late = _insert_generic(cloud, parsed, cams, late_keys, now)
    if inserted and rollups.inline():
        rollups.rollup_catch_up(cloud, meters=meters)
    return IngestResult(len(events), inserted, len(events) - inserted, unmatched, late)


def _maybe_late(cloud: Cloud, rows: list[tuple[str, str, str, str, datetime, Any]]) -> bool:
    """Whether an invoice of the batch's periods is already past draft (one
    indexed query: usually the current period, never invoiced yet)."""
    from cambill.invoicing.models import Invoice, InvoiceStatus

    lo = Period.containing(min(r[4] for r in rows), cloud.timezone)
    hi = Period.containing(max(r[4] for r in rows), cloud.timezone)
    keys = [lo.key]
    while lo.key != hi.key and len(keys) < 240:
        lo = lo.next()
        keys.append(lo.key)
    if lo.key != hi.key:  # a batch spanning decades: check the range instead
        return (
            Invoice.objects.filter(cloud=cloud, period_end__gt=min(r[4] for r in rows))
            .exclude(status=InvoiceStatus.DRAFT)
            .exists()
        )
    return (
        Invoice.objects.filter(cloud=cloud, period__in=keys)
        .exclude(status=InvoiceStatus.DRAFT)
        .exists()
    )


_PG_STAGE = """
CREATE TEMP TABLE IF NOT EXISTS usage_stage_event (
  source text, event_id text, type text, subject text, time timestamptz,
  data jsonb, camera_id bigint, late boolean
) ON COMMIT DELETE ROWS
"""

# The key table decides (one lock order for all batches); only the events
# whose key this statement inserted are stored. Cameras are matched by code in
# the same statement (the camera_id staged only when late flags needed them).
_PG_INSERT = """
WITH k AS (
  INSERT INTO usage_usageeventkey (cloud_id, source, event_id)
  SELECT %(cloud)s, source, event_id FROM usage_stage_event ORDER BY source, event_id
  ON CONFLICT DO NOTHING
  RETURNING source, event_id
), ins AS (
  INSERT INTO usage_usageevent
    (cloud_id, source, event_id, type, subject, time, data, camera_id, received_at, late)
  SELECT %(cloud)s, s.source, s.event_id, s.type, s.subject, s.time, s.data,
    COALESCE(s.camera_id, c.id), %(now)s, s.late
  FROM usage_stage_event s
  JOIN k ON k.source = s.source AND k.event_id = s.event_id
  LEFT JOIN clouds_camera c ON c.cloud_id = %(cloud)s AND c.code = s.subject
  RETURNING camera_id, late
)
SELECT count(*), count(*) FILTER (WHERE camera_id IS NULL), count(*) FILTER (WHERE late)
FROM ins
"""


def _insert_pg(
    cloud: Cloud,
    rows: list[tuple[str, str, str, str, datetime, Any]],
    cams: dict[str, int] | None,
    late_keys: set[tuple[str, str]],
    now: datetime,
) -> tuple[int, int, int]:
    """COPY into a staging table, then one statement that inserts the keys
    ``ON CONFLICT DO NOTHING`` and the events of the keys it inserted (the key
    table's primary key decides, also between concurrent replays). Returns
    (inserted, unmatched, late). The months' partitions are made first when
    missing (old or future events)."""
    partitions.ensure_for(r[4] for r in rows)
    dumps = orjson.dumps
    cams = cams or {}
    with connection.cursor() as dj:
        cur = dj.cursor  # the psycopg cursor: COPY is not in the DB-API
        rollups.ingest_lock(cur, cloud.pk)
        pg_stage(cur, _PG_STAGE, "usage_stage_event")
        with cur.copy(
            "COPY usage_stage_event (source, event_id, type, subject, time, data, "
            "camera_id, late) FROM STDIN"
        ) as cp:
            for r in rows:
                cp.write_row(
                    (
                        r[0],
                        r[1],
                        r[2],
                        r[3],
                        r[4],
                        dumps(r[5]).decode(),
                        cams.get(r[3]),
                        (r[0], r[1]) in late_keys,
                    )
                )
        cur.execute(_PG_INSERT, {"cloud": cloud.pk, "now": now})
        inserted, unmatched, late = cur.fetchone()
    return int(inserted), int(unmatched), int(late)


def _insert_generic(
    cloud: Cloud,
    parsed: dict[tuple[str, str], tuple[str, str, str, str, datetime, Any]],
    cams: dict[str, int] | None,
    late_keys: set[tuple[str, str]],
    now: datetime,
) -> tuple[int, int, int]:
    """SQLite runs one writer at a time (IMMEDIATE transactions), so reading the
    known keys and inserting the rest inside this transaction cannot race."""
    if cams is None:
        subjects = {r[3] for r in parsed.values()}
        cams = dict(Camera.objects.filter(cloud=cloud, code__in=subjects).values_list("code", "pk"))
    ids = list({k[1] for k in parsed})
    known: set[tuple[str, str]] = set()
    for i in range(0, len(ids), 500):
        known.update(
            UsageEventKey.objects.filter(cloud=cloud, event_id__in=ids[i : i + 500]).values_list(
                "source", "event_id"
            )
        )
    objs = [
        UsageEvent(
            cloud=cloud,
            source=r[0],
            event_id=r[1],
            type=r[2],
            subject=r[3],
            time=r[4],
            data=r[5],
            camera_id=cams.get(r[3]),
            received_at=now,
            late=key in late_keys,
        )
        for key, r in parsed.items()
        if key not in known
    ]
    try:
        with transaction.atomic():
            UsageEventKey.objects.bulk_create(
                [UsageEventKey(cloud=cloud, source=o.source, event_id=o.event_id) for o in objs],
                batch_size=500,
            )
            UsageEvent.objects.bulk_create(objs, batch_size=500)
    except IntegrityError:
        raise DomainError(
            ErrorCode.CONFLICT, gettext("A concurrent batch sent the same events; retry.")
        ) from None
    return (
        len(objs),
        sum(1 for o in objs if o.camera_id is None),
        sum(1 for o in objs if o.late),
    )


def usage_rematch(cloud: Cloud, *, camera: Camera | None = None) -> int:
    """Attach unmatched events of ``cloud`` (or only those for ``camera``) to the
    camera whose code is their subject, and count them in the rollups. Returns
    how many were matched. Safe to run any time (a job runs it periodically)."""
    meters = rollups.meters_by_type()
    matched = 0
    with transaction.atomic():
        # Events the rollup job already passed (unmatched then) are counted
        # here; later ones are counted by the job with their new camera.
        counted_upto = rollups.lock_watermark(cloud.pk).last_event_id
        qs = Camera.objects.filter(cloud=cloud)
        if camera is not None:
            qs = qs.filter(pk=camera.pk)
        pending = UsageEvent.objects.filter(cloud=cloud, camera__isnull=True)
        subjects = set(pending.values_list("subject", flat=True).distinct())
        cams: dict[str, int] = {}
        holders: dict[int, int | None] = {}
        for code, pk, acc in qs.filter(code__in=subjects).values_list("code", "pk", "account_id"):
            cams[code] = pk
            holders[pk] = acc
        for code, cam_id in cams.items():
            # Lock the rows so a concurrent rematch cannot count them twice.
            rows = list(
                pending.select_for_update()
                .filter(subject=code)
                .values_list("pk", "type", "time", "data")
            )
            if not rows:
                continue
            UsageEvent.objects.filter(pk__in=[r[0] for r in rows], camera__isnull=True).update(
                camera_id=cam_id
            )
            # Counted only now: late if its period was invoiced meanwhile.
            is_late = late_checker(cloud, (r[2] for r in rows), holders)
            late_pks = [r[0] for r in rows if is_late(r[2], cam_id)]
            if late_pks:
                UsageEvent.objects.filter(pk__in=late_pks).update(late=True)
            rejects: dict[int, str] = {}
            samples = rollups.samples_of(
                ((pk, cam_id, t, tm, d) for pk, t, tm, d in rows if pk <= counted_upto),
                meters,
                rejects,
            )
            rollups.apply_or_isolate(cloud.pk, samples, rejects)
            rollups.quarantine(cloud.pk, rejects)
            matched += len(rows)
    return matched


def usage_camera_appeared(camera: Camera) -> int:
    """For the camera services: call after creating (or renaming) a camera so
    events that arrived before it are counted."""
    return usage_rematch(camera.cloud, camera=camera)


# The configuration verbs live in ``metering``; ingestion's callers and the
# tests reach them here too.
from .metering import (  # noqa: E402
    meter_create,
    metered_service_set,
    tariff_metered_charge_set,
)

__all__ = [
    "IngestResult",
    "events_ingest",
    "meter_create",
    "metered_service_set",
    "tariff_metered_charge_set",
    "usage_camera_appeared",
    "usage_rematch",
    "validate_event",
]
