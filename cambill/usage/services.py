"""Usage writes: ingesting CloudEvents, matching cameras, meters and metered prices.

``events_ingest`` is the one path every source uses (API, CSV, Watcher
polling). It is all or nothing per batch, idempotent by
``(cloud, source, id)`` even under concurrent replays (the unique constraint
decides, not a prior read), and updates the hourly rollups in the same
transaction. It writes no audit row per batch: the raw events themselves are
the record of what arrived, with ``received_at``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from cambill.accounts.roles import Role
from cambill.clouds.models import Camera, Cloud
from cambill.core.access import Actor
from cambill.core.audit import audit, snapshot
from cambill.core.errors import DomainError, ErrorCode, Forbidden, validation
from cambill.core.periods import Period
from cambill.rating.pricing_models import PricingModel

from . import rollups
from .models import Aggregation, Meter, MeteredService, TariffMeteredCharge, UsageEvent

MAX_BATCH = 10_000
_TEXT_MAX = 255


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
    if actor.is_system or actor.role == Role.PROVIDER_ADMIN:
        return True
    return actor.role == Role.CLOUD_ADMIN and actor.cloud_id == cloud.pk


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or len(value) < 20 or value[10] not in "Tt ":
        return None
    try:
        t = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    if t.tzinfo is None or t.utcoffset() is None:
        return None
    return t.astimezone(UTC)


def _check_text(event: dict[str, Any], key: str) -> str | None:
    value = event.get(key)
    if not isinstance(value, str) or not value.strip():
        return f"'{key}' is required (a non-empty string)"
    if len(value) > _TEXT_MAX or "\x00" in value:
        return f"'{key}' must be at most {_TEXT_MAX} characters"
    return None


def validate_event(event: Any, meters: dict[str, list[Meter]]) -> tuple[str | None, Any]:
    """``(reason, parsed)``: reason None when the event is a valid structured
    CloudEvent 1.0 for a known meter; parsed is ``(source, id, type, subject, time, data)``."""
    if not isinstance(event, dict):
        return "an event must be a JSON object", None
    if event.get("specversion") != "1.0":
        return "'specversion' must be \"1.0\"", None
    for key in ("id", "source", "type", "subject"):
        reason = _check_text(event, key)
        if reason:
            return reason, None
    typ = event["type"]
    type_meters = meters.get(typ)
    if not type_meters:
        return f"no meter reads events of type '{typ}'", None
    t = _parse_time(event.get("time"))
    if t is None:
        return "'time' must be an RFC 3339 time with an offset, e.g. 2026-03-16T12:00:00Z", None
    if not 1900 <= t.year <= 2999:
        return "'time' must be between the years 1900 and 2999", None
    ctype = event.get("datacontenttype")
    if ctype is not None and not (isinstance(ctype, str) and "json" in ctype):
        return "'datacontenttype' must be a JSON media type", None
    data = event.get("data", {})
    if not isinstance(data, dict):
        return "'data' must be a JSON object", None
    for m in type_meters:
        raw = rollups.extract(data, m.value_path)
        if m.aggregation == Aggregation.UNIQUE_COUNT:
            if rollups.unique_key(raw) is None:
                return f"data.{m.value_path} must be a string or number (meter {m.code})", None
        elif rollups.numeric(raw) is None:
            return f"data.{m.value_path} must be a number (meter {m.code})", None
    return None, (event["source"], event["id"], typ, event["subject"], t, data)


def events_ingest(
    *, actor: Actor, cloud: Cloud, events: list[Any], now: datetime | None = None
) -> IngestResult:
    """Store a batch of CloudEvents for ``cloud`` and roll them up.

    Refused whole (``validation_error``, ``fields`` = ``{index: [reason]}``,
    nothing stored) when any event is invalid. Duplicates by
    ``(source, id)``, in the batch or already stored, count once. Events for an
    unknown camera (``subject``) are kept unmatched. Events before
    ``billed_until(cloud)`` are stored with ``late=True``.
    """
    from cambill.invoicing.selectors import billed_until

    if not _may_ingest(actor, cloud):
        raise Forbidden("Only the cloud's admin or a provider admin may send usage.")
    if not isinstance(events, list):
        raise DomainError(ErrorCode.MALFORMED, "Send a JSON array of CloudEvents.")
    if len(events) > MAX_BATCH:
        raise DomainError(
            ErrorCode.VALIDATION, f"A batch holds at most {MAX_BATCH} events; send several."
        )
    now = now or timezone.now()
    meters = rollups.meters_by_type()
    bad: dict[str, list[str]] = {}
    parsed: dict[tuple[str, str], tuple[str, str, str, str, datetime, Any]] = {}
    for i, event in enumerate(events):
        reason, row = validate_event(event, meters)
        if reason:
            bad[str(i)] = [reason]
        elif (row[0], row[1]) not in parsed:
            parsed[(row[0], row[1])] = row
    if bad:
        first = next(iter(bad))
        raise DomainError(
            ErrorCode.VALIDATION,
            f"{len(bad)} of {len(events)} events are invalid (first: event {first}: "
            f"{bad[first][0]}); nothing was stored.",
            bad,
        )
    if not parsed:
        return IngestResult(len(events), 0, len(events), 0, 0)
    cutoff = billed_until(cloud)
    subjects = {row[3] for row in parsed.values()}
    cams = dict(Camera.objects.filter(cloud=cloud, code__in=subjects).values_list("code", "pk"))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            inserted = _insert_pg(cloud, list(parsed.values()), cams, cutoff, now)
        else:
            inserted = _insert_generic(cloud, parsed, cams, cutoff, now)
        rollups.apply(cloud.pk, rollups.samples_of(inserted, meters))
    unmatched = sum(1 for r in inserted if r[1] is None)
    late = sum(1 for r in inserted if cutoff is not None and r[3] < cutoff)
    return IngestResult(len(events), len(inserted), len(events) - len(inserted), unmatched, late)


_PG_STAGE = """
CREATE TEMP TABLE IF NOT EXISTS usage_stage_event (
  n integer, source text, event_id text, type text, subject text, time timestamptz,
  data jsonb, camera_id bigint, late boolean
) ON COMMIT DELETE ROWS
"""

_PG_INSERT = """
INSERT INTO usage_usageevent
  (cloud_id, source, event_id, type, subject, time, data, camera_id, received_at, late)
SELECT %s, source, event_id, type, subject, time, data, camera_id, %s, late
FROM usage_stage_event ORDER BY source, event_id  -- one lock order for all batches
ON CONFLICT (cloud_id, source, event_id) DO NOTHING
RETURNING id, source, event_id
"""


def pg_stage(cur: Any, ddl: str, name: str) -> None:
    """A private per-session staging table, created if missing (a rolled-back
    transaction takes a new temp table with it) and emptied first so rows of
    an outer transaction's earlier batch cannot leak in."""
    cur.execute(ddl)
    cur.execute(f"DELETE FROM {name}")


def _insert_pg(
    cloud: Cloud,
    rows: list[tuple[str, str, str, str, datetime, Any]],
    cams: dict[str, int],
    cutoff: datetime | None,
    now: datetime,
) -> list[tuple[int, int | None, str, datetime, Any]]:
    """COPY into a staging table, then one ``INSERT ... ON CONFLICT DO NOTHING
    RETURNING``: it yields only the rows this transaction inserted, so a
    concurrent replay is rolled up exactly once (the unique index decides)."""
    with connection.cursor() as dj:
        cur = dj.cursor  # the psycopg cursor: COPY is not in the DB-API
        pg_stage(cur, _PG_STAGE, "usage_stage_event")
        with cur.copy(
            "COPY usage_stage_event (n, source, event_id, type, subject, time, data, "
            "camera_id, late) FROM STDIN"
        ) as cp:
            for n, r in enumerate(rows):
                cp.write_row(
                    (
                        n,
                        r[0],
                        r[1],
                        r[2],
                        r[3],
                        r[4],
                        json.dumps(r[5], separators=(",", ":")),
                        cams.get(r[3]),
                        cutoff is not None and r[4] < cutoff,
                    )
                )
        cur.execute(_PG_INSERT, (cloud.pk, now))
        out = cur.fetchall()
    by_key = {(r[0], r[1]): r for r in rows}
    result = []
    for pk, source, event_id in out:
        r = by_key[(source, event_id)]
        result.append((pk, cams.get(r[3]), r[2], r[4], r[5]))
    return result


def _insert_generic(
    cloud: Cloud,
    parsed: dict[tuple[str, str], tuple[str, str, str, str, datetime, Any]],
    cams: dict[str, int],
    cutoff: datetime | None,
    now: datetime,
) -> list[tuple[int, int | None, str, datetime, Any]]:
    """SQLite runs one writer at a time (IMMEDIATE transactions), so reading the
    known keys and inserting the rest inside this transaction cannot race."""
    ids = list({k[1] for k in parsed})
    known: set[tuple[str, str]] = set()
    for i in range(0, len(ids), 500):
        known.update(
            UsageEvent.objects.filter(cloud=cloud, event_id__in=ids[i : i + 500]).values_list(
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
            late=cutoff is not None and r[4] < cutoff,
        )
        for key, r in parsed.items()
        if key not in known
    ]
    try:
        with transaction.atomic():
            UsageEvent.objects.bulk_create(objs, batch_size=500)
    except IntegrityError:
        raise DomainError(
            ErrorCode.CONFLICT, "A concurrent batch sent the same events; retry."
        ) from None
    return [(o.pk, o.camera_id, o.type, o.time, o.data) for o in objs]


def usage_rematch(cloud: Cloud, *, camera: Camera | None = None) -> int:
    """Attach unmatched events of ``cloud`` (or only those for ``camera``) to the
    camera whose code is their subject, and count them in the rollups. Returns
    how many were matched. Safe to run any time (a job runs it periodically)."""
    meters = rollups.meters_by_type()
    matched = 0
    with transaction.atomic():
        qs = Camera.objects.filter(cloud=cloud)
        if camera is not None:
            qs = qs.filter(pk=camera.pk)
        pending = UsageEvent.objects.filter(cloud=cloud, camera__isnull=True)
        subjects = set(pending.values_list("subject", flat=True).distinct())
        cams = dict(qs.filter(code__in=subjects).values_list("code", "pk"))
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
            rollups.apply(
                cloud.pk,
                rollups.samples_of(((pk, cam_id, t, tm, d) for pk, t, tm, d in rows), meters),
            )
            matched += len(rows)
    return matched


def usage_camera_appeared(camera: Camera) -> int:
    """For the camera services: call after creating (or renaming) a camera so
    events that arrived before it are counted."""
    return usage_rematch(camera.cloud, camera=camera)


# --- provider and cloud configuration ---------------------------------------


def _require_provider_admin(actor: Actor) -> None:
    if not (actor.is_system or actor.role == Role.PROVIDER_ADMIN):
        raise Forbidden("Only a provider admin may define meters and metered services.")


def _pricing(value: Any, field: str = "pricing") -> dict[str, Any]:
    try:
        return PricingModel.from_dict(value).to_dict()
    except ValueError as e:
        raise validation(field, str(e)) from None


@transaction.atomic
def meter_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    unit: str,
    event_type: str,
    aggregation: str,
    value_path: str = "",
    unit_divisor: Decimal | str | int = 1,
) -> Meter:
    """Define a meter (provider admin)."""
    from cambill.core.validation import to_decimal

    _require_provider_admin(actor)
    fields: dict[str, list[str]] = {}
    if (
        not isinstance(code, str)
        or not code
        or len(code) > 64
        or not code.replace("_", "").replace("-", "").isalnum()
    ):
        fields["code"] = ["Letters, digits, '-' and '_' only (at most 64)."]
    if aggregation not in Aggregation.values:
        fields["aggregation"] = [f"Use one of {', '.join(Aggregation.values)}."]
    if not isinstance(event_type, str) or not event_type.strip():
        fields["event_type"] = ["Required."]
    if not isinstance(value_path, str) or (
        any(not p for p in value_path.split(".")) and value_path
    ):
        fields["value_path"] = ["A dotted path such as bytes or stats.dvr.bytes."]
    if fields:
        raise DomainError(ErrorCode.VALIDATION, "Invalid meter.", fields)
    divisor = to_decimal(unit_divisor, "unit_divisor")
    if divisor <= 0:
        raise validation("unit_divisor", "Must be above zero.")
    if Meter.objects.filter(code=code).exists():
        raise DomainError(
            ErrorCode.DUPLICATE, f"Meter {code} exists.", {"code": ["Already exists."]}
        )
    meter = Meter.objects.create(
        code=code,
        name=name,
        unit=unit,
        event_type=event_type,
        value_path=value_path,
        aggregation=aggregation,
        unit_divisor=divisor,
        created_at=timezone.now(),
    )
    audit(actor=actor, verb="meter_create", obj=meter, after=snapshot(meter))
    return meter


@transaction.atomic
def metered_service_set(
    *, actor: Actor, service: Any, meter: Meter, pricing: dict[str, Any]
) -> MeteredService:
    """Make a provider service metered: priced per cloud from ``meter``."""
    _require_provider_admin(actor)
    ms, _ = MeteredService.objects.update_or_create(
        service=service, defaults={"meter": meter, "pricing": _pricing(pricing)}
    )
    audit(actor=actor, verb="metered_service_set", obj=ms, after=snapshot(ms))
    return ms


@transaction.atomic
def tariff_metered_charge_set(
    *,
    actor: Actor,
    cloud: Cloud,
    tariff: Any,
    meter: Meter,
    pricing: dict[str, Any],
    description: str,
) -> TariffMeteredCharge:
    """Add (or replace) a retail metered extra on a tariff the cloud sells."""
    if not (actor.is_system or actor.role == Role.PROVIDER_ADMIN) and not (
        actor.role == Role.CLOUD_ADMIN and actor.cloud_id == cloud.pk
    ):
        raise Forbidden("Only the cloud's admin or a provider admin may price metered extras.")
    if tariff.cloud_id not in (None, cloud.pk):
        raise validation("tariff", "Not a tariff of this cloud.")
    if not isinstance(description, str) or not description.strip():
        raise validation("description", "Required.")
    charge, _ = TariffMeteredCharge.objects.update_or_create(
        tariff=tariff,
        meter=meter,
        defaults={"cloud": cloud, "pricing": _pricing(pricing), "description": description},
    )
    audit(actor=actor, verb="tariff_metered_charge_set", obj=charge, after=snapshot(charge))
    return charge


def period_of(cloud: Cloud, key: str) -> Period:
    """The cloud's billing period ``YYYY-MM`` (a BadPeriod becomes ``bad_period``)."""
    from cambill.core.periods import BadPeriod

    try:
        return Period.parse(key, cloud.timezone)
    except BadPeriod as e:
        raise validation("period", str(e), ErrorCode.BAD_PERIOD) from None
