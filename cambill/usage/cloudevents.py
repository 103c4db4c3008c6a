"""What a valid usage event is: a structured CloudEvent 1.0 for a known meter, every
reading countable. The one rule of ingestion (``services.events_ingest``) and of a
meter's live check (``metering``); it reads and writes nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cambill.core.jsonin import BadJSON, bad_text
from cambill.core.jsonin import check as check_json

from .models import Aggregation, Meter
from .readings import extract, value_problem

_TEXT_MAX = 255
# An event's ``data`` nests at most this deep (meters read a few levels).
MAX_DATA_DEPTH = 32


# Event times are accepted in these years (checked on the local time AND the
# UTC time: converting year 1 at +14:00 to UTC would overflow).
_YEARS = (1900, 2999)


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str) or not 20 <= len(value) <= 64 or value[10] not in "Tt ":
        return None
    try:
        t = datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return None
    if t.tzinfo is None or t.utcoffset() is None:
        return None
    return t


def _check_text(event: dict[str, Any], key: str) -> str | None:
    value = event.get(key)
    if not isinstance(value, str) or not value.strip():
        return f"'{key}' is required (a non-empty string)"
    if len(value) > _TEXT_MAX:
        return f"'{key}' must be at most {_TEXT_MAX} characters"
    if bad_text(value):
        return f"'{key}' contains NUL characters or unpaired surrogates"
    return None


def validate_event(event: Any, meters: dict[str, list[Meter]]) -> tuple[str | None, Any]:
    """``(reason, parsed)``: reason None when the event is a valid structured
    CloudEvent 1.0 for a known meter; parsed is ``(source, id, type, subject, time, data)``.
    Every reading must pass :func:`cambill.usage.readings.value_problem`
    (finite, at most 1e18 in absolute value, not negative unless the meter
    allows it)."""
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
    local = _parse_time(event.get("time"))
    if local is None:
        return "'time' must be an RFC 3339 time with an offset, e.g. 2026-03-16T12:00:00Z", None
    # The range is checked before the conversion to UTC, which overflows at
    # the ends of the calendar (0001-01-01T00:00:00+14:00).
    if not _YEARS[0] <= local.year <= _YEARS[1]:
        return "'time' must be between the years 1900 and 2999", None
    t = local.astimezone(UTC)
    if not _YEARS[0] <= t.year <= _YEARS[1]:
        return "'time' must be between the years 1900 and 2999", None
    ctype = event.get("datacontenttype")
    if ctype is not None and not (isinstance(ctype, str) and "json" in ctype):
        return "'datacontenttype' must be a JSON media type", None
    data = event.get("data", {})
    if not isinstance(data, dict):
        return "'data' must be a JSON object", None
    try:
        check_json(data, MAX_DATA_DEPTH)
    except BadJSON as e:
        return f"'data': {e}", None
    for m in type_meters:
        raw = extract(data, m.value_path)
        if raw is None and m.aggregation != Aggregation.UNIQUE_COUNT:
            return f"data.{m.value_path} must be a number (meter {m.code})", None
        _value, reason = value_problem(raw, m)
        if reason:
            return reason, None
    return None, (event["source"], event["id"], typ, event["subject"], t, data)
