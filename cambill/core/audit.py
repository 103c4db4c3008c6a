"""Writing audit rows. Verbs call ``audit()`` inside their own transaction, with
their own ``now``, so the row carries the instant the verb acted at."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import models

from . import clock
from .models import AuditEntry


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` for the before/after columns."""
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if fields is not None and f.name not in fields:
            continue
        out[f.attname] = _jsonable(getattr(obj, f.attname))
    return out


def audit(
    *,
    actor: Any,
    verb: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    cloud_id: int | None = None,
    now: dt.datetime | None = None,
) -> AuditEntry:
    """One audit row, stamped with the verb's ``now`` (the clock's for a caller
    that has none)."""
    user = getattr(actor, "user", actor)
    user_pk = getattr(user, "pk", None)
    if cloud_id is None:
        cloud_id = (
            obj.pk if obj._meta.label_lower == "clouds.cloud" else getattr(obj, "cloud_id", None)
        )
    return AuditEntry.objects.create(
        at=clock.given(now),
        actor_id=user_pk,
        actor_repr=str(getattr(user, "username", None) or "system")[:150],
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        cloud_id=cloud_id,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
    )


def audit_many(
    *,
    actor: Any,
    verb: str,
    entries: list[dict[str, Any]],
    cloud_id: int | None = None,
    now: dt.datetime | None = None,
) -> int:
    """One audit row per entry (``obj``, optional ``repr``, ``before``, ``after``),
    written in one statement: a bulk verb (issuing a thousand drafts) leaves the
    same trail per object as the single verb would."""
    if not entries:
        return 0
    user = getattr(actor, "user", actor)
    at = clock.given(now)
    actor_id = getattr(user, "pk", None)
    actor_repr = str(getattr(user, "username", None) or "system")[:150]
    rows = []
    for e in entries:
        obj = e["obj"]
        rows.append(
            AuditEntry(
                at=at,
                actor_id=actor_id,
                actor_repr=actor_repr,
                verb=verb,
                object_type=obj._meta.label_lower,
                object_id=str(obj.pk),
                object_repr=str(e.get("repr") or obj)[:200],
                cloud_id=cloud_id if cloud_id is not None else getattr(obj, "cloud_id", None),
                before=_jsonable(e["before"]) if e.get("before") is not None else None,
                after=_jsonable(e["after"]) if e.get("after") is not None else None,
            )
        )
    AuditEntry.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
